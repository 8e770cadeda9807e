"""Assignments: a module of the catalogue given to a class, with its feedback rules."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, Classroom, FeedbackMode, User
from app.models.base import utcnow
from app.quizbank import Catalogue


class AssignmentError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def create_assignment(
    catalogue: Catalogue, classroom: Classroom, bank_id: str, created_by: User, *,
    feedback_mode: FeedbackMode | str = FeedbackMode.IMMEDIATE, allow_retries: bool = False,
    due_at: datetime | None = None, sensitive_confirmed: bool = False,
) -> Assignment:
    bank = catalogue.get(bank_id)
    if bank is None:
        raise AssignmentError("unknown_module")
    theme = catalogue.theme(bank.theme)
    if theme is not None and theme.sensitive and not sensitive_confirmed:
        raise AssignmentError("needs_confirmation")
    if due_at is not None and due_at < utcnow():
        raise AssignmentError("due_in_past")
    already = db.session.scalar(
        select(Assignment.id).where(Assignment.classroom_id == classroom.id, Assignment.bank_id == bank_id)
    )
    if already is not None:
        raise AssignmentError("already_assigned")
    assignment = Assignment(
        classroom_id=classroom.id, bank_id=bank_id, feedback_mode=FeedbackMode(feedback_mode),
        allow_retries=allow_retries, due_at=due_at, created_by_id=created_by.id,
        sensitive_confirmed_at=utcnow() if sensitive_confirmed else None,
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment
