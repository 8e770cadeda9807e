"""Confidential help requests: a student writes a line; the school's counsellors answer.

Only counsellors of the student's school ever see a request (``security.load_help_request``).
Reading one records who read it first and leaves an audit event.
"""
from __future__ import annotations

from app.extensions import db
from app.models import HelpRequest, HelpStatus, Student, User, utcnow
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
    if status == HelpStatus.HANDLED:
        request.handled_by_id = counsellor.id
    audit.record(counsellor, "help_request:update", "help_request", request.id, status=str(status))
    db.session.flush()


def detach_student(student: Student) -> None:
    """Before a student is deleted: keep their requests for the counsellors, marked as such."""
    for request in db.session.query(HelpRequest).filter_by(student_id=student.id):
        request.student_id = None
        request.from_deleted_student = True
    db.session.flush()
