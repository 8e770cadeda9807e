"""Signing in and out: staff with a password, students with the codes of their card."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import routes  # noqa: E402,F401
