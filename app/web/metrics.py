"""Prometheus metrics: how busy the app is and whether anything is piling up, for operators only.

Counted as it happens, in every app process: requests by endpoint, method and status,
their latency, answers saved (counted when their transaction commits, whichever page
saved them) and errors raised by the database driver. Read from the database at the
moment of a scrape: help requests waiting for a counsellor, emails waiting or given
up. Labels are route names and status codes, never a path, so a code in a URL never
reaches a metric and no visitor can invent new series.

Under gunicorn every worker counts on its own; with ``PROMETHEUS_MULTIPROC_DIR`` set
(``deploy/gunicorn.conf.py`` does it) prometheus-client keeps the counts in files there
and a scrape of any worker adds up all of them. Without it (``flask run``, tests) the
counts live in this process.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.reports.operations import QueueState
from app.services.progress import SAVED_ANSWERS

disable_created_metrics()  # no *_created series: half the text of a scrape, nothing an alert needs

# From a cached bare page (under 1 ms) to an answer under load (tens of ms) to a report.
LATENCY_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
METHODS = frozenset({"GET", "POST", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})

# registry=None: registered in each scrape's registry (see exposition), never in a global one,
# so tests that make many apps never register a name twice.
REQUESTS = Counter(
    "waspada_http_requests",
    "Requests answered, by route name, method and status.",
    ["endpoint", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "waspada_http_request_duration_seconds",
    "Time to make a response, by route name and method.",
    ["endpoint", "method"],
    buckets=LATENCY_BUCKETS,
    registry=None,
)
ANSWERS_SAVED = Counter("waspada_answers_saved", "Students' answers saved (committed).", registry=None)
DATABASE_ERRORS = Counter("waspada_database_errors", "Errors raised by the database driver, by kind.", ["kind"], registry=None)
_COUNTED = (REQUESTS, LATENCY, ANSWERS_SAVED, DATABASE_ERRORS)


# (endpoint, method, status) -> the two labelled series it feeds. Bounded: route names, known
# methods and status codes. Looked up here rather than through labels(), which validates each time.
_SERIES: dict[tuple[str | None, str, int], tuple] = {}


def count_request(endpoint: str | None, method: str, status: int, seconds: float) -> None:
    key = (endpoint, method if method in METHODS else "other", status)
    series = _SERIES.get(key)
    if series is None:
        name, verb = endpoint or "unmatched", key[1]
        series = _SERIES.setdefault(key, (REQUESTS.labels(name, verb, str(status)), LATENCY.labels(name, verb)))
    series[0].inc()
    series[1].observe(seconds)


def _count_committed_answers(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the answer is not saved until the real commit
        return
    saved = session.info.pop(SAVED_ANSWERS, 0)  # noted by progress.submit_answer
    if saved:
        ANSWERS_SAVED.inc(saved)


def _forget_rolled_back_answers(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(SAVED_ANSWERS, None)


def _count_database_error(context) -> None:
    if context.is_pre_ping:  # a stale pooled connection, replaced without the request noticing
        return
    error = context.sqlalchemy_exception
    DATABASE_ERRORS.labels(type(error).__name__ if error is not None else "other").inc()


_LISTENERS = (
    (Session, "after_commit", _count_committed_answers),
    (Session, "after_soft_rollback", _forget_rolled_back_answers),
    (Engine, "handle_error", _count_database_error),
)


def register(_app) -> None:
    """Listen to every session and engine of this process, once (tests make many apps)."""
    for target, name, listener in _LISTENERS:
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)


class _ScrapeTime:
    """Gauges read at the moment of a scrape: the release, the database, the queues."""

    def __init__(self, version: str, content_hash: str | None, queues: QueueState | None):
        self.version, self.content_hash, self.queues = version, content_hash, queues

    def collect(self):
        info = GaugeMetricFamily(
            "waspada_build_info", "The running release and the banks it serves.", labels=["version", "content_hash"]
        )
        info.add_metric([self.version, self.content_hash or ""], 1)
        yield info
        yield GaugeMetricFamily(
            "waspada_database_up", "1 when the database answered this scrape.", value=0 if self.queues is None else 1
        )
        if self.queues is None:
            return
        q = self.queues
        yield GaugeMetricFamily(
            "waspada_help_requests_waiting", "Help requests no counsellor has taken up yet.", value=q.help_waiting
        )
        yield GaugeMetricFamily(
            "waspada_help_requests_oldest_waiting_seconds",
            "Age of the oldest help request still waiting (0 when none waits).",
            value=q.help_oldest_waiting_seconds,
        )
        if q.emails_queued is None:
            return
        yield GaugeMetricFamily(
            "waspada_notifications_queued", "Emails waiting to be sent (or being sent).", value=q.emails_queued
        )
        yield GaugeMetricFamily(
            "waspada_notifications_retrying", "Emails waiting after a failed attempt.", value=q.emails_retrying or 0
        )
        yield GaugeMetricFamily(
            "waspada_notifications_failed", "Emails given up after too many failed attempts.", value=q.emails_failed or 0
        )
        yield GaugeMetricFamily(
            "waspada_notifications_oldest_queued_seconds",
            "Age of the oldest email still waiting (0 when none waits).",
            value=q.emails_oldest_queued_seconds or 0,
        )


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def exposition(version: str, content_hash: str | None, queues: QueueState | None) -> tuple[bytes, str]:
    """The text a scrape reads: this process's counts (or every worker's), then the scrape-time gauges."""
    registry = CollectorRegistry()
    folder = multiprocess_dir()
    if folder:
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry, path=folder)
    else:
        for collector in _COUNTED:
            registry.register(collector)
    registry.register(_ScrapeTime(version, content_hash, queues))
    return generate_latest(registry), CONTENT_TYPE_LATEST
