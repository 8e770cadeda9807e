"""Key safety items missed: the students someone should follow up with.

A bank marks some questions ``key: true`` ("someone threatens to share your photo
unless you pay: what do you do?"). A student who answered one wrongly (a score below
1) may not know what to do when it matters, so the counsellor sees them by class and
item, with the answer they gave and the explanation, and marks each as followed up.

One query over the answers of the school's open classes whose question is key in
its bank (the (bank, question) pairs come from the catalogue), joined to students
and classes and left-joined to the follow-ups.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlalchemy import and_, or_, select

from app.extensions import db
from app.models import Answer, Attempt, Classroom, KeyItemFollowUp, Student, User
from app.quizbank import Catalogue, Question, render_markdown
from app.reports.answers import describe


@dataclass(frozen=True)
class MissedItem:
    answer_id: int
    student_id: int
    student_name: str
    classroom_id: int
    classroom_name: str
    bank_id: str
    question_id: str
    response: dict
    score: float
    answered_at: datetime
    followed_up_at: datetime | None
    follow_up_note: str | None
    follow_up_by: str | None

    @property
    def followed_up(self) -> bool:
        return self.followed_up_at is not None


@dataclass
class ItemGroup:
    bank_id: str
    question_id: str
    module_title: str
    prompt: Markup
    explanation: Markup
    question: Question | None
    rows: list[MissedItem] = field(default_factory=list)


@dataclass
class ClassGroup:
    classroom_id: int
    classroom_name: str
    items: list[ItemGroup] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return sum(1 for item in self.items for row in item.rows if not row.followed_up)


def key_pairs(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    """bank id -> the ids of its key questions."""
    pairs = {bank.id: tuple(q.id for q in bank.questions if q.key) for bank in catalogue.banks.values()}
    return {bank_id: ids for bank_id, ids in pairs.items() if ids}


def is_key(catalogue: Catalogue, bank_id: str, question_id: str) -> bool:
    return question_id in key_pairs(catalogue).get(bank_id, ())


def missed_key_items(catalogue: Catalogue, school_id: int, student_id: int | None = None,
                     include_followed_up: bool = True) -> list[MissedItem]:
    pairs = key_pairs(catalogue)
    if not pairs:
        return []
    is_key_answer = or_(*(and_(Attempt.bank_id == bank_id, Answer.question_id.in_(ids))
                          for bank_id, ids in pairs.items()))
    query = (
        select(Answer.id, Student.id, Student.display_name, Classroom.id, Classroom.name, Attempt.bank_id,
               Answer.question_id, Answer.response, Answer.score, Answer.answered_at,
               KeyItemFollowUp.followed_up_at, KeyItemFollowUp.note, User.display_name)
        .select_from(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Student, Student.id == Attempt.student_id)
        .join(Classroom, Classroom.id == Student.classroom_id)
        .outerjoin(KeyItemFollowUp, KeyItemFollowUp.answer_id == Answer.id)
        .outerjoin(User, User.id == KeyItemFollowUp.counsellor_id)
        .where(Classroom.school_id == school_id, Classroom.archived_at.is_(None), Answer.score < 1, is_key_answer)
        .order_by(Classroom.name, Classroom.id, Attempt.bank_id, Answer.question_id, Student.display_name,
                  Answer.id)
    )
    if student_id is not None:
        query = query.where(Student.id == student_id)
    if not include_followed_up:
        query = query.where(KeyItemFollowUp.id.is_(None))
    return [MissedItem(*row) for row in db.session.execute(query)]


def grouped(catalogue: Catalogue, rows: list[MissedItem], locale: str) -> list[ClassGroup]:
    """By class, then by item in the order of the catalogue's banks and questions."""
    classes: dict[int, ClassGroup] = {}
    items: dict[tuple[int, str, str], ItemGroup] = {}
    for row in rows:
        group = classes.setdefault(row.classroom_id, ClassGroup(row.classroom_id, row.classroom_name))
        key = (row.classroom_id, row.bank_id, row.question_id)
        if key not in items:
            bank = catalogue.get(row.bank_id)
            question = bank.question(row.question_id) if bank else None
            items[key] = ItemGroup(
                bank_id=row.bank_id, question_id=row.question_id,
                module_title=bank.title.get_text(locale) if bank else row.bank_id,
                prompt=render_markdown(question.prompt.get_text(locale)) if question else escape(row.question_id),
                explanation=render_markdown(question.explanation.get_text(locale)) if question else Markup(""),
                question=question,
            )
            group.items.append(items[key])
        items[key].rows.append(row)
    bank_order = {bank_id: index for index, bank_id in enumerate(catalogue.banks)}

    def item_order(item: ItemGroup):
        bank = catalogue.get(item.bank_id)
        ids = [q.id for q in bank.questions] if bank else []
        return (bank_order.get(item.bank_id, len(bank_order)), ids.index(item.question_id) if item.question_id in ids
                else len(ids), item.question_id)

    for group in classes.values():
        group.items.sort(key=item_order)
    return list(classes.values())


def readable_answer(question: Question | None, response: dict, locale: str) -> str:
    """What the student answered, in words (the teacher's report reads answers the same way)."""
    if question is None:
        return _("(this question is no longer in the module)")
    return describe(question, response, locale)
