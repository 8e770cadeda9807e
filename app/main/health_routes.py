"""Probes and metrics for the people who run the server (see app.web.health and app.web.metrics).

``/livez``: the process answers. ``/readyz``: it can serve (database, migrations, banks);
503 otherwise. Strangers learn "ok" or "unavailable"; the operator's network also gets
the version, the banks' fingerprint and what is wrong. ``/metrics`` answers only there
(404 elsewhere: its existence is not confirmed).
"""

from flask import Response, abort, jsonify

from app.main.blueprint import bp
from app.security import public
from app.web import health, metrics

NO_STORE = {"Cache-Control": "no-store"}


@bp.get("/livez")
@public
def livez():
    return jsonify(status="ok"), 200, NO_STORE


@bp.get("/readyz")
@public
def readyz():
    readiness = health.check_readiness()
    status = 200 if readiness.ready else 503
    body: dict = {"status": "ok" if readiness.ready else "unavailable"}
    if health.from_operator_network():
        body.update(
            version=health.version(), content_hash=readiness.content_hash, checks=readiness.checks, reason=readiness.reason
        )
    return jsonify(body), status, NO_STORE


@bp.get("/metrics")
@public
def metrics_page():
    if not health.from_operator_network():
        abort(404)
    body, content_type = metrics.exposition(health.version(), health.content_fingerprint(), health.queues())
    return Response(body, content_type=content_type, headers=NO_STORE)
