"""What a discussion lesson shows: the question on the projector and the class's totals.

Totals are anonymous by construction (``LessonTally`` holds counters, never a person),
and even the counters stay hidden until ``MIN_GROUP`` phones have answered a question:
with fewer, one answer could be traced to the one student who was slow to answer.
One query per lesson, whatever the number of phones.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import Classroom, Lesson, LessonTally
from app.quizbank import Bank, Question
from app.reports.figures import MIN_GROUP, share


@dataclass(frozen=True)
class OptionTotal:
    option: str  # a choice id, "true"/"false", a message id, a scale value "1".."4"
    count: int
    of: int

    @property
    def percent(self) -> int | None:
        return share(self.count, self.of)


@dataclass
class QuestionTotals:
    question: Question
    number: int
    answered: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        """Only from MIN_GROUP answers up: no total that could point to one student."""
        return self.answered >= MIN_GROUP

    def options(self) -> list[OptionTotal]:
        """The distribution, in the question's own order of options; empty while hidden."""
        if not self.shown:
            return []
        q = self.question
        if q.type in ("single", "multiple"):
            keys = [c.id for c in q.choices]
        elif q.type == "true_false":
            keys = ["true", "false"]
        elif q.type == "chat":
            keys = [m.id for m in q.messages if m.from_ != "me"]
        elif q.type == "reflection":
            keys = ["1", "2", "3", "4"]
        else:
            keys = ["v:right", "v:partly_right", "v:wrong"]
        return [OptionTotal(key, self.counts.get(key, 0), self.answered) for key in keys]

    def verdicts(self) -> dict[str, int]:
        return {key[2:]: n for key, n in self.counts.items() if key.startswith("v:")} if self.shown else {}


def lesson_totals(lesson: Lesson, bank: Bank) -> list[QuestionTotals]:
    """Every question of the lesson's module with its class totals (one query)."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for question_id, option, count in db.session.execute(
        select(LessonTally.question_id, LessonTally.option, LessonTally.count).where(LessonTally.lesson_id == lesson.id)
    ):
        counts[question_id][option] = count
    totals = []
    for number, question in enumerate(bank.questions, start=1):
        answers = counts.get(question.id, {})
        totals.append(
            QuestionTotals(
                question=question,
                number=number,
                answered=answers.get(LessonTally.ANSWERED, 0),
                counts={k: v for k, v in answers.items() if k != LessonTally.ANSWERED},
            )
        )
    return totals


def current_totals(lesson: Lesson, bank: Bank) -> QuestionTotals:
    """The question on the projector now, with its totals (one query)."""
    question = bank.questions[lesson.position]
    rows = (
        db.session.execute(
            select(LessonTally.option, LessonTally.count).where(
                LessonTally.lesson_id == lesson.id, LessonTally.question_id == question.id
            )
        )
        .tuples()
        .all()
    )
    counts = dict(rows)
    return QuestionTotals(
        question=question, number=lesson.position + 1, answered=counts.pop(LessonTally.ANSWERED, 0), counts=counts
    )


def active_lesson_by_code(code: str) -> Lesson | None:
    """The running lesson a phone opens with its code (and its class, for the language): one query."""
    return db.session.scalar(
        select(Lesson)
        .join(Classroom, Classroom.id == Lesson.classroom_id)
        .where(Lesson.code == code, Lesson.ended_at.is_(None), Classroom.archived_at.is_(None))
    )


@dataclass(frozen=True)
class LessonLine:
    id: int
    bank_id: str
    started_at: object
    ended: bool


def lessons_of_class(classroom_id: int) -> list[LessonLine]:
    """The class's lessons, newest first, for its report page (one query)."""
    return [
        LessonLine(row.id, row.bank_id, row.started_at, row.ended_at is not None)
        for row in db.session.execute(
            select(Lesson.id, Lesson.bank_id, Lesson.started_at, Lesson.ended_at)
            .where(Lesson.classroom_id == classroom_id)
            .order_by(Lesson.started_at.desc(), Lesson.id.desc())
        )
    ]
