"""The counsellor compares the school's classes by theme (journey 6)."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from app.reports.school_overview import school_overview
from tests import factories
from tests.integration.counsellor.scenario import make_school_of, record_results


def test_the_overview_compares_classes_theme_by_theme(client, world, catalogue, login_as):
    a = world.a
    basics = factories.make_assignment(a.classroom, "sample-basics")
    grooming = factories.make_assignment(a.other_classroom, "sample-grooming")
    right, wrong, _idle = a.students
    first = factories.answer_all(right, basics)
    second = factories.answer_all(wrong, basics, wrong=True)
    factories.answer_all(a.other_students[0], grooming, stop_after=1)  # started, not finished

    overview = school_overview(catalogue, a.school.id, "en")
    rows = {row.name: row for row in overview.classes}
    cell = rows["VIII-A"].cells["basics"]
    assert cell.expected == 3 and cell.finished == 2
    assert cell.average == pytest.approx((first.score + second.score) / 2)
    assert dict(cell.top_misconceptions(5))["only-strangers"] == 1
    assert "grooming" not in rows["VIII-A"].cells
    assert rows["VIII-B"].cells["grooming"].finished == 0
    assert rows["VIII-B"].cells["grooming"].completion == 0
    themes = {theme.key: theme for theme in overview.themes}
    assert themes["grooming"].title == "Grooming" and themes["grooming"].sensitive
    assert themes["basics"].misconceptions["only-strangers"] == 1

    login_as(a.counsellor, client)
    page = client.get("/counsellor/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "VIII-A" in page and "VIII-B" in page
    assert "67% finished" in page  # 2 of 3 students
    assert "believes only strangers do this" in page
    assert "not assigned" in page


def test_another_schools_classes_never_appear(client, world, catalogue, login_as):
    factories.make_assignment(world.b.classroom, "sample-basics")
    factories.answer_all(world.b.students[0], factories.make_assignment(world.b.other_classroom))
    login_as(world.a.counsellor, client)
    page = client.get("/counsellor/").get_data(as_text=True)
    assert world.b.teacher.display_name not in page
    assert school_overview(catalogue, world.a.school.id).classes[0].cells == {}


def test_reflections_are_totals_of_five_or_more_students_only(app, catalogue):
    school = factories.make_school()
    teacher = factories.make_user(school)
    small = factories.make_class(teacher, "Kecil", students=4)
    large = factories.make_class(teacher, "Besar", students=5)
    for classroom in (small, large):
        assignment = factories.make_assignment(classroom, "sample-basics")
        record_results(assignment, classroom.students[:2], wrong=True)  # reflection value 1
        record_results(assignment, classroom.students[2:])  # reflection value 3

    rows = {(row.classroom_name, row.question_id): row for row in school_overview(catalogue, school.id).reflections}
    assert rows[("Kecil", "feel-before")].answered == 4 and rows[("Kecil", "feel-before")].counts is None
    assert rows[("Besar", "feel-before")].counts == (2, 0, 3, 0)
    assert rows[("Besar", "feel-after")].counts == (2, 0, 3, 0)


def test_archived_classes_leave_the_overview(app, catalogue):
    school, _counsellor, _admin, classrooms = make_school_of(2, 2)
    classrooms[0].archived_at = classrooms[0].created_at
    db.session.commit()
    assert [row.name for row in school_overview(catalogue, school.id).classes] == ["VII-2"]


def _overview_queries(login_as, client, count_queries, classes, students):
    _school, counsellor, _admin, _classrooms = make_school_of(classes, students, name=f"SMP {classes}x{students}")
    login_as(counsellor, client)
    with count_queries() as statements:
        response = client.get("/counsellor/")
    assert response.status_code == 200
    return len(statements)


def test_the_overview_runs_the_same_number_of_queries_for_a_small_and_a_large_school(app, client, count_queries, login_as):
    small = _overview_queries(login_as, client, count_queries, 2, 5)
    client.post("/logout")
    large = _overview_queries(login_as, app.test_client(), count_queries, 6, 20)
    assert small == large
    assert large <= 10


@pytest.mark.parametrize("locale", ["id", "en"])
def test_every_counsellor_page_renders_in_both_languages(client, world, locale, login_as):
    assignment = factories.make_assignment(world.a.classroom, "sample-grooming")
    factories.answer_all(world.a.students[0], assignment, wrong=True)
    login_as(world.a.counsellor, client)
    for path in (
        "/counsellor/",
        "/counsellor/key-items",
        "/counsellor/key-items?show=all",
        "/counsellor/opt-outs",
        "/counsellor/help-requests",
    ):
        response = client.get(path, headers={"Accept-Language": locale})
        assert response.status_code == 200, path
        assert f'lang="{locale}"' in response.get_data(as_text=True)


def test_only_counsellors_open_the_counsellor_pages(client, world, login_as):
    for user in (world.a.teacher, world.a.admin):
        signed_in = login_as(user)
        for path in ("/counsellor/", "/counsellor/key-items", "/counsellor/opt-outs", "/counsellor/help-requests"):
            assert signed_in.get(path).status_code == 403, (user.role, path)
    assert client.get("/counsellor/").status_code == 302  # signed out: to the sign-in page
    assert world.a.counsellor.role == Role.COUNSELLOR
