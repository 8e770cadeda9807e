"""One log line per request, with an id a teacher can quote from an error page.

Each request gets an id: the one a trusted front proxy sent in ``X-Request-ID`` when it
is a short token of safe characters, else a new one. It is echoed in the response's
``X-Request-ID`` header and on the 500 and 503 pages, so "it broke, reference 3f9a2c71e0b4"
leads an operator to the very line. The line holds the time, the id, the method, the
route's name (never the path: a class code can be part of it, ``/join/<code>``), the
status, the duration and the school's id, and nothing else: never a name, a code, a
help text or a query string. ``WASPADA_LOG_FORMAT=json`` (the default) writes it as one
JSON object for a log shipper; ``text`` as a readable line for ``make run``.

It is cheap on purpose (cheaper than gunicorn's access log, which this replaces): one
small dict, one ``json.dumps``, one logger call, in the last after_request hook. The
same hook feeds the request metrics (``app.web.metrics``).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import inspect

from app.web import metrics

LOGGER_NAME = "waspada.requests"
HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (gunicorn, a test runner may swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def _request_logger() -> logging.Logger:
    logger = logging.getLogger(LOGGER_NAME)
    if not logger.handlers:
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # one line, once: not again through the root logger
    return logger


class _RequestIdFilter(logging.Filter):
    """Stamps the app's own messages with the request's id, at the moment they are logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.__dict__["request_id"] = request_id()  # read by JsonFormatter, like any LogRecord extra
        return True


_REQUEST_ID_FILTER = _RequestIdFilter()


class JsonFormatter(logging.Formatter):
    """The app's own messages (warnings, errors) as JSON lines too, with the request's id."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": _timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = record.__dict__.get("request_id")
        if rid:
            entry["request_id"] = rid
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def request_id() -> str:
    """This request's id (made on first use)."""
    rid = g.get("request_id")
    if rid is None:
        offered = request.headers.get(HEADER, "")
        rid = offered if _SAFE_ID.fullmatch(offered) else secrets.token_hex(6)
        g.request_id = rid
    return rid


def _school_id() -> int | None:
    """The signed-in visitor's school, if the request already loaded them: never a query of its own
    (after a failed commit even reading an attribute could ask the database again)."""
    principal = g.get("_login_user")
    if principal is None or not getattr(principal, "is_authenticated", False):
        return None
    loaded = inspect(principal).dict
    if "school_id" in loaded:
        return loaded["school_id"]
    classroom = loaded.get("classroom")  # a student: the class (and its school id) came with them
    return inspect(classroom).dict.get("school_id") if classroom is not None else None


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _finish(response):
    started = g.get("request_started")
    seconds = time.perf_counter() - started if started is not None else 0.0
    response.headers[HEADER] = request_id()
    endpoint = request.endpoint
    metrics.count_request(endpoint, request.method, response.status_code, seconds)
    try:
        school = _school_id()
    except Exception:  # noqa: BLE001 - a log line must never turn a response into an error
        school = None
    if current_app.config.get("LOG_FORMAT") == "text":
        line = (
            f"{time.strftime('%H:%M:%S')} {request.method} {endpoint or '-'} {response.status_code} "
            f"{seconds * 1000:.1f} ms school={school if school is not None else '-'} id={request_id()}"
        )
    else:
        line = json.dumps(
            {
                "time": _timestamp(time.time()),
                "request_id": request_id(),
                "method": request.method,
                "route": endpoint,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 2),
                "school_id": school,
            }
        )
    _request_logger().info(line)
    return response


def register(app: Flask) -> None:
    # First before every other hook (the access gate may answer at once), last after them
    # (after_request hooks run in reverse order), so the line shows the status sent.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)
    app.add_template_global(request_id, "request_id")
    app.logger.addFilter(_REQUEST_ID_FILTER)  # the same object every time: added once
    if app.config.get("LOG_FORMAT") == "text":
        default_handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s"))
    else:
        default_handler.setFormatter(JsonFormatter())
