"""One assignment in detail: each question's right and partly right share, the wrong answer
chosen most, the red flags most missed, the misconceptions by how many students showed
them, the opening and closing reflections as "before" and "after" class totals, the key
items right on the first attempt against the latest (``before_after``), and every counted
answer (the CSV).

Each student counts once, with their counted attempt (``counting.counted_attempts``),
except in "before and after", which compares each student's first attempt with their latest.
Verdicts (right, partly right, wrong) come from the quiz engine's ``verdict``, and
percentages from ``figures``, so this page, its CSV and the other reports agree.
Answers to questions that a later version of the bank removed still count, marked
``removed``. Reflections are never shown per student, and their totals only from
``MIN_GROUP`` answers up.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, AnswerMisconception, Assignment, Attempt, Student
from app.quizbank import Bank, Catalogue, Question, Verdict, render_markdown, verdict
from app.reports.answers import describe
from app.reports.before_after import (
    KeyItemProgress,
    answer_tallies,
    key_item_progress,
    moment_questions,
    reflection_counts,
)
from app.reports.class_grid import Cell, Column, cells_of, column_of
from app.reports.counting import StudentRow, bank_title, class_students, counted_attempts, plain
from app.reports.figures import MIN_GROUP, percent, share


def counted_of(assignment_id: int):
    return counted_attempts(Attempt.assignment_id == assignment_id)


@dataclass(frozen=True)
class WrongAnswer:
    text: str
    count: int


@dataclass(frozen=True)
class MissedFlag:
    text: str
    missed: int
    of: int

    @property
    def missed_percent(self) -> int | None:
        return share(self.missed, self.of)


@dataclass(frozen=True)
class QuestionStats:
    id: str
    number: int | None  # its place in the current bank; None when the bank removed it
    type: str
    text: str  # the prompt as plain text (for charts and CSV)
    prompt: Markup
    key: bool
    answered: int
    right: int
    partial: int
    average: float | None
    common_wrong: WrongAnswer | None = None
    missed_flags: tuple[MissedFlag, ...] = ()

    @property
    def removed(self) -> bool:
        return self.number is None

    @property
    def right_percent(self) -> int | None:
        return share(self.right, self.answered)

    @property
    def partial_percent(self) -> int | None:
        return share(self.partial, self.answered)


@dataclass(frozen=True)
class MisconceptionCount:
    key: str
    label: str
    students: int


@dataclass(frozen=True)
class ReflectionTotals:
    question_id: str
    moment: str  # before | after
    text: str
    counts: tuple[int, ...]  # students per value 1..4 (strongly disagree .. strongly agree)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def hidden(self) -> bool:
        """Fewer than five answers could be traced to a student: shown as "not enough answers"."""
        return self.total < MIN_GROUP


@dataclass(frozen=True)
class StudentProgress:
    student: StudentRow
    cell: Cell


@dataclass(frozen=True)
class AssignmentReport:
    column: Column
    students: list[StudentProgress]
    questions: list[QuestionStats]
    misconceptions: list[MisconceptionCount]
    reflections: list[ReflectionTotals] = field(default_factory=list)
    key_items: list[KeyItemProgress] = field(default_factory=list)  # right on the first attempt vs the latest

    @property
    def scored_questions(self) -> list[QuestionStats]:
        return [q for q in self.questions if q.type != "reflection"]

    # Rows for the charts: (label, value), the same figures as the tables.
    @property
    def right_chart(self) -> list[tuple[str, int | None]]:
        return [(f"{q.number}. {q.text}" if q.number else q.text, q.right_percent) for q in self.scored_questions]

    @property
    def misconception_chart(self) -> list[tuple[str, int]]:
        return [(m.label, m.students) for m in self.misconceptions]

    @property
    def shown_reflections(self) -> list[ReflectionTotals]:
        return [r for r in self.reflections if not r.hidden]


def _missed(score: float | None) -> bool:
    return verdict(score) in (Verdict.WRONG, Verdict.PARTLY_RIGHT)


def _most_common_wrong(question: Question, rows: list[tuple[dict, float]], locale: str) -> WrongAnswer | None:
    """The wrong answer given most (ties: the first in the question's own order)."""
    # Values of stored responses (JSON): a choice id, a true/false answer, or a tuple of ids.
    wrong: Counter[Any]
    order: list[Any]
    if question.type == "single":
        wrong = Counter(response.get("choice") for response, score in rows if _missed(score))
        order = [choice.id for choice in question.choices]
    elif question.type == "true_false":
        wrong = Counter(response.get("answer") for response, score in rows if _missed(score))
        order = [True, False]
    elif question.type in ("multiple", "order"):
        key = "choices" if question.type == "multiple" else "order"
        wrong = Counter(tuple(response.get(key) or ()) for response, score in rows if _missed(score))
        order = sorted(wrong, key=lambda value: tuple(map(str, value)))
    else:  # chat: the missed red flags say more than any one response
        return None
    if not wrong:
        return None
    best = max(wrong.values())
    value = next((v for v in order if wrong.get(v) == best), None)
    if value is None:
        value = next(v for v, n in wrong.items() if n == best)
    key = {"single": "choice", "true_false": "answer", "multiple": "choices", "order": "order"}[question.type]
    response = {key: list(value) if isinstance(value, tuple) else value}
    return WrongAnswer(text=describe(question, response, locale), count=best)


def _missed_flags(question: Question, responses: list[dict], locale: str) -> tuple[MissedFlag, ...]:
    """For each red-flag message: how many chat answers did not mark it, most missed first."""
    flagged = [set(response.get("flags") or ()) for response in responses]
    missed = [
        MissedFlag(
            text=plain(message.text.get_text(locale)), missed=sum(1 for f in flagged if message.id not in f), of=len(flagged)
        )
        for message in question.messages
        if message.red_flag
    ]
    return tuple(sorted(missed, key=lambda flag: -flag.missed))


def _before_after(bank: Bank | None, assignment_id: int, locale: str) -> tuple[list[ReflectionTotals], list[KeyItemProgress]]:
    """The opening reflection on first attempts ("before"), the closing one on the latest answers
    ("after"), and each key item right on the first attempt and on the latest answer: one query."""
    if bank is None:
        return [], []
    moments = [(moment, bank.question(qid)) for moment, qid in moment_questions(bank)]
    numbers = {q.id: n for n, q in enumerate(bank.questions, start=1)}
    keys = [q for q in bank.questions if q.key]
    tallies = answer_tallies(
        Attempt.assignment_id == assignment_id, question_ids={*(q.id for _moment, q in moments if q), *(q.id for q in keys)}
    )
    reflections = [
        ReflectionTotals(
            question_id=q.id,
            moment=moment,
            text=plain(q.prompt.get_text(locale)),
            counts=reflection_counts(tallies, q.id, moment),
        )
        for moment, q in moments
        if q is not None
    ]
    progress = [key_item_progress(tallies, q.id, numbers[q.id], plain(q.prompt.get_text(locale))) for q in keys]
    return reflections, progress


def _tally(rows: list[tuple[dict, float]]) -> dict:
    """answered, right, partly right and the average score of one question's counted answers."""
    verdicts = Counter(verdict(score) for _response, score in rows)
    scores = [score for _response, score in rows if score is not None]
    return {
        "answered": len(rows),
        "right": verdicts[Verdict.RIGHT],
        "partial": verdicts[Verdict.PARTLY_RIGHT],
        "average": sum(scores) / len(scores) if scores else None,
    }


def assignment_report(assignment: Assignment, catalogue: Catalogue, locale: str) -> AssignmentReport:
    """One assignment in detail: six queries, whatever the number of students (and of attempts)."""
    bank = catalogue.get(assignment.bank_id)
    students = class_students(assignment.classroom_id)
    cells = cells_of([assignment.id])
    column = column_of(assignment, bank_title(catalogue, assignment.bank_id, locale), students, cells)
    counted = counted_of(assignment.id)

    responses: dict[str, list[tuple[dict, float]]] = {}
    for row in db.session.execute(
        select(Answer.question_id, Answer.response, Answer.score).where(
            Answer.attempt_id.in_(counted), Answer.question_type != "reflection"
        )
    ):
        responses.setdefault(row.question_id, []).append((row.response, row.score))

    numbers = {q.id: n for n, q in enumerate(bank.questions if bank else (), start=1)}
    questions: list[QuestionStats] = []
    for question in (q for q in (bank.questions if bank else ()) if q.scored):
        rows = responses.get(question.id, [])
        questions.append(
            QuestionStats(
                id=question.id,
                number=numbers[question.id],
                type=question.type,
                text=plain(question.prompt.get_text(locale)),
                prompt=render_markdown(question.prompt.get_text(locale)),
                key=question.key,
                **_tally(rows),
                common_wrong=_most_common_wrong(question, rows, locale),
                missed_flags=_missed_flags(question, [r for r, _s in rows], locale) if question.type == "chat" else (),
            )
        )
    for question_id in sorted(set(responses) - set(numbers)):  # removed by a later version of the bank
        questions.append(
            QuestionStats(
                id=question_id,
                number=None,
                type="removed",
                text=question_id,
                prompt=Markup.escape(question_id),
                key=False,
                **_tally(responses[question_id]),
            )
        )

    labels = catalogue.misconceptions
    misconceptions = [
        MisconceptionCount(
            key=row.key, label=labels[row.key].label.get_text(locale) if row.key in labels else row.key, students=row.students
        )
        for row in db.session.execute(
            select(AnswerMisconception.key, func.count(func.distinct(AnswerMisconception.attempt_id)).label("students"))
            .where(AnswerMisconception.attempt_id.in_(counted))
            .group_by(AnswerMisconception.key)
            .order_by(func.count(func.distinct(AnswerMisconception.attempt_id)).desc(), AnswerMisconception.key)
        )
    ]
    reflections, key_items = _before_after(bank, assignment.id, locale)
    return AssignmentReport(
        column=column,
        students=[StudentProgress(s, cells.get((s.id, assignment.id), Cell())) for s in students],
        questions=questions,
        misconceptions=misconceptions,
        reflections=reflections,
        key_items=key_items,
    )


@dataclass(frozen=True)
class AnswerRow:
    student_id: int
    student: str
    number: int | None
    question_id: str
    question: str
    answer: str
    score: float | None

    @property
    def percent(self) -> int | None:
        return percent(self.score)


def assignment_answers(assignment: Assignment, catalogue: Catalogue, locale: str) -> list[AnswerRow]:
    """Every counted answer (reflections excepted: never per student), in one query."""
    bank = catalogue.get(assignment.bank_id)
    numbers = {q.id: n for n, q in enumerate(bank.questions if bank else (), start=1)}
    rows = db.session.execute(
        select(Student.display_name, Student.id, Answer.question_id, Answer.response, Answer.score)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .where(Answer.attempt_id.in_(counted_of(assignment.id)), Answer.question_type != "reflection")
    )
    answers = []
    for row in rows:
        question = bank.question(row.question_id) if bank else None
        answers.append(
            AnswerRow(
                student_id=row.id,
                student=row.display_name,
                number=numbers.get(row.question_id),
                question_id=row.question_id,
                question=plain(question.prompt.get_text(locale)) if question else row.question_id,
                answer=describe(question, row.response, locale),
                score=row.score,
            )
        )
    big = len(numbers) + 1
    answers.sort(key=lambda a: (a.student.casefold(), a.number or big, a.question_id))
    return answers
