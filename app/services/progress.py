"""A student's progress through a module: start, answer, finish, retry, or leave it for now.

Every answer is saved when it is sent, exactly once: the database refuses a second
answer to the same question of an attempt, and a double tap, a reload or a second
tab gets the first answer back. Each answer first touches its attempt's row, which
queues concurrent answers of one attempt, so the attempt is finished (and scored)
exactly when its last question is answered, on SQLite and on PostgreSQL alike.

An attempt asks every question of its module, but a retry (attempt 2 and later) does
not ask the opening reflection again: "before" is how the student felt before their
first try (``questions_needed``). Reflections are not scored, so scores are unchanged.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import cast

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Answer, AnswerMisconception, Assignment, Attempt, OptOut, Student, utcnow
from app.quizbank import Bank, Catalogue, InvalidResponse, Question, misconceptions_shown, score_response
from app.reports.figures import passed
from app.reports.student_progress import AttemptState
from app.services.errors import ServiceError
from app.signed_in import SignedInStudent

# In the session's info: how many answers this transaction saved (the metrics count them once committed).
SAVED_ANSWERS = "waspada.answers_saved"


@dataclass
class Submitted:
    answer_id: int
    created: bool  # False when this question had been answered already (the first answer stays)
    attempt_finished: bool


def bank_of(catalogue: Catalogue, assignment: Assignment) -> Bank:
    bank = catalogue.get(assignment.bank_id)
    if bank is None:
        raise ServiceError("unknown_module")
    return bank


def latest_attempt(student: Student | SignedInStudent, assignment: Assignment) -> Attempt | None:
    return db.session.scalar(
        select(Attempt)
        .where(Attempt.student_id == student.id, Attempt.assignment_id == assignment.id)
        .order_by(Attempt.number.desc())
        .limit(1)
    )


def start_attempt(catalogue: Catalogue, student: Student | SignedInStudent, assignment: Assignment) -> Attempt:
    """The attempt to continue, or a new one (the first, or a retry where retries are allowed)."""
    bank = bank_of(catalogue, assignment)
    latest = latest_attempt(student, assignment)
    if latest is not None and not latest.finished:
        return latest
    if assignment.closed:
        raise ServiceError("closed")
    if latest is not None and not assignment.allow_retries:
        raise ServiceError("no_retry")
    attempt = Attempt(
        assignment_id=assignment.id,
        student_id=student.id,
        number=(latest.number + 1) if latest else 1,
        bank_id=bank.id,
        bank_version=bank.version,
        content_hash=bank.content_hash,
        seed=secrets.token_hex(8),
    )
    db.session.add(attempt)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # the same student started in another tab at the same moment
        started = latest_attempt(student, assignment)
        if started is None:  # then the conflict was not that attempt: let the error be seen
            raise
        attempt = started
    return attempt


def questions_needed(bank: Bank, attempt: Attempt | AttemptState) -> tuple[Question, ...]:
    """The questions this attempt asks, in order: all of the module's, but not the opening reflection on a retry."""
    skipped = bank.opening_reflection if attempt.number > 1 else None
    return tuple(question for question in bank.questions if skipped is None or question.id != skipped.id)


def next_question(bank: Bank, attempt: Attempt | AttemptState) -> Question | None:
    """The first question this attempt asks and is not answered yet: where a student who comes back continues."""
    done = attempt.answered
    return next((question for question in questions_needed(bank, attempt) if question.id not in done), None)


def submit_answer(
    catalogue: Catalogue, attempt: Attempt | AttemptState, question_id: str, response: dict, *, closed: bool | None = None
) -> Submitted:
    """Save one answer (or return the one already saved). Raises ServiceError; saves nothing then.
    ``closed``: whether the assignment is closed, as the route loaded it (looked up when not given).

    The hot path of a lesson: an ordinary answer is two statements in SQLAlchemy Core, on
    the session's connection and in its transaction. The answer's INSERT does nothing
    when the question was answered already (a double tap: no exception, no savepoint);
    then the attempt's UPDATE takes the row lock, records the question as answered and
    returns what the attempt now is, so the attempt is finished (and scored) by exactly
    the answer that completes it. Misconceptions cost a third statement only when the
    answer shows any; the last answer two more (the score).
    """
    bank = catalogue.get(attempt.bank_id)
    question = bank.question(question_id) if bank else None
    if bank is None or question is None:
        raise ServiceError("unknown_question")
    needed = {q.id for q in questions_needed(bank, attempt)}
    if question.id not in needed:  # a retry's opening reflection
        raise ServiceError("not_asked")
    if question.id in attempt.answered:
        return _first_answer(attempt, question.id)
    if attempt.finished:
        raise ServiceError("finished")
    if closed is None:
        closed = db.session.get_one(Assignment, attempt.assignment_id).closed
    if closed:
        raise ServiceError("closed")
    try:
        score = score_response(question, response)
        shown = misconceptions_shown(question, response)
    except InvalidResponse as invalid:
        raise ServiceError("invalid_response", detail=invalid.code) from None

    connection = db.session.connection()
    now = utcnow()
    answer_id = connection.execute(
        _INSERT_ANSWER,
        {
            "attempt_id": attempt.id,
            "question_id": question.id,
            "question_type": question.type,
            "response": response,
            "score": score,
            "answered_at": now,
        },
    ).scalar()
    if answer_id is None:  # answered in the same instant elsewhere: the first answer stays
        return _first_answer(attempt, question.id)
    # The row lock: answers of one attempt go one after another from here, and what the
    # attempt says now (answered, finished) may differ from what the route loaded.
    state = connection.execute(_RECORD_ANSWERED, {"p_attempt": attempt.id, "p_now": now, "p_answered": " " + question.id}).one()
    if state.finished_at is not None:  # finished by another tab meanwhile; the caller rolls back this answer
        raise ServiceError("finished")
    _keep(attempt, "answered_ids", state.answered_ids)
    if shown:
        connection.execute(
            _INSERT_MISCONCEPTIONS,
            [{"answer_id": answer_id, "key": key, "attempt_id": attempt.id} for key in shown],
        )
    db.session.info[SAVED_ANSWERS] = db.session.info.get(SAVED_ANSWERS, 0) + 1
    finished = needed <= attempt.answered
    if finished:
        finish(bank, attempt, now=now)
    return Submitted(answer_id, created=True, attempt_finished=finished)


# The answer path's statements, built once: building a statement and its cache key on every
# call cost more CPU than running it.
_answers, _attempts = Answer.__table__, Attempt.__table__
# Written as SQL, the same on SQLite (3.35 and later) and PostgreSQL: SQLAlchemy never caches
# the compiled form of its dialects' ON CONFLICT constructs (their ``inherit_cache`` is off),
# and compiling this INSERT again for every answer cost a third of the answer's SQL time.
_INSERT_ANSWER = text(
    "INSERT INTO answers (attempt_id, question_id, question_type, response, score, answered_at) "
    "VALUES (:attempt_id, :question_id, :question_type, :response, :score, :answered_at) "
    "ON CONFLICT (attempt_id, question_id) DO NOTHING RETURNING id"
).bindparams(bindparam("response", type_=_answers.c.response.type), bindparam("answered_at", type_=_answers.c.answered_at.type))
_RECORD_ANSWERED = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("p_attempt"))
    .values(last_activity_at=bindparam("p_now"), answered_ids=_attempts.c.answered_ids.concat(bindparam("p_answered")))
    .returning(_attempts.c.answered_ids, _attempts.c.finished_at)
)
_INSERT_MISCONCEPTIONS = AnswerMisconception.__table__.insert()
_SCORED_TOTAL = select(func.coalesce(func.sum(_answers.c.score), 0.0)).where(
    _answers.c.attempt_id == bindparam("p_attempt"), _answers.c.question_id.in_(bindparam("p_ids", expanding=True))
)
_FINISH_ATTEMPT = update(_attempts).where(_attempts.c.id == bindparam("p_attempt"))  # SET: the values given


def _first_answer(attempt: Attempt | AttemptState, question_id: str) -> Submitted:
    """A second answer to the same question: the first one stays, and is what the student sees."""
    row = db.session.execute(
        select(Answer.id, Attempt.finished_at)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .where(Answer.attempt_id == attempt.id, Answer.question_id == question_id)
    ).one()
    return Submitted(row.id, created=False, attempt_finished=row.finished_at is not None)


def finish(bank: Bank, attempt: Attempt | AttemptState, *, now=None) -> None:
    """Score the attempt over the bank's scored questions (an unanswered one counts 0)."""
    connection = db.session.connection()
    scored_ids = [question.id for question in bank.scored_questions]
    # COALESCE(..., 0.0) is never NULL, but SQLAlchemy types it as the nullable score column.
    total = (
        cast(float, connection.execute(_SCORED_TOTAL, {"p_attempt": attempt.id, "p_ids": scored_ids}).scalar_one())
        if scored_ids
        else 0.0
    )
    score = (float(total) / len(scored_ids)) if scored_ids else 1.0
    values = {"score": score, "passed": passed(score, bank.pass_percent), "finished_at": now or utcnow()}
    connection.execute(_FINISH_ATTEMPT, {"p_attempt": attempt.id, **values})
    for name, value in values.items():
        _keep(attempt, name, value)


def _keep(attempt: Attempt | AttemptState, name: str, value) -> None:
    """What the database now holds, on the caller's attempt: the page after the answer reads no row again."""
    if isinstance(attempt, AttemptState):
        setattr(attempt, name, value)
    else:  # an ORM attempt: the value as loaded, nothing left to flush
        set_committed_value(attempt, name, value)


def opt_out(student: Student | SignedInStudent, assignment: Assignment) -> OptOut:
    """The student leaves a sensitive module for now: recorded, never scored."""
    existing = db.session.scalar(select(OptOut).where(OptOut.student_id == student.id, OptOut.assignment_id == assignment.id))
    if existing is not None:
        return existing
    record = OptOut(student_id=student.id, assignment_id=assignment.id)
    db.session.add(record)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # left in another tab at the same moment: that record stays
        record = db.session.execute(
            select(OptOut).where(OptOut.student_id == student.id, OptOut.assignment_id == assignment.id)
        ).scalar_one()
    return record
