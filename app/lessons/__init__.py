"""Discussion lessons: the teacher leads a module on the projector while phones answer anonymously.

routes        the teacher's side: start, the projector view and its live part, next/back,
              reveal, end, and a lesson's totals for the class report
phone_routes  the phones' side: open a lesson by its code, answer the question showing
"""

from app.lessons import phone_routes, routes  # noqa: F401 - each adds its views to bp
from app.lessons.blueprint import bp

__all__ = ["bp"]
