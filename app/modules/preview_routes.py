"""The preview: a member of staff goes through a module as a student would, and nothing is recorded.

The same question forms, the same feedback and the same results as a student's
(the macros of ``_macros/questions.html``, ``quizbank`` scoring and verdicts), with
the answer key beside each question and, after each answer, what it would mean in a
class: the misconceptions the class report would count, a key item the counsellor
would follow up, an answer that is a concern. The answers live in the signed session
cookie (``preview_state``), so nothing is written to the database.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app.content import get_catalogue
from app.modules import preview_state
from app.modules.blueprint import bp
from app.modules.lookup import content_locale, language_args, load_bank, load_question
from app.quizbank import (
    Bank,
    InvalidResponse,
    Question,
    concern_shown,
    misconceptions_shown,
    needs_follow_up,
    score_response,
)
from app.quizbank.review import picked_of, shown_options, summarise
from app.reports.figures import passed, question_counts
from app.security import Permission, requires
from app.web.answer_forms import AnswerInputError, input_message, kept_selection, read_response
from app.web.errors import recovers_from_csrf, render_error
from app.web.question_texts import Reader, render_question_macro


def question_url(bank: Bank, question: Question, endpoint: str = "modules.preview_question") -> str:
    return url_for(endpoint, bank_id=bank.id, question_id=question.id, **language_args(content_locale()))


def next_url(bank: Bank, question: Question) -> str:
    number = bank.questions.index(question)
    if number + 1 < len(bank.questions):
        return question_url(bank, bank.questions[number + 1])
    return url_for("modules.preview_end", bank_id=bank.id, **language_args(content_locale()))


def _page_args(bank: Bank, question: Question) -> dict:
    locale = content_locale()
    return {
        "bank": bank,
        "question": question,
        "number": bank.questions.index(question) + 1,
        "total": len(bank.questions),
        "content_lang": locale,
        "lang_args": language_args(locale),
        "qtext": Reader(locale),
        "misconceptions": get_catalogue().misconceptions,
        "options": shown_options(question, preview_state.seed(bank)),
    }


def _render_question(
    bank: Bank,
    question: Question,
    *,
    error: str | None = None,
    picked: set[str] | None = None,
    positions: dict[str, int] | None = None,
    status: int = 200,
):
    args = _page_args(bank, question)
    options = args["options"]
    if picked is None and positions is None:  # answered before in this preview: shown as it was left
        response = preview_state.answers(bank).get(question.id) or {}
        picked = picked_of(question, response)
        positions = {item_id: place for place, item_id in enumerate(response.get("order", []), 1)}
    if question.type == "order":
        positions = positions or {item.id: place for place, item in enumerate(options, 1)}
        options = sorted(options, key=lambda item: positions.get(item.id, len(options) + 1))
    fields = render_question_macro(
        args["content_lang"], "question_fields", question, options, picked or set(), positions or {}, error=bool(error)
    )
    return render_template("modules/question.html", fields=fields, error=error, **args), status


@bp.get("/<bank_id>/preview/q/<question_id>")
@requires(Permission.MODULE_PREVIEW)
def preview_question(bank_id: str, question_id: str):
    bank, question = load_question(bank_id, question_id)
    return _render_question(bank, question)


@bp.post("/<bank_id>/preview/q/<question_id>")
@requires(Permission.MODULE_PREVIEW)
def preview_answer(bank_id: str, question_id: str):
    bank, question = load_question(bank_id, question_id)
    picked, positions = kept_selection(question, request.form)
    try:
        preview_state.keep_answer(bank, question, read_response(question, request.form))
    except (AnswerInputError, InvalidResponse) as refused:
        return _render_question(bank, question, error=input_message(refused.code), picked=picked, positions=positions, status=400)
    return redirect(question_url(bank, question, "modules.preview_feedback"))


@recovers_from_csrf("modules.preview_answer")
def preview_answer_again(_error):
    """A stale form token: the question again, the answer still selected, nothing kept."""
    try:
        bank, question = load_question(request.view_args["bank_id"], request.view_args["question_id"])
    except HTTPException as refused:
        return render_error(refused.code or 404)
    picked, positions = kept_selection(question, request.form)
    message = _("This page was open for a long time, so your answer was not sent yet. Check it and press the button again.")
    return _render_question(bank, question, error=message, picked=picked, positions=positions, status=400)


@bp.get("/<bank_id>/preview/q/<question_id>/feedback")
@requires(Permission.MODULE_PREVIEW)
def preview_feedback(bank_id: str, question_id: str):
    bank, question = load_question(bank_id, question_id)
    response = preview_state.answers(bank).get(question.id)
    if response is None:
        return redirect(question_url(bank, question))
    args = _page_args(bank, question)
    review = preview_state.review_of(bank, question)
    score = score_response(question, response)
    return render_template(
        "modules/feedback.html",
        details=render_question_macro(args["content_lang"], "review_details", review),
        revealed=misconceptions_shown(question, response),
        follow_up=needs_follow_up(question, score),
        concern=concern_shown(question, response),
        next_url=next_url(bank, question),
        again_url=question_url(bank, question),
        last=args["number"] == args["total"],
        **args,
    )


@bp.get("/<bank_id>/preview/end")
@requires(Permission.MODULE_PREVIEW)
def preview_end(bank_id: str):
    bank = load_bank(bank_id)
    locale = content_locale()
    reviews = preview_state.every_review(bank)
    score = preview_state.preview_score(bank)
    return render_template(
        "modules/end.html",
        bank=bank,
        qtext=Reader(locale),
        content_lang=locale,
        lang_args=language_args(locale),
        details=[(item, render_question_macro(locale, "review_details", item)) for item in reviews],
        score=score,
        passed=passed(score, bank.pass_percent),
        counts=question_counts(bank),
        summary=summarise(reviews),
        answered=sum(1 for item in reviews if item.verdict != "unanswered"),
    )


@bp.post("/<bank_id>/preview/restart")
@requires(Permission.MODULE_PREVIEW)
def preview_restart(bank_id: str):
    bank = load_bank(bank_id)
    preview_state.restart(bank)
    return redirect(question_url(bank, bank.questions[0]))
