"""Error pages in the visitor's language: never a stack trace.

A database that cannot be reached answers 503 (the student's answer is reported as
not saved). A refused CSRF token can be recovered by the endpoint that owns the
form (``recovers_from_csrf``), so a student's answer comes back still selected.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from app.extensions import db

# endpoint -> a function that renders the form again, given the CSRFError
CSRF_RECOVERY: dict[str, Callable] = {}


def recovers_from_csrf(endpoint: str):
    def decorate(handler: Callable) -> Callable:
        CSRF_RECOVERY[endpoint] = handler
        return handler

    return decorate


def _wants_json() -> bool:
    return request.path.startswith("/healthz")


def render_error(status: int):
    db.session.rollback()
    if _wants_json():
        return jsonify(status=status), status
    try:
        return render_template("errors/error.html", status=status), status
    except Exception:  # the template itself needed the database; answer in plain text
        return f"Error {status}", status


def register(app: Flask) -> None:
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
        return render_error(status)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DBAPIError)
    def database_unavailable(error):
        app.logger.warning("database unavailable: %s", error.__class__.__name__)
        return render_error(503)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return render_error(500)
