"""Assignments: a module of the catalogue given to a class, with its feedback rules.

A module of a sensitive theme (grooming, sextortion ...) is assigned only once the
teacher confirms that the school counsellor knows and that it will run as a lesson
in class, not in an assembly. Closing an assignment stops new answers (and, with
feedback "after the teacher closes it", shows students the explanations);
reopening clears ``closed_at``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, Classroom, FeedbackMode, User
from app.models.base import utcnow
from app.quizbank import Catalogue
from app.services.errors import ServiceError


def _feedback_mode(value: FeedbackMode | str) -> FeedbackMode:
    try:
        return FeedbackMode(value)
    except ValueError:
        raise ServiceError("bad_feedback_mode") from None


def needs_confirmation(catalogue: Catalogue, bank_id: str) -> bool:
    bank = catalogue.get(bank_id)
    theme = catalogue.theme(bank.theme) if bank else None
    return bool(theme is not None and theme.sensitive)


def create_assignment(
    catalogue: Catalogue,
    classroom: Classroom,
    bank_id: str,
    created_by: User,
    *,
    feedback_mode: FeedbackMode | str = FeedbackMode.IMMEDIATE,
    allow_retries: bool = False,
    due_at: datetime | None = None,
    sensitive_confirmed: bool = False,
) -> Assignment:
    bank = catalogue.get(bank_id)
    if bank is None:
        raise ServiceError("unknown_module")
    if needs_confirmation(catalogue, bank_id) and not sensitive_confirmed:
        raise ServiceError("needs_confirmation")
    if due_at is not None and due_at < utcnow():
        raise ServiceError("due_in_past")
    already = db.session.scalar(
        select(Assignment.id).where(Assignment.classroom_id == classroom.id, Assignment.bank_id == bank_id)
    )
    if already is not None:
        raise ServiceError("already_assigned")
    assignment = Assignment(
        classroom_id=classroom.id,
        bank_id=bank_id,
        feedback_mode=_feedback_mode(feedback_mode),
        allow_retries=allow_retries,
        due_at=due_at,
        created_by_id=created_by.id,
        sensitive_confirmed_at=utcnow() if sensitive_confirmed else None,
    )
    db.session.add(assignment)
    db.session.flush()
    return assignment


def update_assignment(
    assignment: Assignment, *, feedback_mode: FeedbackMode | str, allow_retries: bool, due_at: datetime | None
) -> None:
    """Change the rules. A due date already past may stay as it is, but a new one must be in the future."""
    mode = _feedback_mode(feedback_mode)
    if due_at is not None and due_at != assignment.due_at and due_at < utcnow():
        raise ServiceError("due_in_past")
    assignment.feedback_mode = mode
    assignment.allow_retries = allow_retries
    assignment.due_at = due_at
    db.session.flush()


def close_assignment(assignment: Assignment) -> None:
    if assignment.closed_at is None:
        assignment.closed_at = utcnow()
        db.session.flush()


def reopen_assignment(assignment: Assignment) -> None:
    assignment.closed_at = None
    db.session.flush()
