"""The teacher's side of a discussion lesson.

No timer, no points, no ranking: the teacher moves through the module at the class's
pace. The projector shows the question large, how many phones have answered, and the
distribution only from ``MIN_GROUP`` answers up; never a name (phones are anonymous).
Its live part is a fragment the projector's script fetches every two seconds; without
script, the teacher reloads or moves on.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.content import get_catalogue
from app.extensions import db
from app.lessons.blueprint import bp
from app.reports.counting import bank_title
from app.reports.lessons import current_totals, lesson_totals
from app.security import Permission, load_classroom, load_lesson, requires
from app.services import lessons
from app.services.errors import ServiceError
from app.web.addresses import base_url
from app.web.login_cards import qr_svg
from app.web.question_texts import Reader


def _page_locale() -> str:
    return str(get_locale())


@bp.post("/teacher/classes/<int:classroom_id>/lessons")
@requires(Permission.CLASSROOM_MANAGE)
def start(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    try:
        lesson = lessons.start_lesson(get_catalogue(), classroom, request.form.get("bank_id", ""), current_user)
    except ServiceError:
        db.session.rollback()
        flash(_("Choose a module for the lesson."), "error")
        return redirect(url_for("teacher.class_page", classroom_id=classroom.id))
    db.session.commit()
    return redirect(url_for("lessons.projector", lesson_id=lesson.id))


def _phone_url(lesson) -> str:
    return base_url() + url_for("lessons.phone", code=lesson.code)


@bp.get("/teacher/lessons/<int:lesson_id>/projector")
@requires(Permission.CLASSROOM_MANAGE)
def projector(lesson_id: int):
    lesson = load_lesson(lesson_id, manage=True)
    bank = lessons.bank_of(get_catalogue(), lesson)
    url = _phone_url(lesson)
    return render_template(
        "lessons/projector.html",
        lesson=lesson,
        bank=bank,
        totals=current_totals(lesson, bank),
        texts=Reader(_page_locale()),
        phone_url=url,
        qr=qr_svg(url, title=_("QR code: open this lesson on a phone")),
        total=len(bank.questions),
    )


@bp.get("/teacher/lessons/<int:lesson_id>/live")
@requires(Permission.CLASSROOM_MANAGE)
def live(lesson_id: int):
    """The part of the projector that changes as phones answer: fetched every two seconds."""
    lesson = load_lesson(lesson_id, manage=True)
    bank = lessons.bank_of(get_catalogue(), lesson)
    response = render_template(
        "lessons/_live.html", lesson=lesson, totals=current_totals(lesson, bank), texts=Reader(_page_locale())
    )
    return response, 200, {"Cache-Control": "no-store"}


@bp.post("/teacher/lessons/<int:lesson_id>/<any(next, back, reveal, hide, end):action>")
@requires(Permission.CLASSROOM_MANAGE)
def control(lesson_id: int, action: str):
    lesson = load_lesson(lesson_id, manage=True)
    try:
        if action in ("next", "back"):
            lessons.move(get_catalogue(), lesson, 1 if action == "next" else -1)
        elif action in ("reveal", "hide"):
            lessons.reveal(lesson, action == "reveal")
        else:
            lessons.end(lesson)
    except ServiceError:
        db.session.rollback()
        flash(_("This lesson has ended."), "info")
        return redirect(url_for("lessons.totals", lesson_id=lesson.id))
    db.session.commit()
    if action == "end":
        return redirect(url_for("lessons.totals", lesson_id=lesson.id))
    return redirect(url_for("lessons.projector", lesson_id=lesson.id))


@bp.get("/teacher/lessons/<int:lesson_id>")
@requires(Permission.REPORT_CLASS)
def totals(lesson_id: int):
    """A lesson's class totals, question by question (totals under five are not shown)."""
    lesson = load_lesson(lesson_id)
    catalogue = get_catalogue()
    bank = catalogue.get(lesson.bank_id)
    if bank is None:
        abort(404)
    return render_template(
        "lessons/totals.html",
        lesson=lesson,
        bank=bank,
        classroom=lesson.classroom,
        title=bank_title(catalogue, lesson.bank_id, _page_locale()),
        totals=lesson_totals(lesson, bank),
        texts=Reader(_page_locale()),
    )
