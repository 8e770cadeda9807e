"""The admin blueprint: its views are in the route modules that import it."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
