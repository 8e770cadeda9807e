"""Classrooms: created by a teacher, joined by students with the class's join code."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Band, Classroom, User
from app.services import codes


class ClassroomError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def unused_join_code() -> str:
    while True:
        code = codes.generate(codes.JOIN_CODE_LENGTH)
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def create_classroom(teacher: User, name: str, band: Band | str, locale: str = "id") -> Classroom:
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ClassroomError("bad_name")
    try:
        band = Band(band)
    except ValueError:
        raise ClassroomError("bad_band") from None
    if locale not in ("id", "en"):
        raise ClassroomError("bad_locale")
    classroom = Classroom(
        school_id=teacher.school_id, teacher_id=teacher.id, name=name, band=band, locale=locale,
        join_code=unused_join_code(),
    )
    db.session.add(classroom)
    db.session.flush()
    return classroom


def find_by_join_code(raw_code: str) -> Classroom | None:
    code = codes.normalise(raw_code)
    if not code:
        return None
    return db.session.scalar(select(Classroom).where(Classroom.join_code == code))
