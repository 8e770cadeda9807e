"""Emails waiting to be sent: one row per recipient and reason, worked off by `flask notify run`.

A help request must reach a person, but a student's request must never wait on a mail
server: submitting one only adds rows here, in the request's own transaction, and a
separate process (`flask notify run`, every minute) sends them, retrying with back-off.
The rows survive a restart because they are the queue.

A row keeps a copy of the address it goes to (the account may change or go), and never
anything of the request itself: the email is written at sending time from the kind, the
school and the app's address. ``claim_token`` and ``claimed_at`` belong to the process
sending the row right now (see ``app.services.notifications`` for how two processes
never take the same row).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import str_enum, utcnow


class NotificationKind(enum.StrEnum):
    NEW_REQUEST = "new_request"  # to each counsellor of the school, at once
    ESCALATION = "escalation"  # to each admin, when no counsellor opened a request in time


class NotificationStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for its next attempt
    SENDING = "sending"  # claimed by a `notify run` process
    SENT = "sent"
    FAILED = "failed"  # given up: too many attempts, or the server refused the address for good


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        # A person is told once of each thing: a second `notify run` cannot queue an escalation again.
        UniqueConstraint("help_request_id", "kind", "recipient_id"),
        Index("ix_notifications_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    help_request_id: Mapped[int] = mapped_column(ForeignKey("help_requests.id", ondelete="CASCADE"))
    kind: Mapped[NotificationKind] = mapped_column(str_enum(NotificationKind, 16))
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    address: Mapped[str] = mapped_column(String(254))
    status: Mapped[NotificationStatus] = mapped_column(str_enum(NotificationStatus, 16), default=NotificationStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
