"""Key safety items: the students a counsellor should talk with, most urgent first.

A bank marks some questions ``key: true`` ("someone threatens to share your photo
unless you pay: what do you do?"). The rule is the quiz format's, applied by the
quiz engine (``needs_follow_up``, ``concern_shown``): a student needs follow-up on a
key item when their *latest* answer to it is wrong (single, true/false) or scores
below one half (multiple, chat); one who picked an answer marked as a concern (pay,
send a photo, keep the secret, meet alone) is urgent. There is one entry per student
and question, and a later right answer clears it. The list is grouped by student,
urgent students first, each answer in words (for a chat: the red flags missed).

One query over the key answers of the school's open classes (the (bank, question)
pairs come from the catalogue), keeping each student's latest answer per question,
joined to students and classes and left-joined to the follow-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import and_, func, or_, select

from app.extensions import db
from app.models import Answer, Attempt, Classroom, KeyItemFollowUp, Student, User
from app.quizbank import Catalogue, InvalidResponse, Question, concern_shown, missed_red_flags, needs_follow_up, render_markdown
from app.reports.answers import describe
from app.reports.counting import bank_title, plain


@dataclass(frozen=True)
class KeyItemEntry:
    """One key item one student needs follow-up on: their latest answer to it."""

    answer_id: int
    bank_id: str
    question_id: str
    module_title: str
    prompt: Markup
    explanation: Markup
    answer: str  # in words
    missed_flags: tuple[str, ...]  # for a chat: the red flags not marked, as plain text
    urgent: bool  # a concern was picked
    answered_at: datetime
    followed_up_at: datetime | None
    follow_up_note: str | None
    follow_up_by: str | None

    @property
    def followed_up(self) -> bool:
        return self.followed_up_at is not None


@dataclass
class StudentEntries:
    student_id: int
    student_name: str
    classroom_id: int
    classroom_name: str
    items: list[KeyItemEntry] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return any(item.urgent and not item.followed_up for item in self.items)

    @property
    def open_count(self) -> int:
        return sum(1 for item in self.items if not item.followed_up)


def key_pairs(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """bank id -> the ids of its key questions."""
    pairs = {bank.id: tuple(q.id for q in bank.questions if q.key) for bank in catalogue.banks.values()}
    return {bank_id: ids for bank_id, ids in pairs.items() if ids}


def _latest_key_answers(catalogue: Catalogue, school_id: int, student_id: int | None):
    pairs = key_pairs(catalogue)
    if not pairs:
        return []
    is_key_answer = or_(*(and_(Attempt.bank_id == bank_id, Answer.question_id.in_(ids)) for bank_id, ids in pairs.items()))
    conditions = [Classroom.school_id == school_id, Classroom.archived_at.is_(None), is_key_answer]
    if student_id is not None:
        conditions.append(Student.id == student_id)
    latest_first = func.row_number().over(
        partition_by=(Attempt.student_id, Attempt.bank_id, Answer.question_id),
        order_by=(Attempt.number.desc(), Answer.id.desc()),
    )
    ranked = (
        select(Answer.id.label("answer_id"), latest_first.label("rank"))
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .join(Classroom, Classroom.id == Student.classroom_id)
        .where(*conditions)
        .subquery()
    )
    return db.session.execute(
        select(
            Answer.id,
            Student.id,
            Student.display_name,
            Classroom.id,
            Classroom.name,
            Attempt.bank_id,
            Answer.question_id,
            Answer.response,
            Answer.score,
            Answer.answered_at,
            KeyItemFollowUp.followed_up_at,
            KeyItemFollowUp.note,
            User.display_name,
        )
        .select_from(ranked)
        .join(Answer, Answer.id == ranked.c.answer_id)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .join(Classroom, Classroom.id == Student.classroom_id)
        .outerjoin(KeyItemFollowUp, KeyItemFollowUp.answer_id == Answer.id)
        .outerjoin(User, User.id == KeyItemFollowUp.counsellor_id)
        .where(ranked.c.rank == 1, Answer.score < 1)
        .order_by(Classroom.name, Classroom.id, Student.display_name, Student.id)
    ).all()


def _urgent(question: Question, response) -> bool:
    try:
        return concern_shown(question, response)
    except InvalidResponse:  # a response stored under an older version of the bank
        return False


def _missed(question: Question, response, locale: str) -> tuple[str, ...]:
    try:
        return tuple(plain(m.text.get_text(locale)) for m in missed_red_flags(question, response))
    except InvalidResponse:
        return ()


def answer_in_words(question: Question, response, locale: str) -> str:
    """What the student answered, as a counsellor reads it: for a chat, the red flags they did not mark."""
    if question.type == "chat":
        missed = _missed(question, response, locale)
        with force_locale(locale):
            if not missed:
                return _("every red flag marked")
            return _("red flags not marked: %(flags)s", flags="; ".join(f"“{text}”" for text in missed))
    return describe(question, response, locale)


def follow_ups(
    catalogue: Catalogue, school_id: int, locale: str, *, student_id: int | None = None, include_followed_up: bool = True
) -> list[StudentEntries]:
    """The students who need follow-up on a key item, urgent ones first, each with their entries."""
    students: dict[int, StudentEntries] = {}
    for (
        answer_id,
        sid,
        name,
        classroom_id,
        classroom_name,
        bank_id,
        question_id,
        response,
        score,
        answered_at,
        followed_up_at,
        note,
        by,
    ) in _latest_key_answers(catalogue, school_id, student_id):
        bank = catalogue.get(bank_id)
        question = bank.question(question_id) if bank else None
        if question is None or not needs_follow_up(question, score):
            continue
        if followed_up_at is not None and not include_followed_up:
            continue
        entry = KeyItemEntry(
            answer_id=answer_id,
            bank_id=bank_id,
            question_id=question_id,
            module_title=bank_title(catalogue, bank_id, locale),
            prompt=render_markdown(question.prompt.get_text(locale)) if question else escape(question_id),
            explanation=render_markdown(question.explanation.get_text(locale)),
            answer=answer_in_words(question, response, locale),
            missed_flags=_missed(question, response, locale),
            urgent=_urgent(question, response),
            answered_at=answered_at,
            followed_up_at=followed_up_at,
            follow_up_note=note,
            follow_up_by=by,
        )
        students.setdefault(sid, StudentEntries(sid, name, classroom_id, classroom_name)).items.append(entry)

    order = {bank_id: index for index, bank_id in enumerate(catalogue.banks)}

    def item_order(item: KeyItemEntry):
        bank = catalogue.get(item.bank_id)
        ids = [q.id for q in bank.questions] if bank else []
        return (
            not item.urgent,
            order.get(item.bank_id, len(order)),
            ids.index(item.question_id) if item.question_id in ids else len(ids),
        )

    for entries in students.values():
        entries.items.sort(key=item_order)
    # Urgent students first; then by class and name, as the query gave them.
    return sorted(students.values(), key=lambda entries: not entries.urgent)


def is_open_key_item(catalogue: Catalogue, answer: Answer, bank_id: str) -> bool:
    """May a counsellor mark this answer as followed up: a key item answered in a way that needs follow-up."""
    bank = catalogue.get(bank_id)
    question = bank.question(answer.question_id) if bank else None
    return question is not None and needs_follow_up(question, answer.score)
