"""The student's pages: the dashboard of assigned modules, questions, results and help."""

from app.student import alternative, help_pages, questions, routes  # noqa: F401 - each adds its views to bp
from app.student.blueprint import bp

__all__ = ["bp"]
