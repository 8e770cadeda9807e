"""The student's pages: the dashboard, a module's first page, starting, "not now" and the results.

The questions themselves are in ``questions.py``, the help page in ``help_pages.py``, and
the activity a student does instead of a module they left for now in ``alternative.py``.
Students are minors, often alone with a cheap phone: every page is plain HTML that
works without JavaScript, and every refusal says what happened and what to do next.
"""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.content import get_catalogue
from app.extensions import db
from app.quizbank.review import summarise
from app.reports.figures import passed, question_counts
from app.reports.student_dashboard import best_finished_score, dashboard_rows
from app.security import Permission, requires
from app.services import progress
from app.services.errors import ServiceError
from app.student.alternative import alternative_url
from app.student.blueprint import bp
from app.student.reading import page_locale
from app.student.review import feedback_visible, review_attempt
from app.student.steps import (
    load_module,
    load_progress,
    module_url,
    next_step_url,
    the_student,
)
from app.web.question_texts import Reader, question_labels


@bp.context_processor
def quiz_texts():
    """``texts``: quiz content in the page's language, for every student template."""
    return {"texts": Reader(page_locale())}


@bp.get("/")
@requires(Permission.MODULE_TAKE)
def dashboard():
    return render_template("student/dashboard.html", rows=dashboard_rows(get_catalogue(), the_student()))


@bp.get("/m/<int:assignment_id>")
@requires(Permission.MODULE_TAKE)
def module(assignment_id: int):
    assignment, bank, attempt = load_progress(assignment_id)
    theme = get_catalogue().theme(bank.theme)
    return render_template(
        "student/module.html",
        assignment=assignment,
        bank=bank,
        attempt=attempt,
        counts=question_counts(bank),
        sensitive=bool(theme and theme.sensitive),
        theme=theme,
        continue_url=next_step_url(assignment, bank, attempt) if attempt and not attempt.finished else None,
        can_start=not assignment.closed and (attempt is None or not attempt.finished or assignment.allow_retries),
    )


@bp.post("/m/<int:assignment_id>/start")
@requires(Permission.MODULE_TAKE)
def start(assignment_id: int):
    """Start (or continue, or retry) the module: a double tap starts it only once."""
    assignment, bank = load_module(assignment_id)
    try:
        attempt = progress.start_attempt(get_catalogue(), the_student(), assignment)
    except ServiceError as refused:
        db.session.rollback()
        flash(
            _("Your teacher has closed this module.") if refused.code == "closed" else _("This module can be done only once."),
            "error",
        )
        return redirect(module_url(assignment))
    db.session.commit()
    return redirect(next_step_url(assignment, bank, attempt))


@bp.post("/m/<int:assignment_id>/not-now")
@requires(Permission.MODULE_TAKE)
def not_now(assignment_id: int):
    """Leave a sensitive module for now: recorded for the counsellor, never a score.

    The student goes on to the module's alternative activity, a page like any other,
    so that nothing on the screen tells the class they chose "Not now".
    """
    assignment, bank = load_module(assignment_id)
    progress.opt_out(the_student(), assignment)
    db.session.commit()
    if bank.alternative is not None:
        return redirect(alternative_url(assignment.id))
    flash(_("That is fine. The module will wait for you, and you can start it whenever you feel ready."), "info")
    return redirect(url_for("student.dashboard"))


@bp.get("/m/<int:assignment_id>/results")
@requires(Permission.MODULE_TAKE)
def results(assignment_id: int):
    assignment, bank, attempt = load_progress(assignment_id)
    if attempt is None:
        return redirect(module_url(assignment))
    if not attempt.finished and not assignment.closed:
        return redirect(next_step_url(assignment, bank, attempt))
    best = best_finished_score(attempt) if attempt.number > 1 else None
    return render_template(
        "student/results.html",
        assignment=assignment,
        bank=bank,
        attempt=attempt,
        best_score=best,
        passed=passed(attempt.score, bank.pass_percent),
        reviews=(reviews := review_attempt(bank, attempt)),
        summary=summarise(reviews),
        feedback_shown=feedback_visible(assignment, attempt),
        can_retry=attempt.finished and assignment.allow_retries and not assignment.closed,
        helplines=get_catalogue().helplines,
        labels=question_labels(),
    )
