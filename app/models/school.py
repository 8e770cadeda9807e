"""A school, its own help contacts, and its classrooms.

A classroom belongs to one teacher (and may be shared with others); students join
it with its join code. Parents' consent is recorded per classroom before its
students can sign in.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

if TYPE_CHECKING:
    from app.models.people import Student, User
from app.models.base import str_enum, utcnow


class Band(enum.StrEnum):
    """School bands: SD (10-12 years), SMP (12-15), SMA (15-18)."""

    SD = "sd"
    SMP = "smp"
    SMA = "sma"


class School(db.Model):
    __tablename__ = "schools"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    default_locale: Mapped[str] = mapped_column(String(8), default="id")
    # Where "quick exit" sends a student; None means the app's default.
    quick_exit_url: Mapped[str | None] = mapped_column(String(500))
    # When no counsellor has opened a help request after this many hours, the admins are
    # told (app.services.notifications); with school_days_only, Saturdays and Sundays do not count.
    escalation_hours: Mapped[int] = mapped_column(Integer, default=24, server_default="24")
    escalation_school_days_only: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    contacts: Mapped[list[SchoolContact]] = relationship(
        back_populates="school", cascade="all, delete-orphan", order_by="SchoolContact.position"
    )


class SchoolContact(db.Model):
    """A help contact of the school's own (the guru BK's room, the TPPK, the UPTD PPA)."""

    __tablename__ = "school_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # counsellor, tppk, uptd_ppa, other
    name: Mapped[str] = mapped_column(String(160))
    details: Mapped[str] = mapped_column(Text, default="")  # room, hours
    phone: Mapped[str | None] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer, default=0)

    school: Mapped[School] = relationship(back_populates="contacts")


class Classroom(db.Model):
    __tablename__ = "classrooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    band: Mapped[Band] = mapped_column(str_enum(Band, 8))
    locale: Mapped[str] = mapped_column(String(8), default="id")
    join_code: Mapped[str] = mapped_column(String(16), unique=True)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    school: Mapped[School] = relationship()
    teacher: Mapped[User | None] = relationship()
    students: Mapped[list[Student]] = relationship(
        back_populates="classroom",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Student.display_name",
    )

    @property
    def archived(self) -> bool:
        return self.archived_at is not None


class ClassroomShare(db.Model):
    """Another teacher who may see and teach a classroom (a co-teacher)."""

    __tablename__ = "classroom_shares"

    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class ConsentRecord(db.Model):
    """How parents or guardians of a classroom were informed and agreed (UU 27/2022 on children's data)."""

    __tablename__ = "consent_records"
    __table_args__ = (UniqueConstraint("classroom_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    informed_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(200))  # a letter signed by parents, a parents' meeting ...
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str] = mapped_column(Text, default="")
    all_agreed: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
