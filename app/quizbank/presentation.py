"""In which order a student sees the choices and the steps of a question.

Choices and order-items are shuffled, so that "the answer is always a" teaches nothing,
but deterministically from a seed (an attempt's id, say): a student who reloads the
page sees the same order. Scoring works on ids, never on positions, so the order shown
can never change a score. A chat keeps its natural order, because a conversation is read
top to bottom; true/false and reflection have nothing to shuffle.
"""

from __future__ import annotations

import hashlib
import random

from app.quizbank.model import Question


def _rng(seed: str, question_id: str) -> random.Random:
    digest = hashlib.sha256(f"{seed}\x00{question_id}".encode()).digest()
    return random.Random(int.from_bytes(digest, "big"))


def presentation_order(question: Question, seed: str) -> tuple[str, ...]:
    """Ids of the choices, items or messages in the order to show them."""
    if question.type == "chat":
        return tuple(message.id for message in question.messages)
    if question.type in ("single", "multiple"):
        ids = [choice.id for choice in question.choices]
    elif question.type == "order":
        ids = [item.id for item in question.items]
    else:
        return ()
    correct = tuple(ids)
    _rng(seed, question.id).shuffle(ids)
    if question.type == "order" and len(ids) >= 3 and tuple(ids) == correct:
        ids = ids[1:] + ids[:1]  # shown in the right order, the exercise would answer itself
    return tuple(ids)
