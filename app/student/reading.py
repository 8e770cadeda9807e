"""Quiz texts as a student reads them: in the page's language, or one question in the other.

A student who reads Indonesian less well (or English less well) can open a single
question in the other language with ``?lang=``; the rest of the page stays in the
page's language, and the question's container says ``lang=`` so that screen readers
and the read-aloud button use the right voice. Texts are the bank's small Markdown
subset, made safe by ``app.quizbank.rendering``.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import request
from flask_babel import get_locale
from markupsafe import Markup

from app.i18n import normalise
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


def page_locale() -> str:
    return str(get_locale())


def question_locale() -> str:
    """The locale of the question's texts: ``?lang=`` when it names a supported locale."""
    return normalise(request.args.get("lang")) or page_locale()
