"""Rate-limit counters live where every app process sees them: the database, or Redis."""

from __future__ import annotations

import socket
import uuid

import pytest

from app import ratelimit
from tests.conftest import make_test_app


def _redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def test_two_app_processes_share_database_counters(app):
    """Two app objects (as two processes would be) count against the same limit."""
    other = make_test_app()
    key = f"class-{uuid.uuid4().hex}"
    for _ in range(ratelimit.JOIN_FAILURES_PER_CLASS.amount // 2):
        with app.test_request_context():
            ratelimit.hit(ratelimit.JOIN_FAILURES_PER_CLASS, "join-class", key)
        with other.test_request_context():
            ratelimit.hit(ratelimit.JOIN_FAILURES_PER_CLASS, "join-class", key)
    with other.test_request_context():
        wait = ratelimit.seconds_until_allowed(ratelimit.JOIN_FAILURES_PER_CLASS, "join-class", key)
    assert 0 < wait <= 300


@pytest.mark.skipif(not _redis_is_up(), reason="no Redis at 127.0.0.1:6379")
def test_counters_go_to_redis_when_it_is_configured():
    first = make_test_app(REDIS_URL="redis://127.0.0.1:6379/15")
    second = make_test_app(REDIS_URL="redis://127.0.0.1:6379/15")
    key = f"account-{uuid.uuid4().hex}"
    for app in (first, second, first, second, first):
        with app.test_request_context():
            assert ratelimit.seconds_until_allowed(ratelimit.LOGIN_FAILURES_PER_ACCOUNT, "login", key) == 0
            ratelimit.hit(ratelimit.LOGIN_FAILURES_PER_ACCOUNT, "login", key)
    with second.test_request_context():
        assert ratelimit.seconds_until_allowed(ratelimit.LOGIN_FAILURES_PER_ACCOUNT, "login", key) > 0
        assert type(ratelimit._limiter().storage).__name__ == "RedisStorage"
