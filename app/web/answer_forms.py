"""Reading a question form into a response: for the student's pages and the staff's preview.

A question form is plain HTML that works without JavaScript, one shape per type:
``choice`` (one radio, or several checkboxes), ``answer`` (true/false), ``pos-<item>``
(a position number for each step of an `order` question), ``flag`` (the chat messages
marked as red flags) and ``value`` (a reflection, 1..4). ``read_response`` turns it
into the response to score; whether the ids belong to the question is checked by the
scoring itself (``score_response``), so a choice that is not in the question is
refused there and nothing is kept.
"""

from __future__ import annotations

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from app.quizbank import Question


class AnswerInputError(ValueError):
    """The form does not hold an answer: ``code`` is nothing_chosen or bad_order."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def input_message(code: str) -> str:
    """What to tell the person whose form held no answer (or one that does not fit the question)."""
    return {
        "nothing_chosen": _("Choose an answer first, then send it."),
        "bad_order": _("Give each step a different position, from 1 to the last, then send it again."),
    }.get(code, _("That answer does not fit this question. Please choose again."))


def read_response(question: Question, form: MultiDict) -> dict:
    """The response to ``question`` read from the posted form."""
    kind = question.type
    if kind == "single":
        choice = form.get("choice")
        if not choice:
            raise AnswerInputError("nothing_chosen")
        return {"choice": choice}
    if kind == "multiple":
        choices = form.getlist("choice")
        if not choices:
            raise AnswerInputError("nothing_chosen")
        return {"choices": choices}
    if kind == "true_false":
        value = form.get("answer")
        if value not in ("true", "false"):
            raise AnswerInputError("nothing_chosen")
        return {"answer": value == "true"}
    if kind == "order":
        return {"order": _order(question, form)}
    if kind == "chat":
        return {"flags": form.getlist("flag")}  # marking none is an answer too
    value = _number(form.get("value", ""))
    if value not in range(1, 5):
        raise AnswerInputError("nothing_chosen")
    return {"value": value}


def _number(raw: str) -> int | None:
    """A small whole number typed in ASCII digits, else None.

    Not ``str.isdigit`` alone: it accepts "²" and "①", which ``int`` then refuses, and
    ``int`` refuses more than 4300 digits too. A position or a scale point has a few.
    """
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else None


def _order(question: Question, form: MultiDict) -> list[str]:
    """Items sorted by the position chosen for each: every position exactly once."""
    positions = {}
    for item in question.items:
        position = _number(form.get(f"pos-{item.id}", ""))
        if position is None:
            raise AnswerInputError("bad_order")
        positions[item.id] = position
    if sorted(positions.values()) != list(range(1, len(question.items) + 1)):
        raise AnswerInputError("bad_order")
    return sorted(positions, key=positions.__getitem__)


def kept_selection(question: Question, form: MultiDict) -> tuple[set[str], dict[str, int]]:
    """What was selected, to show the form again as it was left (never fails)."""
    picked = set(form.getlist("choice") + form.getlist("flag") + form.getlist("answer") + form.getlist("value"))
    positions = {}
    for item in question.items:
        position = _number(form.get(f"pos-{item.id}", ""))
        if position is not None:
            positions[item.id] = position
    return picked, positions
