"""The languages Waspada speaks, and which one a page is shown in.

Indonesian first. The locale comes from the signed-in person's own choice, else
their class (for a student), else the visitor's choice in this browser, else the
browser's Accept-Language, else the school's default (for staff), else Indonesian.
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
    from_browser = request.accept_languages.best_match(LOCALES)
    if from_browser:
        return from_browser
    if current_user and current_user.is_authenticated:
        return normalise(current_user.school.default_locale) or DEFAULT_LOCALE
    return DEFAULT_LOCALE


def other_locale(locale: str) -> str:
    return next(code for code in LOCALES if code != locale)
