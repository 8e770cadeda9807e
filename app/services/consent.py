"""Parents' consent, recorded per classroom before its students may sign in.

Indonesian law on children's personal data (UU 27/2022) asks that parents or
guardians know and agree before a child's data is processed. The school informs
them (a letter signed by parents, a parents' meeting ...) and a teacher or the
school's admin records how and when; until then the join page refuses the class
(see ``signin.join_class``). Recording it again corrects the record; every change
leaves an audit event.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import AuditAction, Classroom, ConsentRecord, User, utcnow
from app.services import audit
from app.services.errors import ServiceError

MAX_METHOD_LENGTH = 200
MAX_NOTES_LENGTH = 4000


def consent_of(classroom: Classroom) -> ConsentRecord | None:
    return db.session.scalar(select(ConsentRecord).where(ConsentRecord.classroom_id == classroom.id))


def record_consent(classroom: Classroom, user: User, informed_on: date | None, method: str, notes: str = "") -> ConsentRecord:
    method = " ".join((method or "").split())
    notes = (notes or "").strip()
    if informed_on is None:
        raise ServiceError("no_date")
    # A day of slack: the school's "today" (Asia/Jakarta) is ahead of UTC.
    if informed_on > utcnow().date() + timedelta(days=1):
        raise ServiceError("date_in_future")
    if not method:
        raise ServiceError("no_method")
    if len(method) > MAX_METHOD_LENGTH:
        raise ServiceError("method_too_long")
    if len(notes) > MAX_NOTES_LENGTH:
        raise ServiceError("notes_too_long")
    record = consent_of(classroom)
    if record is None:
        record = ConsentRecord(classroom_id=classroom.id)
        db.session.add(record)
    record.informed_on = informed_on
    record.method = method
    record.notes = notes
    record.recorded_by_id = user.id
    record.all_agreed = True
    db.session.flush()
    audit.record(user, AuditAction.CONSENT_RECORD, "classroom", classroom.id, informed_on=informed_on.isoformat())
    return record
