"""Two app processes behind one PostgreSQL: a student moves from one to the other and never notices.

A district runs several app processes (or machines) behind a load balancer, so one
student's requests land on any of them. Here two real servers (gunicorn, as in
production: CSRF on, the same SECRET_KEY, the same database) serve one student who
joins on the first, answers two questions, goes on on the second (the same cookies:
the session and its CSRF token are signed, not kept in a process) and finishes the
module. The database then holds the finished attempt with every answer, once.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from tests.conftest import TEST_DATABASE_URL, make_test_app, postgres_only
from tests.integration.student.helpers import right_form

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
QUIZZES = ROOT / "tests" / "fixtures" / "quizzes"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUESTION_FORM = re.compile(r'<form method="post" action="([^"]+)" class="question-form"')
NEXT_BUTTON = re.compile(r'<a class="button" href="([^"]+)"')

pytestmark = [postgres_only, pytest.mark.slow]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _admin_connection():
    import psycopg

    url = make_url(TEST_DATABASE_URL)
    return psycopg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname="postgres",
        autocommit=True,
    )


@pytest.fixture
def fresh_database():
    """A database of its own, created for this test and dropped after it."""
    name = f"waspada_two_{os.getpid()}_{secrets.token_hex(3)}"
    with _admin_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = make_url(TEST_DATABASE_URL).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with _admin_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_env(database_url: str, secret: str, instance: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("WASPADA_", "TEST_DATABASE"))}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY=secret,
        WASPADA_QUIZ_FOLDER=str(QUIZZES),
        WASPADA_INSTANCE_DIR=instance,
        PYTHONPATH=str(ROOT),
    )
    return env


def _wait_until_up(base: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server at {base} stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310 - our own loopback server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"the server at {base} did not start in time")


class Browser:
    """A student's browser: one cookie jar for every server, redirects followed."""

    def __init__(self):
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.url = ""
        self.page = ""

    def open(self, url: str, form: dict | None = None) -> str:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        with self.opener.open(url, data=data, timeout=10) as response:
            self.url, self.page = response.geturl(), response.read().decode("utf-8")
        return self.page

    def csrf(self) -> str:
        return CSRF.search(self.page).group(1)


def test_a_student_moves_between_two_app_processes_mid_module_and_finishes(fresh_database, tmp_path):
    from app.content import load_content
    from app.extensions import db
    from app.models import Answer, Attempt
    from tests import factories

    secret = secrets.token_hex(32)
    env = _server_env(fresh_database, secret, str(tmp_path / "instance"))
    subprocess.run(
        [str(BIN / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
    )

    # The class, seeded through the app's own services by an app on the same database.
    seeder = make_test_app(SQLALCHEMY_DATABASE_URI=fresh_database, QUIZ_FOLDER=str(QUIZZES))
    with seeder.app_context():
        catalogue = load_content(seeder)
        classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
        assignment = factories.make_assignment(classroom, "sample-basics")
        codes = {"class_code": classroom.join_code, "personal_code": classroom.students[0].personal_code}
        assignment_id = assignment.id
        db.session.remove()
        db.engine.dispose()
    bank = catalogue.get("sample-basics")

    servers, logs = [], []
    try:
        for _ in range(2):
            port = _free_port()
            log = open(tmp_path / f"server-{port}.log", "w")  # noqa: SIM115 - closed in finally
            logs.append(log)
            servers.append(
                (
                    f"http://127.0.0.1:{port}",
                    subprocess.Popen(
                        [
                            str(BIN / "gunicorn"),
                            "--workers",
                            "1",
                            "--threads",
                            "2",
                            "--bind",
                            f"127.0.0.1:{port}",
                            "--access-logfile",
                            "-",
                            "run:app",
                        ],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    ),
                )
            )
        deadline = time.monotonic() + 60
        for base, process in servers:
            _wait_until_up(base, process, deadline)
        (first, _p1), (second, _p2) = servers

        student = Browser()
        student.open(first + "/join")
        student.open(first + "/join", {"csrf_token": student.csrf(), **codes})
        assert student.url == first + "/s/", student.url
        student.open(f"{first}/s/m/{assignment_id}")
        student.open(f"{first}/s/m/{assignment_id}/start", {"csrf_token": student.csrf()})

        answered, base = 0, first
        while not student.url.endswith("/results"):
            question_form = QUESTION_FORM.search(student.page)
            assert question_form, f"neither a question nor the results at {student.url}"
            action = html.unescape(question_form.group(1))
            question = bank.question(urllib.parse.urlsplit(action).path.rsplit("/", 1)[-1])
            student.open(base + action, {"csrf_token": student.csrf(), **right_form(question)})
            answered += 1
            if answered == 2:
                base = second  # the load balancer sends the rest of the module to the other process
            student.open(base + html.unescape(NEXT_BUTTON.search(student.page).group(1)))
            assert student.url.startswith(base)
            assert answered <= len(bank.questions)
        assert answered == len(bank.questions)
        assert student.url == f"{second}/s/m/{assignment_id}/results"
    finally:
        for _base, process in servers:
            process.terminate()
        for _base, process in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        for log in logs:
            log.close()

    first_log, second_log = (
        (tmp_path / f"server-{urllib.parse.urlsplit(base).port}.log").read_text() for base, _process in servers
    )
    assert '"POST /join' in first_log and f'"POST /s/m/{assignment_id}/q/' in first_log
    assert f'"POST /s/m/{assignment_id}/q/' in second_log and '"POST /join' not in second_log
    with seeder.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.finished_at is not None and attempt.score == 1.0
        assert db.session.scalar(select(func.count()).select_from(Answer)) == len(bank.questions)
        db.session.remove()
        db.engine.dispose()
