"""Pages for everyone: the front door, the language switch, the health check."""
from flask import Blueprint

bp = Blueprint("main", __name__)

from app.main import routes  # noqa: E402,F401 - routes attach themselves to bp
