"""Journey 5: "I need help": help lines at once, and a confidential line to the school's counsellors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import HelpRequest, SchoolContact
from tests import factories
from tests.integration.student.helpers import text_of


def requests_saved() -> int:
    return db.session.scalar(select(func.count()).select_from(HelpRequest))


@pytest.fixture
def student(app):
    school = factories.make_school()
    db.session.add_all(
        [
            SchoolContact(
                school_id=school.id,
                kind="counsellor",
                name="Bu Ratna",
                details="Ruang BK, 07.00-14.00",
                phone="0812-3456-7890",
                position=1,
            ),
            SchoolContact(school_id=school.id, kind="uptd_ppa", name="UPTD PPA Kota", details="", phone=None, position=2),
        ]
    )
    db.session.commit()
    classroom = factories.make_class(factories.make_user(school), students=1, locale="en")
    return classroom.students[0]


@pytest.mark.parametrize("locale", ["id", "en"])
def test_anyone_sees_the_help_lines_at_once_and_how_to_reach_the_counsellor(client, locale):
    response = client.get("/s/help", headers={"Accept-Language": locale})
    assert response.status_code == 200
    page = text_of(response)
    assert 'id="quick-exit"' in page
    assert 'href="tel:129"' in page and 'href="https://wa.me/628111129129"' in page
    assert "<textarea" not in page and 'href="/join"' in page
    assert f'<html lang="{locale}">' in page
    if locale == "en":
        assert "SAPA 129" in page and "first sign in with the card from your teacher" in page
        assert "does not clear your browser history" in page


def test_a_signed_in_student_sees_the_school_s_own_contacts_and_what_happens_to_a_message(client, student, login_as):
    login_as(student, client)
    page = text_of(client.get("/s/help"))
    assert "Bu Ratna" in page and "Ruang BK, 07.00-14.00" in page and 'href="tel:081234567890"' in page
    assert "UPTD PPA Kota" in page
    assert "Only the counsellors of your school (guru BK) can read what you write" in page
    assert "has to involve other people to keep them safe" in page
    assert "<textarea" in page and 'action="/s/help"' in page


def test_a_student_sends_a_request_and_gets_a_calm_confirmation(client, student, login_as):
    login_as(student, client)
    response = client.post("/s/help", data={"text": "  Ada yang mengancam aku di DM.  "})
    assert response.status_code == 302 and response.headers["Location"] == "/s/help/sent"
    page = text_of(client.get("/s/help/sent"))
    assert "Your message has been sent" in page and "What happens next" in page and 'href="tel:129"' in page
    request = db.session.scalar(select(HelpRequest))
    assert request.text == "Ada yang mengancam aku di DM."
    assert (request.student_id, request.classroom_id, request.school_id) == (
        student.id,
        student.classroom_id,
        student.classroom.school_id,
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   ", "Write a few words first."),
        ("x" * 1001, "Please keep it under 1000 characters."),
    ],
)
def test_an_empty_or_too_long_request_is_refused_with_the_text_kept(client, student, text, message, login_as):
    login_as(student, client)
    response = client.post("/s/help", data={"text": text})
    assert response.status_code == 400
    assert message in text_of(response)
    assert requests_saved() == 0


def test_requests_are_limited_per_student_with_the_help_lines_still_there(client, student, login_as):
    login_as(student, client)
    for number in range(5):
        assert client.post("/s/help", data={"text": f"Pesan {number}"}).status_code == 302
    refused = client.post("/s/help", data={"text": "Pesan 6"})
    assert refused.status_code == 429
    page = text_of(refused)
    assert "You can send another in" in page and 'href="tel:129"' in page
    assert "Pesan 6" in page  # the text is not lost
    assert requests_saved() == 5


def test_a_visitor_who_is_not_signed_in_cannot_send_a_request(client):
    response = client.post("/s/help", data={"text": "hello"})
    assert response.status_code == 302 and response.headers["Location"] == "/join"
    assert requests_saved() == 0
    assert client.get("/s/help/sent").status_code == 302


def test_a_stale_form_token_keeps_the_message_to_send_again(app, client, student, login_as):
    login_as(student, client)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post("/s/help", data={"text": "Tolong, aku takut."})
        assert refused.status_code == 400
        page = text_of(refused)
        assert "Tolong, aku takut.</textarea>" in page and "your message was not sent yet" in page
        assert requests_saved() == 0
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', page)
        fresh = token.group(1) or token.group(2)
        assert client.post("/s/help", data={"text": "Tolong, aku takut.", "csrf_token": fresh}).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert requests_saved() == 1
