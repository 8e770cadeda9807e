"""Signing in and out, for staff and students, and sessions that really end."""

from __future__ import annotations

from app.extensions import db
from app.models import Classroom, ConsentRecord, Role, User, utcnow
from tests import factories


def test_a_teacher_signs_in_with_username_or_email_and_out_again(client, login_as):
    school = factories.make_school()
    teacher = factories.make_user(school, Role.TEACHER, username="sari", email="sari@sekolah.sch.id")
    login_as(teacher, client)
    assert client.get("/teacher/").status_code == 200
    client.post("/logout")
    assert client.get("/teacher/").status_code == 302
    response = client.post("/login", data={"login": "SARI@sekolah.sch.id", "password": factories.PASSWORD})
    assert response.status_code == 302 and client.get("/teacher/").status_code == 200


def test_a_wrong_password_gets_one_clear_message(client):
    teacher = factories.make_user(factories.make_school(), Role.TEACHER)
    response = client.post(
        "/login", data={"login": teacher.username, "password": "wrong password"}, headers={"Accept-Language": "en"}
    )
    assert "The username or password is not right." in response.get_data(as_text=True)
    assert client.get("/teacher/").status_code == 302


def test_a_replayed_cookie_after_sign_out_is_refused(client, app, login_as):
    teacher = factories.make_user(factories.make_school(), Role.TEACHER)
    login_as(teacher, client)
    old_cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], old_cookie)
    assert thief.get("/teacher/").status_code == 302  # sent to sign in: the session is over


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in(client, login_as):
    teacher = factories.make_user(factories.make_school(), Role.TEACHER)
    login_as(teacher, client)
    user = db.session.get(User, teacher.id)
    user.active = False
    db.session.commit()
    assert client.get("/teacher/").status_code == 302
    response = client.post("/login", data={"login": user.username, "password": factories.PASSWORD})
    assert response.status_code == 200 and client.get("/teacher/").status_code == 302


def test_a_new_account_must_change_its_password_first(client):
    teacher = factories.make_user(factories.make_school(default_locale="en"), Role.TEACHER, must_change_password=True)
    response = client.post("/login", data={"login": teacher.username, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/account/password"
    response = client.post(
        "/account/password",
        data={"current_password": factories.PASSWORD, "new_password": "short", "confirm": "short"},
        headers={"Accept-Language": "en"},
    )
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    response = client.post(
        "/account/password",
        data={"current_password": factories.PASSWORD, "new_password": "a long new password", "confirm": "a long new password"},
    )
    assert response.status_code == 302
    assert not db.session.get(User, teacher.id).must_change_password
    assert client.get("/teacher/").status_code == 200  # still signed in on this device


def test_a_student_joins_with_codes_typed_loosely(client):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    student = classroom.students[0]
    code = classroom.join_code.lower()
    response = client.post(
        "/join",
        data={
            "class_code": f" {code[:3]} {code[3:]} ",
            "personal_code": "-".join([student.personal_code[:3], student.personal_code[3:]]),
        },
    )
    assert response.status_code == 302 and response.headers["Location"] == "/s/"


def test_the_card_link_fills_in_the_class_code(client):
    classroom = factories.make_class(factories.make_user(factories.make_school()))
    page = client.get(f"/join/{classroom.join_code}").get_data(as_text=True)
    assert f'value="{classroom.join_code}"' in page


def test_wrong_codes_do_not_say_which_half_was_wrong(client):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    student = classroom.students[0]
    wrong_class = client.post(
        "/join", data={"class_code": "QQQQQQ", "personal_code": student.personal_code}, headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    wrong_person = client.post(
        "/join", data={"class_code": classroom.join_code, "personal_code": "QQQQQQ"}, headers={"Accept-Language": "en"}
    ).get_data(as_text=True)
    message = "These codes do not match. Check both codes on your card and try again."
    assert message in wrong_class and message in wrong_person


def test_an_archived_class_cannot_be_joined(client):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    classroom.archived_at = utcnow()
    db.session.commit()
    student = classroom.students[0]
    response = client.post("/join", data={"class_code": classroom.join_code, "personal_code": student.personal_code})
    assert response.status_code == 200 and client.get("/s/").status_code == 302


def test_a_class_without_recorded_consent_cannot_be_joined_yet(client, login_as):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1, consent=False)
    response = client.post(
        "/join",
        data={"class_code": classroom.join_code, "personal_code": classroom.students[0].personal_code},
        headers={"Accept-Language": "en"},
    )
    assert "not open yet" in response.get_data(as_text=True)
    db.session.add(ConsentRecord(classroom_id=classroom.id, informed_on=utcnow().date(), method="letter"))
    db.session.commit()
    login_as(db.session.get(Classroom, classroom.id).students[0], client)


def test_guessing_codes_for_one_class_is_stopped_with_a_time_to_wait(client):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    for attempt in range(10):
        client.post("/join", data={"class_code": classroom.join_code, "personal_code": f"WRONG{attempt}"})
    response = client.post(
        "/join",
        data={"class_code": classroom.join_code, "personal_code": classroom.students[0].personal_code},
        headers={"Accept-Language": "en"},
    )
    assert "Please wait 5 minutes" in response.get_data(as_text=True)
    assert client.get("/s/").status_code == 302


def test_forty_students_join_from_one_address_within_a_minute(login_as):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=40)
    for student in classroom.students:
        login_as(student)


def test_staff_sign_in_is_limited_per_account(client):
    teacher = factories.make_user(factories.make_school(), Role.TEACHER)
    for _attempt in range(5):
        client.post("/login", data={"login": teacher.username, "password": "wrong password"})
    response = client.post(
        "/login", data={"login": teacher.username, "password": factories.PASSWORD}, headers={"Accept-Language": "en"}
    )
    assert "Too many tries" in response.get_data(as_text=True)
