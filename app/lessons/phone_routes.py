"""The phones' side of a discussion lesson: no sign-in, no name, one answer per question.

A phone opens the lesson with its code (typed, or from the QR code on the projector)
and sees the question the projector shows; a phone that arrives late gets the current
one. Its answer only adds to the class totals. The phone remembers in its own session
cookie which questions it answered, so a second tap does not count twice; the server
keeps nothing about it. Without JavaScript the waiting page reloads itself every few
seconds (and a tap on "Show the current question" does the same); with JavaScript it
asks every two seconds whether the projector has moved on. Like every student page,
each has the help link and the quick exit.
"""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from app import ratelimit
from app.content import get_catalogue
from app.extensions import db
from app.lessons.blueprint import bp
from app.quizbank import presentation_order
from app.reports.lessons import active_lesson_by_code
from app.security import public
from app.services import codes, lessons
from app.services.errors import ServiceError
from app.web.answer_forms import AnswerInputError, input_message, read_response
from app.web.question_texts import Reader, render_question_macro

MAX_REMEMBERED = 60  # answered questions a phone remembers (a lesson has at most 15)


def _lesson_or_404(code: str):
    lesson = active_lesson_by_code(codes.normalise(code)[:16])
    if lesson is None:
        abort(404)
    return lesson


def _answered(lesson, question_id: str) -> bool:
    return f"{lesson.id}:{question_id}" in session.get("lesson_answers", [])


def _remember(lesson, question_id: str) -> None:
    answered = [*session.get("lesson_answers", []), f"{lesson.id}:{question_id}"]
    session["lesson_answers"] = answered[-MAX_REMEMBERED:]


def _options(question, lesson):
    pool = {option.id: option for option in (*question.choices, *question.items, *question.messages)}
    return [pool[option_id] for option_id in presentation_order(question, lesson.code)]


@bp.route("/l", methods=["GET", "POST"])
@public
def phone_start():
    """Type the lesson's code (the projector shows it)."""
    error = None
    if request.method == "POST":
        code = codes.normalise(request.form.get("code", ""))[:16]
        if active_lesson_by_code(code) is not None:
            return redirect(url_for("lessons.phone", code=code))
        error = _("There is no lesson running with this code. Check the code on the projector.")
    return render_template("lessons/phone_start.html", safeguarding=True, error=error), 400 if error else 200


def _render_phone(lesson, error: str | None = None, status: int = 200):
    bank = lessons.bank_of(get_catalogue(), lesson)
    question = bank.questions[lesson.position]
    locale = str(get_locale())
    answered = _answered(lesson, question.id)
    options = _options(question, lesson)
    # An ordering starts in the order shown (1, 2, 3 ...), as on a student's question page:
    # a phone that sends it untouched sends a real order, not every item "1".
    positions = {item.id: place for place, item in enumerate(options, 1)} if question.type == "order" else {}
    fields = (
        None
        if answered
        else render_question_macro(locale, "question_fields", question, options, set(), positions, error=bool(error))
    )
    return (
        render_template(
            "lessons/phone.html",
            safeguarding=True,
            lesson=lesson,
            bank=bank,
            question=question,
            fields=fields,
            answered=answered,
            number=lesson.position + 1,
            total=len(bank.questions),
            texts=Reader(locale),
            error=error,
        ),
        status,
        {"Cache-Control": "no-store"},
    )


@bp.get("/l/<code>")
@public
def phone(code: str):
    return _render_phone(_lesson_or_404(code))


@bp.post("/l/<code>")
@public
def phone_answer(code: str):
    lesson = _lesson_or_404(code)
    bank = lessons.bank_of(get_catalogue(), lesson)
    question_id = request.form.get("question", "")
    if _answered(lesson, question_id):
        return redirect(url_for("lessons.phone", code=lesson.code))
    limit = (ratelimit.LESSON_ANSWERS_PER_ADDRESS, "lesson-answers", request.remote_addr or "")
    if ratelimit.seconds_until_allowed(*limit):
        abort(429)
    question = bank.question(question_id)
    if question is None:
        return redirect(url_for("lessons.phone", code=lesson.code))
    try:
        response = read_response(question, request.form)
        lessons.record_answer(get_catalogue(), lesson, question_id, response)
    except AnswerInputError as refused:
        return _render_phone(lesson, input_message(refused.code), 400)
    except ServiceError as refused:
        db.session.rollback()
        if refused.code == "moved_on":  # the projector went on: show the question it shows now
            return redirect(url_for("lessons.phone", code=lesson.code))
        return _render_phone(lesson, input_message("invalid"), 400)
    db.session.commit()
    ratelimit.hit(*limit)
    _remember(lesson, question_id)
    return redirect(url_for("lessons.phone", code=lesson.code))


@bp.get("/l/<code>/state")
@public
def phone_state(code: str):
    """What a phone's script polls (at most every two seconds): has the projector moved on?"""
    lesson = active_lesson_by_code(codes.normalise(code)[:16])
    if lesson is None:
        return jsonify(ended=True), 200, {"Cache-Control": "no-store"}
    return jsonify(ended=False, position=lesson.position, revealed=lesson.revealed), 200, {"Cache-Control": "no-store"}
