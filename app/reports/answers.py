"""How a stored response reads to a teacher: the texts a student chose, not ids.

Pure functions over the quiz content. A response to a question that a later
version of the bank changed may name ids that no longer exist: they are shown as
they were stored rather than hidden.
"""

from __future__ import annotations

import json

from flask_babel import force_locale
from flask_babel import gettext as _

from app.quizbank import Question

SEPARATORS = {"multiple": "; ", "order": " → ", "chat": "; "}


def _texts(options, ids, locale: str) -> list[str]:
    by_id = {option.id: option.text.get_text(locale) for option in options}
    return [by_id.get(item, str(item)) for item in ids]


def describe(question: Question | None, response: dict, locale: str) -> str:
    """The response as a teacher reads it, in plain text (for pages and CSV alike)."""
    if question is None or not isinstance(response, dict):
        return json.dumps(response, ensure_ascii=False, sort_keys=True)
    kind = question.type
    try:
        if kind == "single":
            return _texts(question.choices, [response["choice"]], locale)[0]
        if kind == "order":
            return SEPARATORS[kind].join(_texts(question.items, response["order"], locale))
        if kind == "reflection":
            return str(response["value"])
        with force_locale(locale):  # the words below follow the report's language, like the content
            if kind == "multiple":
                picked = _texts(question.choices, response["choices"], locale)
                return SEPARATORS[kind].join(picked) if picked else _("(nothing chosen)")
            if kind == "true_false":
                return _("True") if response["answer"] else _("False")
            flagged = _texts(question.messages, response["flags"], locale)
            return SEPARATORS[kind].join(flagged) if flagged else _("(no message marked)")
    except (KeyError, TypeError, IndexError):
        return json.dumps(response, ensure_ascii=False, sort_keys=True)
