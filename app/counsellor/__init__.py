"""The counsellor's (guru BK) pages: the school overview, key-item follow-up, opt-outs and help requests."""

from app.counsellor import routes  # noqa: F401 - each adds its views to bp
from app.counsellor.blueprint import bp

__all__ = ["bp"]
