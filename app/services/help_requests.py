"""Confidential help requests: a student writes a line; the school's counsellors answer.

Only counsellors of the student's school ever see a request (``security.load_help_request``).
Reading one records who read it first and leaves an audit event; so does every
change of its state. The inbox lists who asked and when, never the text: the text
is read by opening the request, which is what the audit trail records.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Classroom, HelpRequest, HelpStatus, Student, User, utcnow
from app.services import audit

MAX_TEXT_LENGTH = 1000


class HelpRequestError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def submit(student: Student, text: str) -> HelpRequest:
    text = (text or "").strip()
    if not text:
        raise HelpRequestError("empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise HelpRequestError("too_long")
    request = HelpRequest(
        school_id=student.classroom.school_id, student_id=student.id, classroom_id=student.classroom_id, text=text,
    )
    db.session.add(request)
    db.session.flush()
    return request


def open_request(request: HelpRequest, counsellor: User) -> None:
    """A counsellor opens a request: the first reader is recorded, every read audited."""
    if request.first_read_by_id is None:
        request.first_read_by_id = counsellor.id
        request.first_read_at = utcnow()
    audit.record(counsellor, "help_request:read", "help_request", request.id)


def update(request: HelpRequest, counsellor: User, status: HelpStatus | str, note: str) -> None:
    try:
        status = HelpStatus(status)
    except ValueError:
        raise HelpRequestError("bad_status") from None
    note = (note or "").strip()
    if len(note) > 4000:
        raise HelpRequestError("note_too_long")
    request.status = status
    request.counsellor_note = note
    # Who handled it is who closed it last; a request opened again is nobody's "handled" yet.
    request.handled_by_id = counsellor.id if status == HelpStatus.HANDLED else None
    audit.record(counsellor, "help_request:update", "help_request", request.id, status=str(status))
    db.session.flush()


def detach_student(student: Student) -> None:
    """Before a student is deleted: keep their requests for the counsellors, marked as such."""
    detach_students([student.id])


def detach_students(student_ids) -> int:
    """The same for many students at once, in one UPDATE (a class deleted at the end of the year).

    ``student_ids`` is a list of ids or a SELECT of them.
    """
    if isinstance(student_ids, list | tuple | set) and not student_ids:
        return 0
    result = db.session.execute(
        sql_update(HelpRequest).where(HelpRequest.student_id.in_(student_ids))
        .values(student_id=None)
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    return result.rowcount


def count_new(school_id: int) -> int:
    """How many requests of the school nobody has taken up yet (the counsellor's badge)."""
    return db.session.scalar(
        select(func.count()).select_from(HelpRequest)
        .where(HelpRequest.school_id == school_id, HelpRequest.status == HelpStatus.NEW)
    )


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
    order = case((HelpRequest.status == HelpStatus.NEW, 0), (HelpRequest.status == HelpStatus.IN_PROGRESS, 1),
                 else_=2)
    rows = db.session.execute(
        select(HelpRequest.id, HelpRequest.status, HelpRequest.created_at, HelpRequest.updated_at,
               Student.display_name, Classroom.name, HelpRequest.student_id.is_(None), HelpRequest.first_read_at,
               handler.display_name)
        .outerjoin(Student, Student.id == HelpRequest.student_id)
        .outerjoin(Classroom, Classroom.id == HelpRequest.classroom_id)
        .outerjoin(handler, handler.id == HelpRequest.handled_by_id)
        .where(HelpRequest.school_id == school_id)
        .order_by(order, HelpRequest.created_at.desc(), HelpRequest.id.desc())
        .limit(limit)
    )
    return [InboxRow(*row) for row in rows]
