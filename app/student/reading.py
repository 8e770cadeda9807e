"""Quiz texts as a student reads them: in the page's language, or one question in the other.

A student who reads Indonesian less well (or English less well) can open a single
question in the other language with ``?lang=``; the rest of the page stays in the
page's language, and the question's container says ``lang=`` so that screen readers
and the read-aloud button use the right voice. Texts are the bank's small Markdown
subset, read in one locale by ``app.web.question_texts.Reader``.
"""

from __future__ import annotations

from flask import request
from flask_babel import get_locale

from app.i18n import normalise


def page_locale() -> str:
    return str(get_locale())


def question_locale() -> str:
    """The locale of the question's texts: ``?lang=`` when it names a supported locale."""
    return normalise(request.args.get("lang")) or page_locale()
