"""The module library for staff: every module, previewed as a student goes through it, and printed.

Teachers, counsellors and admins of any school may open any module, assigned or not
(quiz content is not school data): the library with its filters, a preview that
records nothing (``preview_routes``: the state lives in the signed session cookie),
the answer key and the lesson notes beside it, A4 pages to print (``print_routes``) and
the bank as a file for Moodle (``export_routes``).
"""

from app.modules import export_routes, library_routes, preview_routes, print_routes  # noqa: F401 - each adds its views to bp
from app.modules.blueprint import bp

__all__ = ["bp"]
