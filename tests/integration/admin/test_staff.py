"""The school admin manages staff accounts (journey 1)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role, User
from app.services import staff
from app.services.errors import ServiceError
from tests import factories
from tests.conftest import make_test_app

# Every staff sign-in is audited too; these scenarios look at what was done after signing in.
NOT_SIGN_IN = AuditEvent.action.not_in(("staff:sign_in", "staff:sign_in_failed"))

EN = {"Accept-Language": "en"}


def _password_in(page: str) -> str:
    return re.search(r'<code class="password">([a-z0-9-]+)</code>', page).group(1)


def _session_text(app, client) -> str:
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    if cookie is None:
        return ""
    return repr(app.session_interface.get_signing_serializer(app).loads(cookie.value))


def test_the_admin_adds_a_teacher_and_a_counsellor_who_sign_in_with_a_one_time_password(app, client, login_as):
    school = factories.make_school("SMP Negeri Baru", default_locale="en")  # its staff read English
    admin = factories.make_user(school, Role.ADMIN)
    login_as(admin, client)
    for role, username in (("teacher", "ibu.sari"), ("counsellor", "pak.andi")):
        response = client.post(
            "/admin/staff", data={"role": role, "username": username, "display_name": username.title()}, headers=EN
        )
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        password = _password_in(page)
        assert "This password is shown only now." in page
        # Shown once: never in the session cookie (flash messages travel there), never on the next page.
        assert password not in _session_text(app, client)
        assert password not in client.get("/admin/", headers=EN).get_data(as_text=True)

        signed_in = app.test_client().post("/login", data={"login": username, "password": password})
        assert signed_in.headers["Location"] == "/account/password"  # must choose their own password first
    users = {user.username: user for user in db.session.scalars(select(User).where(User.school_id == school.id))}
    assert users["ibu.sari"].role == Role.TEACHER and users["pak.andi"].role == Role.COUNSELLOR
    assert users["pak.andi"].must_change_password
    created = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == admin.id, NOT_SIGN_IN)).all()
    assert created == ["staff:create", "staff:create"]


def test_a_bad_or_taken_username_is_explained_and_the_form_kept(client, world, login_as):
    login_as(world.a.admin, client)
    bad = client.post("/admin/staff", data={"role": "teacher", "username": "Bu Sari!", "display_name": "Bu Sari"}, headers=EN)
    assert bad.status_code == 400
    assert "lower-case letters" in bad.get_data(as_text=True) and 'value="Bu Sari"' in bad.get_data(as_text=True)
    taken = client.post(
        "/admin/staff", data={"role": "teacher", "username": world.b.teacher.username, "display_name": "Copy"}, headers=EN
    )
    assert taken.status_code == 400 and "already used" in taken.get_data(as_text=True)
    bad_role = client.post("/admin/staff", data={"role": "student", "username": "x1", "display_name": "X"})
    assert bad_role.status_code == 400


def test_a_deactivated_account_is_signed_out_and_cannot_sign_in_until_reactivated(app, client, world, login_as):
    teacher = world.a.teacher
    teachers_browser = login_as(teacher)
    assert teachers_browser.get("/account/password").status_code == 200

    login_as(world.a.admin, client)
    assert client.post(f"/admin/staff/{teacher.id}/deactivate").status_code == 302
    db.session.refresh(teacher)
    assert not teacher.active
    assert teachers_browser.get("/account/password").status_code == 302  # the open session has ended

    blocked = app.test_client()
    response = blocked.post(
        "/login", data={"login": teacher.username, "password": factories.PASSWORD}, headers=EN, follow_redirects=True
    )
    assert "This account has been deactivated" in response.get_data(as_text=True)

    client.post(f"/admin/staff/{teacher.id}/reactivate")
    db.session.refresh(teacher)
    assert teacher.active
    login_as(teacher)  # signs in again
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == teacher.id, NOT_SIGN_IN)).all()
    assert actions == ["staff:deactivate", "staff:reactivate"]


def test_an_admin_cannot_deactivate_themselves_and_a_school_keeps_an_active_admin(client, world, login_as):
    admin = world.a.admin
    login_as(admin, client)
    response = client.post(f"/admin/staff/{admin.id}/deactivate", headers=EN, follow_redirects=True)
    assert "You cannot do this to your own account." in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.active

    second = factories.make_user(world.a.school, Role.ADMIN)
    client.post(f"/admin/staff/{second.id}/deactivate")
    db.session.refresh(second)
    assert not second.active
    # The last active admin can never be closed, whoever asks.
    with pytest.raises(ServiceError) as refused:
        staff.deactivate(second, admin)
    assert refused.value.code == "last_admin"


def test_a_password_reset_shows_a_new_one_time_password_and_ends_every_session(app, client, world, login_as):
    counsellor = world.a.counsellor
    old_browser = login_as(counsellor)
    login_as(world.a.admin, client)
    response = client.post(f"/admin/staff/{counsellor.id}/reset-password", headers=EN)
    assert response.status_code == 200
    password = _password_in(response.get_data(as_text=True))
    assert password not in _session_text(app, client)
    db.session.refresh(counsellor)
    assert counsellor.must_change_password
    assert old_browser.get("/account/password").status_code == 302
    old = app.test_client().post("/login", data={"login": counsellor.username, "password": factories.PASSWORD})
    assert old.status_code == 200  # the old password is refused
    new = app.test_client().post("/login", data={"login": counsellor.username, "password": password})
    assert new.headers["Location"] == "/account/password"


def test_an_admin_of_school_a_cannot_touch_the_staff_of_school_b(client, world, login_as):
    login_as(world.a.admin, client)
    target = world.b.teacher
    for action in ("deactivate", "reactivate", "reset-password"):
        assert client.post(f"/admin/staff/{target.id}/{action}").status_code == 404
    db.session.refresh(target)
    assert target.active
    assert target.username not in client.get("/admin/").get_data(as_text=True)


def test_only_admins_manage_staff(world, login_as):
    for user in (world.a.teacher, world.a.counsellor):
        visitor = login_as(user)
        assert visitor.get("/admin/").status_code == 403
        assert visitor.post("/admin/staff", data={"role": "admin", "username": "evil", "display_name": "E"}).status_code == 403
        assert visitor.post(f"/admin/staff/{world.a.admin.id}/deactivate").status_code == 403
    assert db.session.scalar(select(User).where(User.username == "evil")) is None


def test_staff_forms_need_the_csrf_token(app):  # ``app``: empties the tables afterwards
    app = make_test_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        school = factories.make_school()
        admin = factories.make_user(school, Role.ADMIN)
        client = app.test_client()
        login_page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
        client.post("/login", data={"login": admin.username, "password": factories.PASSWORD, "csrf_token": token})
        response = client.post("/admin/staff", data={"role": "teacher", "username": "sneaky", "display_name": "S"})
        assert response.status_code == 400
        assert db.session.scalar(select(User).where(User.username == "sneaky")) is None
