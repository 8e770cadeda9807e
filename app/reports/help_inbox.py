"""The counsellors' inbox of help requests: who asked and when, never the text.

The text is read by opening the request (``services.help_requests.open_request``),
which the audit trail records. Only counsellors of the school see this; the route
declares it and ``security`` enforces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Classroom, HelpRequest, HelpStatus, Student, User


@dataclass(frozen=True)
class InboxRow:
    id: int
    status: HelpStatus
    created_at: datetime
    updated_at: datetime
    student_name: str | None  # None when the student has been deleted since
    classroom_name: str | None
    from_deleted_student: bool
    first_read_at: datetime | None
    handled_by_name: str | None


def inbox(school_id: int, limit: int = 300) -> list[InboxRow]:
    """The school's requests, new first, then in progress, then handled; newest first within each."""
    handler = aliased(User)
    order = case((HelpRequest.status == HelpStatus.NEW, 0), (HelpRequest.status == HelpStatus.IN_PROGRESS, 1), else_=2)
    rows = db.session.execute(
        select(
            HelpRequest.id,
            HelpRequest.status,
            HelpRequest.created_at,
            HelpRequest.updated_at,
            Student.display_name,
            Classroom.name,
            HelpRequest.student_id.is_(None),
            HelpRequest.first_read_at,
            handler.display_name,
        )
        .outerjoin(Student, Student.id == HelpRequest.student_id)
        .outerjoin(Classroom, Classroom.id == HelpRequest.classroom_id)
        .outerjoin(handler, handler.id == HelpRequest.handled_by_id)
        .where(HelpRequest.school_id == school_id)
        .order_by(order, HelpRequest.created_at.desc(), HelpRequest.id.desc())
        .limit(limit)
    )
    return [InboxRow(*row) for row in rows]


def count_new(school_id: int) -> int:
    """How many requests of the school nobody has taken up yet (the counsellor's badge)."""
    return db.session.execute(
        select(func.count())
        .select_from(HelpRequest)
        .where(HelpRequest.school_id == school_id, HelpRequest.status == HelpStatus.NEW)
    ).scalar_one()
