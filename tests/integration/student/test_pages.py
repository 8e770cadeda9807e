"""Every student page: light, nothing from another host, quick exit first, in both languages, and private."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.content import get_catalogue
from app.extensions import db
from app.models import Assignment, HelpRequest
from app.quizbank import load_catalogue
from tests import factories
from tests.integration.student.helpers import a_class_with_a_module, bank, question_url, right_form, text_of

ROOT = Path(__file__).resolve().parents[3]
STATIC = ROOT / "app" / "static"
BUDGET = 30 * 1024  # a question page in all: HTML, CSS and JavaScript (ARCHITECTURE.md)
FOCUSABLE = re.compile(r"<(a|button|input|select|textarea)\b([^>]*)>")


def student_pages(client, assignment) -> dict[str, str]:
    """Every kind of student page, for a student who has answered the first question."""
    first = bank().questions[0]
    client.post(f"/s/m/{assignment.id}/start")
    pages = {"module": f"/s/m/{assignment.id}", "question": question_url(assignment, bank().questions[1].id)}
    client.post(question_url(assignment, first.id), data=right_form(first))
    pages["feedback"] = question_url(assignment, first.id) + "/feedback"
    for question in bank().questions[1:]:
        client.post(question_url(assignment, question.id), data=right_form(question))
    pages.update(dashboard="/s/", results=f"/s/m/{assignment.id}/results", help="/s/help", sent="/s/help/sent")
    return pages


def first_control(html: str) -> str:
    body = html[html.index("<body") :]
    return next(attrs for tag, attrs in FOCUSABLE.findall(body) if 'type="hidden"' not in attrs)


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_student_page_answers_in_the_class_language_with_quick_exit_first_and_nothing_from_elsewhere(
    client, locale, login_as
):
    classroom, assignment = a_class_with_a_module(locale=locale, allow_retries=True)
    login_as(classroom.students[0], client)
    pages = student_pages(client, assignment)
    pages["question"] = question_url(assignment, bank().questions[1].id)
    for name, url in pages.items():
        if name == "question":  # answered by now: check it on a fresh attempt below
            continue
        response = client.get(url)
        assert response.status_code == 200, name
        html = text_of(response)
        assert f'<html lang="{locale}">' in html, name
        assert 'id="quick-exit"' in first_control(html), name
        assert 'href="/s/help"' in html, name
        for reference in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="([^"]+)"', html):
            assert reference.startswith("/static/") or reference == "data:,", (name, reference)
        assert "style=" not in html and "<script>" not in html, name  # the CSP allows no inline code
        assert response.headers["Cache-Control"] == "no-store"


def test_the_question_page_keeps_quick_exit_first_and_read_aloud_hidden_until_a_voice_is_found(client, login_as):
    classroom, assignment = a_class_with_a_module()
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    html = text_of(client.get(question_url(assignment, "steps")))
    assert 'id="quick-exit"' in first_control(html)
    assert re.search(r'<button type="button"[^>]*data-read-aloud="question"[^>]*hidden>', html)
    assert '<script src="/static/js/read-aloud.js" defer></script>' in html
    assert '<script src="/static/js/order.js" defer></script>' in html
    assert "order.js" not in text_of(client.get(question_url(assignment, "who-does-it")))


def test_the_scripts_only_enhance_and_use_the_device_s_own_voices(client):
    read_aloud = (STATIC / "js" / "read-aloud.js").read_text()
    assert "speechSynthesis" in read_aloud and "getVoices" in read_aloud and "voiceschanged" in read_aloud
    assert "hidden = false" in read_aloud and "pagehide" in read_aloud  # quick exit also stops the voice
    for script in ("read-aloud.js", "order.js"):
        assert not re.search(r"https?://", (STATIC / "js" / script).read_text())
    assert not re.search(r"https?://|@import|@font-face", (STATIC / "css" / "student.css").read_text())


def test_a_question_page_stays_under_30_kb_with_its_css_and_scripts_for_the_largest_real_question(
    app, client, record_property, login_as
):
    """Every question of the real banks, rendered; the largest page plus every asset it loads."""
    fixture = get_catalogue()
    real = load_catalogue(str(ROOT / "quizzes"))
    app.extensions["waspada.catalogue"] = real
    try:
        teacher = factories.make_user(factories.make_school())
        classroom = factories.make_class(teacher, students=1, band="sma")
        login_as(classroom.students[0], client)
        largest = (0, "", "")
        for bank_id in real.banks:
            assignment = factories.make_assignment(classroom, bank_id)
            client.post(f"/s/m/{assignment.id}/start")
            for question in real.get(bank_id).questions:
                response = client.get(question_url(assignment, question.id))
                assert response.status_code == 200, (bank_id, question.id)
                largest = max(largest, (len(response.data), question.id, text_of(response)))
    finally:
        app.extensions["waspada.catalogue"] = fixture
    size, question_id, html = largest
    assets = re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="(/static/[^"]+)"', html)
    assets += ["/static/js/order.js"]  # the heaviest page may be a chat; count the order script anyway
    total = size + sum((STATIC / asset.removeprefix("/static/")).stat().st_size for asset in set(assets))
    record_property("question_page_bytes", total)
    print(f"\nlargest question page: {question_id}: {size} B of HTML, {total} B with CSS and JS (budget {BUDGET})")
    assert total < BUDGET


def test_a_student_never_sees_another_student_s_data(app, client, login_as):
    world = factories.make_world(students=2)
    mine, classmate = world.a.students
    elsewhere = world.a.other_students[0]
    ours = factories.make_assignment(world.a.classroom, "sample-basics", feedback_mode="immediate")
    theirs = factories.make_assignment(world.a.other_classroom, "sample-grooming")
    far = factories.make_assignment(world.b.classroom, "sample-basics")
    factories.answer_all(classmate, ours, wrong=True)
    factories.answer_all(elsewhere, theirs)
    db.session.add(
        HelpRequest(
            school_id=world.a.school.id, student_id=classmate.id, classroom_id=world.a.classroom.id, text="Rahasia teman sekelas"
        )
    )
    db.session.commit()

    login_as(mine, client)
    dashboard = text_of(client.get("/s/"))
    assert "Contoh dasar" in dashboard and "Contoh grooming" not in dashboard  # the other class's module
    assert mine.display_name in dashboard and classmate.display_name not in dashboard
    # The classmate finished the same module; this student has not started: no score of theirs shows.
    assert client.get(f"/s/m/{ours.id}/results").headers["Location"] == f"/s/m/{ours.id}"
    assert client.get(question_url(ours, "who-does-it") + "/feedback").headers["Location"] == f"/s/m/{ours.id}"
    assert "7%" not in text_of(client.get(f"/s/m/{ours.id}"))
    for other in (theirs, far):
        assert client.get(f"/s/m/{other.id}").status_code == 404
        assert client.get(f"/s/m/{other.id}/results").status_code == 404
    assert "Rahasia teman sekelas" not in text_of(client.get("/s/help"))
    assert db.session.get(Assignment, far.id) is not None
