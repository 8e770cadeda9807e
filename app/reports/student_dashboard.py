"""A student's dashboard: the modules assigned to their class and where they stand in each.

The status words and the pass rule are ``figures``'; the score shown is the best
finished attempt's, as on the teacher's grid.

One row per assignment, in the order students meet the themes (``catalogue.themes``),
built from two queries whatever the number of modules or attempts: the class's
assignments (with the student's "not now", if any) and the student's attempts with
their answer counts. Read only: nothing here changes the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from app.extensions import db
from app.models import Answer, Assignment, Attempt, OptOut, Student, utcnow
from app.quizbank import Bank, Catalogue, Theme
from app.reports.figures import AttemptStatus, QuestionCounts, passed, question_counts


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


@dataclass
class _AttemptSummary:
    number: int
    finished: bool
    answered: int


def dashboard_rows(catalogue: Catalogue, student: Student, now: datetime | None = None) -> list[DashboardRow]:
    now = now or utcnow()
    assignments = db.session.execute(
        select(Assignment, OptOut.id)
        .outerjoin(OptOut, and_(OptOut.assignment_id == Assignment.id, OptOut.student_id == student.id))
        .where(Assignment.classroom_id == student.classroom_id)
    ).all()
    attempts = db.session.execute(
        select(Attempt.assignment_id, Attempt.number, Attempt.finished_at, Attempt.score, func.count(Answer.id))
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .where(Attempt.student_id == student.id)
        .group_by(Attempt.id, Attempt.assignment_id, Attempt.number, Attempt.finished_at, Attempt.score)
    ).all()

    latest: dict[int, _AttemptSummary] = {}
    best: dict[int, float] = {}
    for assignment_id, number, finished_at, score, answered in attempts:
        if assignment_id not in latest or number > latest[assignment_id].number:
            latest[assignment_id] = _AttemptSummary(number, finished_at is not None, answered)
        if finished_at is not None and (assignment_id not in best or (score or 0) > best[assignment_id]):
            best[assignment_id] = score or 0.0

    order = {bank_id: position for position, bank_id in enumerate(catalogue.banks)}
    rows = []
    for assignment, opt_out_id in assignments:
        bank = catalogue.get(assignment.bank_id)
        if bank is None:  # a module taken out of the catalogue: nothing a student can open
            continue
        theme = catalogue.theme(bank.theme)
        summary = latest.get(assignment.id)
        score = best.get(assignment.id)
        rows.append(
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
                opted_out=opt_out_id is not None,
            )
        )
    rows.sort(key=lambda row: (order.get(row.bank.id, len(order)), row.assignment_id))
    return rows


def _status(assignment: Assignment, latest: _AttemptSummary | None, now: datetime) -> AttemptStatus:
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
