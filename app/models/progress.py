"""Assignments and what students did with them.

An Attempt records the bank id, version and content hash it started with, and
each Answer the question id, so that later edits to a bank never rewrite history.
An Answer is unique per attempt and question: a double tap keeps the first.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import str_enum, utcnow
from app.models.people import Student, User
from app.models.school import Classroom


class FeedbackMode(enum.StrEnum):
    IMMEDIATE = "immediate"  # right after each answer
    AFTER_FINISH = "after_finish"  # when the student finishes the module
    AFTER_CLOSE = "after_close"  # when the teacher closes the assignment


class Assignment(db.Model):
    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("classroom_id", "bank_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"), index=True)
    bank_id: Mapped[str] = mapped_column(String(80))
    feedback_mode: Mapped[FeedbackMode] = mapped_column(
        str_enum(FeedbackMode, 16),
        default=FeedbackMode.IMMEDIATE,
    )
    allow_retries: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # For a sensitive theme: when the teacher confirmed the counsellor knows and it runs as a lesson.
    sensitive_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    classroom: Mapped[Classroom] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("assignment_id", "student_id", "number"),
        Index("ix_attempts_student_assignment", "student_id", "assignment_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer, default=1)  # 1 for the first try, 2 for a retry ...
    bank_id: Mapped[str] = mapped_column(String(80))
    bank_version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    seed: Mapped[str] = mapped_column(String(32))  # shuffles choices the same way on every reload
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Touched first by every answer: the row lock that puts one attempt's answers in a queue.
    last_activity_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # The answered question ids, space-separated in the order given (ids are [a-z0-9-]+): the
    # statement that takes the row lock also says what is answered, so no query of `answers` is needed.
    answered_ids: Mapped[str] = mapped_column(Text, default="", server_default="")
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    score: Mapped[float | None] = mapped_column(Float)  # 0..1 over scored questions, set when finished
    passed: Mapped[bool | None] = mapped_column(Boolean)

    assignment: Mapped[Assignment] = relationship()
    student: Mapped[Student] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", passive_deletes=True, order_by="Answer.id"
    )

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def answered(self) -> frozenset[str]:
        """The ids of the questions this attempt has answered."""
        return frozenset(self.answered_ids.split())


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(80))
    question_type: Mapped[str] = mapped_column(String(16))
    response: Mapped[dict] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)  # None for a reflection
    answered_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    misconceptions: Mapped[list[AnswerMisconception]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class AnswerMisconception(db.Model):
    """A misconception an answer revealed: kept as rows so reports can count them with GROUP BY.

    ``attempt_id`` repeats the answer's attempt so that a school's report reaches the
    misconceptions from its attempts through one index, without reading every answer.
    """

    __tablename__ = "answer_misconceptions"
    __table_args__ = (Index("ix_answer_misconceptions_attempt_key", "attempt_id", "key"),)

    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))

    attempt: Mapped[Attempt] = relationship()


class OptOut(db.Model):
    """A student left a sensitive module "for now": never a score; the counsellor sees it."""

    __tablename__ = "opt_outs"
    __table_args__ = (UniqueConstraint("student_id", "assignment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    student: Mapped[Student] = relationship()
    assignment: Mapped[Assignment] = relationship()
