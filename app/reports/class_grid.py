"""The class report's grid: students by assignment (the teacher's first report page and its CSV).

A cell is not started, in progress, opted out, or finished with the score of the
student's best finished attempt (``counting``). Teachers see "opted out" as "not
done": a student who left a sensitive module is the counsellor's to follow, not the
class's to notice (``Cell.shown_status``). Four queries whatever the class size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Assignment, Attempt, Classroom, OptOut
from app.quizbank import Catalogue
from app.reports.counting import StudentRow, bank_title, class_students
from app.reports.figures import AttemptStatus, percent, share


@dataclass(frozen=True)
class Cell:
    status: AttemptStatus = AttemptStatus.NOT_STARTED
    score: float | None = None  # the best finished attempt's score, 0..1
    attempts: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.score) if self.status == AttemptStatus.FINISHED else None

    def shown_status(self, show_opt_outs: bool) -> AttemptStatus:
        """The status a viewer sees: only counsellors tell "opted out" from "not started"."""
        if self.status in (AttemptStatus.NOT_STARTED, AttemptStatus.OPTED_OUT) and not show_opt_outs:
            return AttemptStatus.NOT_DONE
        return self.status


@dataclass(frozen=True)
class Column:
    id: int
    bank_id: str
    title: str
    due_at: datetime | None
    closed: bool
    students: int
    finished: int
    average: float | None  # of the finished students' best scores

    @property
    def completion_percent(self) -> int | None:
        return share(self.finished, self.students)

    @property
    def average_percent(self) -> int | None:
        return percent(self.average)


@dataclass(frozen=True)
class ClassGrid:
    students: list[StudentRow]
    columns: list[Column]
    cells: dict[tuple[int, int], Cell]

    def cell(self, student_id: int, assignment_id: int) -> Cell:
        return self.cells.get((student_id, assignment_id), Cell())

    def rows(self) -> list[tuple[StudentRow, list[Cell]]]:
        return [(student, [self.cell(student.id, column.id) for column in self.columns]) for student in self.students]


def cells_of(assignment_ids) -> dict[tuple[int, int], Cell]:
    """Every (student, assignment) that has an attempt or an opt-out: two grouped queries."""
    finished = Attempt.finished_at.is_not(None)
    progress = db.session.execute(
        select(
            Attempt.student_id,
            Attempt.assignment_id,
            func.max(case((finished, Attempt.score))).label("best"),
            func.count(Attempt.finished_at).label("finished"),
            func.count(Attempt.id).label("attempts"),
        )
        .where(Attempt.assignment_id.in_(assignment_ids))
        .group_by(Attempt.student_id, Attempt.assignment_id)
    )
    opted_out = {
        tuple(row)
        for row in db.session.execute(
            select(OptOut.student_id, OptOut.assignment_id).where(OptOut.assignment_id.in_(assignment_ids))
        )
    }
    cells: dict[tuple[int, int], Cell] = {}
    for row in progress:
        key = (row.student_id, row.assignment_id)
        if row.finished:
            cells[key] = Cell(AttemptStatus.FINISHED, row.best, row.attempts)
        else:
            status = AttemptStatus.OPTED_OUT if key in opted_out else AttemptStatus.IN_PROGRESS
            cells[key] = Cell(status, None, row.attempts)
    for key in opted_out:
        cells.setdefault(key, Cell(AttemptStatus.OPTED_OUT))
    return cells


def column_of(assignment: Assignment, title: str, students: list[StudentRow], cells) -> Column:
    scores = [
        cells[(s.id, assignment.id)].score
        for s in students
        if (s.id, assignment.id) in cells and cells[(s.id, assignment.id)].status == AttemptStatus.FINISHED
    ]
    return Column(
        id=assignment.id,
        bank_id=assignment.bank_id,
        title=title,
        due_at=assignment.due_at,
        closed=assignment.closed,
        students=len(students),
        finished=len(scores),
        average=(sum(scores) / len(scores)) if scores else None,
    )


def assignments_of(classroom_id: int) -> list[Assignment]:
    """The class's assignments, oldest first: one query."""
    return list(
        db.session.scalars(
            select(Assignment).where(Assignment.classroom_id == classroom_id).order_by(Assignment.created_at, Assignment.id)
        )
    )


def class_grid(classroom: Classroom, catalogue: Catalogue, locale: str) -> ClassGrid:
    """Students by assignment: four queries."""
    students = class_students(classroom.id)
    assignments = assignments_of(classroom.id)
    cells = cells_of(select(Assignment.id).where(Assignment.classroom_id == classroom.id))
    columns = [column_of(a, bank_title(catalogue, a.bank_id, locale), students, cells) for a in assignments]
    return ClassGrid(students=students, columns=columns, cells=cells)
