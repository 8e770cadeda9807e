"""Bad input gets a clear answer and loses nothing: nothing is saved, the answer already given stays."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import Answer, Attempt, utcnow
from tests.integration.student.helpers import a_class_with_a_module, bank, question_url, right_form, text_of


@pytest.fixture
def taking(client, login_as):
    """A signed-in student (English) who has started sample-basics."""
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    return assignment


def answers_saved() -> int:
    return db.session.scalar(select(func.count()).select_from(Answer))


def test_a_choice_that_is_not_in_the_question_is_refused_and_nothing_is_saved(client, taking):
    response = client.post(question_url(taking, "who-does-it"), data={"choice": "zz"})
    assert response.status_code == 400
    page = text_of(response)
    assert "That answer does not fit this question. Please choose again." in page
    assert 'name="choice" value="b"' in page  # the question is there to answer again
    assert answers_saved() == 0


def test_sending_without_choosing_asks_to_choose_first(client, taking):
    for question_id in ("who-does-it", "warning-signs", "abroad-only", "feel-before"):
        response = client.post(question_url(taking, question_id), data={})
        assert response.status_code == 400
        assert "Choose an answer first, then send it." in text_of(response)
    assert answers_saved() == 0


@pytest.mark.parametrize(
    "positions",
    [
        {"pos-stop": "1", "pos-save": "1", "pos-tell": "2"},  # a place twice
        {"pos-stop": "1", "pos-save": "2"},  # a step left out
        {"pos-stop": "1", "pos-save": "two", "pos-tell": "3"},  # not a number
        {"pos-stop": "1", "pos-save": "2", "pos-tell": "9"},  # out of range
    ],
)
def test_a_malformed_order_is_refused_with_the_student_s_places_kept(client, taking, positions):
    response = client.post(question_url(taking, "steps"), data=positions)
    assert response.status_code == 400
    page = text_of(response)
    assert "Give each step a different position" in page
    select_stop = re.search(r'<select id="pos-stop".*?</select>', page).group(0)
    assert "<option selected>1</option>" in select_stop
    assert answers_saved() == 0


def test_a_module_of_another_class_is_not_found_and_nothing_is_saved(client, taking):
    other_class, other_assignment = a_class_with_a_module("sample-grooming")
    for url in (
        f"/s/m/{other_assignment.id}",
        question_url(other_assignment, "gift-secret"),
        f"/s/m/{other_assignment.id}/results",
        question_url(other_assignment, "gift-secret") + "/feedback",
    ):
        assert client.get(url).status_code == 404
    for url in (
        question_url(other_assignment, "gift-secret"),
        f"/s/m/{other_assignment.id}/start",
        f"/s/m/{other_assignment.id}/not-now",
    ):
        response = client.post(url, data={"choice": "a"})
        assert response.status_code == 404 and "Page not found" in text_of(response)
    assert answers_saved() == 0
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_a_question_that_is_not_in_the_module_is_not_found(client, taking):
    assert client.get(question_url(taking, "no-such-question")).status_code == 404
    assert client.post(question_url(taking, "gift-secret"), data={"choice": "a"}).status_code == 404
    assert answers_saved() == 0


def test_answering_a_finished_module_again_keeps_every_answer(client, taking):
    for question in bank().questions:
        client.post(question_url(taking, question.id), data=right_form(question))
    before = dict(db.session.execute(select(Answer.question_id, Answer.response)).all())
    response = client.post(question_url(taking, "who-does-it"), data={"choice": "a"}, follow_redirects=True)
    assert "You had already answered this question. Your first answer stays." in text_of(response)
    assert dict(db.session.execute(select(Answer.question_id, Answer.response)).all()) == before


def test_a_module_closed_by_the_teacher_takes_no_more_answers(client, taking):
    client.post(question_url(taking, "feel-before"), data={"value": "2"})
    taking.closed_at = utcnow()
    db.session.commit()
    response = client.post(question_url(taking, "who-does-it"), data={"choice": "b"})
    assert response.headers["Location"] == f"/s/m/{taking.id}/results"
    page = text_of(client.get(response.headers["Location"]))
    assert "Your teacher has closed this module, so no more answers can be sent." in page
    assert "closed this module before you finished it" in page
    assert answers_saved() == 1
    assert client.get(question_url(taking, "who-does-it")).headers["Location"] == f"/s/m/{taking.id}/results"


def test_answering_before_starting_sends_the_student_to_the_start(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    response = client.post(question_url(assignment, "who-does-it"), data={"choice": "b"})
    assert response.headers["Location"] == f"/s/m/{assignment.id}"
    assert answers_saved() == 0


@pytest.mark.parametrize("token", [None, "stale-or-forged-token"])
def test_a_missing_or_stale_form_token_brings_the_answer_back_to_send_again(app, client, taking, token):
    question = bank().question("warning-signs")
    data = {"choice": ["a", "c"]}
    if token:
        data["csrf_token"] = token
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(question_url(taking, question.id), data=data)
        assert refused.status_code == 400
        page = text_of(refused)
        assert "your answer was not sent yet" in page
        assert 'name="choice" value="a" checked' in page and 'name="choice" value="c" checked' in page
        assert 'name="choice" value="b">' in page
        assert answers_saved() == 0
        fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        sent = client.post(question_url(taking, question.id), data={**data, "csrf_token": fresh})
        assert sent.status_code == 302 and answers_saved() == 1
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_stale_token_on_an_answered_question_shows_the_first_answer(app, client, taking):
    client.post(question_url(taking, "who-does-it"), data={"choice": "b"})
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(question_url(taking, "who-does-it"), data={"choice": "a"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.headers["Location"].endswith("/who-does-it/feedback")
    assert db.session.scalar(select(Answer.response)) == {"choice": "b"}


def test_a_database_that_is_down_gives_the_503_page_and_no_saved_message(client, taking, monkeypatch):
    from app.services import progress

    def unreachable(*args, **kwargs):
        raise OperationalError("INSERT INTO answers ...", {}, ConnectionError("server closed the connection"))

    monkeypatch.setattr(progress, "submit_answer", unreachable)
    response = client.post(question_url(taking, "who-does-it"), data={"choice": "b"})
    assert response.status_code == 503
    page = text_of(response)
    assert "NOT saved" in page and "Traceback" not in page
    assert answers_saved() == 0


def test_refusals_speak_indonesian_to_an_indonesian_class(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="id")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    other_class, other_assignment = a_class_with_a_module("sample-grooming")
    assert "Halaman tidak ditemukan" in text_of(client.get(f"/s/m/{other_assignment.id}"))
    refused = client.post(question_url(assignment, "who-does-it"), data={"choice": "zz"})
    assert refused.status_code == 400 and '<html lang="id">' in text_of(refused)
