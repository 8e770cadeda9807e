"""Values a page hands to the browser and must get back unchanged: signed with the app's key.

A preview page (the names read from a class list, waiting for the teacher's "add")
carries what the confirm button will create in a hidden field, so that the uploaded
file is never stored and the database holds nothing until the teacher confirms. The
signature (the app's key, a purpose, a time) means the list cannot be changed or
reused for another purpose on the way back, and goes stale after ``max_age``.
It is signed, not encrypted: it carries only what the page itself shows.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    keys = [*(current_app.config.get("SECRET_KEY_FALLBACKS") or []), current_app.config["SECRET_KEY"]]
    return URLSafeTimedSerializer(keys, salt=f"waspada-{purpose}")


def sign(value, purpose: str) -> str:
    return _serializer(purpose).dumps(value)


def unsign(token: str, purpose: str, max_age: int):
    """The value, or None when the token was changed, is for another purpose, or is older than ``max_age`` seconds."""
    try:
        return _serializer(purpose).loads(token or "", max_age=max_age)
    except BadSignature:  # SignatureExpired is one too
        return None
