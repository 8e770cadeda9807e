"""Pages for everyone: the front door, the language switch, the quick exit; probes and metrics for operators."""

from app.main import health_routes, routes  # noqa: F401 - each adds its views to bp
from app.main.blueprint import bp

__all__ = ["bp"]
