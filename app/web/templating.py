"""What every template may use: the figures and their words, the language switch, the quick exit.

Templates show what they are given and decide nothing about scores or permissions;
the words for figures come from ``app.reports.figures``, so a status or a percent
reads the same on every page.
"""

from __future__ import annotations

import threading
from datetime import datetime

import click
from flask import Flask, current_app, request, url_for
from flask.globals import _cv_request
from flask_babel import force_locale, format_datetime, get_locale
from flask_login import current_user
from jinja2 import BytecodeCache, Environment, pass_eval_context
from jinja2.bccache import Bucket
from jinja2.nodes import EvalContext
from markupsafe import Markup

from app.i18n import LOCALE_NAMES, LOCALES, other_locale, translations
from app.reports import figures
from app.security import Permission, can


def quick_exit_target(user=None) -> str:
    """The neutral site quick exit leads to: the student's school's choice, else the app's."""
    user = current_user if user is None else user
    url = current_app.config["QUICK_EXIT_URL"]
    if user.is_authenticated and user.is_student:
        url = user.classroom.school.quick_exit_url or url
    return url


def help_url() -> str:
    """The "I need help" link, remembering the page it was pressed on so the help page can lead back."""
    if request.endpoint in ("student.help", "student.send_help", "student.help_sent") or request.method != "GET":
        return url_for("student.help")
    return url_for("student.help", back=request.full_path.rstrip("?"))


# The words of a template, as Jinja's i18n extension with Flask-Babel's callables gives them
# (``newstyle``: Markup in an autoescaped template, and always a format string), without the
# three ``Context.call`` layers and Flask-Babel's ten proxy lookups that each string cost:
# a page shows some forty.
def _shown(eval_context: EvalContext, text: str, variables: dict) -> str:
    # The catalogue's own text is trusted, as Jinja's extension trusts it; the variables are escaped.
    shown = Markup(text) if eval_context.autoescape else text  # noqa: S704
    # Without variables and without a %, formatting would give the text back: skipped (2 µs each).
    return shown % variables if variables or "%" in text else shown


@pass_eval_context
def _gettext(eval_context: EvalContext, string: str, **variables) -> str:
    return _shown(eval_context, translations().ugettext(string), variables)


@pass_eval_context
def _ngettext(eval_context: EvalContext, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _shown(eval_context, translations().ungettext(singular, plural, num), variables)


@pass_eval_context
def _pgettext(eval_context: EvalContext, context: str, string: str, **variables) -> str:
    variables.setdefault("context", context)
    return _shown(eval_context, translations().upgettext(context, string), variables)


@pass_eval_context
def _npgettext(eval_context: EvalContext, context: str, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("context", context)
    variables.setdefault("num", num)
    return _shown(eval_context, translations().unpgettext(context, singular, plural, num), variables)


class _ProcessBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process's memory for every app it makes (tests make
    several): each template is compiled from its source once per process. A template whose
    source changed has a new checksum and is compiled again; so is one for an environment
    whose settings would compile it differently (the key holds them)."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        escaping = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
        settings = (
            sorted(environment.extensions),
            getattr(environment, "newstyle_gettext", None),
            escaping,
            environment.optimized,
            environment.trim_blocks,
            environment.lstrip_blocks,
            environment.keep_trailing_newline,
            environment.block_start_string,
            environment.variable_start_string,
            environment.comment_start_string,
            environment.line_statement_prefix,
            environment.line_comment_prefix,
        )
        bucket = Bucket(environment, self.get_cache_key(f"{name}\0{settings!r}", filename), self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            self._compiled[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _ProcessBytecodeCache()


def _remembering_url_for(app: Flask):
    """The templates' ``url_for``: the URLs every page shows (the style sheets and scripts, the
    links without values: home, quick exit, sign-out, help) built once rather than on each page.

    A URL without values depends only on the endpoint and the script root (no route here is
    bound to a host or subdomain, and no url_defaults exist; with either, nothing is kept).
    Anything else (values, a ``.relative`` endpoint, ``_external``...) goes to Flask every time.
    Bounded: a few dozen entries in practice, never more than 512."""
    build = app.url_for
    kept: dict[tuple[str, str, str | None], str] = {}

    def url_for(endpoint: str, /, **values) -> str:
        request_context = _cv_request.get(None)
        if request_context is None or request_context.url_adapter is None or endpoint[:1] == ".":
            return build(endpoint, **values)
        if not values:
            key = (request_context.url_adapter.script_name, endpoint, None)
        elif endpoint == "static" and len(values) == 1 and isinstance(values.get("filename"), str):
            key = (request_context.url_adapter.script_name, endpoint, values["filename"])
        else:
            return build(endpoint, **values)
        url = kept.get(key)
        if url is None:
            url = build(endpoint, **values)
            if len(kept) < 512:
                kept[key] = url
        return url

    if app.url_map.host_matching or any(rule.subdomain for rule in app.url_map.iter_rules()):
        return build
    return url_for


# The pages a whole class opens in the same minute: compiled when a process starts. The staff's
# pages (about 50 more templates, ~6 MiB of each worker) compile when first opened, so a worker
# that serves only a class never holds them (the memory target: two workers under 150 MiB).
CLASS_TEMPLATES = ("base.html", "_macros/", "errors/", "auth/join.html", "student/", "lessons/phone")


def _prepare(app: Flask) -> None:
    """What a class's pages need once per process, done at start rather than in a student's request:
    their templates compiled (a page's first view would otherwise compile it and its layouts,
    tens of ms), each language's catalogue and Babel's date formats and time zone loaded.
    Not for a command-line run (``flask notify run`` each minute renders no page)."""
    for name in app.jinja_env.list_templates():
        if name.startswith(CLASS_TEMPLATES):
            app.jinja_env.get_template(name)
    with app.app_context():
        for code in LOCALES:
            with force_locale(code):
                translations()
                format_datetime(datetime(2000, 1, 1), "short")


def register(app: Flask) -> None:
    # After Flask-Babel's init_app, which installed its own callables in the same places.
    app.jinja_env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, npgettext=_npgettext)
    app.add_template_filter(figures.percent_label, "percent")  # a score 0..1 -> "63%"
    app.add_template_filter(figures.format_percent, "whole_percent")  # a whole percent 63 -> "63%"
    app.add_template_global(figures.status_label, "status_label")
    app.add_template_global(figures.verdict_label, "verdict_label")
    app.add_template_global(figures.questions_label, "questions_label")
    app.add_template_global(figures.help_status_label, "help_status_label")
    app.add_template_global(help_url, "help_url")
    app.add_template_global(can, "can")
    # Values the same on every page: globals, not put into each page's context again.
    app.jinja_env.globals.update(min_group=figures.MIN_GROUP, locales=LOCALES, locale_names=LOCALE_NAMES, Permission=Permission)

    @app.context_processor
    def inject():
        locale = str(get_locale())
        # The visitor itself, not the proxy: a page reads current_user dozens of times,
        # and each read through the proxy looks the request up again.
        user = current_user._get_current_object()
        return {
            "current_locale": locale,
            "other_locale": other_locale(locale),
            "current_user": user,
            "quick_exit_url": quick_exit_target(user),
        }

    # The blueprints are registered by now, the url_defaults too (there are none: see above).
    if not any(app.url_default_functions.values()):
        app.jinja_env.globals["url_for"] = _remembering_url_for(app)

    # Last in this function: a template is checked against the filters that exist when it compiles.
    if app.testing:  # tests make many apps; a serving process makes one and would only hold a second copy
        app.jinja_env.bytecode_cache = _BYTECODE
    if click.get_current_context(silent=True) is None:
        _prepare(app)
