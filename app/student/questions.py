"""One question per page, its answer, and the feedback on it.

Every answer is saved the moment it is sent (``progress.submit_answer``; one commit
per request). Sending the same question again (a double tap, a reload, a second
tab) keeps the first answer and shows it. Anything that cannot be saved (nothing
chosen, a choice that is not in the question, an order with a position twice, a
closed module, a stale form) is refused with a message in the student's language,
the form shown again as they left it, and nothing saved.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from app.content import get_catalogue
from app.extensions import db
from app.i18n import other_locale
from app.models import Assignment, Attempt
from app.quizbank import Bank, Question
from app.quizbank.review import shown_options
from app.reports.student_dashboard import answer_of
from app.security import Permission, requires
from app.services import progress
from app.services.errors import ServiceError
from app.student.blueprint import bp
from app.student.reading import page_locale, question_locale
from app.student.review import feedback_visible, review
from app.student.steps import (
    after_answer_url,
    blocked,
    feedback_url,
    load_question,
    module_url,
    next_step_url,
    place_of,
    question_url,
    results_url,
)
from app.web.answer_forms import AnswerInputError, input_message, kept_selection, read_response
from app.web.errors import recovers_from_csrf, render_error
from app.web.question_texts import Reader, render_question_macro


def _language_args(locale: str) -> dict:
    return {"lang": locale} if locale != page_locale() else {}


def _render_question(
    assignment: Assignment,
    bank: Bank,
    attempt: Attempt,
    question: Question,
    *,
    error: str | None = None,
    picked: set[str] | None = None,
    positions: dict[str, int] | None = None,
    status: int = 200,
):
    options = shown_options(question, attempt.seed)
    if question.type == "order" and not positions:
        positions = {item.id: place for place, item in enumerate(options, 1)}
    if question.type == "order":  # shown in the order of the chosen positions, as the student left them
        options = sorted(options, key=lambda item: positions.get(item.id, len(options) + 1))
    locale = question_locale()
    switch_to = other_locale(locale) if locale == page_locale() else page_locale()
    fields = render_question_macro(
        locale, "question_fields", question, options, picked or set(), positions or {}, error=bool(error)
    )
    number, total = place_of(bank, attempt, question)
    return render_template(
        "student/question.html",
        assignment=assignment,
        bank=bank,
        question=question,
        fields=fields,
        number=number,
        total=total,
        error=error,
        question_lang=locale,
        switch_to=switch_to,
        switch_url=question_url(assignment, question.id, **_language_args(switch_to)),
        action_url=question_url(assignment, question.id, **_language_args(locale)),
    ), status


@bp.get("/m/<int:assignment_id>/q/<question_id>")
@requires(Permission.MODULE_TAKE)
def question(assignment_id: int, question_id: str):
    assignment, bank, question, attempt = load_question(assignment_id, question_id)
    refusal = blocked(assignment, bank, attempt, question)
    if refusal is not None:
        return redirect(refusal[0])
    return _render_question(assignment, bank, attempt, question)


@bp.post("/m/<int:assignment_id>/q/<question_id>")
@requires(Permission.MODULE_TAKE)
def answer(assignment_id: int, question_id: str):
    assignment, bank, question, attempt = load_question(assignment_id, question_id)
    refusal = blocked(assignment, bank, attempt, question)
    if refusal is not None:
        flash(refusal[1], "info")
        return redirect(refusal[0])
    picked, positions = kept_selection(question, request.form)
    try:
        submitted = progress.submit_answer(
            get_catalogue(), attempt, question.id, read_response(question, request.form), closed=assignment.closed
        )
    except AnswerInputError as refused:
        return _render_question(
            assignment, bank, attempt, question, error=input_message(refused.code), picked=picked, positions=positions, status=400
        )
    except ServiceError as refused:
        db.session.rollback()
        if refused.code == "invalid_response":
            return _render_question(
                assignment,
                bank,
                attempt,
                question,
                error=input_message(refused.detail),
                picked=picked,
                positions=positions,
                status=400,
            )
        flash(
            _("Your teacher has closed this module, so no more answers can be sent.")
            if refused.code == "closed"
            else _("You have finished this module already."),
            "info",
        )
        return redirect(results_url(assignment))
    db.session.commit()
    if not submitted.created:
        flash(_("You had already answered this question. Your first answer stays."), "info")
    return redirect(after_answer_url(assignment, bank, attempt, question.id, **_language_args(question_locale())))


@recovers_from_csrf("student.answer")
def answer_again(_error):
    """A stale or missing form token: the question again, the student's answer still selected, nothing saved."""
    if not (current_user.is_authenticated and current_user.is_student):
        return render_template("errors/error.html", status=400, csrf=True), 400
    try:
        assignment, bank, question, attempt = load_question(request.view_args["assignment_id"], request.view_args["question_id"])
    except HTTPException as refused:
        return render_error(refused.code or 404)
    refusal = blocked(assignment, bank, attempt, question)
    if refusal is not None:
        flash(refusal[1], "info")
        return redirect(refusal[0])
    picked, positions = kept_selection(question, request.form)
    message = _("This page was open for a long time, so your answer was not sent yet. Check it and press the button again.")
    return _render_question(assignment, bank, attempt, question, error=message, picked=picked, positions=positions, status=400)


@bp.get("/m/<int:assignment_id>/q/<question_id>/feedback")
@requires(Permission.MODULE_TAKE)
def feedback(assignment_id: int, question_id: str):
    assignment, bank, question, attempt = load_question(assignment_id, question_id)
    if attempt is None:
        return redirect(module_url(assignment))
    answer = answer_of(attempt, question.id)
    if answer is None:
        return redirect(question_url(assignment, question.id))
    if not feedback_visible(assignment, attempt):
        return redirect(next_step_url(assignment, bank, attempt))
    locale = question_locale()
    switch_to = other_locale(locale) if locale == page_locale() else page_locale()
    number, total = place_of(bank, attempt, question)
    details = render_question_macro(locale, "review_details", review(question, number, answer))
    return render_template(
        "student/feedback.html",
        assignment=assignment,
        bank=bank,
        question=question,
        details=details,
        number=number,
        total=total,
        next_url=next_step_url(assignment, bank, attempt),
        finished=attempt.finished,
        question_lang=locale,
        qtext=Reader(locale),
        switch_to=switch_to,
        switch_url=feedback_url(assignment, question.id, **_language_args(switch_to)),
    )
