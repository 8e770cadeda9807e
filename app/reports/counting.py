"""Which attempt counts, and other small pieces every class report shares.

A student may try a module more than once. Every report counts each student once
per assignment, with their *counted attempt*: the best finished one (ties: the
earliest), or, for a student who has not finished yet, the attempt in progress. The
teacher's grid, the assignment report, its CSV, the admin's year-end export and the
counsellor's overview all count through ``counted_attempts``, so a misconception or
a score is counted the same way wherever it is read.

(The key items a counsellor follows up are the exception, on purpose: they follow
the student's *latest* answer, because a later right answer clears the concern.)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Assignment, Attempt, Student
from app.quizbank import Catalogue


def counted_attempts(*conditions, with_assignment: bool = False):
    """A SELECT of the ids of each student's counted attempt per assignment, among attempts matching ``conditions``.

    ``with_assignment``: each id comes with the attempt's ``student_id`` and its assignment's
    ``classroom_id`` and ``bank_id`` (the assignment joined once here), so that a report
    grouping by class and module need not look each counted attempt up again.
    """
    order = (case((Attempt.finished_at.is_(None), 1), else_=0), Attempt.score.desc(), Attempt.number)
    carried = (Attempt.student_id, Assignment.classroom_id, Assignment.bank_id) if with_assignment else ()
    ranked = select(
        Attempt.id,
        *carried,
        func.row_number().over(partition_by=(Attempt.assignment_id, Attempt.student_id), order_by=order).label("rank"),
    )
    if with_assignment:
        ranked = ranked.join(Assignment, Assignment.id == Attempt.assignment_id)
    ranked_rows = ranked.where(*conditions).subquery()
    return select(ranked_rows.c.id, *(ranked_rows.c[column.key] for column in carried)).where(ranked_rows.c.rank == 1)


@dataclass(frozen=True)
class StudentRow:
    id: int
    name: str


def class_students(classroom_id: int) -> list[StudentRow]:
    """The class's students, by name: one query."""
    rows = db.session.execute(
        select(Student.id, Student.display_name)
        .where(Student.classroom_id == classroom_id)
        .order_by(Student.display_name, Student.id)
    )
    return [StudentRow(id=row.id, name=row.display_name) for row in rows]


def bank_title(catalogue: Catalogue, bank_id: str, locale: str) -> str:
    """A module's title, or its id when a later catalogue no longer has it."""
    bank = catalogue.get(bank_id)
    return bank.title.get_text(locale) if bank else bank_id


def plain(text: str) -> str:
    """Markdown text as one plain line, for charts and spreadsheets."""
    return " ".join(text.replace("*", "").split())
