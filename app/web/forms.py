"""The base of every form: Flask-WTF's, with WTForms' own messages in Indonesian too.

WTForms ships no Indonesian catalogue, so "This field is required." would reach an
Indonesian page in English. Ours is ``translations/id/LC_MESSAGES/wtforms.po``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations
from flask import has_request_context
from flask_babel import get_locale
from flask_wtf import FlaskForm

TRANSLATIONS_DIR = Path(__file__).resolve().parents[2] / "translations"


@lru_cache(maxsize=8)
def _catalogue(locale: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS_DIR), [locale], domain="wtforms")


class _WTFormsMessages:
    """The gettext interface WTForms asks for, answering in the page's language."""

    def _current(self) -> NullTranslations:
        return _catalogue(str(get_locale())) if has_request_context() else NullTranslations()

    def gettext(self, string: str) -> str:
        return self._current().ugettext(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._current().ungettext(singular, plural, n)


_messages = _WTFormsMessages()


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):
            return _messages
