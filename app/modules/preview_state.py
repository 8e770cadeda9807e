"""A run through a module in preview, kept in the browser's signed session cookie and never in the database.

One module at a time: ``{"bank": id, "hash": the content's hash, "seed": ..., "answers":
{question id: response}}``. Previewing another module, or the module's content
changing, starts afresh. A response is scored before it is kept, so only well-formed
responses are ever read back; nothing of a preview reaches a report, a count or the
audit log. Unlike a student, a teacher may answer a question again: to see the
feedback of every choice.
"""

from __future__ import annotations

import secrets

from flask import session

from app.quizbank import Bank, Question, score_response
from app.quizbank.review import Review, module_score, review_response

SESSION_KEY = "module_preview"
FIRST_SEED = "preview"


def _state(bank: Bank) -> dict | None:
    state = session.get(SESSION_KEY)
    if isinstance(state, dict) and state.get("bank") == bank.id and state.get("hash") == bank.content_hash:
        return state
    return None


def seed(bank: Bank) -> str:
    state = _state(bank)
    return str(state["seed"]) if state else FIRST_SEED


def answers(bank: Bank) -> dict[str, dict]:
    state = _state(bank)
    return dict(state["answers"]) if state else {}


def keep_answer(bank: Bank, question: Question, response: dict) -> float | None:
    """Score ``response`` (InvalidResponse if it does not fit) and keep it; returns the score."""
    score = score_response(question, response)
    state = _state(bank) or {"bank": bank.id, "hash": bank.content_hash, "seed": FIRST_SEED, "answers": {}}
    session[SESSION_KEY] = {**state, "answers": {**state["answers"], question.id: response}}
    return score


def restart(bank: Bank) -> None:
    """Forget the answers; the choices come in a new order, as for another student."""
    session[SESSION_KEY] = {"bank": bank.id, "hash": bank.content_hash, "seed": secrets.token_hex(4), "answers": {}}


def review_of(bank: Bank, question: Question) -> Review:
    response = answers(bank).get(question.id)
    score = score_response(question, response) if response is not None else None
    return review_response(question, bank.questions.index(question) + 1, response, score)


def every_review(bank: Bank) -> list[Review]:
    return [review_of(bank, question) for question in bank.questions]


def preview_score(bank: Bank) -> float:
    kept = answers(bank)
    return module_score(bank, {q.id: score_response(q, kept[q.id]) for q in bank.scored_questions if q.id in kept})
