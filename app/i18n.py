"""The languages Waspada speaks, and which one a page is shown in.

Indonesian first. The locale comes from the signed-in person's own choice, else
their class (for a student), else the visitor's choice in this browser, else, for
staff, their school's default language ("Bahasa bawaan": a school decides for its
staff, whatever language their browser was set up in), else the browser's
Accept-Language, else Indonesian.
"""

from __future__ import annotations

from flask import request, session
from flask_login import current_user

LOCALES: tuple[str, ...] = ("id", "en")
DEFAULT_LOCALE = "id"
LOCALE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def normalise(locale: str | None) -> str | None:
    return locale if locale in LOCALES else None


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    if current_user and current_user.is_authenticated:
        own = normalise(current_user.locale)
        if own:
            return own
        if current_user.is_student:
            return normalise(current_user.classroom.locale) or DEFAULT_LOCALE
    chosen = normalise(session.get("locale"))
    if chosen:
        return chosen
    if current_user and current_user.is_authenticated:
        school = normalise(current_user.school.default_locale)
        if school:
            return school
    return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE


def other_locale(locale: str) -> str:
    return next(code for code in LOCALES if code != locale)
