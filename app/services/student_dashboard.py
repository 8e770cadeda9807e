"""A student's dashboard: the modules assigned to their class and where they stand in each.

One row per assignment, in the order students meet the themes (``catalogue.themes``),
built from two queries whatever the number of modules or attempts: the class's
assignments (with the student's "not now", if any) and the student's attempts with
their answer counts. Read only: nothing here changes the database.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select

from app.extensions import db
from app.models import Answer, Assignment, Attempt, OptOut, Student, utcnow
from app.quizbank import Bank, Catalogue, Theme


class ModuleStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    OVERDUE = "overdue"  # due date past, not finished, still open
    CLOSED = "closed"  # the teacher closed it before the student finished


@dataclass(frozen=True)
class DashboardRow:
    assignment_id: int
    bank: Bank
    theme: Theme | None
    sensitive: bool
    status: ModuleStatus
    started: bool
    answered: int  # in the latest attempt
    total: int
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
        select(Attempt.assignment_id, Attempt.number, Attempt.finished_at, Attempt.score, Attempt.passed,
               func.count(Answer.id))
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .where(Attempt.student_id == student.id)
        .group_by(Attempt.id, Attempt.assignment_id, Attempt.number, Attempt.finished_at, Attempt.score,
                  Attempt.passed)
    ).all()

    latest: dict[int, _AttemptSummary] = {}
    best: dict[int, tuple[float, bool]] = {}
    for assignment_id, number, finished_at, score, passed, answered in attempts:
        if assignment_id not in latest or number > latest[assignment_id].number:
            latest[assignment_id] = _AttemptSummary(number, finished_at is not None, answered)
        if finished_at is not None and (assignment_id not in best or (score or 0) > best[assignment_id][0]):
            best[assignment_id] = (score or 0.0, bool(passed))

    order = {bank_id: position for position, bank_id in enumerate(catalogue.banks)}
    rows = []
    for assignment, opt_out_id in assignments:
        bank = catalogue.get(assignment.bank_id)
        if bank is None:  # a module taken out of the catalogue: nothing a student can open
            continue
        theme = catalogue.theme(bank.theme)
        summary = latest.get(assignment.id)
        score, passed = best.get(assignment.id, (None, None))
        rows.append(DashboardRow(
            assignment_id=assignment.id, bank=bank, theme=theme, sensitive=bool(theme and theme.sensitive),
            status=_status(assignment, summary, now), started=summary is not None,
            answered=min(summary.answered, len(bank.questions)) if summary else 0, total=len(bank.questions),
            score=score, passed=passed, due_at=assignment.due_at, opted_out=opt_out_id is not None,
        ))
    rows.sort(key=lambda row: (order.get(row.bank.id, len(order)), row.assignment_id))
    return rows


def _status(assignment: Assignment, latest: _AttemptSummary | None, now: datetime) -> ModuleStatus:
    if latest is not None and latest.finished:
        return ModuleStatus.FINISHED
    if assignment.closed_at is not None:
        return ModuleStatus.CLOSED
    if assignment.due_at is not None and assignment.due_at < now:
        return ModuleStatus.OVERDUE
    return ModuleStatus.IN_PROGRESS if latest is not None else ModuleStatus.NOT_STARTED
