"""What an operator watches: the schema's migration and the queues that must not stand still.

Read-only counts for ``/readyz`` and ``/metrics``, across every school and never per
person: how many help requests wait for a counsellor and since when, how many emails
wait to be sent or were given up. Nothing here names a student, a code or a text.
Each function takes a database connection of its own (not the request's session), so
a failing check never spoils the request that asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, inspect, select, text

from app.models import HelpRequest, HelpStatus, utcnow

try:  # the email queue arrives with the notifications; without it there is simply no queue to watch
    from app.models.notifications import Notification, NotificationStatus
except ImportError:  # pragma: no cover - only while the notifications are not part of the app
    Notification = NotificationStatus = None  # type: ignore[assignment,misc]


@dataclass(frozen=True)
class QueueState:
    """Help requests and emails waiting, as numbers an alert can be written against."""

    help_waiting: int
    help_oldest_waiting_seconds: float  # 0 when none waits
    emails_queued: int | None  # None: this version has no email queue
    emails_retrying: int | None
    emails_failed: int | None
    emails_oldest_queued_seconds: float | None


def applied_revisions(connection: Connection) -> set[str] | None:
    """The migration revisions the database says it is at; None when no migration was ever applied."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def _age_seconds(oldest: datetime | None, now: datetime) -> float:
    return max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0


def queue_state(connection: Connection) -> QueueState:
    now = utcnow()
    waiting, oldest = connection.execute(
        select(func.count(), func.min(HelpRequest.created_at)).where(HelpRequest.status == HelpStatus.NEW)
    ).one()
    queued = retrying = failed = None
    oldest_queued: float | None = None
    if Notification is not None:
        pending = Notification.status.in_([NotificationStatus.QUEUED, NotificationStatus.SENDING])
        queued, retrying, failed, first = connection.execute(
            select(
                func.count().filter(pending),
                func.count().filter(pending, Notification.attempts > 0),
                func.count().filter(Notification.status == NotificationStatus.FAILED),
                func.min(Notification.created_at).filter(pending),
            )
        ).one()
        oldest_queued = _age_seconds(first, now)
    return QueueState(
        help_waiting=waiting,
        help_oldest_waiting_seconds=_age_seconds(oldest, now),
        emails_queued=queued,
        emails_retrying=retrying,
        emails_failed=failed,
        emails_oldest_queued_seconds=oldest_queued,
    )
