"""Pages for everyone: the front door, the language switch, the health check."""
from app.main import routes  # noqa: F401 - each adds its views to bp
from app.main.blueprint import bp

__all__ = ["bp"]
