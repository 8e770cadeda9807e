"""Before a module on a sensitive theme: a content note, and the choice to leave it for now."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from app.content import get_catalogue
from app.extensions import db
from app.models import Attempt, OptOut
from app.quizbank import Catalogue, LocalText
from tests.integration.student.helpers import a_class_with_a_module, bank, question_url, text_of, visible_text


@pytest.mark.parametrize("locale", ["id", "en"])
def test_a_sensitive_module_opens_with_its_content_note_and_a_not_now(client, locale, login_as):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale=locale)
    login_as(classroom.students[0], client)
    page = text_of(client.get(f"/s/m/{assignment.id}"))
    assert bank("sample-grooming").content_note[locale] in page
    assert f'action="/s/m/{assignment.id}/start"' in page and f'action="/s/m/{assignment.id}/not-now"' in page
    assert 'href="/s/help"' in page
    if locale == "en":
        assert "Not now" in page


def test_not_now_is_recorded_for_the_counsellor_never_as_a_score_and_the_student_can_start_later(client, login_as):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale="en")
    student = classroom.students[0]
    login_as(student, client)
    response = client.post(f"/s/m/{assignment.id}/not-now")
    assert response.headers["Location"] == f"/s/m/{assignment.id}/alternative"  # see test_alternative.py
    dashboard = text_of(client.get("/s/"))
    assert "You chose “Not now”" in dashboard
    assert db.session.scalar(select(func.count()).select_from(OptOut).where(OptOut.student_id == student.id)) == 1
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0  # no attempt, so no score
    client.post(f"/s/m/{assignment.id}/not-now")  # pressed twice: still one record
    assert db.session.scalar(select(func.count()).select_from(OptOut)) == 1

    started = client.post(f"/s/m/{assignment.id}/start")
    assert started.headers["Location"] == question_url(assignment, "gift-secret")
    assert "You chose “Not now”" not in text_of(client.get("/s/"))


def test_a_module_on_an_ordinary_theme_has_no_content_note(client, login_as):
    classroom, assignment = a_class_with_a_module("sample-basics", locale="en")
    login_as(classroom.students[0], client)
    page = text_of(client.get(f"/s/m/{assignment.id}"))
    assert "not-now" not in page and "Before you start" not in page


@pytest.fixture
def with_an_intro(app):
    """The fixture catalogue, with an intro story in sample-grooming."""
    original = get_catalogue()
    story = LocalText({"id": "Rina (14) suka main *game* online.", "en": "Rina (14) loves *online* games."})
    banks = tuple(
        dataclasses.replace(bank, intro=story) if bank.id == "sample-grooming" else bank for bank in original.banks.values()
    )
    app.extensions["waspada.catalogue"] = Catalogue(
        original.themes, tuple(original.misconceptions.values()), original.helplines, banks
    )
    yield
    app.extensions["waspada.catalogue"] = original


def test_the_intro_is_shown_before_the_first_question(client, with_an_intro, login_as):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale="en")
    login_as(classroom.students[0], client)
    page = text_of(client.get(f"/s/m/{assignment.id}"))
    assert "Rina (14) loves <em>online</em> games." in page
    assert visible_text(page).index("This module talks about grooming") < visible_text(page).index("Rina (14)")
