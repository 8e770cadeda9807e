"""The counsellor's (guru BK) pages: the school overview, key-item follow-up, opt-outs and help requests."""
from flask import Blueprint

bp = Blueprint("counsellor", __name__, url_prefix="/counsellor")

from app.counsellor import routes  # noqa: E402,F401
