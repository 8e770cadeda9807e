"""Forms of the student pages: the confidential help request, and reading an answer from a question form.

A question form is plain HTML that works without JavaScript, one shape per type:
``choice`` (one radio, or several checkboxes), ``answer`` (true/false), ``pos-<item>``
(a position number for each step of an `order` question), ``flag`` (the chat messages
marked as red flags) and ``value`` (a reflection, 1..4). ``read_response`` turns it
into the stored response; whether the ids belong to the question is checked by the
scoring itself (``score_response``), so a choice that is not in the question is
refused there and nothing is saved.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.quizbank import Question
from app.services.help_requests import MAX_TEXT_LENGTH
from app.web.forms import Form


class HelpRequestForm(Form):
    text = TextAreaField(
        _l("Your message to the school counsellor"),
        validators=[DataRequired(message=_l("Write a few words first.")),
                    Length(max=MAX_TEXT_LENGTH, message=_l("Please keep it under %(max)d characters."))],
        render_kw={"rows": 5, "maxlength": MAX_TEXT_LENGTH},
    )


class AnswerInputError(ValueError):
    """The form does not hold an answer: ``code`` is nothing_chosen or bad_order."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def read_response(question: Question, form: MultiDict) -> dict:
    """The response to store for ``question``, read from the posted form."""
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
    """What the student had selected, to show the form again as they left it (never fails)."""
    picked = set(form.getlist("choice") + form.getlist("flag") + form.getlist("answer") + form.getlist("value"))
    positions = {}
    for item in question.items:
        position = _number(form.get(f"pos-{item.id}", ""))
        if position is not None:
            positions[item.id] = position
    return picked, positions
