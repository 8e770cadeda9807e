"""The languages Waspada speaks, and which one a page is shown in.

Indonesian first. The locale comes from the signed-in person's own choice, else
their class (for a student), else the visitor's choice in this browser, else, for
staff, their school's default language ("Bahasa bawaan": a school decides for its
staff, whatever language their browser was set up in), else the browser's
Accept-Language, else Indonesian.
"""

from __future__ import annotations

from babel.support import NullTranslations
from flask import request, session
from flask.globals import _cv_app
from flask_babel import get_translations
from flask_login import current_user

LOCALES: tuple[str, ...] = ("id", "en")
DEFAULT_LOCALE = "id"
LOCALE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}


def normalise(locale: str | None) -> str | None:
    return locale if locale in LOCALES else None


def select_locale() -> str:
    """Flask-Babel's locale selector (once per request: Flask-Babel keeps its answer on ``g``)."""
    user = current_user._get_current_object()  # once: each read through the proxy looks the request up again
    signed_in = bool(user) and user.is_authenticated
    if signed_in:
        own = normalise(user.locale)
        if own:
            return own
        if user.is_student:
            return normalise(user.classroom.locale) or DEFAULT_LOCALE
    chosen = normalise(session.get("locale"))
    if chosen:
        return chosen
    if signed_in:
        school = normalise(user.school.default_locale)
        if school:
            return school
    return request.accept_languages.best_match(LOCALES) or DEFAULT_LOCALE


def other_locale(locale: str) -> str:
    return next(code for code in LOCALES if code != locale)


def translations() -> NullTranslations:
    """This request's catalogue, as ``flask_babel.get_translations()`` gives it, in a fraction of its time.

    Flask-Babel looks the request up through ``g`` about ten times per string (domain,
    context, locale, each through a context-local proxy). A page shows some forty strings,
    so the catalogue is kept on ``g`` beside the locale and domain it was made for, and used
    again while both are the same objects: ``force_locale`` and ``refresh`` replace the
    locale, and the next string asks Flask-Babel again.
    """
    app_context = _cv_app.get(None)
    if app_context is None:
        return get_translations()
    state = app_context.g.__dict__
    cached = state.get("_waspada_translations")
    babel_state = state.get("_flask_babel")
    if cached is not None and babel_state is not None:
        babel = babel_state.__dict__
        if cached[0] is babel.get("babel_locale") and cached[1] is babel.get("babel_domain"):
            return cached[2]
    found = get_translations()  # selects the locale (and sets the domain) when not done yet
    babel = state["_flask_babel"].__dict__
    state["_waspada_translations"] = (babel.get("babel_locale"), babel.get("babel_domain"), found)
    return found


def gettext(string: str, **variables) -> str:
    """``flask_babel.gettext``, through the request's cached catalogue."""
    text = translations().ugettext(string)
    return text % variables if variables else text
