"""What every template may use: the figures and their words, the language switch, the quick exit.

Templates show what they are given and decide nothing about scores or permissions;
the words for figures come from ``app.reports.figures``, so a status or a percent
reads the same on every page.
"""

from __future__ import annotations

from flask import Flask, current_app, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from app.i18n import LOCALE_NAMES, LOCALES, other_locale
from app.reports import figures
from app.security import Permission, can


def quick_exit_target() -> str:
    """The neutral site quick exit leads to: the student's school's choice, else the app's."""
    url = current_app.config["QUICK_EXIT_URL"]
    if current_user.is_authenticated and current_user.is_student:
        url = current_user.classroom.school.quick_exit_url or url
    return url


def help_url() -> str:
    """The "I need help" link, remembering the page it was pressed on so the help page can lead back."""
    if request.endpoint in ("student.help", "student.send_help", "student.help_sent") or request.method != "GET":
        return url_for("student.help")
    return url_for("student.help", back=request.full_path.rstrip("?"))


def register(app: Flask) -> None:
    app.add_template_filter(figures.percent_label, "percent")  # a score 0..1 -> "63%"
    app.add_template_filter(figures.format_percent, "whole_percent")  # a whole percent 63 -> "63%"
    app.add_template_global(figures.status_label, "status_label")
    app.add_template_global(figures.verdict_label, "verdict_label")
    app.add_template_global(figures.questions_label, "questions_label")
    app.add_template_global(figures.help_status_label, "help_status_label")
    app.add_template_global(help_url, "help_url")
    app.add_template_global(figures.MIN_GROUP, "min_group")

    @app.context_processor
    def inject():
        locale = str(get_locale())
        return {
            "current_locale": locale,
            "other_locale": other_locale(locale),
            "locales": LOCALES,
            "locale_names": LOCALE_NAMES,
            "can": can,
            "Permission": Permission,
            "current_user": current_user,
            "quick_exit_url": quick_exit_target(),
        }
