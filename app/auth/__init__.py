"""Signing in and out: staff with a password, students with the codes of their card."""

from app.auth import routes  # noqa: F401 - each adds its views to bp
from app.auth.blueprint import bp

__all__ = ["bp"]
