"""One student's attempts and answers, with the explanations (the teacher's and counsellor's view).

Reflections are never shown per student: they are reported only as class totals.
Answers to questions a later version of the bank removed still show, marked so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, AnswerMisconception, Assignment, Attempt, Student
from app.quizbank import Catalogue, Question, Verdict, render_inline, render_markdown, verdict
from app.reports.answers import SEPARATORS, describe
from app.reports.counting import bank_title
from app.reports.figures import percent


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    assignment_id: int
    title: str
    number: int
    started_at: datetime
    finished_at: datetime | None
    score: float | None
    answered: int

    @property
    def shown_score(self) -> float | None:
        """The score, once the attempt is finished (a score in progress means nothing yet)."""
        return self.score if self.finished_at else None

    @property
    def percent(self) -> int | None:
        return percent(self.shown_score)


def student_attempts(student: Student, catalogue: Catalogue, locale: str) -> list[AttemptSummary]:
    """Every attempt of the student, by assignment then number: one query."""
    rows = db.session.execute(
        select(
            Attempt.id,
            Attempt.assignment_id,
            Attempt.bank_id,
            Attempt.number,
            Attempt.started_at,
            Attempt.finished_at,
            Attempt.score,
            func.count(Answer.id).label("answered"),
        )
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .outerjoin(Answer, (Answer.attempt_id == Attempt.id) & (Answer.question_type != "reflection"))
        .where(Attempt.student_id == student.id)
        .group_by(Attempt.id, Assignment.created_at)
        .order_by(Assignment.created_at, Attempt.assignment_id, Attempt.number)
    )
    return [
        AttemptSummary(
            id=row.id,
            assignment_id=row.assignment_id,
            title=bank_title(catalogue, row.bank_id, locale),
            number=row.number,
            started_at=row.started_at,
            finished_at=row.finished_at,
            score=row.score,
            answered=row.answered,
        )
        for row in rows
    ]


@dataclass(frozen=True)
class FlagView:
    text: Markup
    red_flag: bool
    marked: bool
    why: Markup | None


@dataclass(frozen=True)
class AnswerView:
    question_id: str
    number: int | None
    removed: bool
    prompt: Markup
    answer: str
    score: float | None
    verdict: Verdict | None
    explanation: Markup | None
    feedback: Markup | None  # the chosen choice's own feedback, for a single choice
    correct: str | None  # the right answer, as text
    flags: tuple[FlagView, ...] = ()
    misconceptions: tuple[str, ...] = ()

    @property
    def percent(self) -> int | None:
        return percent(self.score)


def _correct_text(question: Question, locale: str) -> str | None:
    if question.type in ("single", "multiple"):
        return SEPARATORS["multiple"].join(c.text.get_text(locale) for c in question.choices if c.correct)
    if question.type == "true_false":
        return describe(question, {"answer": question.answer}, locale)
    if question.type == "order":
        return describe(question, {"order": [item.id for item in question.items]}, locale)
    return None


def attempt_answers(attempt: Attempt, catalogue: Catalogue, locale: str) -> list[AnswerView]:
    """The answers of one attempt with explanations (reflections left out): two queries."""
    bank = catalogue.get(attempt.bank_id)
    numbers = {q.id: n for n, q in enumerate(bank.questions if bank else (), start=1)}
    answers = list(
        db.session.execute(
            select(Answer.id, Answer.question_id, Answer.response, Answer.score)
            .where(Answer.attempt_id == attempt.id, Answer.question_type != "reflection")
            .order_by(Answer.id)
        )
    )
    shown: dict[int, list[str]] = {}
    labels = catalogue.misconceptions
    for row in db.session.execute(
        select(AnswerMisconception.answer_id, AnswerMisconception.key)
        .join(Answer, Answer.id == AnswerMisconception.answer_id)
        .where(Answer.attempt_id == attempt.id)
    ):
        shown.setdefault(row.answer_id, []).append(labels[row.key].label.get_text(locale) if row.key in labels else row.key)
    views = []
    for row in answers:
        question = bank.question(row.question_id) if bank else None
        views.append(_answer_view(question, row, numbers, locale, tuple(shown.get(row.id, ()))))
    big = len(numbers) + 1
    return sorted(views, key=lambda view: (view.number or big, view.question_id))


def _answer_view(question: Question | None, row, numbers, locale: str, misconceptions: tuple[str, ...]) -> AnswerView:
    if question is None:
        return AnswerView(
            question_id=row.question_id,
            number=None,
            removed=True,
            prompt=Markup.escape(row.question_id),
            answer=describe(None, row.response, locale),
            score=row.score,
            verdict=verdict(row.score),
            explanation=None,
            feedback=None,
            correct=None,
            misconceptions=misconceptions,
        )
    feedback = None
    if question.type == "single" and isinstance(row.response, dict):
        chosen = next((c for c in question.choices if c.id == row.response.get("choice")), None)
        if chosen is not None and chosen.feedback is not None:
            feedback = render_markdown(chosen.feedback.get_text(locale))
    flags: Iterable[FlagView] = ()
    if question.type == "chat" and isinstance(row.response, dict):
        marked = set(row.response.get("flags") or ())
        flags = tuple(
            FlagView(
                text=render_inline(m.text.get_text(locale)),
                red_flag=m.red_flag,
                marked=m.id in marked,
                why=render_inline(m.why.get_text(locale)) if m.why else None,
            )
            for m in question.messages
        )
    return AnswerView(
        question_id=question.id,
        number=numbers[question.id],
        removed=False,
        prompt=render_markdown(question.prompt.get_text(locale)),
        answer=describe(question, row.response, locale),
        score=row.score,
        verdict=verdict(row.score),
        explanation=render_markdown(question.explanation.get_text(locale)),
        feedback=feedback,
        correct=_correct_text(question, locale),
        flags=tuple(flags),
        misconceptions=misconceptions,
    )
