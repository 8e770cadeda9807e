"""Classrooms: created by a teacher, joined by students with the class's join code.

A join code comes from the unambiguous alphabet of ``codes`` and is unique across
the server. A teacher may issue a new one (a code shared too widely is then dead);
the cards printed before must be printed again. Archiving a class ends it: its
students can no longer sign in, but its results stay for the reports.
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Band, Classroom, User, utcnow
from app.services import codes
from app.services.errors import ServiceError

MAX_NAME_LENGTH = 80


def unused_join_code() -> str:
    while True:
        code = codes.generate(codes.JOIN_CODE_LENGTH)
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ServiceError("bad_name")
    return name


def create_classroom(teacher: User, name: str, band: Band | str, locale: str = "id") -> Classroom:
    name = _clean_name(name)
    try:
        band = Band(band)
    except ValueError:
        raise ServiceError("bad_band") from None
    if locale not in ("id", "en"):
        raise ServiceError("bad_locale")
    classroom = Classroom(
        school_id=teacher.school_id,
        teacher_id=teacher.id,
        name=name,
        band=band,
        locale=locale,
        join_code=unused_join_code(),
    )
    db.session.add(classroom)
    db.session.flush()
    return classroom


def rename_classroom(classroom: Classroom, name: str) -> None:
    classroom.name = _clean_name(name)
    db.session.flush()


def archive_classroom(classroom: Classroom) -> None:
    """End the class: its students' sessions stop at their next page (see ``security.load_principal``)."""
    if classroom.archived_at is None:
        classroom.archived_at = utcnow()
        db.session.flush()


def restore_classroom(classroom: Classroom) -> None:
    classroom.archived_at = None
    db.session.flush()


def new_join_code(classroom: Classroom) -> str:
    """Issue a fresh join code; the old one stops working at once."""
    classroom.join_code = unused_join_code()
    db.session.flush()
    return classroom.join_code


def find_by_join_code(raw_code: str) -> Classroom | None:
    code = codes.normalise(raw_code)
    if not code:
        return None
    return db.session.scalar(select(Classroom).where(Classroom.join_code == code))
