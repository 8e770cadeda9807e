"""A student's dashboard: the modules assigned to their class and where they stand in each.

The status words and the pass rule are ``figures``'; the score shown is the best
finished attempt's, as on the teacher's grid.

One row per assignment, in the order students meet the themes (``catalogue.themes``),
built from one query whatever the number of modules or attempts: the class's
assignments with the student's "not now", if any, and the student's attempts with
their answered question ids. Read only: nothing here changes the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, and_, bindparam, func, select

from app.extensions import db
from app.models import Answer, Assignment, Attempt, OptOut, Student, utcnow
from app.quizbank import Bank, Catalogue, Theme
from app.reports.figures import AttemptStatus, QuestionCounts, passed, question_counts
from app.signed_in import SignedInStudent


@dataclass(frozen=True)
class DashboardRow:
    assignment_id: int
    bank: Bank
    theme: Theme | None
    sensitive: bool
    status: AttemptStatus
    started: bool
    answered: int  # in the latest attempt
    counts: QuestionCounts
    score: float | None  # the best finished attempt (what the teacher's report counts)
    passed: bool | None
    due_at: datetime | None
    opted_out: bool  # the student chose "not now" once (they may start anyway)


_assignments, _attempts, _opt_outs = Assignment.__table__, Attempt.__table__, OptOut.__table__
# One row per attempt (or one for an assignment not started), in SQLAlchemy Core, built once:
# the dashboard loads no ORM object, and counts answers from each attempt's answered ids.
_ROWS = (
    select(
        _assignments.c.id,
        _assignments.c.bank_id,
        _assignments.c.closed_at,
        _assignments.c.due_at,
        _opt_outs.c.id.label("opt_out_id"),
        _attempts.c.number,
        _attempts.c.finished_at,
        _attempts.c.score,
        _attempts.c.answered_ids,
    )
    .select_from(_assignments)
    .outerjoin(_opt_outs, and_(_opt_outs.c.assignment_id == _assignments.c.id, _opt_outs.c.student_id == bindparam("student_id")))
    .outerjoin(_attempts, and_(_attempts.c.assignment_id == _assignments.c.id, _attempts.c.student_id == bindparam("student_id")))
    .where(_assignments.c.classroom_id == bindparam("classroom_id"))
)


@dataclass
class _AttemptSummary:
    number: int
    finished: bool
    answered: int


def dashboard_rows(catalogue: Catalogue, student: Student | SignedInStudent, now: datetime | None = None) -> list[DashboardRow]:
    now = now or utcnow()
    rows = db.session.connection().execute(_ROWS, {"student_id": student.id, "classroom_id": student.classroom_id}).all()

    seen: dict[int, Row] = {}
    latest: dict[int, _AttemptSummary] = {}
    best: dict[int, float] = {}
    for row in rows:
        seen.setdefault(row.id, row)
        if row.number is None:
            continue
        if row.id not in latest or row.number > latest[row.id].number:
            latest[row.id] = _AttemptSummary(row.number, row.finished_at is not None, len(row.answered_ids.split()))
        if row.finished_at is not None and (row.id not in best or (row.score or 0) > best[row.id]):
            best[row.id] = row.score or 0.0

    order = {bank_id: position for position, bank_id in enumerate(catalogue.banks)}
    result = []
    for assignment in seen.values():
        bank = catalogue.get(assignment.bank_id)
        if bank is None:  # a module taken out of the catalogue: nothing a student can open
            continue
        theme = catalogue.theme(bank.theme)
        summary = latest.get(assignment.id)
        score = best.get(assignment.id)
        result.append(
            DashboardRow(
                assignment_id=assignment.id,
                bank=bank,
                theme=theme,
                sensitive=bool(theme and theme.sensitive),
                status=_status(assignment, summary, now),
                started=summary is not None,
                answered=min(summary.answered, len(bank.questions)) if summary else 0,
                counts=question_counts(bank),
                score=score,
                passed=passed(score, bank.pass_percent),
                due_at=assignment.due_at,
                opted_out=assignment.opt_out_id is not None,
            )
        )
    result.sort(key=lambda row: (order.get(row.bank.id, len(order)), row.assignment_id))
    return result


def _status(assignment: Row, latest: _AttemptSummary | None, now: datetime) -> AttemptStatus:
    if latest is not None and latest.finished:
        return AttemptStatus.FINISHED
    if assignment.closed_at is not None:
        return AttemptStatus.CLOSED
    if assignment.due_at is not None and assignment.due_at < now:
        return AttemptStatus.OVERDUE
    return AttemptStatus.IN_PROGRESS if latest is not None else AttemptStatus.NOT_STARTED


def answer_of(attempt: Attempt, question_id: str) -> Answer | None:
    """The attempt's answer to one question, for its feedback page (one query)."""
    return db.session.scalar(select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == question_id))


def best_finished_score(attempt: Attempt) -> float | None:
    """The best score of the student's finished attempts at the same assignment: what the teacher's grid shows."""
    return db.session.scalar(
        select(func.max(Attempt.score)).where(
            Attempt.student_id == attempt.student_id,
            Attempt.assignment_id == attempt.assignment_id,
            Attempt.finished_at.is_not(None),
        )
    )
