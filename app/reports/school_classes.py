"""The classes an admin looks after: every class of the school with its teacher, size and consent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import Classroom, ConsentRecord, Student, User


@dataclass(frozen=True)
class ClassLine:
    id: int
    name: str
    band: str
    teacher_id: int | None
    teacher_name: str | None
    students: int
    consent_informed_on: date | None  # None: parents' consent not recorded yet
    archived_at: datetime | None


def school_classes(school_id: int) -> list[ClassLine]:
    """Every class of the school, open ones first, in one query."""
    students = select(func.count(Student.id)).where(Student.classroom_id == Classroom.id).scalar_subquery()
    rows = db.session.execute(
        select(
            Classroom.id,
            Classroom.name,
            Classroom.band,
            Classroom.teacher_id,
            User.display_name,
            students,
            ConsentRecord.informed_on,
            Classroom.archived_at,
        )
        .outerjoin(User, User.id == Classroom.teacher_id)
        .outerjoin(ConsentRecord, ConsentRecord.classroom_id == Classroom.id)
        .where(Classroom.school_id == school_id)
        .order_by(Classroom.archived_at.is_not(None), Classroom.name, Classroom.id)
    )
    return [ClassLine(row[0], row[1], str(row[2]), *row[3:]) for row in rows]
