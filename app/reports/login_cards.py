"""What the admin's login cards print: every open class of the school, in class order, with its students.

Class order is the order a school counts its classes in: by grade, then by name, so
"VII-A, VII-B, VIII-A, IX-A" and "7A, 8A, 10A" come out as they are taught, not
alphabetically ("IX" before "VII"). Archived classes are left out: their students
can no longer sign in. Two queries, whatever the size of the school.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import Classroom, Student

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}
# "7", "7C", "Kelas 7"; a Roman numeral only when no letter follows ("VII-A", "X IPA", not "Vina")
_GRADE = re.compile(r"(?:kelas\s+)?(?:(\d{1,2})(?!\d)|(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?![^\W\d_]))", re.IGNORECASE)


@dataclass(frozen=True)
class CardStudent:
    display_name: str
    personal_code: str


@dataclass(frozen=True)
class ClassCards:
    id: int
    name: str
    locale: str
    join_code: str
    students: list[CardStudent] = field(default_factory=list)


def class_order(name: str) -> tuple:
    """Sort key: the grade a class name starts with (7, "VII", "Kelas 7"), then the name; no grade: after."""
    text = " ".join(name.split())
    match = _GRADE.match(text)
    grade = None
    if match:
        grade = int(match.group(1)) if match.group(1) else _ROMAN[match.group(2).upper()]
    return (grade is None, grade or 0, text.casefold())


def open_classes_with_students(school_id: int) -> list[ClassCards]:
    """The school's open classes in class order, each with its students by name."""
    classes = {
        row.id: ClassCards(row.id, row.name, row.locale, row.join_code)
        for row in db.session.execute(
            select(Classroom.id, Classroom.name, Classroom.locale, Classroom.join_code).where(
                Classroom.school_id == school_id, Classroom.archived_at.is_(None)
            )
        )
    }
    for row in db.session.execute(
        select(Student.classroom_id, Student.display_name, Student.personal_code)
        .where(Student.classroom_id.in_(list(classes)))
        .order_by(Student.display_name, Student.id)
    ):
        classes[row.classroom_id].students.append(CardStudent(row.display_name, row.personal_code))
    return sorted(classes.values(), key=lambda line: (*class_order(line.name), line.id))
