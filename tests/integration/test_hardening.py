"""Hardening found by probing Waspada from outside: each scenario failed before its fix.

Redirects that only lead inside the app, a body limit answered before the body is read,
sign-in limits that stop a guesser without locking out a school that shares one address,
an audit trail that records every export, roster change and sign-in, a quick exit that
signs the student out, one-time passwords that must be changed first, login cards that
do not trust the Host header, downloads named in any script, and database faults that
never end as a bare 500.
"""

from __future__ import annotations

import csv
import io
from contextlib import suppress
from urllib.parse import unquote

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.models import AuditEvent, Classroom, RateLimitCounter, Role, Student, User, utcnow
from tests import factories
from tests.conftest import make_test_app, postgres_only

EN = {"Accept-Language": "en"}
ID = {"Accept-Language": "id"}


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# --- Redirects only inside the app ----------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        " /teacher/",
        "/teacher/\r\nSet-Cookie: x=1",
        "/teacher/%0d%0a",
        "javascript:alert(1)",
        "/%00",
        "\x00/teacher/",
    ],
)
def test_after_sign_in_next_never_leads_off_the_app(client, world, target):
    response = client.post(
        "/login", query_string={"next": target}, data={"login": world.a.teacher.username, "password": factories.PASSWORD}
    )
    if "\x00" in target:  # a NUL character is refused before anything else (400), as everywhere
        assert response.status_code == 400
        return
    assert response.status_code == 302
    assert response.headers["Location"] == "/", target  # the safe default: the home page


def test_a_path_of_the_app_is_kept_as_next(client, world):
    response = client.post(
        "/login?next=/teacher/classes/new", data={"login": world.a.teacher.username, "password": factories.PASSWORD}
    )
    assert response.headers["Location"] == "/teacher/classes/new"


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/x\r\nLocation: https://evil.example"])
def test_the_language_switch_stays_inside_the_app(client, target):
    response = client.post("/language", data={"locale": "en", "next": target})
    assert response.status_code == 302 and response.headers["Location"] == "/"


# --- A body limit, answered before the body is read -----------------------------------


@pytest.mark.parametrize(("headers", "words"), [(EN, "too much to send at once"), (ID, "terlalu banyak")])
def test_a_huge_form_post_is_refused_with_413_in_the_visitors_language(client, headers, words):
    body = b"class_code=" + b"A" * (2 * 1024 * 1024)
    response = client.post("/join", data=body, headers={**headers, "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413
    assert words in response.get_data(as_text=True).lower()


def test_the_body_limit_is_a_setting():
    app = make_test_app(MAX_CONTENT_LENGTH=10_000)
    response = app.test_client().post("/join", data={"class_code": "A" * 20_000})
    assert response.status_code == 413


# --- Sign-in limits that stop a guesser, never a school -----------------------------


def test_a_guessing_browser_is_stopped_but_the_school_behind_the_same_address_still_joins(app, world):
    student = world.a.students[0]
    classroom = db.session.get(Classroom, student.classroom_id)
    guesser = app.test_client()
    statuses = [
        guesser.post("/join", data={"class_code": f"WRONG{n:02d}", "personal_code": "XXXXXX"}).status_code for n in range(40)
    ]
    assert statuses[:9] == [200] * 9 and statuses[-1] == 429
    limited = guesser.post("/join", data={"class_code": "WRONG99", "personal_code": "XXXXXX"}, headers=EN)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0
    assert "Please wait" in limited.get_data(as_text=True) and "Quick exit" in limited.get_data(as_text=True)
    # Every other student of the school, same address, right codes: in at once.
    for other in (student, *world.a.students[1:]):
        fresh = app.test_client()
        response = fresh.post("/join", data={"class_code": classroom.join_code, "personal_code": other.personal_code})
        assert response.status_code == 302, other.display_name


def test_many_wrong_personal_codes_for_one_class_never_keep_its_students_out(app, world):
    classroom = world.a.classroom
    for n in range(60):  # a guesser who drops its cookies: a new browser every time
        app.test_client().post("/join", data={"class_code": classroom.join_code, "personal_code": f"WR{n:04d}"})
    again = app.test_client().post("/join", data={"class_code": classroom.join_code, "personal_code": "WRONG1"})
    assert again.status_code == 429 and "Retry-After" in again.headers  # the class is being guessed at
    student = world.a.students[0]
    response = app.test_client().post("/join", data={"class_code": classroom.join_code, "personal_code": student.personal_code})
    assert response.status_code == 302


def test_five_wrong_passwords_lock_the_account_but_not_from_the_browser_that_signed_in_before(app, world):
    admin = world.a.admin
    own_browser = app.test_client()
    assert own_browser.post("/login", data={"login": admin.username, "password": factories.PASSWORD}).status_code == 302
    own_browser.post("/logout")
    stranger = app.test_client()
    for _ in range(5):
        stranger.post("/login", data={"login": admin.username, "password": "not the password"})
    locked = app.test_client().post("/login", data={"login": admin.username, "password": factories.PASSWORD}, headers=EN)
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "Too many tries" in locked.get_data(as_text=True)
    # The admin's own browser carries its device cookie: the lockout does not apply to it.
    response = own_browser.post("/login", data={"login": admin.username, "password": factories.PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_an_unknown_account_costs_one_password_verification_as_a_known_one_does(app, world, monkeypatch):
    from argon2 import PasswordHasher

    calls = []
    real_verify = PasswordHasher.verify

    def counting(self, hashed, password):
        calls.append(hashed)
        return real_verify(self, hashed, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    client = app.test_client()
    client.post("/login", data={"login": world.a.teacher.username, "password": "wrong wrong"})
    client.post("/login", data={"login": "nobody-here", "password": "wrong wrong"})
    assert len(calls) == 2  # the unknown account was checked against a dummy hash, not skipped


# --- The audit trail -----------------------------------------------------------------


def test_sign_ins_roster_changes_classes_assignments_and_exports_are_audited(app, world, login_as):
    teacher = world.a.teacher
    bad = app.test_client().post("/login", data={"login": teacher.username, "password": "wrong wrong"})
    assert bad.status_code == 200
    client = login_as(teacher)
    client.post("/teacher/classes/new", data={"name": "IX-Z", "band": "smp", "locale": "id"})
    classroom = db.session.scalar(select(Classroom).where(Classroom.name == "IX-Z"))
    client.post(f"/teacher/classes/{classroom.id}/students", data={"many-names": "Ayu\nBudi"})
    ayu = db.session.scalar(select(Student).where(Student.classroom_id == classroom.id, Student.display_name == "Ayu"))
    client.post(f"/teacher/students/{ayu.id}/edit", data={"name": "Ayu K."})
    client.post(f"/teacher/students/{ayu.id}/reset-code")
    client.post(f"/teacher/students/{ayu.id}/delete", data={"confirm": "yes"})
    client.post(
        f"/teacher/classes/{world.a.classroom.id}/assign",
        data={"modules": ["sample-basics"], "feedback_mode": "immediate", "retries": "no"},
    )
    assert client.get(f"/teacher/classes/{world.a.classroom.id}/report.csv").status_code == 200
    actions = _actions()
    for expected in (
        "staff:sign_in_failed",
        "staff:sign_in",
        "classroom:create",
        "roster:add",
        "roster:rename",
        "roster:new_code",
        "roster:delete",
        "assignment:create",
        "report:export",
    ):
        assert expected in actions, (expected, actions)

    admin = login_as(world.a.admin)
    student = world.a.students[0]
    assert admin.get(f"/teacher/students/{student.id}/results").status_code == 200
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "student_results:read"))
    assert event.actor_id == world.a.admin.id and event.target_id == student.id
    page = admin.get("/admin/audit", headers=EN).get_data(as_text=True)
    assert "student added" in page and "roster:add" not in page and "count: 2" not in page
    assert "number: 2" in page  # details in words of the interface language
    world.a.school.default_locale = "id"
    db.session.commit()
    page_id = admin.get("/admin/audit", headers=ID).get_data(as_text=True)
    assert "siswa ditambahkan" in page_id and "jumlah: 2" in page_id


# --- One-time passwords ----------------------------------------------------------------


def test_an_account_with_a_one_time_password_reaches_only_the_password_page(app, world):
    teacher = world.a.teacher
    teacher.must_change_password = True
    db.session.commit()
    client = app.test_client()
    assert client.post("/login", data={"login": teacher.username, "password": factories.PASSWORD}).status_code == 302
    for path in ("/teacher/", f"/teacher/classes/{world.a.classroom.id}/report", "/admin/", "/modules/"):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/account/password", path
    assert client.get("/").headers["Location"] == "/teacher/"  # the front door only points on, to the above
    assert client.get("/account/password").status_code == 200
    static = client.get("/static/css/app.css")
    assert static.status_code == 200
    static.close()
    assert client.post("/logout").status_code == 302


# --- Login cards and the host -----------------------------------------------------------


def test_login_cards_print_the_configured_address_whatever_the_host_header_says(world, login_as):
    app = make_test_app(PUBLIC_BASE_URL="https://waspada.sekolah.example")
    with app.app_context():
        browser = app.test_client()
        browser.environ_base["HTTP_HOST"] = "evil.example"  # every request of this browser says so
        client = login_as(world.a.teacher, browser)
        page = client.get(
            f"/teacher/classes/{world.a.classroom.id}/cards", headers={"X-Forwarded-Host": "evil.example"}
        ).get_data(as_text=True)
    assert "https://waspada.sekolah.example/join" in page and "evil.example" not in page


def test_without_a_public_address_trusted_hosts_refuse_another_host_and_the_admin_is_warned(world, login_as):
    app = make_test_app(PUBLIC_BASE_URL="", TRUSTED_HOSTS=["waspada.local"])
    assert app.test_client().get("/join", headers={"Host": "evil.example"}).status_code == 400
    assert app.test_client().get("/join", headers={"Host": "waspada.local"}).status_code == 200
    open_app = make_test_app(PUBLIC_BASE_URL="", TRUSTED_HOSTS=None)
    with open_app.app_context():
        client = login_as(world.a.admin, open_app.test_client())
        page = client.get("/admin/settings", headers=EN).get_data(as_text=True)
    assert "public address is not set" in page


# --- Downloads named in any script ------------------------------------------------------


@pytest.mark.parametrize("name", ["Kelas 七", "الصف السابع", 'VIII-B "quoted"; x=1'])
def test_a_class_named_in_any_script_downloads_with_an_ascii_fallback_and_its_real_name(world, login_as, name):
    classroom = factories.make_class(world.a.teacher, name, students=1)
    factories.make_assignment(classroom, "sample-basics")
    response = login_as(world.a.teacher).get(f"/teacher/classes/{classroom.id}/report.csv")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    disposition.encode("latin-1")  # what a server can put in a header
    fallback = disposition.split('filename="')[1].split('"')[0]
    assert fallback.isascii() and fallback.endswith(".csv") and ";" not in fallback
    if not name.isascii():
        real = unquote(disposition.split("filename*=UTF-8''")[1])
        assert real == f"{name}.csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] in ("Student", "Siswa")


# --- Database faults never end as a bare 500 ----------------------------------------------


def test_a_rollback_that_fails_at_the_end_of_a_request_still_answers_with_the_page(app, monkeypatch, world, login_as):
    """The session teardown's ROLLBACK on a connection the database has closed used to raise
    outside every error handler: gunicorn then answered its bare "Internal Server Error"."""
    from sqlalchemy.orm import Session

    client = login_as(world.a.students[0])  # every page of a signed-in student uses the database
    real_close = Session.close

    def dead_connection(self):
        real_close(self)
        raise OperationalError("ROLLBACK", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(Session, "close", dead_connection)
    response = client.get("/s/", headers=EN)
    assert response.status_code == 200 and world.a.students[0].display_name in response.get_data(as_text=True)


@postgres_only
def test_a_connection_killed_by_the_server_during_a_request_never_ends_as_a_bare_500(app):
    """A real PostgreSQL backend terminated mid-request: the teardown's ROLLBACK then meets a dead connection."""
    from flask import Flask
    from sqlalchemy import text

    from app.security import public

    killed_app: Flask = make_test_app()

    @killed_app.get("/_probe/killed")
    @public
    def killed():
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with db.engine.connect() as admin:  # another connection of the pool ends this one, as a restart would
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return "ok"

    with killed_app.app_context():
        response = killed_app.test_client().get("/_probe/killed")
        assert response.status_code == 200 and response.get_data(as_text=True) == "ok"
        # and the next request gets a live connection from the pool
        assert killed_app.test_client().get("/healthz").get_json() == {"status": "ok"}


# --- Quick exit ---------------------------------------------------------------------------


def test_quick_exit_signs_the_student_out_and_leaves_for_the_neutral_site(app, world, login_as):
    student = world.a.students[0]
    client = login_as(student)
    page = client.get("/s/").get_data(as_text=True)
    assert 'id="quick-exit" href="/exit"' in page  # works without JavaScript
    response = client.get("/exit")
    assert response.status_code == 303 and response.headers["Location"] == app.config["QUICK_EXIT_URL"]
    assert response.headers["Cache-Control"] == "no-store"
    back = client.get("/s/")  # Back: the module is gone, the student must join again
    assert back.status_code == 302 and back.headers["Location"].startswith("/join")


def test_the_quick_exit_beacon_signs_out_without_a_csrf_token(app, world, login_as):
    signed_in = login_as(world.a.students[0])
    cookie = signed_in.get_cookie(app.config["SESSION_COOKIE_NAME"])
    strict = make_test_app(WTF_CSRF_ENABLED=True)  # as served: every other POST needs its token
    with strict.app_context():
        client = strict.test_client()
        client.set_cookie(cookie.key, cookie.value)
        assert client.get("/s/").status_code == 200
        assert client.post("/exit").status_code == 204
        assert client.get("/s/").status_code == 302
        assert db.session.get(Student, world.a.students[0].id).session_version > 0


# --- Smaller things -------------------------------------------------------------------------


def test_a_405_keeps_its_allow_header(client):
    response = client.delete("/join")
    assert response.status_code == 405 and "POST" in response.headers["Allow"]


def test_expired_rate_limit_counters_are_deleted_by_data_purge(app, runner):
    from datetime import timedelta

    db.session.add_all(
        [
            RateLimitCounter(key="old", count=3, expires_at=utcnow() - timedelta(minutes=1)),
            RateLimitCounter(key="live", count=1, expires_at=utcnow() + timedelta(minutes=5)),
        ]
    )
    db.session.commit()
    result = runner.invoke(args=["data", "purge", "--before", "2000-01-01", "--yes"])
    assert result.exit_code == 0, result.output
    assert list(db.session.scalars(select(RateLimitCounter.key))) == ["live"]


def test_healthz_tells_an_anonymous_visitor_nothing_of_the_driver(app, monkeypatch):
    from sqlalchemy.orm import Session

    def unreachable(self, *args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("could not connect"))

    monkeypatch.setattr(Session, "execute", unreachable)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json() == {"status": "unavailable"}


@postgres_only
def test_two_admins_deactivating_each_other_at_once_leave_one(app, world, monkeypatch):
    """Both requests count two active admins before either has saved: without the row lock both
    deactivations went through and the school had no admin left."""
    import threading

    from app.services import staff

    second_id = factories.make_user(world.a.school, Role.ADMIN).id
    first_id = world.a.admin.id
    counted = threading.Barrier(2, timeout=3)
    real_count = staff.active_admins

    def count_then_wait(school_id):
        result = real_count(school_id)
        with suppress(threading.BrokenBarrierError):
            counted.wait()  # both requests have counted (only possible when nothing serialises them)
        return result

    monkeypatch.setattr(staff, "active_admins", count_then_wait)
    outcomes = {}

    def deactivate(actor_id, member_id):
        with app.app_context():
            try:
                staff.deactivate(db.session.get(User, actor_id), db.session.get(User, member_id))
                db.session.commit()
                outcomes[actor_id] = "done"
            except staff.ServiceError as refused:
                db.session.rollback()
                outcomes[actor_id] = refused.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=deactivate, args=pair) for pair in ((first_id, second_id), (second_id, first_id))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    db.session.expire_all()
    active = db.session.scalars(select(User.id).where(User.id.in_([first_id, second_id]), User.active.is_(True))).all()
    assert len(active) == 1, outcomes
    assert sorted(outcomes.values()) == ["done", "last_admin"]


def test_the_last_active_admin_cannot_be_deactivated_even_by_another_admin_at_once(app, world):
    from app.services import staff
    from app.services.errors import ServiceError

    second = factories.make_user(world.a.school, Role.ADMIN)
    staff.deactivate(world.a.admin, second)
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        staff.deactivate(second, world.a.admin)  # the deactivated admin's request, arriving just after
    assert refused.value.code == "last_admin"
    db.session.rollback()
    assert db.session.scalar(select(User.active).where(User.id == world.a.admin.id)) is True
