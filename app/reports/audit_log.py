"""The school's audit trail, newest first, a page at a time, with each actor's name.

Admins read it to see who read a student's results or a help request, and every
change made to accounts, classes and settings. One query per page: it asks for one
row more than a page holds to know whether there is a next page.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User

PER_PAGE = 50
# Far past any school's trail, and far below what an OFFSET can hold (a page number
# from the URL may have 20 digits: the driver would fail on it).
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class AuditRow:
    id: int
    created_at: datetime
    actor_name: str | None  # None: the account was deleted, or a command-line task
    action: str
    target_type: str
    target_id: int | None
    details: dict


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def audit_page(school_id: int, page: int = 1, per_page: int = PER_PAGE) -> AuditPage:
    page = min(max(1, page), MAX_PAGE)
    rows = db.session.execute(
        select(AuditEvent.id, AuditEvent.created_at, User.display_name, AuditEvent.action, AuditEvent.target_type,
               AuditEvent.target_id, AuditEvent.details)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.school_id == school_id)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .limit(per_page + 1).offset((page - 1) * per_page)
    ).all()
    return AuditPage(rows=[AuditRow(*row[:6], details=row[6] or {}) for row in rows[:per_page]], page=page,
                     has_next=len(rows) > per_page)
