"""Discussion lessons: a teacher starts one for a class and a module, moves through it, ends it.

Phones answer anonymously: ``record_answer`` only adds one to counters of the lesson's
class totals (``LessonTally``), in one upsert per counter, so concurrent phones on any
app process never lose a count. An answer is taken only for the question showing on
the projector; the phone itself remembers (in its own session) that it answered, so a
second tap does not count twice. Nothing here knows or stores who answered.
"""

from __future__ import annotations

from sqlalchemy import select, update

from app.extensions import db
from app.models import Classroom, Lesson, LessonTally, User, utcnow
from app.quizbank import Bank, Catalogue, InvalidResponse, Question, score_response, verdict
from app.quizbank.scoring import response_value
from app.services import codes
from app.services.errors import ServiceError

LESSON_CODE_LENGTH = 6


def _unused_code() -> str:
    for _ in range(20):
        code = codes.generate(LESSON_CODE_LENGTH)
        if db.session.scalar(select(Lesson.id).where(Lesson.code == code)) is None:
            return code
    raise ServiceError("no_code")  # pragma: no cover - 25**6 codes


def bank_of(catalogue: Catalogue, lesson: Lesson) -> Bank:
    bank = catalogue.get(lesson.bank_id)
    if bank is None:
        raise ServiceError("unknown_module")
    return bank


def start_lesson(catalogue: Catalogue, classroom: Classroom, bank_id: str, teacher: User) -> Lesson:
    """A new lesson; the class's lesson still running, if any, ends (one projector per class)."""
    bank = catalogue.get(bank_id)
    if bank is None:
        raise ServiceError("unknown_module")
    if classroom.archived:
        raise ServiceError("archived")
    db.session.execute(
        update(Lesson).where(Lesson.classroom_id == classroom.id, Lesson.ended_at.is_(None)).values(ended_at=utcnow())
    )
    lesson = Lesson(
        classroom_id=classroom.id,
        bank_id=bank.id,
        bank_version=bank.version,
        content_hash=bank.content_hash,
        code=_unused_code(),
        position=0,
        revealed=False,
        started_by_id=teacher.id,
    )
    db.session.add(lesson)
    db.session.flush()
    return lesson


def move(catalogue: Catalogue, lesson: Lesson, step: int) -> None:
    """Next (+1) or back (-1); the explanation of the new question starts hidden."""
    if not lesson.active:
        raise ServiceError("ended")
    last = len(bank_of(catalogue, lesson).questions) - 1
    lesson.position = min(max(0, lesson.position + step), last)
    lesson.revealed = False
    db.session.flush()


def reveal(lesson: Lesson, shown: bool = True) -> None:
    if not lesson.active:
        raise ServiceError("ended")
    lesson.revealed = shown
    db.session.flush()


def end(lesson: Lesson) -> None:
    if lesson.active:
        lesson.ended_at = utcnow()
        db.session.flush()


def _options(question: Question, response) -> list[str]:
    """The counters one answer adds to: the options it picked and its verdict."""
    value = response_value(question, response)
    if question.type == "single":
        picked = [value]
    elif question.type in ("multiple", "chat"):
        picked = list(value)
    elif question.type == "true_false":
        picked = ["true" if value else "false"]
    elif question.type == "reflection":
        picked = [str(value)]
    else:  # order: only how right it was
        picked = []
    score = score_response(question, response)
    return [LessonTally.ANSWERED, *picked, *([f"v:{verdict(score)}"] if score is not None else [])]


def record_answer(catalogue: Catalogue, lesson: Lesson, question_id: str, response) -> None:
    """Add one phone's answer to the class totals of the question showing now."""
    if not lesson.active:
        raise ServiceError("ended")
    bank = bank_of(catalogue, lesson)
    question = bank.questions[lesson.position]
    if question.id != question_id:
        raise ServiceError("moved_on")  # the projector has gone to another question meanwhile
    try:
        options = _options(question, response)
    except InvalidResponse as invalid:
        raise ServiceError("invalid_response", detail=invalid.code) from None
    for option in options:
        _add_one(lesson.id, question.id, option)


def _add_one(lesson_id: int, question_id: str, option: str) -> None:
    table = LessonTally.__table__
    from sqlalchemy.dialects import postgresql, sqlite

    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(lesson_id=lesson_id, question_id=question_id, option=option, count=1)
    db.session.execute(
        statement.on_conflict_do_update(
            index_elements=[table.c.lesson_id, table.c.question_id, table.c.option],
            set_={"count": table.c.count + 1},
        )
    )
