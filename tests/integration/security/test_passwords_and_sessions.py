"""Staff passwords (Argon2id) and sessions that really end."""

from __future__ import annotations

from argon2 import PasswordHasher

from app.extensions import db
from app.models import Role, User
from config import Config
from tests import factories
from tests.conftest import make_test_app


def test_production_hashing_uses_argon2id_with_owasp_parameters():
    config = Config()
    assert (config.ARGON2_MEMORY_COST, config.ARGON2_TIME_COST, config.ARGON2_PARALLELISM) == (19 * 1024, 2, 1)
    app = make_test_app(ARGON2_MEMORY_COST=19 * 1024, ARGON2_TIME_COST=2)
    with app.app_context():
        from app.services.passwords import hash_password

        stored = hash_password("a long enough password")
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_hash_is_upgraded_when_its_owner_signs_in(client, login_as):
    teacher = factories.make_user(factories.make_school(), Role.TEACHER)
    weak = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1).hash(factories.PASSWORD)
    user = db.session.get(User, teacher.id)
    user.password_hash = weak
    db.session.commit()
    login_as(user, client)
    assert db.session.get(User, teacher.id).password_hash != weak
    assert db.session.get(User, teacher.id).password_hash.startswith("$argon2id$")


def test_a_password_change_signs_out_every_other_device(login_as):
    teacher = factories.make_user(factories.make_school(), Role.TEACHER)
    laptop, phone = login_as(teacher), login_as(teacher)
    laptop.post(
        "/account/password",
        data={
            "current_password": factories.PASSWORD,
            "new_password": "another long password",
            "confirm": "another long password",
        },
    )
    assert laptop.get("/teacher/").status_code == 200
    assert phone.get("/teacher/").status_code == 302


def test_a_student_cookie_replayed_after_sign_out_is_refused(app, login_as):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    client = login_as(classroom.students[0])
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    assert client.get("/s/").status_code == 200
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    assert replay.get("/s/").status_code == 302


def test_session_cookies_are_httponly_lax_and_secure_with_host_prefix_over_https(app, monkeypatch):
    teacher = factories.make_user(factories.make_school(), Role.TEACHER)
    monkeypatch.setenv("WASPADA_HTTPS", "1")
    client = make_test_app().test_client()
    response = client.post(
        "/login", data={"login": teacher.username, "password": factories.PASSWORD}, base_url="https://localhost"
    )
    cookies = response.headers.getlist("Set-Cookie")
    cookie = next(cookie for cookie in cookies if cookie.startswith("__Host-waspada="))  # (and the device cookie)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie and "Path=/" in cookie
    assert "Domain" not in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_session_lasts_a_school_day():
    assert Config().PERMANENT_SESSION_LIFETIME.total_seconds() == 10 * 3600
