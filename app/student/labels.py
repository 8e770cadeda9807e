"""The words around a question: instructions, the agreement scale, verdicts and review marks.

They are made here, in the language active when ``question_labels()`` is called, and
handed to the macros of ``_macros/questions.html``: a question read in the other
language (``?lang=``) gets its labels in that language too. (Keeping the strings in
Python also keeps them in the translation catalogue: Babel skips folders whose name
starts with "_", such as ``templates/_macros``.)
"""
from __future__ import annotations

from flask_babel import gettext as _


def question_labels() -> dict:
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
