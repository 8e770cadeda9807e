"""The teacher's pages: classes, rosters, login cards, assignments and class reports."""

from app.teacher import (  # noqa: F401 - each adds its views to bp
    assignment_routes,
    class_routes,
    report_routes,
    roster_routes,
    routes,
)
from app.teacher.blueprint import bp

__all__ = ["bp"]
