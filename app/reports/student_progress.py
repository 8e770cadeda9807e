"""Where a student stands in one module: the assignment and their latest attempt, in one query.

Every page of a module a student opens (the module, each question, each answer, each
feedback, the results) starts here. It is the hot path of a lesson, so it is one
prebuilt SQLAlchemy Core statement read into two small objects rather than ORM
loading: ``AssignmentView`` (read-only) and ``AttemptState``, which the answer path
(``services.progress.submit_answer``) brings up to date after its own statements, so
that a page never reads the attempt twice. ``Attempt.answered_ids`` says which
questions are answered, so no query of ``answers`` is needed to know where a student is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, bindparam, select

from app.extensions import db
from app.models import Assignment, Attempt, FeedbackMode

_assignments, _attempts = Assignment.__table__, Attempt.__table__

_LOAD = (
    select(
        _assignments.c.id,
        _assignments.c.classroom_id,
        _assignments.c.bank_id,
        _assignments.c.feedback_mode,
        _assignments.c.allow_retries,
        _assignments.c.due_at,
        _assignments.c.closed_at,
        _attempts.c.id.label("attempt_id"),
        _attempts.c.number,
        _attempts.c.bank_id.label("attempt_bank_id"),
        _attempts.c.seed,
        _attempts.c.answered_ids,
        _attempts.c.finished_at,
        _attempts.c.score,
        _attempts.c.passed,
    )
    .select_from(
        _assignments.outerjoin(
            _attempts,
            and_(_attempts.c.assignment_id == _assignments.c.id, _attempts.c.student_id == bindparam("student_id")),
        )
    )
    .where(_assignments.c.id == bindparam("assignment_id"), _assignments.c.classroom_id == bindparam("classroom_id"))
    .order_by(_attempts.c.number.desc())
    .limit(1)
)


@dataclass(frozen=True)
class AssignmentView:
    """An assignment as a student's pages read it."""

    id: int
    classroom_id: int
    bank_id: str
    feedback_mode: FeedbackMode
    allow_retries: bool
    due_at: datetime | None
    closed_at: datetime | None

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass
class AttemptState:
    """A student's attempt as a student's pages read it, kept up to date by the answer path."""

    id: int
    assignment_id: int
    student_id: int
    number: int
    bank_id: str
    seed: str
    answered_ids: str
    finished_at: datetime | None
    score: float | None
    passed: bool | None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def answered(self) -> frozenset[str]:
        return frozenset(self.answered_ids.split())


def module_progress(student_id: int, classroom_id: int, assignment_id: int) -> tuple[AssignmentView, AttemptState | None] | None:
    """The assignment (if it is the student's class's) and the student's latest attempt at it (None: not started)."""
    row = (
        db.session.connection()
        .execute(_LOAD, {"student_id": student_id, "classroom_id": classroom_id, "assignment_id": assignment_id})
        .first()
    )
    if row is None:
        return None
    assignment = AssignmentView(
        row.id,
        row.classroom_id,
        row.bank_id,
        FeedbackMode(row.feedback_mode),
        bool(row.allow_retries),
        row.due_at,
        row.closed_at,
    )
    if row.attempt_id is None:
        return assignment, None
    attempt = AttemptState(
        row.attempt_id,
        row.id,
        student_id,
        row.number,
        row.attempt_bank_id,
        row.seed,
        row.answered_ids,
        row.finished_at,
        row.score,
        row.passed,
    )
    return assignment, attempt
