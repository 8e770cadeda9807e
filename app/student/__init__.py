"""The student's pages: the dashboard of assigned modules, questions, results and help."""
from flask import Blueprint

bp = Blueprint("student", __name__, url_prefix="/s")

from app.student import routes  # noqa: E402,F401
