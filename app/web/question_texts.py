"""Quiz texts and the words around a question, in one language: for the student's pages and the staff's preview.

A question may be read in the other language (``?lang=``) while the rest of the
page stays in the page's language: ``Reader`` gives the bank's texts in one locale
(the bank's small Markdown subset, made safe by ``app.quizbank.rendering``), and
``question_labels`` the instructions, scale and verdict words in the locale active
when it is called. ``render_question_macro`` renders a macro of
``_macros/questions.html`` wholly in one locale, texts and labels alike.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from babel.support import NullTranslations
from flask import get_template_attribute
from flask_babel import force_locale, get_locale
from markupsafe import Markup

from app.i18n import translations
from app.quizbank import LocalText, render_inline, render_markdown


@dataclass(frozen=True)
class Reader:
    locale: str

    def text(self, text: LocalText | None) -> str:
        return text.get_text(self.locale) if text else ""

    def block(self, text: LocalText | None) -> Markup:
        return Markup(render_markdown(self.text(text))) if text else Markup("")  # noqa: S704 - sanitised by nh3

    def inline(self, text: LocalText | None) -> Markup:
        return Markup(render_inline(self.text(text))) if text else Markup("")  # noqa: S704 - sanitised by nh3


# The labels of each catalogue, made once: they are the same words for every question.
_LABELS: WeakKeyDictionary[NullTranslations, dict] = WeakKeyDictionary()


def question_labels() -> dict:
    """The words around a question in the active locale. One dict per catalogue, shared: read it, never change it."""
    catalogue = translations()
    labels = _LABELS.get(catalogue)
    if labels is None:
        labels = _LABELS[catalogue] = _labels(catalogue)
    return labels


def _labels(catalogue: NullTranslations) -> dict:
    def _(string: str, **variables) -> str:  # the name pybabel extracts
        text = catalogue.ugettext(string)
        return text % variables if variables else text

    return {
        "hint": {
            "single": _("Choose one answer."),
            "multiple": _("Choose every answer that fits."),
            "true_false": _("Is this true or false?"),
            "order": _("Give each step its place: 1 comes first."),
            "chat": _("Read the chat. Tick every message that is a red flag. If you see none, send without ticking."),
            "reflection": _("There is no right or wrong answer. How much do you agree?"),
        },
        "scale": {1: _("Strongly disagree"), 2: _("Disagree"), 3: _("Agree"), 4: _("Strongly agree")},
        "true": _("True"),
        "false": _("False"),
        "move_up": _("Move up"),
        "move_down": _("Move down"),
        "moved": _("Now in place %(place)s of %(total)s", place="{place}", total="{total}"),
        "place": _("Place"),
        "me": _("Me"),
        "someone": _("Someone"),
        "red_flag": _("This is a red flag"),
        "verdict": {
            "right": _("Right!"),
            "partly_right": _("Partly right"),
            "wrong": _("Not quite"),
            "reflection": _("Thank you for your honest answer."),
            "unanswered": _("Not answered"),
        },
        "your_answer": _("your answer"),
        "right_answer": _("right answer"),
        "right_place": _("right place"),
        "your_answer_is": _("Your answer:"),
        "the_right_answer_is": _("The right answer:"),
        "your_order": _("Your order:"),
        "the_right_order": _("The right order:"),
        "marked": _("you marked it"),
        "missed": _("you missed it"),
        "not_a_flag": _("not a red flag on its own"),
    }


def render_question_macro(locale: str, macro: str, *args, **kwargs) -> Markup:
    """A macro of _macros/questions.html rendered wholly in ``locale``: texts and labels alike."""
    with nullcontext() if locale == str(get_locale()) else force_locale(locale):
        return get_template_attribute("_macros/questions.html", macro)(
            *args, qtext=Reader(locale), labels=question_labels(), **kwargs
        )
