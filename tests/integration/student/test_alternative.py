"""After "Not now" on a sensitive module: the alternative activity, like any module page, and nothing kept of it.

sample-grooming (theme grooming, sensitive) has an alternative: "Safe online", a short
reading and two reflection questions.
"""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from app.content import get_catalogue
from app.extensions import db
from app.models import OptOut
from app.quizbank import Catalogue
from app.reports.class_grid import class_grid
from tests import factories
from tests.integration.student.helpers import a_class_with_a_module, bank, text_of, visible_text


def _rows_in_every_table() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table)) for table in db.metadata.sorted_tables}


@pytest.mark.parametrize("locale", ["id", "en"])
def test_not_now_leads_to_the_alternative_activity_laid_out_like_a_module(client, login_as, locale):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale=locale)
    login_as(classroom.students[0], client)
    response = client.post(f"/s/m/{assignment.id}/not-now")
    assert response.status_code == 302 and response.headers["Location"] == f"/s/m/{assignment.id}/alternative"

    page = text_of(client.get(response.headers["Location"]))
    alternative = bank("sample-grooming").alternative
    assert f"<h1>{alternative.title[locale]}</h1>" in page
    assert alternative.reading[locale].split("\n")[0] in page
    for question in alternative.questions:
        assert question.prompt[locale] in page
        assert page.count(f'type="radio" name="{question.id}"') == 4  # strongly disagree .. strongly agree
    assert f'<form method="post" action="/s/m/{assignment.id}/alternative"' in page
    # every student page's safeguarding: the help link and the quick exit
    assert 'href="/s/help"' in page and 'id="quick-exit"' in page
    # nothing on the screen says the student left a module: no "Not now", no flash, no module title
    shown = visible_text(page)
    assert "Not now" not in shown and "Lewati dulu" not in shown and 'class="flash' not in page
    assert bank("sample-grooming").title[locale] not in shown
    if locale == "en":
        assert "Your answers here are not saved; they are for you." in shown and "Done" in shown


def test_done_keeps_nothing_of_the_answers_and_goes_back_to_the_modules(client, login_as):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale="en")
    student = classroom.students[0]
    login_as(student, client)
    client.post(f"/s/m/{assignment.id}/not-now")
    before = _rows_in_every_table()
    answers = {question.id: "4" for question in bank("sample-grooming").alternative.questions}
    done = client.post(f"/s/m/{assignment.id}/alternative", data=answers)
    assert done.status_code == 302 and done.headers["Location"] == "/s/"
    assert _rows_in_every_table() == before  # not an answer, not a total, not an audit line
    assert "The module will wait for you" in text_of(client.get("/s/"))
    # still one "Not now" for the counsellor, and the module not done for the teacher
    assert db.session.scalar(select(func.count()).select_from(OptOut).where(OptOut.student_id == student.id)) == 1
    grid = class_grid(classroom, get_catalogue(), "en")
    assert [(cells[0].shown_status(False), cells[0].shown_status(True)) for _student, cells in grid.rows()] == [
        ("not_done", "opted_out"),
        ("not_done", "not_started"),
    ]  # the teacher's view, the counsellor's


def test_the_dashboard_offers_the_alternative_until_the_student_starts_the_module(client, login_as):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale="en")
    login_as(classroom.students[0], client)
    link = f'href="/s/m/{assignment.id}/alternative"'
    assert link not in text_of(client.get("/s/"))  # only after "Not now"
    client.post(f"/s/m/{assignment.id}/not-now")
    dashboard = text_of(client.get("/s/"))
    assert link in dashboard and "Meanwhile: Safe online" in dashboard
    client.post(f"/s/m/{assignment.id}/start")
    assert link not in text_of(client.get("/s/"))


def test_the_alternative_works_without_javascript(client, login_as):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale="en")
    login_as(classroom.students[0], client)
    page = text_of(client.get(f"/s/m/{assignment.id}/alternative"))
    main = page.split('<main id="main"')[1].split("</main>")[0]
    assert "<script" not in main and 'type="submit"' in main and 'name="csrf_token"' in main


def test_another_class_gets_404_and_a_module_without_an_alternative_its_own_page(client, login_as):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale="en")
    other, _other_assignment = a_class_with_a_module("sample-grooming", locale="en")
    login_as(other.students[0], client)
    assert client.get(f"/s/m/{assignment.id}/alternative").status_code == 404
    assert client.post(f"/s/m/{assignment.id}/alternative").status_code == 404

    basics = factories.make_assignment(other, "sample-basics")
    assert client.get(f"/s/m/{basics.id}/alternative").headers["Location"] == f"/s/m/{basics.id}"


@pytest.fixture
def without_alternatives(app):
    """The fixture catalogue with no alternative in any bank (as banks written before the format had one)."""
    original = get_catalogue()
    banks = tuple(dataclasses.replace(b, alternative=None) for b in original.banks.values())
    app.extensions["waspada.catalogue"] = Catalogue(
        original.themes, tuple(original.misconceptions.values()), original.helplines, banks
    )
    yield
    app.extensions["waspada.catalogue"] = original


def test_without_an_alternative_not_now_goes_back_to_the_modules_as_before(client, login_as, without_alternatives):
    classroom, assignment = a_class_with_a_module("sample-grooming", locale="en")
    login_as(classroom.students[0], client)
    response = client.post(f"/s/m/{assignment.id}/not-now")
    assert response.headers["Location"] == "/s/"
    dashboard = text_of(client.get("/s/"))
    assert "The module will wait for you" in dashboard and "/alternative" not in dashboard
