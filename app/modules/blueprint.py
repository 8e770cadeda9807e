"""The module library blueprint: its views are in the route modules that import it."""

from flask import Blueprint

bp = Blueprint("modules", __name__, url_prefix="/modules")
