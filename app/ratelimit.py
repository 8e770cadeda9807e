"""Rate limits that fit a school, on the ``limits`` library.

A whole class shares one public address behind the school's router, so the limits
that matter are per class, per account and per code, with only a generous ceiling
per address. Counters live where every app process sees them: in the database by
default (``SQLStorage``, a storage backend for ``limits``), in Redis when
``REDIS_URL`` is set.
"""

from __future__ import annotations

import math
import secrets
import time
from datetime import timedelta

from flask import current_app
from limits import RateLimitItem, parse
from limits.storage import RedisStorage, Storage
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import case, delete, select
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db
from app.models import RateLimitCounter, utcnow

# The limits of the app, in one place. Only failures are counted: a right pair of codes
# or a right password always gets in, so one guesser never locks out a school that
# shares its address (see services/signin.py).
JOIN_FAILURES_PER_BROWSER = parse("10 per 5 minutes")  # wrong codes from one browser session
JOIN_FAILURES_PER_CLASS = parse("30 per 5 minutes")  # wrong personal codes for one class
JOIN_FAILURES_PER_ADDRESS = parse("300 per 5 minutes")  # wrong codes from one address: a whole school's typos
LOGIN_FAILURES_PER_ACCOUNT = parse("5 per 15 minutes")
LOGIN_FAILURES_PER_DEVICE = parse("10 per 15 minutes")  # a browser that signed in to the account before
LOGIN_FAILURES_PER_ADDRESS = parse("100 per 15 minutes")
HELP_REQUESTS_PER_STUDENT = parse("5 per 1 hour")
LESSON_ANSWERS_PER_ADDRESS = parse("240 per 1 minute")  # a class of 40 phones answering, with room to spare


PURGE_ONE_IN = 200  # an increment in this many also deletes the expired counters


class SQLStorage(Storage):
    """Fixed-window counters in the app's own database, shared by every process.

    Each counter is one row, incremented by a single upsert in its own short
    transaction, so a counter is right even when several processes hit it at once.
    """

    STORAGE_SCHEME = ["waspada+sql"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = utcnow()
        table = RateLimitCounter.__table__
        expires = now + timedelta(seconds=expiry)
        engine = db.engine
        if engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(table).values(key=key, count=amount, expires_at=expires)
        expired = table.c.expires_at <= now
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "count": case((expired, amount), else_=table.c.count + amount),
                "expires_at": case((expired, expires), else_=table.c.expires_at),
            },
        ).returning(table.c.count)
        with engine.begin() as connection:
            count = int(connection.execute(statement).scalar_one())
        if secrets.randbelow(PURGE_ONE_IN) == 0:  # now and then, the expired rows go: the table stays small
            self.purge_expired()
        return count

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            row = connection.execute(
                select(RateLimitCounter.count, RateLimitCounter.expires_at).where(RateLimitCounter.key == key)
            ).first()
        if row is None or row.expires_at <= utcnow():
            return 0
        return int(row.count)

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            expires_at = connection.execute(select(RateLimitCounter.expires_at).where(RateLimitCounter.key == key)).scalar()
        if expires_at is None:
            return time.time()
        return time.time() + max(0.0, (expires_at - utcnow()).total_seconds())

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(select(1))
            return True
        except SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter)).rowcount

    def purge_expired(self) -> int:
        """Delete the counters whose window has ended (``flask data purge``, and now and then on use)."""
        with db.engine.begin() as connection:
            return connection.execute(delete(RateLimitCounter).where(RateLimitCounter.expires_at <= utcnow())).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(delete(RateLimitCounter).where(RateLimitCounter.key == key))


def _limiter() -> FixedWindowRateLimiter:
    limiter = current_app.extensions.get("waspada.limiter")
    if limiter is None:
        redis_url = current_app.config.get("REDIS_URL")
        storage = RedisStorage(redis_url) if redis_url else SQLStorage()
        limiter = FixedWindowRateLimiter(storage)
        current_app.extensions["waspada.limiter"] = limiter
    return limiter


def seconds_until_allowed(item: RateLimitItem, *keys: str) -> int:
    """0 when one more hit is allowed; else how long to wait, in whole seconds."""
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return 0
    limiter = _limiter()
    if limiter.test(item, *keys):
        return 0
    reset_at = limiter.get_window_stats(item, *keys).reset_time
    return max(1, math.ceil(reset_at - time.time()))


def purge_expired() -> int:
    """Delete expired counters kept in the database (Redis expires its own)."""
    storage = _limiter().storage
    return storage.purge_expired() if isinstance(storage, SQLStorage) else 0


def hit(item: RateLimitItem, *keys: str) -> None:
    """Count one event against ``item`` for ``keys``."""
    if current_app.config.get("RATELIMIT_ENABLED", True):
        _limiter().hit(item, *keys)
