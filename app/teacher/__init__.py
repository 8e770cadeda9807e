"""The teacher's pages: classes, rosters, login cards, assignments and class reports."""
from flask import Blueprint

bp = Blueprint("teacher", __name__, url_prefix="/teacher")

from app.teacher import routes  # noqa: E402,F401
