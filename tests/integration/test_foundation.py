"""The ground everything stands on: the factory, configuration, the schema, health and errors."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Answer, Attempt
from tests import factories
from tests.conftest import make_test_app


def test_a_key_is_generated_once_and_kept_when_none_is_configured(tmp_path, monkeypatch):
    import config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    first = config.Config().SECRET_KEY
    second = config.Config().SECRET_KEY
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_settings_come_from_the_environment(monkeypatch):
    import config

    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/waspada")
    monkeypatch.setenv("WASPADA_HTTPS", "1")
    settings = config.Config()
    assert settings.SECRET_KEY == "from-env"
    assert settings.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://u@db.example/waspada"
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_NAME.startswith("__Host-")


def test_the_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    import config

    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    assert f"sqlite:///{tmp_path / 'waspada.sqlite3'}" == config.Config().SQLALCHEMY_DATABASE_URI


def test_create_app_only_wires_and_runs_no_query(monkeypatch):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    statements = []

    def count(*args):
        statements.append(args)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        make_test_app()
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert statements == []


def test_sqlite_runs_with_foreign_keys_and_wal(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite only")
    assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_second_answer_to_the_same_question_is_refused_by_the_database(app):
    school = factories.make_school()
    classroom = factories.make_class(factories.make_user(school), students=1)
    assignment = factories.make_assignment(classroom)
    attempt = Attempt(
        assignment_id=assignment.id,
        student_id=classroom.students[0].id,
        bank_id="sample-basics",
        bank_version=1,
        content_hash="abc",
        seed="s",
    )
    db.session.add(attempt)
    db.session.flush()
    db.session.add(
        Answer(attempt_id=attempt.id, question_id="who-does-it", question_type="single", response={"choice": "b"}, score=1.0)
    )
    db.session.flush()
    db.session.add(
        Answer(attempt_id=attempt.id, question_id="who-does-it", question_type="single", response={"choice": "a"}, score=0.0)
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_deleting_a_class_deletes_its_students_through_the_database(app):
    school = factories.make_school()
    classroom = factories.make_class(factories.make_user(school), students=2)
    db.session.execute(db.text("DELETE FROM classrooms WHERE id = :id"), {"id": classroom.id})
    db.session.commit()
    assert db.session.execute(db.text("SELECT count(*) FROM students")).scalar() == 0


def test_healthz_says_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_says_503_and_nothing_more_when_the_database_is_down(tmp_path):
    app = make_test_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}  # the reason is for operators: /readyz on their network


def test_pages_answer_503_in_the_visitors_language_when_the_database_is_down():
    app = make_test_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    client = app.test_client()
    response = client.post("/login", data={"login": "guru", "password": "x" * 12}, headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert b"NOT saved" in response.data
    assert b"Traceback" not in response.data


@pytest.mark.parametrize(("language", "expected"), [("en", "Page not found"), ("id", "Halaman tidak ditemukan")])
def test_error_pages_speak_the_visitors_language(client, language, expected):
    response = client.get("/no-such-page", headers={"Accept-Language": language})
    assert response.status_code == 404
    assert expected in response.get_data(as_text=True)


def test_the_language_switch_remembers_the_choice(client):
    response = client.post("/language", data={"locale": "en", "next": "/join"})
    assert response.status_code == 302 and response.headers["Location"] == "/join"
    assert "Join your class" in client.get("/join", headers={"Accept-Language": "id"}).get_data(as_text=True)


def test_the_language_switch_never_redirects_to_another_site(client):
    response = client.post("/language", data={"locale": "en", "next": "//evil.example/x"})
    assert response.headers["Location"] == "/"


def test_every_endpoint_declares_who_may_use_it(app):
    from app.security import access_of

    undeclared = [rule.endpoint for rule in app.url_map.iter_rules() if access_of(rule.endpoint, app.view_functions) is None]
    assert undeclared == []


def test_an_endpoint_without_a_declaration_is_refused():
    app = make_test_app()
    app.add_url_rule("/forgotten", "forgotten", lambda: "secret")
    assert app.test_client().get("/forgotten").status_code == 403


def test_pages_carry_the_security_headers(client):
    response = client.get("/join")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_serving_app_leaves_out_the_command_line():
    from app import create_app
    from config import TestingConfig

    served = create_app(TestingConfig(), serving=True)
    assert "migrate" not in served.extensions and "db" not in served.cli.commands
    full = make_test_app()
    assert "migrate" in full.extensions and {"db", "users", "demo", "quiz", "data"} <= set(full.cli.commands)


def _echo_client(**overrides):
    from flask import request

    from app.security import public

    app = make_test_app(**overrides)

    @public
    def echo():
        return f"{request.remote_addr} {request.scheme}"

    app.add_url_rule("/echo", "echo", echo)
    return app.test_client()


def test_behind_a_trusted_proxy_the_client_address_and_scheme_are_the_forwarded_ones():
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    assert _echo_client(PROXY_COUNT=1).get("/echo", headers=headers).get_data(as_text=True) == "203.0.113.7 https"
    # with no proxy configured, a client cannot claim another address
    assert _echo_client(PROXY_COUNT=0).get("/echo", headers=headers).get_data(as_text=True) == "127.0.0.1 http"
