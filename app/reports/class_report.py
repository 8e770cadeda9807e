"""The class report: who did what, which questions the class missed, and why.

Three views, each a fixed handful of aggregate queries whatever the class size:

- ``class_grid``: students by assignment. A cell is not started, in progress,
  opted out, or finished with the score of the student's BEST finished attempt.
  Teachers see "opted out" as "not done" (a student who left a sensitive module is
  the counsellor's to follow, not the class's to notice); see ``Cell.shown_status``.
- ``assignment_report``: for one assignment, each question's share of right (and
  partly right) answers, the wrong answer chosen most, the red flags most missed in
  chat questions, the misconceptions ranked by how many students showed them, and
  the first and last reflections as class totals, hidden under five answers.
  Each student counts once, with their *counted attempt*: the best finished one, or
  the attempt in progress for a student who has not finished yet.
- ``assignment_answers``: every counted answer of one assignment, student by
  student (the CSV).

One student's attempts and answers are in ``student_answers``.

Answers to questions that a later version of the bank removed still count, marked
``removed``. Percentages are rounded once, here (half up), so the page and the CSV
show the same figures.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup
from sqlalchemy import case, func, select

from app.extensions import db
from app.models import Answer, AnswerMisconception, Assignment, Attempt, Classroom, OptOut, Student
from app.quizbank import Bank, Catalogue, Question, render_markdown
from app.reports.answers import RIGHT, describe

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
OPTED_OUT = "opted_out"
FINISHED = "finished"
NOT_DONE = "not_done"  # what a teacher sees for "not started" and "opted out" alike
MIN_REFLECTION_ANSWERS = 5


def percent(value: float | None) -> int | None:
    """0.665 -> 67: half up, from the shortest decimal form of the float."""
    if value is None:
        return None
    return int((Decimal(repr(float(value))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(part: int, whole: int) -> int | None:
    return percent(part / whole) if whole else None


def bank_title(catalogue: Catalogue, bank_id: str, locale: str) -> str:
    bank = catalogue.get(bank_id)
    return bank.title.get_text(locale) if bank else bank_id


# --- The grid -----------------------------------------------------------------------

@dataclass(frozen=True)
class StudentRow:
    id: int
    name: str


@dataclass(frozen=True)
class Cell:
    status: str = NOT_STARTED
    score: float | None = None  # the best finished attempt's score, 0..1
    attempts: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.score) if self.status == FINISHED else None

    def shown_status(self, show_opt_outs: bool) -> str:
        """The status a viewer sees: only counsellors tell "opted out" from "not started"."""
        if self.status in (NOT_STARTED, OPTED_OUT) and not show_opt_outs:
            return NOT_DONE
        return self.status


@dataclass(frozen=True)
class Column:
    id: int
    bank_id: str
    title: str
    due_at: datetime | None
    closed: bool
    students: int
    finished: int
    average: float | None  # of the finished students' best scores

    @property
    def completion_percent(self) -> int | None:
        return share(self.finished, self.students)

    @property
    def average_percent(self) -> int | None:
        return percent(self.average)


@dataclass(frozen=True)
class ClassGrid:
    students: list[StudentRow]
    columns: list[Column]
    cells: dict[tuple[int, int], Cell]

    def cell(self, student_id: int, assignment_id: int) -> Cell:
        return self.cells.get((student_id, assignment_id), Cell())

    def rows(self) -> list[tuple[StudentRow, list[Cell]]]:
        return [(student, [self.cell(student.id, column.id) for column in self.columns]) for student in self.students]


def _students(classroom_id: int) -> list[StudentRow]:
    rows = db.session.execute(
        select(Student.id, Student.display_name).where(Student.classroom_id == classroom_id)
        .order_by(Student.display_name, Student.id)
    )
    return [StudentRow(id=row.id, name=row.display_name) for row in rows]


def _cells(assignment_ids) -> dict[tuple[int, int], Cell]:
    """Every (student, assignment) that has an attempt or an opt-out: two grouped queries."""
    finished = Attempt.finished_at.is_not(None)
    progress = db.session.execute(
        select(Attempt.student_id, Attempt.assignment_id, func.max(case((finished, Attempt.score))).label("best"),
               func.count(Attempt.finished_at).label("finished"), func.count(Attempt.id).label("attempts"))
        .where(Attempt.assignment_id.in_(assignment_ids))
        .group_by(Attempt.student_id, Attempt.assignment_id)
    )
    opted_out = {tuple(row) for row in db.session.execute(
        select(OptOut.student_id, OptOut.assignment_id).where(OptOut.assignment_id.in_(assignment_ids)))}
    cells: dict[tuple[int, int], Cell] = {}
    for row in progress:
        key = (row.student_id, row.assignment_id)
        if row.finished:
            cells[key] = Cell(FINISHED, row.best, row.attempts)
        else:
            cells[key] = Cell(OPTED_OUT if key in opted_out else IN_PROGRESS, None, row.attempts)
    for key in opted_out:
        cells.setdefault(key, Cell(OPTED_OUT))
    return cells


def _column(assignment: Assignment, title: str, students: list[StudentRow], cells) -> Column:
    scores = [cells[(s.id, assignment.id)].score for s in students
              if (s.id, assignment.id) in cells and cells[(s.id, assignment.id)].status == FINISHED]
    return Column(
        id=assignment.id, bank_id=assignment.bank_id, title=title, due_at=assignment.due_at,
        closed=assignment.closed, students=len(students), finished=len(scores),
        average=(sum(scores) / len(scores)) if scores else None,
    )


def class_grid(classroom: Classroom, catalogue: Catalogue, locale: str) -> ClassGrid:
    """Students by assignment: four queries."""
    students = _students(classroom.id)
    assignments = list(db.session.scalars(
        select(Assignment).where(Assignment.classroom_id == classroom.id).order_by(Assignment.created_at, Assignment.id)
    ))
    cells = _cells(select(Assignment.id).where(Assignment.classroom_id == classroom.id))
    columns = [_column(a, bank_title(catalogue, a.bank_id, locale), students, cells) for a in assignments]
    return ClassGrid(students=students, columns=columns, cells=cells)


# --- One assignment --------------------------------------------------------------------

def counted_attempts(assignment_id: int):
    """The ids of each student's counted attempt: best finished first, else the one in progress."""
    order = (case((Attempt.finished_at.is_(None), 1), else_=0), Attempt.score.desc(), Attempt.number)
    ranked = (
        select(Attempt.id, func.row_number().over(partition_by=Attempt.student_id, order_by=order).label("rank"))
        .where(Attempt.assignment_id == assignment_id).subquery()
    )
    return select(ranked.c.id).where(ranked.c.rank == 1)


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
        return self.total < MIN_REFLECTION_ANSWERS


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


def _plain(text: str) -> str:
    return " ".join(text.replace("*", "").split())


def _most_common_wrong(question: Question, rows: list[tuple[dict, float]], locale: str) -> WrongAnswer | None:
    """The wrong answer given most (ties: the first in the question's own order)."""
    if question.type == "single":
        wrong = Counter(response.get("choice") for response, score in rows if score is not None and score < RIGHT)
        order = [choice.id for choice in question.choices]
    elif question.type == "true_false":
        wrong = Counter(response.get("answer") for response, score in rows if score is not None and score < RIGHT)
        order = [True, False]
    elif question.type in ("multiple", "order"):
        key = "choices" if question.type == "multiple" else "order"
        wrong = Counter(tuple(response.get(key) or ()) for response, score in rows if score is not None and score < RIGHT)
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
        MissedFlag(text=_plain(message.text.get_text(locale)), missed=sum(1 for f in flagged if message.id not in f),
                   of=len(flagged))
        for message in question.messages if message.red_flag
    ]
    return tuple(sorted(missed, key=lambda flag: -flag.missed))


def _reflection_totals(bank: Bank | None, counted, locale: str) -> list[ReflectionTotals]:
    """The first and the last reflection of the bank, as counts per scale value."""
    reflections = [q for q in (bank.questions if bank else ()) if q.type == "reflection"]
    chosen = [("before", reflections[0])] + ([("after", reflections[-1])] if len(reflections) > 1 else [])
    if not chosen:
        return []
    value = Answer.response["value"].as_integer()
    counts: dict[tuple[str, int], int] = {
        (row.question_id, row.value): row.n for row in db.session.execute(
            select(Answer.question_id, value.label("value"), func.count(Answer.id).label("n"))
            .where(Answer.attempt_id.in_(counted), Answer.question_id.in_([q.id for _m, q in chosen]))
            .group_by(Answer.question_id, value)
        )
    }
    return [
        ReflectionTotals(question_id=q.id, moment=moment, text=_plain(q.prompt.get_text(locale)),
                         counts=tuple(counts.get((q.id, v), 0) for v in range(1, 5)))
        for moment, q in chosen
    ]


def assignment_report(assignment: Assignment, catalogue: Catalogue, locale: str) -> AssignmentReport:
    """One assignment in detail: seven queries, whatever the number of students."""
    bank = catalogue.get(assignment.bank_id)
    students = _students(assignment.classroom_id)
    cells = _cells([assignment.id])
    column = _column(assignment, bank_title(catalogue, assignment.bank_id, locale), students, cells)
    counted = counted_attempts(assignment.id)

    stats = {row.question_id: row for row in db.session.execute(
        select(Answer.question_id, func.count(Answer.id).label("answered"),
               func.sum(case((Answer.score >= RIGHT, 1), else_=0)).label("right"),
               func.sum(case(((Answer.score > 0) & (Answer.score < RIGHT), 1), else_=0)).label("partial"),
               func.avg(Answer.score).label("average"))
        .where(Answer.attempt_id.in_(counted), Answer.question_type != "reflection")
        .group_by(Answer.question_id)
    )}
    responses: dict[str, list[tuple[dict, float]]] = {}
    for row in db.session.execute(
        select(Answer.question_id, Answer.response, Answer.score)
        .where(Answer.attempt_id.in_(counted), Answer.question_type != "reflection")
    ):
        responses.setdefault(row.question_id, []).append((row.response, row.score))

    questions: list[QuestionStats] = []
    current = [q for q in (bank.questions if bank else ()) if q.type != "reflection"]
    numbers = {q.id: n for n, q in enumerate(bank.questions if bank else (), start=1)}
    for question in current:
        row = stats.get(question.id)
        rows = responses.get(question.id, [])
        questions.append(QuestionStats(
            id=question.id, number=numbers[question.id], type=question.type,
            text=_plain(question.prompt.get_text(locale)), prompt=render_markdown(question.prompt.get_text(locale)),
            key=question.key, answered=row.answered if row else 0, right=int(row.right or 0) if row else 0,
            partial=int(row.partial or 0) if row else 0, average=row.average if row else None,
            common_wrong=_most_common_wrong(question, rows, locale),
            missed_flags=_missed_flags(question, [r for r, _s in rows], locale) if question.type == "chat" else (),
        ))
    for question_id in sorted(set(stats) - set(numbers)):  # removed by a later version of the bank
        row = stats[question_id]
        questions.append(QuestionStats(
            id=question_id, number=None, type="removed", text=question_id, prompt=Markup.escape(question_id), key=False,
            answered=row.answered, right=int(row.right or 0), partial=int(row.partial or 0), average=row.average,
        ))

    labels = catalogue.misconceptions
    misconceptions = [
        MisconceptionCount(key=row.key, label=labels[row.key].label.get_text(locale) if row.key in labels else row.key,
                           students=row.students)
        for row in db.session.execute(
            select(AnswerMisconception.key, func.count(func.distinct(Answer.attempt_id)).label("students"))
            .join(Answer, Answer.id == AnswerMisconception.answer_id)
            .where(Answer.attempt_id.in_(counted))
            .group_by(AnswerMisconception.key)
            .order_by(func.count(func.distinct(Answer.attempt_id)).desc(), AnswerMisconception.key)
        )
    ]
    return AssignmentReport(
        column=column, students=[StudentProgress(s, cells.get((s.id, assignment.id), Cell())) for s in students],
        questions=questions, misconceptions=misconceptions, reflections=_reflection_totals(bank, counted, locale),
    )


# --- Answers of one assignment, student by student (the CSV) ---------------------------

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
        .join(Attempt, Attempt.id == Answer.attempt_id).join(Student, Student.id == Attempt.student_id)
        .where(Answer.attempt_id.in_(counted_attempts(assignment.id)), Answer.question_type != "reflection")
    )
    answers = []
    for row in rows:
        question = bank.question(row.question_id) if bank else None
        answers.append(AnswerRow(
            student_id=row.id, student=row.display_name, number=numbers.get(row.question_id), question_id=row.question_id,
            question=_plain(question.prompt.get_text(locale)) if question else row.question_id,
            answer=describe(question, row.response, locale), score=row.score,
        ))
    big = len(numbers) + 1
    answers.sort(key=lambda a: (a.student.casefold(), a.number or big, a.question_id))
    return answers
