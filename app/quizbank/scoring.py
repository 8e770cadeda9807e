"""Scoring a student's response, exactly as docs/authoring.md tells authors, as pure functions.

A response is the plain JSON the app stores (`{"choice": "b"}`, `{"order": [...]}`).
One that does not fit its question (an unknown id, a wrong shape, an id twice, an order
that is not a permutation) raises InvalidResponse and is never scored: a score must
mean what the spec says, even when a browser sends something odd.

| type       | response                 | score                                              |
| single     | {"choice": id}           | 1 if the correct choice                            |
| multiple   | {"choices": [ids]}       | (right picks - wrong picks) / correct, not below 0 |
| true_false | {"answer": bool}         | 1 if equal                                         |
| order      | {"order": [item ids]}    | share of pairs of items in their right order       |
| chat       | {"flags": [message ids]} | like multiple, over the red-flag messages          |
| reflection | {"value": 1..4}          | None: never scored                                 |

An order of n items has n(n-1)/2 pairs; swapping two neighbours loses one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.quizbank.errors import InvalidResponse
from app.quizbank.model import Question

_RESPONSE_KEY = {
    "single": "choice",
    "multiple": "choices",
    "true_false": "answer",
    "order": "order",
    "chat": "flags",
    "reflection": "value",
}
REFLECTION_VALUES = range(1, 5)  # 1 strongly disagree .. 4 strongly agree


def response_value(question: Question, response):
    """The one value of a well-shaped response: a dict with exactly the type's key."""
    key = _RESPONSE_KEY.get(question.type)
    if key is None:
        raise InvalidResponse("bad_shape", f"unknown question type {question.type!r}")
    if not isinstance(response, Mapping) or set(response) != {key}:
        raise InvalidResponse("bad_shape", f"a {question.type} response is {{{key!r}: ...}}")
    return response[key]


def _ids(value, known: tuple[str, ...]) -> list[str]:
    """A list of distinct known ids, or InvalidResponse."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidResponse("bad_shape", "expected a list of ids")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise InvalidResponse("unknown_choice", f"unknown id {unknown[0]!r}")
    if len(set(value)) != len(value):
        raise InvalidResponse("duplicate_ids", "an id is given twice")
    return value


def _choice_ids(question: Question) -> tuple[str, ...]:
    return tuple(choice.id for choice in question.choices)


def _partial(picked: list[str], right: set[str]) -> float:
    hits = sum(1 for p in picked if p in right)
    misses = len(picked) - hits
    return max(0.0, (hits - misses) / len(right))


def _pairs_in_order(order: list[str], correct: tuple[str, ...]) -> float:
    """The share of the pairs of items that stand in their right relative order.

    Kendall's idea: every pair (i < j) of the correct order counts once. Swapping two
    neighbours breaks one pair of n(n-1)/2, so a near miss keeps most of its score,
    while the reversed order breaks every pair and scores 0.
    """
    rank = {ident: index for index, ident in enumerate(order)}
    pairs = len(correct) * (len(correct) - 1) // 2
    kept = sum(1 for i, first in enumerate(correct) for second in correct[i + 1 :] if rank[first] < rank[second])
    return kept / pairs


def score_response(question: Question, response) -> float | None:
    """The score in [0, 1], None for a reflection; InvalidResponse if it does not fit."""
    value = response_value(question, response)
    kind = question.type
    if kind == "single":
        if not isinstance(value, str):
            raise InvalidResponse("bad_shape", "expected one choice id")
        if value not in _choice_ids(question):
            raise InvalidResponse("unknown_choice", f"unknown id {value!r}")
        return 1.0 if any(c.id == value and c.correct for c in question.choices) else 0.0
    if kind == "multiple":
        picked = _ids(value, _choice_ids(question))
        return _partial(picked, {c.id for c in question.choices if c.correct})
    if kind == "true_false":
        if not isinstance(value, bool):
            raise InvalidResponse("bad_shape", "expected true or false")
        return 1.0 if value == question.answer else 0.0
    if kind == "order":
        correct = tuple(item.id for item in question.items)
        order = _ids(value, correct)
        if len(order) != len(correct):
            raise InvalidResponse("not_permutation", "every item must be placed exactly once")
        return _pairs_in_order(order, correct)
    if kind == "chat":
        flags = _ids(value, tuple(m.id for m in question.messages))
        return _partial(flags, {m.id for m in question.messages if m.red_flag})
    # reflection: how the student feels, never a score
    if isinstance(value, bool) or not isinstance(value, int) or value not in REFLECTION_VALUES:
        raise InvalidResponse("out_of_range", "a reflection value is a whole number from 1 to 4")
    return None


def misconceptions_shown(question: Question, response) -> tuple[str, ...]:
    """Misconception keys a (valid) response reveals, sorted: wrong picks, missed red flags."""
    score_response(question, response)  # the same checks: an invalid response reveals nothing
    value = response_value(question, response)
    found: set[str] = set()
    if question.type in ("single", "multiple"):
        picked = {value} if question.type == "single" else set(value)
        found = {c.misconception for c in question.choices if c.id in picked and not c.correct and c.misconception}
    elif question.type == "chat":
        flagged = set(value)
        found = {m.misconception for m in question.messages if m.red_flag and m.id not in flagged and m.misconception}
    return tuple(sorted(found))
