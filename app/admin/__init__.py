"""The school admin's pages: staff accounts, classes, school settings, consent, audit and data care."""

from app.admin import audit_routes, class_routes, routes, settings_routes  # noqa: F401 - each adds its views to bp
from app.admin.blueprint import bp

__all__ = ["bp"]
