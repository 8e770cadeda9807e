"""Before and after: how a class felt before a module and after it, and how its key items went
on the first try against the latest.

A module opens and closes with the same reflection ("I know where to report a threat").
"Before" is each student's answer to the opening one on their *first* attempt (a retry
does not ask it again); "after" is their *latest* answer to the closing one. Both are
class totals, shown only from ``MIN_GROUP`` answers up, so that no answer can be traced
to a student. For the key safety items: the share of students right on their first
attempt against the share right on their latest answer, so a teacher sees whether
trying again helped.

``answer_tallies`` is one aggregate query, whatever the number of students: each answer
is ranked by recency per assignment, student and question (a window function), and the
first-attempt and latest answers are counted by question, reflection value and
rightness. The assignment report and the counsellor's overview both read through it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select

from app.extensions import db
from app.models import Answer, Assignment, Attempt
from app.quizbank import RIGHT_FROM, Bank
from app.reports.figures import MIN_GROUP, share

BEFORE, AFTER = "before", "after"
AGREE4 = (1, 2, 3, 4)  # strongly disagree .. strongly agree


@dataclass(frozen=True)
class Tally:
    """How many students gave answers of one kind: to one question, in one class and module."""

    classroom_id: int
    bank_id: str
    question_id: str
    value: int | None  # a reflection's point on the scale; None for other questions
    first: bool  # the answer of the student's first attempt
    latest: bool  # the student's latest answer to this question
    right: bool
    students: int


def answer_tallies(*conditions, question_ids: Collection[str]) -> list[Tally]:
    """First-attempt and latest answers to ``question_ids``, counted, among attempts matching ``conditions``
    (on Attempt, Assignment). One query."""
    if not question_ids:
        return []
    recency = func.row_number().over(
        partition_by=(Attempt.assignment_id, Attempt.student_id, Answer.question_id),
        order_by=Attempt.number.desc(),
    )
    ranked = (
        select(
            Assignment.classroom_id,
            Attempt.bank_id,
            Answer.question_id,
            Answer.response["value"].as_integer().label("value"),
            case((Attempt.number == 1, 1), else_=0).label("first"),
            case((Answer.score >= RIGHT_FROM, 1), else_=0).label("right"),
            recency.label("recency"),
        )
        .select_from(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .where(Answer.question_id.in_(sorted(question_ids)), *conditions)
        .subquery()
    )
    latest = case((ranked.c.recency == 1, 1), else_=0)
    keys = (ranked.c.classroom_id, ranked.c.bank_id, ranked.c.question_id, ranked.c.value, ranked.c.first, latest, ranked.c.right)
    rows = db.session.execute(select(*keys, func.count()).where(or_(ranked.c.first == 1, ranked.c.recency == 1)).group_by(*keys))
    return [
        Tally(classroom_id, bank_id, question_id, value, bool(first), bool(is_latest), bool(right), students)
        for classroom_id, bank_id, question_id, value, first, is_latest, right, students in rows
    ]


def moment_questions(bank: Bank) -> list[tuple[str, str]]:
    """(moment, question id): the opening reflection "before", the closing one "after"."""
    pairs = [(BEFORE, bank.opening_reflection), (AFTER, bank.closing_reflection)]
    return [(moment, question.id) for moment, question in pairs if question is not None]


def reflection_counts(tallies: Iterable[Tally], question_id: str, moment: str) -> tuple[int, ...]:
    """Students per point of the scale: first attempts "before", latest answers "after"."""
    counts = dict.fromkeys(AGREE4, 0)
    for tally in tallies:
        wanted = tally.first if moment == BEFORE else tally.latest
        if tally.question_id == question_id and wanted and tally.value in counts:
            counts[tally.value] += tally.students
    return tuple(counts[point] for point in AGREE4)


def shown_counts(counts: tuple[int, ...]) -> tuple[int, ...] | None:
    """The counts, or None when fewer than ``MIN_GROUP`` students answered."""
    return counts if sum(counts) >= MIN_GROUP else None


@dataclass(frozen=True)
class KeyItemProgress:
    """One key safety item: students right on their first attempt, and on their latest answer."""

    question_id: str
    number: int
    text: str
    first_answered: int
    first_right: int
    latest_answered: int
    latest_right: int

    @property
    def first_percent(self) -> int | None:
        return share(self.first_right, self.first_answered)

    @property
    def latest_percent(self) -> int | None:
        return share(self.latest_right, self.latest_answered)


def key_item_progress(tallies: Iterable[Tally], question_id: str, number: int, text: str) -> KeyItemProgress:
    mine = [tally for tally in tallies if tally.question_id == question_id]
    return KeyItemProgress(
        question_id=question_id,
        number=number,
        text=text,
        first_answered=sum(t.students for t in mine if t.first),
        first_right=sum(t.students for t in mine if t.first and t.right),
        latest_answered=sum(t.students for t in mine if t.latest),
        latest_right=sum(t.students for t in mine if t.latest and t.right),
    )
