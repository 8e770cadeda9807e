"""Journey 3: a student joins, takes a module question by question, sees why, stops, comes back, finishes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Attempt, FeedbackMode, utcnow
from app.quizbank import presentation_order
from tests import factories
from tests.integration.student.helpers import (
    a_class_with_a_module,
    bank,
    form_for,
    question_url,
    right_form,
    text_of,
    visible_text,
    wrong_form,
)

# How each type shows up in the page, whatever the language.
MARKUP = {
    "single": [r'type="radio" name="choice"'] * 3,
    "multiple": [r'type="checkbox" name="choice"'] * 3,
    "true_false": [r'type="radio" name="answer" value="true"', r'type="radio" name="answer" value="false"'],
    "order": [r'<select id="pos-\w+" name="pos-\w+">'] * 3,
    "chat": [r'class="bubble them"', r'class="bubble them"', r'class="bubble me"', r'type="checkbox" name="flag"'],
    "reflection": [r'type="radio" name="value"'] * 4,
}


def answers_saved() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


@pytest.mark.parametrize("locale", ["id", "en"])
def test_a_student_takes_every_question_type_and_sees_why_each_answer_is_right(client, locale, login_as):
    classroom, assignment = a_class_with_a_module(locale=locale)
    login_as(classroom.students[0], client)
    module_page = text_of(client.get(f"/s/m/{assignment.id}"))
    assert bank().title[locale] in module_page and f'<html lang="{locale}">' in module_page

    location = client.post(f"/s/m/{assignment.id}/start").headers["Location"]
    questions = bank().questions
    for number, question in enumerate(questions, 1):
        assert location == question_url(assignment, question.id)
        page = text_of(client.get(location))
        assert f'<div class="question" id="question" lang="{locale}">' in page
        assert question.prompt[locale] in page
        for pattern in MARKUP[question.type]:
            assert len(re.findall(pattern, page)) >= MARKUP[question.type].count(pattern), (question.type, pattern)
        assert "<fieldset" in page and "<legend" in page
        if locale == "en":
            assert f"Question {number} of {len(questions)}" in page

        answered = client.post(location, data=right_form(question))
        assert answered.status_code == 302
        assert answered.headers["Location"] == question_url(assignment, question.id) + "/feedback"
        feedback = text_of(client.get(answered.headers["Location"]))
        assert question.explanation[locale] in feedback
        if locale == "en" and question.scored:
            assert "Right!" in feedback
        following = questions[number] if number < len(questions) else None
        location = question_url(assignment, following.id) if following else f"/s/m/{assignment.id}/results"
        assert f'href="{location}"' in feedback
    assert answers_saved() == len(questions)

    results = text_of(client.get(location))
    assert "100" in results
    for question in questions:
        assert question.explanation[locale] in results
    assert "tel:129" in results  # the help lines close every module
    if locale == "en":
        assert "Passed" in results


def test_wrong_answers_get_their_feedback_the_right_answer_and_every_red_flag_explained(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    pages = {}
    for question in bank().questions:
        # The steps with one pair of neighbours swapped: two of the three pairs in order, partly right.
        form = form_for(question, {"order": ["save", "stop", "tell"]}) if question.id == "steps" else wrong_form(question)
        response = client.post(question_url(assignment, question.id), data=form)
        pages[question.id] = visible_text(text_of(client.get(response.headers["Location"])))
    assert "Not quite" in pages["who-does-it"] and "Not only strangers." in pages["who-does-it"]
    assert "Anyone, including people close to you right answer" in pages["who-does-it"]
    assert "Partly right" in pages["steps"]
    assert "The right order: Stop replying Keep evidence Tell a trusted adult" in pages["steps"]
    assert "you missed it" in pages["game-chat"] and "A gift plus a secret is the grooming pattern." in pages["game-chat"]
    assert "The right answer: False" in pages["abroad-only"]
    assert "Thank you for your honest answer." in pages["feel-before"]


def test_a_partly_right_chat_shows_the_flags_marked_and_missed_and_the_false_alarm(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    chat = bank().question("game-chat")
    response = client.post(question_url(assignment, chat.id), data={"flag": ["m2", "m3"]})
    page = visible_text(text_of(client.get(response.headers["Location"])))
    assert "you marked it" in page and "A gift plus a secret is the grooming pattern." in page
    assert "OK not a red flag on its own" in page


def test_choices_are_shuffled_per_attempt_and_stay_put_on_reload(client, login_as):
    classroom, assignment = a_class_with_a_module()
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    attempt = db.session.scalar(select(Attempt))
    question = bank().question("who-does-it")
    first = text_of(client.get(question_url(assignment, question.id)))
    again = text_of(client.get(question_url(assignment, question.id)))
    shown = re.findall(r'name="choice" value="(\w+)"', first)
    assert shown == list(presentation_order(question, attempt.seed))
    assert re.findall(r'name="choice" value="(\w+)"', again) == shown


def test_a_student_who_closes_the_browser_continues_at_the_first_unanswered_question(app, client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    student = classroom.students[0]
    login_as(student, client)
    client.post(f"/s/m/{assignment.id}/start")
    for question in bank().questions[:3]:
        client.post(question_url(assignment, question.id), data=right_form(question))

    next_day = app.test_client()  # a new browser: no cookie, a new sign-in
    assert next_day.get("/s/").status_code == 302
    login_as(student, next_day)
    dashboard = visible_text(text_of(next_day.get("/s/")))
    assert "In progress 3 of 7 answered" in dashboard
    module_page = text_of(next_day.get(f"/s/m/{assignment.id}"))
    assert f'href="{question_url(assignment, "abroad-only")}"' in module_page and "Continue" in module_page
    again = next_day.post(f"/s/m/{assignment.id}/start")
    assert again.headers["Location"] == question_url(assignment, "abroad-only")
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_a_double_submit_keeps_the_first_answer_and_shows_its_feedback(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    question = bank().question("who-does-it")
    first = client.post(question_url(assignment, question.id), data={"choice": "b"})
    second = client.post(question_url(assignment, question.id), data={"choice": "a"})  # the second tab, or a double tap
    assert second.status_code == 302 and second.headers["Location"] == first.headers["Location"]
    page = text_of(client.get(second.headers["Location"]))
    assert "You had already answered this question. Your first answer stays." in page and "Right!" in page
    assert answers_saved() == 1
    assert db.session.scalar(select(Answer.response)) == {"choice": "b"}
    # The back button to the question shows the feedback, not a form to answer again.
    assert client.get(question_url(assignment, question.id)).headers["Location"].endswith("/feedback")


def test_after_finish_feedback_waits_for_the_end_then_the_results_show_everything(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en", feedback_mode=FeedbackMode.AFTER_FINISH)
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    questions = bank().questions
    response = client.post(question_url(assignment, questions[0].id), data=right_form(questions[0]))
    assert response.headers["Location"] == question_url(assignment, questions[1].id)  # no feedback yet
    peek = client.get(question_url(assignment, questions[0].id) + "/feedback")
    assert peek.headers["Location"] == question_url(assignment, questions[1].id)
    for question in questions[1:]:
        response = client.post(question_url(assignment, question.id), data=right_form(question))
    assert response.headers["Location"] == f"/s/m/{assignment.id}/results"
    results = text_of(client.get(response.headers["Location"]))
    assert all(question.explanation["en"] in results for question in questions)


def test_after_close_shows_the_score_and_the_explanations_once_the_teacher_closes(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en", feedback_mode=FeedbackMode.AFTER_CLOSE)
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    for question in bank().questions:
        response = client.post(question_url(assignment, question.id), data=right_form(question))
        assert "feedback" not in response.headers["Location"]
    results = text_of(client.get(f"/s/m/{assignment.id}/results"))
    assert "Score: 100%" in results and "Passed" in results
    assert "will appear here when your teacher closes the module" in results
    assert not any(question.explanation["en"] in results for question in bank().questions)

    assignment.closed_at = utcnow()
    db.session.commit()
    results = text_of(client.get(f"/s/m/{assignment.id}/results"))
    assert all(question.explanation["en"] in results for question in bank().questions)


def test_a_retry_starts_a_new_attempt_and_the_best_score_is_kept(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en", allow_retries=True)
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    for question in bank().questions:
        client.post(question_url(assignment, question.id), data=right_form(question))
    results = text_of(client.get(f"/s/m/{assignment.id}/results"))
    assert "Try again" in results and f'action="/s/m/{assignment.id}/start"' in results

    retry = client.post(f"/s/m/{assignment.id}/start")
    # a retry does not ask the opening reflection ("before") again: it starts at the second question
    assert retry.headers["Location"] == question_url(assignment, bank().questions[1].id)
    assert client.post(f"/s/m/{assignment.id}/start").headers["Location"] == retry.headers["Location"]  # double tap
    assert [a.number for a in db.session.scalars(select(Attempt).order_by(Attempt.number))] == [1, 2]
    for question in bank().questions:
        client.post(question_url(assignment, question.id), data=wrong_form(question))
    results = visible_text(text_of(client.get(f"/s/m/{assignment.id}/results")))
    assert "Not passed yet" in results and "Your best score so far: 100%" in results


def test_without_retries_a_finished_module_offers_no_second_try(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    factories.answer_all(classroom.students[0], assignment)
    assert "Try again" not in text_of(client.get(f"/s/m/{assignment.id}/results"))
    refused = client.post(f"/s/m/{assignment.id}/start", follow_redirects=True)
    assert "This module can be done only once." in text_of(refused)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_a_question_can_be_read_in_the_other_language_and_answered_there(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="id")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    question = bank().question("feel-before")
    page = text_of(client.get(question_url(assignment, question.id)))
    assert f'href="{question_url(assignment, question.id)}?lang=en"' in page
    english = text_of(client.get(question_url(assignment, question.id) + "?lang=en"))
    assert '<html lang="id">' in english  # the page stays Indonesian ...
    assert '<div class="question" id="question" lang="en">' in english  # ... the question is English, labels too
    assert question.prompt["en"] in english and "Strongly agree" in english
    assert f'href="{question_url(assignment, question.id)}"' in english  # and back
    response = client.post(question_url(assignment, question.id) + "?lang=en", data=form_for(question, {"value": 4}))
    assert response.headers["Location"].endswith("/feedback?lang=en")
    assert question.explanation["en"] in text_of(client.get(response.headers["Location"]))
