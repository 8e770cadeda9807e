"""What a score means for a student and for the counsellor who follows key items up.

Scoring (`score_response`) gives a number; the app needs words and decisions:

* `verdict`: right, partly right or wrong, as a student is told it;
* `needs_follow_up`: whether a key item's answer puts the student on the counsellor's
  list (wrong on `single`/`true_false`, below one half on `multiple`/`chat`; `order`
  and `reflection` are never key items);
* `concern_shown`: whether the answer said the student might do something unsafe
  (a choice with `concern: true`, or the `true_false` answer named by `concern_if`),
  which makes the follow-up urgent;
* `missed_red_flags`: for a chat, the red flags the student did not mark, so the
  counsellor reads the answer in words.

Pure functions of a question and a valid response: a response that does not fit its
question raises InvalidResponse, exactly as in scoring.
"""

from __future__ import annotations

import enum

from app.quizbank.model import Message, Question
from app.quizbank.scoring import response_value, score_response

# A score within this of 1 is right: shares such as 2/3 + 1/3 need not add up exactly.
_EPSILON = 1e-9
# The lowest score that is right: reports that count right answers in SQL compare with it.
RIGHT_FROM = 1 - _EPSILON
# A key `multiple` or `chat` item needs follow-up when it scores below this.
FOLLOW_UP_BELOW = 0.5


class Verdict(enum.StrEnum):
    RIGHT = "right"
    PARTLY_RIGHT = "partly_right"
    WRONG = "wrong"


def verdict(score: float | None) -> Verdict | None:
    """RIGHT, PARTLY_RIGHT or WRONG for a score in [0, 1]; None for a reflection (no score)."""
    if score is None:
        return None
    if score >= RIGHT_FROM:
        return Verdict.RIGHT
    if score > 0:
        return Verdict.PARTLY_RIGHT
    return Verdict.WRONG


def needs_follow_up(question: Question, score: float | None) -> bool:
    """Whether this score on this question puts the student on the counsellor's list."""
    if not question.key or score is None:
        return False
    if question.type in ("single", "true_false"):
        return verdict(score) is not Verdict.RIGHT
    if question.type in ("multiple", "chat"):
        return score < FOLLOW_UP_BELOW
    return False  # order and reflection are never key items


def concern_shown(question: Question, response) -> bool:
    """Whether a valid response picked an answer marked as a concern (an unsafe step)."""
    score_response(question, response)  # the same checks: an invalid response raises
    value = response_value(question, response)
    if question.type == "single":
        return any(c.concern for c in question.choices if c.id == value)
    if question.type == "multiple":
        picked = set(value)
        return any(c.concern for c in question.choices if c.id in picked)
    if question.type == "true_false":
        return question.concern_if is not None and value == question.concern_if
    return False


def missed_red_flags(question: Question, response) -> tuple[Message, ...]:
    """The red flags of a chat the student did not mark, in message order; () for other types."""
    score_response(question, response)
    if question.type != "chat":
        return ()
    flagged = set(response_value(question, response))
    return tuple(m for m in question.messages if m.red_flag and m.id not in flagged)
