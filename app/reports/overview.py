"""A teacher's classes at a glance: students, assignments and how many finished.

Four queries whatever the number of classes: the classes, their student counts,
whether consent is recorded, and their assignments with the number of students who
finished each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, Attempt, Classroom, ConsentRecord, Student, User
from app.quizbank import Catalogue
from app.reports.counting import bank_title
from app.security import visible_classrooms


@dataclass(frozen=True)
class AssignmentLine:
    id: int
    title: str
    due_at: datetime | None
    closed: bool
    finished: int


@dataclass
class ClassSummary:
    classroom: Classroom
    students: int
    consent: bool
    assignments: list[AssignmentLine] = field(default_factory=list)


def teacher_classes(user: User, catalogue: Catalogue, locale: str, *, archived: bool = False) -> list[ClassSummary]:
    query = visible_classrooms(user, include_archived=archived)
    if archived:
        query = query.where(Classroom.archived_at.is_not(None))
    classrooms = list(db.session.scalars(query))
    ids = [c.id for c in classrooms]
    if not ids:
        return []
    counts = dict(
        db.session.execute(
            select(Student.classroom_id, func.count(Student.id))
            .where(Student.classroom_id.in_(ids))
            .group_by(Student.classroom_id)
        )
        .tuples()
        .all()
    )
    consented = set(db.session.scalars(select(ConsentRecord.classroom_id).where(ConsentRecord.classroom_id.in_(ids))))
    summaries = {c.id: ClassSummary(c, counts.get(c.id, 0), c.id in consented) for c in classrooms}
    finished = (
        select(Attempt.assignment_id, func.count(func.distinct(Attempt.student_id)).label("finished"))
        .where(
            Attempt.finished_at.is_not(None),
            Attempt.assignment_id.in_(select(Assignment.id).where(Assignment.classroom_id.in_(ids))),
        )
        .group_by(Attempt.assignment_id)
        .subquery()
    )
    for row in db.session.execute(
        select(
            Assignment.id,
            Assignment.classroom_id,
            Assignment.bank_id,
            Assignment.due_at,
            Assignment.closed_at,
            func.coalesce(finished.c.finished, 0).label("finished"),
        )
        .outerjoin(finished, finished.c.assignment_id == Assignment.id)
        .where(Assignment.classroom_id.in_(ids))
        .order_by(Assignment.created_at, Assignment.id)
    ):
        summaries[row.classroom_id].assignments.append(
            AssignmentLine(
                id=row.id,
                title=bank_title(catalogue, row.bank_id, locale),
                due_at=row.due_at,
                closed=row.closed_at is not None,
                finished=row.finished,
            )
        )
    return list(summaries.values())
