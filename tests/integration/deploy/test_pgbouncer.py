"""Waspada through PgBouncer in transaction pooling, as deploy/pgbouncer/pgbouncer.ini sets it up.

In transaction pooling two transactions of one client may run on different connections to
PostgreSQL, and one connection serves many clients: a statement psycopg prepared on it is
missing for one client and "already exists" for the next. ``WASPADA_PGBOUNCER=1`` makes
psycopg prepare nothing. A real PgBouncer (Debian's package) with fewer connections to
PostgreSQL than the app has clients shows both: the failure without the setting, then a
class of students answering at once through it. The migration and the backup, which need a
session of their own, go straight to PostgreSQL (DIRECT_DATABASE_URL).
"""

from __future__ import annotations

import secrets
import subprocess
import threading
import time

import pytest
from psycopg import errors as pg_errors
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError

from config import engine_options
from tests.conftest import make_test_app, postgres_only
from tests.integration.deploy.harness import (
    DEPLOY,
    QUIZZES,
    Browser,
    current_user,
    free_port,
    json_lines,
    pgbouncer_config,
    process_environment,
    program,
    settings,
    unit_command,
    wait_until_answering,
    write_settings,
)

pytestmark = [postgres_only, pytest.mark.slow]
STUDENTS = 4


@pytest.fixture
def pgbouncer(scratch_database, processes):
    """PgBouncer before the scratch database with two connections to PostgreSQL: its URL."""
    executable = program("pgbouncer")
    if executable is None:
        pytest.skip("PgBouncer is not installed (.ci/run installs Debian's pgbouncer)")
    port = free_port()
    config = pgbouncer_config(processes.folder, port=port, database=scratch_database.database, pool_size=2)
    process = processes.start("pgbouncer", [executable, str(config)])
    deadline = time.monotonic() + 30
    while "process up" not in processes.log("pgbouncer"):
        assert process.poll() is None, processes.log("pgbouncer")
        assert time.monotonic() < deadline, "PgBouncer did not start"
        time.sleep(0.1)
    return scratch_database.set(port=port)


def run_twice_on_two_connections(url: str) -> None:
    """Two clients, each running one statement often enough for psycopg to prepare it (after 5)."""
    engine = create_engine(url, **engine_options(url))
    try:
        with engine.connect() as first, engine.connect() as second:
            for connection in (first, second):
                for number in range(8):
                    assert connection.execute(text("SELECT CAST(:n AS integer) + 1"), {"n": number}).scalar() == number + 1
                    connection.commit()
    finally:
        engine.dispose()


def test_statements_are_not_prepared_behind_pgbouncer(pgbouncer, monkeypatch):
    url = pgbouncer.render_as_string(hide_password=False)
    monkeypatch.delenv("WASPADA_PGBOUNCER", raising=False)
    with pytest.raises(DBAPIError) as refused:
        run_twice_on_two_connections(url)
    assert isinstance(refused.value.orig, pg_errors.DuplicatePreparedStatement | pg_errors.InvalidSqlStatementName)

    monkeypatch.setenv("WASPADA_PGBOUNCER", "1")
    assert engine_options(url)["connect_args"] == {"prepare_threshold": None}
    run_twice_on_two_connections(url)


def test_a_class_answers_at_once_through_pgbouncer(scratch_database, pgbouncer, processes):
    from app.content import load_content
    from app.extensions import db
    from app.models import Answer, Attempt
    from tests import factories

    direct = scratch_database.render_as_string(hide_password=False)
    port = free_port()
    values = settings(
        {
            "DATABASE_URL": pgbouncer.render_as_string(hide_password=False),
            "WASPADA_PGBOUNCER": "1",
            "DIRECT_DATABASE_URL": direct,
            "WASPADA_DB_POOL_SIZE": "2",
            "WASPADA_DB_MAX_OVERFLOW": "1",
            "SECRET_KEY": secrets.token_hex(32),
            "REDIS_URL": "",
            "WASPADA_HTTPS": "0",
            "WASPADA_PROXY_COUNT": "0",
            "WASPADA_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "WASPADA_TRUSTED_HOSTS": "127.0.0.1",
            "WASPADA_INSTANCE_DIR": str(processes.folder / "instance"),
            "WASPADA_SMTP_HOST": "",
        }
    )
    values["WASPADA_QUIZ_FOLDER"] = str(QUIZZES)
    settings_file = write_settings(processes.folder / "waspada.env", values)
    wrapper_env = process_environment({"WASPADA_ENV_FILE": str(settings_file), "WASPADA_USER": current_user()})

    # The migration goes straight to PostgreSQL: PgBouncer sees no one log in.
    migrated = subprocess.run(
        [str(DEPLOY / "waspada-flask"), "db", "upgrade"], env=wrapper_env, capture_output=True, text=True, timeout=120
    )
    assert migrated.returncode == 0, migrated.stderr
    assert "login attempt" not in processes.log("pgbouncer")

    seeder = make_test_app(SQLALCHEMY_DATABASE_URI=direct, QUIZ_FOLDER=str(QUIZZES))
    with seeder.app_context():
        catalogue = load_content(seeder)
        classroom = factories.make_class(factories.make_user(factories.make_school()), students=STUDENTS)
        assignment_id = factories.make_assignment(classroom, "sample-basics").id
        cards = [{"class_code": classroom.join_code, "personal_code": s.personal_code} for s in classroom.students]
        db.session.remove()
    bank = catalogue.get("sample-basics")

    # One app server, 2 processes x 4 threads, each process with at most 3 connections to PgBouncer,
    # which has 2 to PostgreSQL.
    server = processes.start(
        "app",
        unit_command("waspada@.service", str(port)),
        env=process_environment({**values, "PROMETHEUS_MULTIPROC_DIR": str(processes.folder / "metrics")}),
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_answering(base + "/readyz", server)

    failures: list[BaseException] = []

    def take_the_module(card: dict) -> None:
        try:
            student = Browser(base)
            student.open("/join")
            student.post("/join", card)
            student.open(f"/s/m/{assignment_id}")
            student.post(f"/s/m/{assignment_id}/start", {})
            while not student.url.endswith("/results"):
                student.answer_one(bank)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    students = [threading.Thread(target=take_the_module, args=(card,)) for card in cards]
    for thread in students:
        thread.start()
    for thread in students:
        thread.join(timeout=240)
    assert not failures, failures
    assert processes.stop("app") == 0

    lines = [line for line in json_lines(processes.log("app")) if "route" in line]
    assert lines and all(line["status"] < 500 for line in lines)
    assert sum(line["route"] == "student.answer" for line in lines) == STUDENTS * len(bank.questions)
    assert "login attempt: db=" + scratch_database.database in processes.log("pgbouncer")
    with seeder.app_context():
        attempts = db.session.scalars(select(Attempt)).all()
        assert len(attempts) == STUDENTS and all(a.finished_at is not None and a.score == 1.0 for a in attempts)
        assert db.session.scalar(select(func.count()).select_from(Answer)) == STUDENTS * len(bank.questions)
        db.session.remove()
        db.engine.dispose()

    # The backup goes straight to PostgreSQL too (pg_dump needs a session of its own).
    logins_before = processes.log("pgbouncer").count("login attempt")
    backup = processes.folder / "backup.pgdump"
    done = subprocess.run(
        [str(DEPLOY / "waspada-flask"), "db", "backup", "--output", str(backup)],
        env=wrapper_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert backup.stat().st_size > 0 and processes.log("pgbouncer").count("login attempt") == logins_before
