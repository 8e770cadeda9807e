"""The main blueprint: its views are in the route modules that import it."""

from flask import Blueprint

bp = Blueprint("main", __name__)
