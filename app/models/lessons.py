"""A teacher-led discussion lesson: one module shown on the projector, answered on phones.

Answers are anonymous by construction: a lesson keeps only class totals, one counter
per (question, option), and no table of this lesson names a student or a device. The
projector shows a distribution only from ``figures.MIN_GROUP`` answers up. Everything a
phone or the projector needs (which question is showing, whether its explanation is
revealed) is a row here, so any app process on any machine serves any phone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.people import User
from app.models.school import Classroom


class Lesson(db.Model):
    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[str] = mapped_column(String(80))
    bank_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    # The code phones open the lesson with (shown large and as a QR code on the projector).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # index of the question showing
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)  # its explanation is shown
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)

    classroom: Mapped[Classroom] = relationship()
    started_by: Mapped[User | None] = relationship()

    @property
    def active(self) -> bool:
        return self.ended_at is None


class LessonTally(db.Model):
    """How many phones gave one option to one question of a lesson. Never who.

    ``option`` is a choice id, "true"/"false", a chat message id marked as a red flag,
    a reflection value "1".."4", a verdict ("v:right", "v:partly_right", "v:wrong"), or
    ``ANSWERED`` for the number of phones that answered the question at all.
    """

    __tablename__ = "lesson_tallies"
    __table_args__ = (UniqueConstraint("lesson_id", "question_id", "option"),)

    ANSWERED = "*"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lessons.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    option: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer, default=0)
