"""Metrics and the request log under gunicorn, as a district serves them: several workers, one count.

gunicorn starts with ``deploy/gunicorn.conf.py`` and two workers on a freshly migrated
database. A student joins and takes a module over HTTP (CSRF on, as in production),
then Prometheus scrapes ``/metrics`` a few times: whichever worker answers, the counts
are those of the whole server, exactly the requests made. A worker is stopped and
replaced: no count goes down. The server's log holds one JSON line per request and no
code a student typed.
"""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import signal
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
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import make_test_app
from tests.integration.student.helpers import right_form

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
QUIZZES = ROOT / "tests" / "fixtures" / "quizzes"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUESTION_FORM = re.compile(r'<form method="post" action="([^"]+)" class="question-form"')
NEXT_BUTTON = re.compile(r'<a class="button" href="([^"]+)"')

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser(urllib.request.HTTPRedirectHandler):
    """One visitor: a cookie jar, redirects followed, and every request the server answered counted."""

    def __init__(self, base: str):
        self.base, self.requests = base, 0
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), self)
        self.url = self.page = ""

    def redirect_request(self, *args, **kwargs):
        self.requests += 1  # the redirect itself was a request too
        return super().redirect_request(*args, **kwargs)

    def open(self, path: str, form: dict | None = None) -> str:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        with self.opener.open(self.base + path, data=data, timeout=20) as response:
            self.url, self.page = response.geturl(), response.read().decode("utf-8")
        self.requests += 1
        return self.page

    def post(self, path: str, form: dict) -> str:
        return self.open(path, {"csrf_token": CSRF.search(self.page).group(1), **form})


def scrape(base: str) -> dict[tuple, float]:
    with urllib.request.urlopen(base + "/metrics", timeout=20) as response:  # noqa: S310 - our own loopback server
        exposition = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def counted(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def requests_counted(samples) -> float:
    return sum(
        v
        for (name, labels), v in samples.items()
        if name == "waspada_http_requests_total" and dict(labels)["endpoint"] != "main.metrics_page"
    )


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def wait_for(base: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn stopped (exit {process.returncode})"
        try:
            with urllib.request.urlopen(base + "/livez", timeout=2):  # noqa: S310 - our own loopback server
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer in time")


def test_two_workers_report_one_count_and_log_one_json_line_per_request(empty_database_url, tmp_path):
    from app.content import load_content
    from app.extensions import db
    from tests import factories

    env = {key: value for key, value in os.environ.items() if not key.startswith(("WASPADA_", "TEST_DATABASE", "PROMETHEUS_"))}
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    (metrics_dir / "counter_999999.db").write_bytes(b"counts of an earlier run")
    env.update(
        DATABASE_URL=empty_database_url,
        SECRET_KEY=secrets.token_hex(32),
        WASPADA_QUIZ_FOLDER=str(QUIZZES),
        WASPADA_INSTANCE_DIR=str(tmp_path / "instance"),
        PYTHONPATH=str(ROOT),
        PROMETHEUS_MULTIPROC_DIR=str(metrics_dir),
    )
    subprocess.run(
        [str(BIN / "flask"), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=120
    )
    seeder = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url, QUIZ_FOLDER=str(QUIZZES))
    with seeder.app_context():
        catalogue = load_content(seeder)
        classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
        assignment_id = factories.make_assignment(classroom, "sample-basics").id
        class_code, personal_code = classroom.join_code, classroom.students[0].personal_code
        db.session.remove()
        db.engine.dispose()
    questions = len(catalogue.get("sample-basics").questions)

    base = f"http://127.0.0.1:{_free_port()}"
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "--config",
                "deploy/gunicorn.conf.py",
                "--workers",
                "2",
                "--threads",
                "2",
                "--bind",
                base.removeprefix("http://"),
                "--graceful-timeout",
                "5",
                "run:app",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(base, server, time.monotonic() + 90)
        assert not (metrics_dir / "counter_999999.db").exists()  # an earlier run's counts are not added

        before = scrape(base)  # the probes while the workers started (a slow start can make wait_for ask twice)
        student = Browser(base)
        student.open("/join")
        student.post("/join", {"class_code": class_code, "personal_code": personal_code})
        student.open(f"/s/m/{assignment_id}")
        student.post(f"/s/m/{assignment_id}/start", {})
        answered = 0
        while not student.url.endswith("/results"):
            action = html.unescape(QUESTION_FORM.search(student.page).group(1))
            question = catalogue.get("sample-basics").question(action.rsplit("/", 1)[-1])
            student.post(action, right_form(question))
            answered += 1
            student.open(html.unescape(NEXT_BUTTON.search(student.page).group(1)))
        for _ in range(10):
            urllib.request.urlopen(base + "/livez", timeout=5).close()  # noqa: S310 - our own loopback server
            student.requests += 1
        assert answered == questions

        scrapes = [scrape(base) for _ in range(4)]  # landing on either worker
        for samples in scrapes:
            assert counted(samples, "waspada_answers_saved_total") == answered
            assert (
                counted(samples, "waspada_http_requests_total", endpoint="student.answer", method="POST", status="302")
                == answered
            )
            assert requests_counted(samples) - requests_counted(before) == student.requests
            assert counted(samples, "waspada_help_requests_waiting") == 0

        # A worker stops (a restart, a crash): gunicorn replaces it, and its counts stay.
        first, _second = worker_pids(server.pid)
        os.kill(first, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (first in worker_pids(server.pid) or len(worker_pids(server.pid)) < 2):
            time.sleep(0.2)
        wait_for(base, server, time.monotonic() + 60)
        after = scrape(base)
        assert counted(after, "waspada_answers_saved_total") == answered
        assert requests_counted(after) - requests_counted(before) >= student.requests

        with urllib.request.urlopen(base + "/readyz", timeout=20) as response:  # noqa: S310 - loopback
            ready = json.loads(response.read())
        assert ready["status"] == "ok" and ready["version"] and ready["content_hash"]
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    log = log_path.read_text()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    answers_logged = [line for line in lines if line.get("route") == "student.answer"]
    assert len(answers_logged) == answered and all(line["status"] == 302 for line in answers_logged)
    assert all(re.fullmatch(r"[0-9a-f]{12}", line["request_id"]) for line in lines if "route" in line)
    assert class_code not in log and personal_code not in log
    assert '"GET /' not in log  # no access log: the app's own line replaces it
