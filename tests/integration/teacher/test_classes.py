"""A teacher creates, renames, archives a class and issues a new join code; nobody else touches it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Classroom
from app.services import codes
from tests import factories
from tests.integration.teacher.conftest import EN, student_home


def test_the_dashboard_lists_my_classes_with_students_and_assignments(teacher, world):
    factories.make_assignment(world.a.classroom, "sample-basics")
    page = teacher.get("/teacher/", headers=EN).get_data(as_text=True)
    assert "VIII-A" in page and "3 students" in page
    assert "Sample basics" in page and "0 of 3 finished" in page
    assert "/teacher/classes/new" in page  # the "new class" button
    assert "VIII-B" not in page  # the other teacher's class


def test_a_shared_class_shows_on_the_dashboard_of_the_co_teacher(world, login_as):
    from app.models import ClassroomShare

    db.session.add(ClassroomShare(classroom_id=world.a.other_classroom.id, user_id=world.a.teacher.id))
    db.session.commit()
    client = login_as(world.a.teacher)
    assert "VIII-B" in client.get("/teacher/").get_data(as_text=True)
    assert client.get(f"/teacher/classes/{world.a.other_classroom.id}").status_code == 200


def test_a_teacher_creates_a_class_with_an_unambiguous_unique_join_code(teacher, world):
    response = teacher.post("/teacher/classes/new", data={"name": "  VIII-C ", "band": "smp", "locale": "en"})
    assert response.status_code == 302
    classroom = db.session.scalar(select(Classroom).where(Classroom.name == "VIII-C"))
    assert classroom.teacher_id == world.a.teacher.id and classroom.locale == "en" and classroom.band == "smp"
    assert len(classroom.join_code) == codes.JOIN_CODE_LENGTH and set(classroom.join_code) <= set(codes.ALPHABET)
    assert not set("0O1IL5S2Z8B") & set(classroom.join_code)
    page = teacher.get(response.headers["Location"]).get_data(as_text=True)
    assert codes.pretty(classroom.join_code) in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "band": "smp", "locale": "id"}, "Give the class a name."),
        ({"name": "   ", "band": "smp", "locale": "id"}, "Give the class a name."),
        ({"name": "x" * 81, "band": "smp", "locale": "id"}, "Field cannot be longer than 80 characters."),
        ({"name": "IX", "band": "university", "locale": "id"}, "Not a valid choice"),
        ({"name": "IX", "band": "smp", "locale": "fr"}, "Not a valid choice"),
    ],
)
def test_a_bad_class_is_refused_with_a_clear_message(teacher, data, message):
    response = teacher.post("/teacher/classes/new", data=data, headers=EN)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(Classroom).where(Classroom.name == data["name"])) is None


def test_a_teacher_renames_a_class_and_an_empty_name_is_refused(teacher, world):
    url = f"/teacher/classes/{world.a.classroom.id}/edit"
    assert teacher.post(url, data={"name": "VIII-A (2026)"}).status_code == 302
    assert teacher.post(url, data={"name": " "}, headers=EN).status_code == 200
    db.session.refresh(world.a.classroom)
    assert world.a.classroom.name == "VIII-A (2026)"


def test_archiving_ends_the_class_and_its_students_sessions(app, teacher, world, login_as):
    student = world.a.students[0]
    student_client = login_as(student)
    assert student_client.get(student_home(app)).status_code == 200
    assert teacher.post(f"/teacher/classes/{world.a.classroom.id}/archive").status_code == 302
    assert student_client.get(student_home(app)).status_code == 302  # signed out
    refused = app.test_client().post(
        "/join", headers=EN, data={"class_code": world.a.classroom.join_code, "personal_code": student.personal_code}
    )
    assert "This class has ended" in refused.get_data(as_text=True)
    page = teacher.get("/teacher/", headers=EN).get_data(as_text=True)
    assert "Archived classes" in page
    teacher.post(f"/teacher/classes/{world.a.classroom.id}/restore")
    login_as(student)


def test_a_new_join_code_replaces_the_old_one(app, teacher, world, login_as):
    classroom, student = world.a.classroom, world.a.students[0]
    old = classroom.join_code
    response = teacher.post(f"/teacher/classes/{classroom.id}/join-code", headers=EN)
    db.session.refresh(classroom)
    assert classroom.join_code != old and set(classroom.join_code) <= set(codes.ALPHABET)
    assert codes.pretty(classroom.join_code) in teacher.get(response.headers["Location"], headers=EN).get_data(as_text=True)
    refused = app.test_client().post("/join", data={"class_code": old, "personal_code": student.personal_code})
    assert refused.status_code == 200
    login_as(student)


CLASS_URLS = [
    ("get", "/teacher/classes/{id}"),
    ("get", "/teacher/classes/{id}/edit"),
    ("post", "/teacher/classes/{id}/edit"),
    ("post", "/teacher/classes/{id}/archive"),
    ("post", "/teacher/classes/{id}/restore"),
    ("post", "/teacher/classes/{id}/join-code"),
    ("get", "/teacher/classes/{id}/consent"),
    ("post", "/teacher/classes/{id}/consent"),
    ("get", "/teacher/classes/{id}/letters"),
    ("get", "/teacher/classes/{id}/students"),
    ("post", "/teacher/classes/{id}/students"),
    ("get", "/teacher/classes/{id}/cards"),
    ("get", "/teacher/classes/{id}/assign"),
    ("post", "/teacher/classes/{id}/assign"),
    ("get", "/teacher/classes/{id}/report"),
    ("get", "/teacher/classes/{id}/report.csv"),
]


@pytest.mark.parametrize(("method", "url"), CLASS_URLS)
def test_another_teachers_class_answers_404_on_every_page(teacher, world, method, url):
    for classroom in (world.a.other_classroom, world.b.classroom):
        response = getattr(teacher, method)(
            url.format(id=classroom.id),
            data={
                "name": "Taken",
                "one-name": "Intruder",
                "modules": "sample-basics",
                "informed_on": "2026-01-05",
                "method": "letter",
            },
        )
        assert response.status_code == 404, (url, classroom.name)
    db.session.refresh(world.a.other_classroom)
    assert world.a.other_classroom.name == "VIII-B" and not world.a.other_classroom.archived


def test_a_counsellor_reads_the_class_report_but_cannot_manage_the_class(world, login_as):
    counsellor = login_as(world.a.counsellor)
    assert counsellor.get(f"/teacher/classes/{world.a.classroom.id}/report").status_code == 200
    assert counsellor.get(f"/teacher/classes/{world.b.classroom.id}/report").status_code == 404
    assert counsellor.get(f"/teacher/classes/{world.a.classroom.id}").status_code == 403
    assert counsellor.post(f"/teacher/classes/{world.a.classroom.id}/archive").status_code == 403
    assert counsellor.get("/teacher/").status_code == 403


def test_teacher_pages_render_in_both_languages_as_the_school_chose(teacher, world):
    factories.make_assignment(world.a.classroom, "sample-basics")
    classroom_id = world.a.classroom.id
    for language, browser in (("id", "en"), ("en", "id")):
        world.a.school.default_locale = language  # the school's "Bahasa bawaan", whatever the browser says
        db.session.commit()
        for url in (
            "/teacher/",
            "/teacher/classes/new",
            f"/teacher/classes/{classroom_id}",
            f"/teacher/classes/{classroom_id}/edit",
            f"/teacher/classes/{classroom_id}/students",
            f"/teacher/classes/{classroom_id}/assign",
            f"/teacher/classes/{classroom_id}/consent",
        ):
            response = teacher.get(url, headers={"Accept-Language": browser})
            assert response.status_code == 200, url
            assert f'<html lang="{language}">' in response.get_data(as_text=True)


def test_forms_and_buttons_carry_a_working_csrf_token(world):
    import re

    from tests.conftest import make_test_app

    app = make_test_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()

    def token(html: str, name: str = "csrf_token", after: str = "") -> str:
        html = html[html.index(after) :] if after else html
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        return re.search(r'value="([^"]+)"', field).group(1)

    login = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"login": world.a.teacher.username, "password": factories.PASSWORD, "csrf_token": token(login)})
    page = client.get(f"/teacher/classes/{world.a.classroom.id}").get_data(as_text=True)
    assert client.post(f"/teacher/classes/{world.a.classroom.id}/students", data={"one-name": "Nyoman"}).status_code == 400
    added = client.post(
        f"/teacher/classes/{world.a.classroom.id}/students",
        data={"one-name": "Nyoman", "one-csrf_token": token(page, "one-csrf_token")},
    )
    assert added.status_code == 302
    button = token(page, after=f"/teacher/classes/{world.a.classroom.id}/join-code")
    assert client.post(f"/teacher/classes/{world.a.classroom.id}/join-code", data={"csrf_token": button}).status_code == 302
