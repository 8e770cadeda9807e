"""Who left a sensitive module "for now": so that someone can check in with them.

A student may stop a module on a sensitive theme at any time; that is never scored,
and it may mean the topic came close to home. The counsellor sees, by class, who
stopped which module and when, and whether they have finished it since.
One query, whatever the number of classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, exists, select

from app.extensions import db
from app.models import Assignment, Attempt, Classroom, OptOut, Student


@dataclass(frozen=True)
class OptOutRow:
    student_id: int
    student_name: str
    bank_id: str
    created_at: datetime
    finished_since: bool


@dataclass
class OptOutClass:
    classroom_id: int
    classroom_name: str
    rows: list[OptOutRow] = field(default_factory=list)


def opt_outs(school_id: int) -> list[OptOutClass]:
    finished_since = exists().where(
        and_(
            Attempt.student_id == OptOut.student_id,
            Attempt.assignment_id == OptOut.assignment_id,
            Attempt.finished_at.is_not(None),
        )
    )
    result = db.session.execute(
        select(
            Classroom.id, Classroom.name, Student.id, Student.display_name, Assignment.bank_id, OptOut.created_at, finished_since
        )
        .select_from(OptOut)
        .join(Student, Student.id == OptOut.student_id)
        .join(Assignment, Assignment.id == OptOut.assignment_id)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .where(Classroom.school_id == school_id, Classroom.archived_at.is_(None))
        .order_by(Classroom.name, Classroom.id, OptOut.created_at.desc(), OptOut.id)
    )
    classes: dict[int, OptOutClass] = {}
    for classroom_id, classroom_name, student_id, student_name, bank_id, created_at, finished in result:
        group = classes.setdefault(classroom_id, OptOutClass(classroom_id, classroom_name))
        group.rows.append(
            OptOutRow(
                student_id=student_id,
                student_name=student_name,
                bank_id=bank_id,
                created_at=created_at,
                finished_since=bool(finished),
            )
        )
    return list(classes.values())
