"""The teacher blueprint: its views are in the route modules that import it."""

from flask import Blueprint

bp = Blueprint("teacher", __name__, url_prefix="/teacher")
