"""The counsellor's overview: every open class of the school, compared theme by theme.

For each class and theme: how much of the assigned work is finished, the average of
each student's best finished attempt, and the misconceptions shown most. For each class
and module, the opening reflection ("I know where to report") "before" (first attempts)
and the closing one "after" (latest answers), as the teacher's assignment report gives
them (``before_after``): class totals only, and only when at least ``SMALL_GROUP``
students answered, so that no single answer can be traced to a student.

Four aggregate queries, whatever the number of classes and students; the catalogue
maps banks to themes in Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import AnswerMisconception, Assignment, Attempt, Classroom, Student, User
from app.quizbank import Catalogue
from app.reports.before_after import AGREE4, Tally, answer_tallies, moment_questions, reflection_counts, shown_counts
from app.reports.counting import counted_attempts
from app.reports.figures import MIN_GROUP, percent, share

SMALL_GROUP = MIN_GROUP  # totals of at least five students, as everywhere
__all__ = ["AGREE4", "SMALL_GROUP", "Cell", "ClassRow", "Overview", "ReflectionRow", "ThemeColumn", "school_overview"]


@dataclass
class Cell:
    """One class on one theme."""

    expected: int = 0  # students x assignments of the theme
    finished: int = 0  # (student, assignment) pairs with a finished attempt
    score_sum: float = 0.0  # of the best finished attempt of each such pair
    misconceptions: Counter = field(default_factory=Counter)

    @property
    def assigned(self) -> bool:
        return self.expected > 0

    @property
    def completion(self) -> float | None:
        return self.finished / self.expected if self.expected else None

    @property
    def average(self) -> float | None:
        return self.score_sum / self.finished if self.finished else None

    @property
    def completion_percent(self) -> int | None:
        return share(self.finished, self.expected)

    @property
    def average_percent(self) -> int | None:
        return percent(self.average)

    def top_misconceptions(self, n: int = 2) -> list[tuple[str, int]]:
        return self.misconceptions.most_common(n)


@dataclass
class ClassRow:
    id: int
    name: str
    band: str
    teacher_name: str | None
    students: int
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class ThemeColumn:
    key: str
    title: str
    sensitive: bool
    misconceptions: Counter = field(default_factory=Counter)  # school-wide: key -> students

    def top_misconceptions(self, n: int = 3) -> list[tuple[str, int]]:
        return self.misconceptions.most_common(n)


@dataclass
class ReflectionRow:
    theme: str
    classroom_name: str
    bank_id: str
    question_id: str
    moment: str  # before | after
    answered: int
    counts: tuple[int, ...] | None  # per point of the scale, None under SMALL_GROUP


@dataclass
class Overview:
    themes: list[ThemeColumn]
    classes: list[ClassRow]
    reflections: list[ReflectionRow]


def school_overview(catalogue: Catalogue, school_id: int, locale: str = "id") -> Overview:
    themes = [ThemeColumn(theme.key, theme.title.get_text(locale), theme.sensitive) for theme in catalogue.themes]
    by_theme = {column.key: column for column in themes}
    theme_of = {bank.id: bank.theme for bank in catalogue.banks.values()}
    open_classes = (Classroom.school_id == school_id) & Classroom.archived_at.is_(None)

    classes = [
        ClassRow(id=row[0], name=row[1], band=str(row[2]), teacher_name=row[3], students=row[4])
        for row in db.session.execute(
            select(Classroom.id, Classroom.name, Classroom.band, User.display_name, func.count(Student.id))
            .outerjoin(User, User.id == Classroom.teacher_id)
            .outerjoin(Student, Student.classroom_id == Classroom.id)
            .where(open_classes)
            .group_by(Classroom.id, Classroom.name, Classroom.band, User.display_name)
            .order_by(Classroom.name, Classroom.id)
        )
    ]
    by_class = {row.id: row for row in classes}

    def cell(classroom_id: int, bank_id: str) -> Cell | None:
        theme = theme_of.get(bank_id)
        row = by_class.get(classroom_id)
        if theme not in by_theme or row is None:  # a bank no longer in the catalogue
            return None
        return row.cells.setdefault(theme, Cell())

    # Each student's best finished attempt per assignment, then per class and bank.
    best = (
        select(Attempt.assignment_id, Attempt.student_id, func.max(Attempt.score).label("best"))
        .join(Assignment, Assignment.id == Attempt.assignment_id)
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .where(open_classes, Attempt.finished_at.is_not(None))
        .group_by(Attempt.assignment_id, Attempt.student_id)
        .subquery()
    )
    for classroom_id, bank_id, finished, score_sum in db.session.execute(
        select(
            Assignment.classroom_id, Assignment.bank_id, func.count(best.c.student_id), func.coalesce(func.sum(best.c.best), 0.0)
        )
        .join(Classroom, Classroom.id == Assignment.classroom_id)
        .outerjoin(best, best.c.assignment_id == Assignment.id)
        .where(open_classes)
        .group_by(Assignment.classroom_id, Assignment.id, Assignment.bank_id)
    ):
        target = cell(classroom_id, bank_id)
        if target is not None:
            target.expected += by_class[classroom_id].students
            target.finished += finished
            target.score_sum += float(score_sum)

    # Misconceptions as the teacher's assignment report counts them: the students whose
    # counted attempt showed one (``counting.counted_attempts``), per class and theme, each
    # student once even when two modules of the theme showed it. One query gives the class's
    # cells and, summed over the classes (a student is in one class), the school's column.
    # The counted attempts carry their student, class and module: each misconception row is
    # joined to them once, not looked up attempt by attempt (district: two queries of
    # 100-120 ms -> one of ~45 ms).
    if not theme_of:
        return Overview(themes=themes, classes=classes, reflections=_reflections(catalogue, by_class))
    counted = counted_attempts(
        Attempt.assignment_id.in_(
            select(Assignment.id).join(Classroom, Classroom.id == Assignment.classroom_id).where(open_classes)
        ),
        with_assignment=True,
    ).subquery()
    theme = case(theme_of, value=counted.c.bank_id, else_=None).label("theme")
    shown = (
        select(AnswerMisconception.key, counted.c.student_id, counted.c.classroom_id, theme)
        .join(counted, counted.c.id == AnswerMisconception.attempt_id)
        .subquery()
    )
    for classroom_id, theme_key, key, students in db.session.execute(
        select(shown.c.classroom_id, shown.c.theme, shown.c.key, func.count(func.distinct(shown.c.student_id))).group_by(
            shown.c.classroom_id, shown.c.theme, shown.c.key
        )
    ):
        row = by_class.get(classroom_id)
        if theme_key not in by_theme or row is None:  # a module no longer in the catalogue
            continue
        row.cells.setdefault(theme_key, Cell()).misconceptions[key] += students
        by_theme[theme_key].misconceptions[key] += students

    return Overview(themes=themes, classes=classes, reflections=_reflections(catalogue, by_class))


def _reflections(catalogue: Catalogue, by_class: dict[int, ClassRow]) -> list[ReflectionRow]:
    """Each class's "before" and "after" per module (``before_after``): one query."""
    moments = {bank.id: moment_questions(bank) for bank in catalogue.banks.values()}
    question_ids = {question_id for pairs in moments.values() for _moment, question_id in pairs}
    if not question_ids or not by_class:
        return []
    tallies: dict[tuple[int, str], list[Tally]] = defaultdict(list)
    # The school's assignments as a subquery: PostgreSQL then reaches their attempts through the
    # index on attempts.assignment_id (district: a parallel scan of every attempt before, 87 -> 66 ms).
    assignments = select(Assignment.id).where(Assignment.classroom_id.in_(sorted(by_class)))
    for tally in answer_tallies(Attempt.assignment_id.in_(assignments), question_ids=question_ids):
        tallies[(tally.classroom_id, tally.bank_id)].append(tally)

    order = {bank_id: index for index, bank_id in enumerate(catalogue.banks)}
    rows = []
    for (classroom_id, bank_id), found in tallies.items():
        bank = catalogue.get(bank_id)
        if bank is None or classroom_id not in by_class:  # a module no longer in the catalogue
            continue
        for position, (moment, question_id) in enumerate(moments[bank_id]):
            counts = reflection_counts(found, question_id, moment)
            if not sum(counts):
                continue
            rows.append(
                (
                    (order[bank_id], by_class[classroom_id].name, classroom_id, position),
                    ReflectionRow(
                        theme=bank.theme,
                        classroom_name=by_class[classroom_id].name,
                        bank_id=bank_id,
                        question_id=question_id,
                        moment=moment,
                        answered=sum(counts),
                        counts=shown_counts(counts),
                    ),
                )
            )
    return [row for _key, row in sorted(rows, key=lambda item: item[0])]
