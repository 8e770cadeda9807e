"""One log line per request, with an id a teacher can quote from an error page.

Each request gets an id: the one a trusted front proxy sent in ``X-Request-ID`` when it
is a short token of safe characters, else a new one. It is echoed in the response's
``X-Request-ID`` header and on the 500 and 503 pages, so "it broke, reference 3f9a2c71e0b4"
leads an operator to the very line. The line holds the time, the id, the method, the
route's name (never the path: a class code can be part of it, ``/join/<code>``), the
status, the duration and the school's id, and nothing else: never a name, a code, a
help text or a query string. ``WASPADA_LOG_FORMAT=json`` (the default) writes it as one
JSON object for a log shipper; ``text`` as a readable line for ``make run``.

It is cheap on purpose, cheaper than gunicorn's access log, which it replaces: one
after_request hook (the last one) makes the line from values the request already holds
and writes it in one call; the time of day is formatted once a second. The same hook
feeds the request metrics (``app.web.metrics``). The app's own messages (warnings,
errors) go through ``logging`` as before, as JSON lines too, with the request's id.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import threading
import time

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler
from sqlalchemy import inspect

from app.signed_in import SignedInStudent
from app.web import metrics

HEADER = "X-Request-ID"
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{7,63}")
_WRITE_LOCK = threading.Lock()


def _write_line(line: str) -> None:
    """One line on the current standard error (gunicorn's, or a test runner's), in one write.

    Not through ``logging``: a logger call costs several times the rest of this hook
    (a record, a handler lock, a formatter), and the line is already made. Under gunicorn
    the lines of every worker meet in one pipe; a line is one write of well under 4 KiB,
    so lines never mix."""
    with _WRITE_LOCK:
        sys.stderr.write(line + "\n")


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


_second: tuple[int, str] = (0, "")


def _timestamp(seconds: float) -> str:
    """UTC, ISO 8601 with milliseconds; the date and time formatted once a second, not once a request."""
    global _second
    whole, cached = int(seconds), _second  # one read: another thread may replace it meanwhile
    if cached[0] != whole:
        cached = _second = (whole, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)))
    return f"{cached[1]}.{int((seconds - whole) * 1000):03d}Z"


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
    if isinstance(principal, SignedInStudent):  # a student: read-only, loaded with class and school
        return principal.school_id
    loaded = inspect(principal).dict
    if "school_id" in loaded:
        return loaded["school_id"]
    classroom = loaded.get("classroom")  # a student: the class (and its school id) came with them
    return inspect(classroom).dict.get("school_id") if classroom is not None else None


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id()


def _request_line(text_format: bool):
    """The after_request hook that runs last: the header, the metrics, the line, in the app's format."""

    def finish(response):
        started = g.get("request_started")
        seconds = time.perf_counter() - started if started is not None else 0.0
        current = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not several
        rid = request_id()
        response.headers[HEADER] = rid
        endpoint, status = current.endpoint, response.status_code
        method = current.method if current.method in metrics.METHODS else "other"
        metrics.count_request(endpoint, method, status, seconds)
        try:
            school = _school_id()
        except Exception:  # noqa: BLE001 - a log line must never turn a response into an error
            school = None
        if text_format:
            school_text = "-" if school is None else school
            _write_line(
                f"{time.strftime('%H:%M:%S')} {method} {endpoint or '-'} {status} {seconds * 1000:.1f} ms "
                f"school={school_text} id={rid}"
            )
            return response
        # Every value is a number, null, or a token of safe characters (a route name, a checked
        # request id, a known method), so the JSON is written directly: a third of json.dumps's cost.
        route = "null" if endpoint is None else f'"{endpoint}"'
        school_json = "null" if school is None else int(school)
        _write_line(
            f'{{"time":"{_timestamp(time.time())}","request_id":"{rid}","method":"{method}","route":{route},'
            f'"status":{status},"duration_ms":{seconds * 1000:.2f},"school_id":{school_json}}}'
        )
        return response

    return finish


def register(app: Flask) -> None:
    # First before every other hook (the access gate may answer at once), last after them
    # (after_request hooks run in reverse order), so the line shows the status sent.
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request_funcs.setdefault(None, []).insert(0, _request_line(app.config.get("LOG_FORMAT") == "text"))
    app.add_template_global(request_id, "request_id")
    app.logger.addFilter(_REQUEST_ID_FILTER)  # the same object every time: added once
    if app.config.get("LOG_FORMAT") == "text":
        default_handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s in %(module)s: %(message)s"))
    else:
        default_handler.setFormatter(JsonFormatter())
