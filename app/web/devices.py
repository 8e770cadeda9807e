"""A device cookie: proof that this browser signed in to a staff account before.

OWASP's answer to account lockout abuse: anyone can type five wrong passwords for
``admin`` and lock it, but the real admin's own browser, which signed in before,
carries a signed cookie naming the account and is let through the account's lockout
(its own failures are counted instead). The cookie holds only the account id, signed
with the app's key; it is not a session and signs nobody in.
"""

from __future__ import annotations

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "waspada_device"
MAX_AGE = 180 * 24 * 3600  # half a year


def _serializer() -> URLSafeTimedSerializer:
    keys = [*(current_app.config.get("SECRET_KEY_FALLBACKS") or []), current_app.config["SECRET_KEY"]]
    return URLSafeTimedSerializer(keys, salt="waspada-device")


def trusted_device() -> int | None:
    """The account id this browser signed in to before, if its device cookie is genuine."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        value = _serializer().loads(token, max_age=MAX_AGE)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None


def remember_device(response: Response, user_id: int) -> Response:
    response.set_cookie(
        COOKIE,
        _serializer().dumps(user_id),
        max_age=MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("HTTPS")),
        path="/login",
    )
    return response
