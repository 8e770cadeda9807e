"""Following up a missed key safety item: the counsellor talked with the student.

One follow-up per answer (the database holds it unique), with a short private note
that only counsellors read. Marking one again updates the note. Each mark leaves an
audit event, as every counsellor's act on one student's results does.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Answer, Attempt, AuditAction, KeyItemFollowUp, User, utcnow
from app.quizbank import Catalogue, needs_follow_up
from app.services import audit
from app.services.errors import ServiceError

MAX_NOTE_LENGTH = 1000


def follow_up(catalogue: Catalogue, counsellor: User, answer: Answer, note: str) -> KeyItemFollowUp:
    attempt = db.session.get_one(Attempt, answer.attempt_id)  # an answer's attempt exists (foreign key)
    bank = catalogue.get(attempt.bank_id)
    question = bank.question(answer.question_id) if bank else None
    if question is None or not needs_follow_up(question, answer.score):
        raise ServiceError("not_a_missed_key_item")
    note = (note or "").strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise ServiceError("note_too_long")
    record = db.session.scalar(select(KeyItemFollowUp).where(KeyItemFollowUp.answer_id == answer.id))
    if record is None:
        record = KeyItemFollowUp(answer_id=answer.id)
        db.session.add(record)
        try:
            with db.session.begin_nested():
                db.session.flush()
        except IntegrityError:  # a colleague marked it in the same instant: update theirs
            record = db.session.execute(select(KeyItemFollowUp).where(KeyItemFollowUp.answer_id == answer.id)).scalar_one()
    record.counsellor_id = counsellor.id
    record.note = note
    record.followed_up_at = utcnow()
    db.session.flush()
    audit.record(
        counsellor,
        AuditAction.KEY_ITEM_FOLLOW_UP,
        "student",
        attempt.student_id,
        answer=answer.id,
        bank=attempt.bank_id,
        question=answer.question_id,
    )
    return record
