"""The people: staff accounts (admin, teacher, counsellor) and students.

Students are minors, so a student is only a display name chosen by the teacher and
a personal code printed on a card: no email, no birth date, no photo, no password.
Both kinds carry a ``session_version``: raising it ends every session signed with
the old one (sign-out, password change, deactivation, code reset).
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import str_enum, utcnow
from app.models.school import Classroom, School


class Role(enum.StrEnum):
    ADMIN = "admin"
    TEACHER = "teacher"
    COUNSELLOR = "counsellor"


class User(UserMixin, db.Model):
    """A member of a school's staff."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, 16))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    school: Mapped[School] = relationship()

    is_student = False
    is_staff = True

    def get_id(self) -> str:
        # The session version travels in the session: raising it signs every old cookie out.
        return f"u:{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:
        return self.active


class SignedInAsStudent(UserMixin):
    """What makes a principal a student's session, for the ORM ``Student`` and the read-only
    ``app.signed_in.SignedInStudent`` alike: the session id, and no staff role."""

    is_student = True
    is_staff = False
    role = None

    def get_id(self) -> str:
        return f"s:{self.id}:{self.session_version}"  # type: ignore[attr-defined]

    @property
    def school_id(self) -> int:
        return self.classroom.school_id  # type: ignore[attr-defined]


class Student(SignedInAsStudent, db.Model):
    """A student of one classroom, known by a display name and a personal code."""

    __tablename__ = "students"
    __table_args__ = (UniqueConstraint("classroom_id", "personal_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(60))
    personal_code: Mapped[str] = mapped_column(String(16))
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    locale: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(DateTime)

    classroom: Mapped[Classroom] = relationship(back_populates="students")
