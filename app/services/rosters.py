"""The roster of a classroom: students known by a display name and a personal code."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Classroom, Student
from app.services import codes

MAX_NAME_LENGTH = 60


class RosterError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean_name(raw: str) -> str:
    return " ".join((raw or "").split())


def unused_personal_code(classroom: Classroom) -> str:
    while True:
        code = codes.generate(codes.PERSONAL_CODE_LENGTH)
        taken = db.session.scalar(
            select(Student.id).where(Student.classroom_id == classroom.id, Student.personal_code == code)
        )
        if taken is None:
            return code


def add_student(classroom: Classroom, display_name: str) -> Student:
    name = clean_name(display_name)
    if not name or len(name) > MAX_NAME_LENGTH:
        raise RosterError("bad_name")
    student = Student(classroom=classroom, display_name=name, personal_code=unused_personal_code(classroom))
    db.session.add(student)
    db.session.flush()
    return student
