"""The counsellor blueprint: its views are in the route modules that import it."""

from flask import Blueprint

bp = Blueprint("counsellor", __name__, url_prefix="/counsellor")
