"""What the request log costs: Waspada's per-request line (with its metrics) against gunicorn's access log.

The app writes one line per request itself and gunicorn's access log is switched off
(``deploy/gunicorn.conf.py``), so the line must cost less than the log it replaces.
Both are timed here on the same request, written to /dev/null, best of five rounds:
``.venv/bin/python -m bench.request_log_cost``.
"""

from __future__ import annotations

import datetime
import os
import sys
import tempfile
import time

ROUNDS, CALLS = 5, 20_000


def best_microseconds(call) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        started = time.perf_counter()
        for _ in range(CALLS):
            call()
        best = min(best, (time.perf_counter() - started) / CALLS)
    return best * 1e6


def waspada_line() -> float:
    os.environ.setdefault("WASPADA_INSTANCE_DIR", tempfile.mkdtemp(prefix="waspada-bench-"))
    from app import create_app
    from config import TestingConfig

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = "sqlite://"
    app = create_app(config)
    last_hook = app.after_request_funcs[None][0]  # the request line runs last: it is first in the list
    real_stderr = sys.stderr
    with app.test_request_context("/livez"), open(os.devnull, "w") as devnull:
        app.preprocess_request()
        response = app.make_response(("ok", 200))
        sys.stderr = devnull
        try:
            return best_microseconds(lambda: last_hook(response))
        finally:
            sys.stderr = real_stderr


def gunicorn_access_line() -> float:
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("accesslog", os.devnull)
    logger = Logger(config)

    class Response:
        status, sent, response_length, headers = "200 OK", 2, 2, [("Content-Type", "application/json")]

    class Request:
        headers: list = []

    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": "/livez", "PATH_INFO": "/livez", "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_USER_AGENT": "bench", "HTTP_REFERER": "-",
    }  # fmt: skip
    took = datetime.timedelta(microseconds=500)
    return best_microseconds(lambda: logger.access(Response(), Request(), environ, took))


def main() -> None:
    ours, theirs = waspada_line(), gunicorn_access_line()
    print(f"Waspada's request line with its metrics: {ours:6.1f} µs per request")
    print(f"gunicorn's access log line:              {theirs:6.1f} µs per request")
    print(f"ratio: {ours / theirs:.2f}")


if __name__ == "__main__":
    main()
