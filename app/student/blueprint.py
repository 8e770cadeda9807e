"""The student blueprint: its views are in the route modules that import it."""

from flask import Blueprint

bp = Blueprint("student", __name__, url_prefix="/s")
