"""Error pages in the visitor's language: never a stack trace.

A database that cannot be reached answers 503 (the student's answer is reported as
not saved). A refused CSRF token can be recovered by the endpoint that owns the
form (``recovers_from_csrf``), so a student's answer comes back still selected.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress

from flask import Flask, g, jsonify, render_template, request
from flask_babel import get_locale
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db, login
from app.web.request_log import request_id

# endpoint -> a function that renders the form again, given the CSRFError
CSRF_RECOVERY: dict[str, Callable] = {}


def recovers_from_csrf(endpoint: str):
    def decorate(handler: Callable) -> Callable:
        CSRF_RECOVERY[endpoint] = handler
        return handler

    return decorate


def _wants_json() -> bool:
    # The probes answer JSON even when they fail; /metrics is left out: to a stranger it is any unknown page.
    return request.path.startswith(("/healthz", "/livez", "/readyz"))


def _discard_session() -> None:
    """Roll back the request's database session without ever raising.

    On a connection the database has already closed, ROLLBACK itself fails: that must
    not turn a friendly page into the server's bare "Internal Server Error". The broken
    connection is invalidated, so the pool hands out a live one next time."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - any driver error: the connection is gone
        with suppress(Exception):
            db.session.invalidate()
        with suppress(Exception):
            db.session.remove()


def _safe_teardown(_exception: BaseException | None) -> None:
    """Flask-SQLAlchemy's end-of-request cleanup, made safe for a dead connection (see above)."""
    try:
        db.session.remove()
    except Exception:  # noqa: BLE001 - the response is already made; only the connection is lost
        from flask import current_app

        current_app.logger.warning("database connection lost at the end of a request")
        with suppress(Exception):
            db.session.invalidate()
        with suppress(Exception):
            db.session.registry.clear()


def render_error(status: int, headers: dict | None = None):
    _discard_session()
    if _wants_json():
        return jsonify(status=status), status
    try:
        return render_template("errors/error.html", status=status), status, headers or {}
    except Exception:  # the template itself needed the database; answer in plain text
        return f"Error {status} (reference {request_id()})", status, headers or {}


def _forget_the_visitor() -> None:
    """Without the database a signed-in visitor cannot be looked up again: the error page
    would try, fail outside the handler and end as a bare 500. Their language is settled
    first, from what is already loaded (Flask-Babel keeps it for the request); then the
    page is shown as to a stranger. The session cookie is left as it is."""
    with suppress(Exception):  # then the language comes from the browser, as for a stranger
        get_locale()
    g._login_user = login.anonymous_user()


def register(app: Flask) -> None:
    # Replace Flask-SQLAlchemy's teardown with the one that cannot raise.
    funcs = app.teardown_appcontext_funcs
    app.teardown_appcontext_funcs[:] = [f for f in funcs if getattr(f, "__name__", "") != "_teardown_session"]
    app.teardown_appcontext(_safe_teardown)

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        recover = CSRF_RECOVERY.get(request.endpoint or "")
        if recover is not None:
            return recover(error)
        return render_template("errors/error.html", status=400, csrf=True), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in (301, 302, 303, 307, 308):
            return error
        status = error.code if error.code in (400, 403, 404, 405, 413, 429, 503) else 400
        # Keep what the error says to clients: Allow on a 405, Retry-After on a 429.
        kept = {name: value for name, value in error.get_headers() if name in ("Allow", "Retry-After")}
        return render_error(status, kept)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        app.logger.warning("database unavailable: %s", error.__class__.__name__)
        _forget_the_visitor()
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return render_error(500)
