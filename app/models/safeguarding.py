"""Safeguarding records: help requests and the follow-up of missed key items.

A help request is seen by the counsellors of the student's school only. It is a
safeguarding record, so it outlives the student's deletion: ``student_id`` becomes
NULL (every request is sent by a signed-in student, so NULL means "from a deleted student").
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import str_enum, utcnow
from app.models.people import Student, User
from app.models.progress import Answer
from app.models.school import Classroom


class HelpStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    HANDLED = "handled"


class HelpRequest(db.Model):
    __tablename__ = "help_requests"
    __table_args__ = (Index("ix_help_requests_school_status", "school_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("schools.id", ondelete="CASCADE"))
    student_id: Mapped[int | None] = mapped_column(ForeignKey("students.id", ondelete="SET NULL"), index=True)
    classroom_id: Mapped[int | None] = mapped_column(ForeignKey("classrooms.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[HelpStatus] = mapped_column(
        str_enum(HelpStatus, 16),
        default=HelpStatus.NEW,
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    first_read_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    first_read_at: Mapped[datetime | None] = mapped_column(DateTime)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    counsellor_note: Mapped[str] = mapped_column(Text, default="")

    student: Mapped[Student | None] = relationship()
    classroom: Mapped[Classroom | None] = relationship()
    first_read_by: Mapped[User | None] = relationship(foreign_keys=[first_read_by_id])
    handled_by: Mapped[User | None] = relationship(foreign_keys=[handled_by_id])

    @property
    def from_deleted_student(self) -> bool:
        return self.student_id is None


class KeyItemFollowUp(db.Model):
    """A counsellor followed up with a student who answered a key safety item wrongly."""

    __tablename__ = "key_item_follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), unique=True)
    counsellor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    followed_up_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    answer: Mapped[Answer] = relationship()
    counsellor: Mapped[User | None] = relationship()
