"""Confidential help requests: a student writes a line; the school's counsellors answer.

Only counsellors of the student's school ever see a request (``security.load_help_request``).
Reading one records who read it first and leaves an audit event; so does every
change of its state. The inbox (``app.reports.help_inbox``) lists who asked and when,
never the text: the text is read by opening the request, which the audit trail records.
Sending one queues an email to each counsellor, without its text (``app.services.notifications``).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult
from sqlalchemy import update as sql_update

from app.extensions import db
from app.models import AuditAction, HelpRequest, HelpStatus, Student, User, utcnow
from app.services import audit, notifications
from app.services.errors import ServiceError
from app.signed_in import SignedInStudent

MAX_TEXT_LENGTH = 1000


def submit(student: Student | SignedInStudent, text: str) -> HelpRequest:
    text = (text or "").strip()
    if not text:
        raise ServiceError("empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise ServiceError("too_long")
    request = HelpRequest(
        school_id=student.classroom.school_id,
        student_id=student.id,
        classroom_id=student.classroom_id,
        text=text,
    )
    db.session.add(request)
    db.session.flush()
    notifications.queue_new_request(request)  # emails wait in the queue: the student never waits on SMTP
    return request


def open_request(request: HelpRequest, counsellor: User) -> None:
    """A counsellor opens a request: the first reader is recorded, every read audited."""
    if request.first_read_by_id is None:
        request.first_read_by_id = counsellor.id
        request.first_read_at = utcnow()
    audit.record(counsellor, AuditAction.HELP_REQUEST_READ, "help_request", request.id)


def update(request: HelpRequest, counsellor: User, status: HelpStatus | str, note: str) -> None:
    try:
        status = HelpStatus(status)
    except ValueError:
        raise ServiceError("bad_status") from None
    note = (note or "").strip()
    if len(note) > 4000:
        raise ServiceError("note_too_long")
    request.status = status
    request.counsellor_note = note
    # Who handled it is who closed it last; a request opened again is nobody's "handled" yet.
    request.handled_by_id = counsellor.id if status == HelpStatus.HANDLED else None
    audit.record(counsellor, AuditAction.HELP_REQUEST_UPDATE, "help_request", request.id, status=str(status))
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
    # An UPDATE gives a CursorResult (which has rowcount); Session.execute is typed as returning any Result.
    result = cast(
        CursorResult[Any],
        db.session.execute(
            sql_update(HelpRequest)
            .where(HelpRequest.student_id.in_(student_ids))
            .values(student_id=None)
            .execution_options(synchronize_session="fetch")
        ),
    )
    db.session.flush()
    return result.rowcount
