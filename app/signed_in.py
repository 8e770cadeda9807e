"""The signed-in student as every student request sees it: one Core query, no ORM object.

Every request of a student first loads who is signed in (``security.load_principal``).
Loading the ORM ``Student`` with its class and school cost more CPU than the rest of
a question page's queries together, so a student's session is read with one prebuilt
SQLAlchemy Core statement into these small read-only objects. They carry what the
pages need (name, language, class, school, quick exit); the few changes to a student's
own row (signing out, the language) are single UPDATEs here, by id.

A stale session is never trusted: the statement checks the session version, that
the student still exists and that the class is not archived, on every request.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select, update

from app.extensions import db
from app.models import Classroom, School, SchoolContact, Student
from app.models.people import SignedInAsStudent

_students, _classrooms, _schools = Student.__table__, Classroom.__table__, School.__table__

# Built once: a prebuilt statement skips SQLAlchemy's per-call construction and cache-key work.
_LOAD = (
    select(
        _students.c.id,
        _students.c.display_name,
        _students.c.session_version,
        _students.c.locale,
        _classrooms.c.id.label("classroom_id"),
        _classrooms.c.name.label("classroom_name"),
        _classrooms.c.locale.label("classroom_locale"),
        _classrooms.c.archived_at,
        _schools.c.id.label("school_id"),
        _schools.c.name.label("school_name"),
        _schools.c.default_locale,
        _schools.c.quick_exit_url,
    )
    .select_from(_students.join(_classrooms, _classrooms.c.id == _students.c.classroom_id))
    .join(_schools, _schools.c.id == _classrooms.c.school_id)
    .where(_students.c.id == bindparam("student_id"))
)
_NEXT_VERSION = (
    update(_students).where(_students.c.id == bindparam("student_id")).values(session_version=_students.c.session_version + 1)
)


@dataclass(frozen=True)
class StudentsSchool:
    id: int
    name: str
    default_locale: str
    quick_exit_url: str | None

    @property
    def contacts(self) -> list[SchoolContact]:
        """The school's own help contacts (only the help pages show them: read when asked)."""
        return list(
            db.session.scalars(select(SchoolContact).where(SchoolContact.school_id == self.id).order_by(SchoolContact.position))
        )


@dataclass(frozen=True)
class StudentsClassroom:
    id: int
    name: str
    locale: str
    school: StudentsSchool

    @property
    def school_id(self) -> int:
        return self.school.id


@dataclass(frozen=True, eq=False)
class SignedInStudent(SignedInAsStudent):
    """What a student's request knows about the student (see the module's docstring)."""

    id: int
    display_name: str
    session_version: int
    locale: str | None
    classroom: StudentsClassroom

    @property
    def classroom_id(self) -> int:
        return self.classroom.id

    @property
    def school(self) -> StudentsSchool:
        return self.classroom.school


def load_student(student_id: int, version: int) -> SignedInStudent | None:
    """The student of a session, or None when the session is stale, the student gone or the class archived."""
    row = db.session.connection().execute(_LOAD, {"student_id": student_id}).first()
    if row is None or row.session_version != version or row.archived_at is not None:
        return None
    school = StudentsSchool(row.school_id, row.school_name, row.default_locale, row.quick_exit_url)
    return SignedInStudent(
        row.id,
        row.display_name,
        row.session_version,
        row.locale,
        StudentsClassroom(row.classroom_id, row.classroom_name, row.classroom_locale, school),
    )


def end_sessions(student_id: int) -> None:
    """Raise the student's session version: every cookie of the student, even a replayed one, is now signed out."""
    db.session.connection().execute(_NEXT_VERSION, {"student_id": student_id})


def remember_language(student_id: int, locale: str) -> None:
    db.session.connection().execute(update(_students).where(_students.c.id == student_id).values(locale=locale))
