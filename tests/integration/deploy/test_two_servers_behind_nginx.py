"""A district's set-up, as deploy/ ships it: nginx with TLS before two app servers, one PostgreSQL, one Redis.

The settings come from deploy/waspada.env.example (HTTPS, one trusted proxy, Redis), the
migration runs through deploy/waspada-flask, each app server is the command of
deploy/systemd/waspada@.service, and nginx serves deploy/nginx/waspada.conf with a
self-signed certificate: only ports and paths differ from a real server. A student joins
and takes a module while nginx sends her requests to one server, then the other; half-way
one server is stopped (a restart during an upgrade) and she finishes through the other
without noticing. Then what nginx does on its own: static files, the body limit, /metrics
kept in, the client's address passed on and a forged one ignored.
"""

from __future__ import annotations

import http.client
import json
import secrets
import ssl
import subprocess

import pytest
from sqlalchemy import func, select

from tests.conftest import make_test_app, postgres_only
from tests.integration.deploy.harness import (
    DEPLOY,
    QUIZZES,
    ROOT,
    Browser,
    current_user,
    free_port,
    json_lines,
    nginx_config,
    process_environment,
    program,
    self_signed_certificate,
    settings,
    unit_command,
    wait_until_answering,
    who_answered,
    write_settings,
)

pytestmark = [postgres_only, pytest.mark.slow]
OPERATOR = "127.0.0.5"  # a loopback address of its own: the operator's machine, as nginx sees it


def seed_a_class(database_url: str):
    """A school, a teacher, a class of one student with sample-basics assigned: through the app's services."""
    from app.content import load_content
    from app.extensions import db
    from tests import factories

    seeder = make_test_app(SQLALCHEMY_DATABASE_URI=database_url, QUIZ_FOLDER=str(QUIZZES))
    with seeder.app_context():
        catalogue = load_content(seeder)
        classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
        assignment_id = factories.make_assignment(classroom, "sample-basics").id
        codes = {"class_code": classroom.join_code, "personal_code": classroom.students[0].personal_code}
        db.session.remove()
    return seeder, catalogue.get("sample-basics"), assignment_id, codes


def migrate(settings_file) -> None:
    """`deploy/waspada-flask db upgrade`, as waspada-migrate.service runs it (as this user here)."""
    result = subprocess.run(
        [str(DEPLOY / "waspada-flask"), "db", "upgrade"],
        env=process_environment({"WASPADA_ENV_FILE": str(settings_file), "WASPADA_USER": current_user()}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def redis_keys(url: str) -> set[bytes]:
    import redis

    client = redis.Redis.from_url(url)
    try:
        return set(client.scan_iter("LIMITS*"))
    finally:
        client.close()


def fetch(
    port: int,
    path: str,
    *,
    context,
    source: str = "127.0.0.1",
    method: str = "GET",
    body: bytes | None = None,
    headers: dict | None = None,
) -> tuple[int, dict, bytes]:
    """One request to nginx from a chosen loopback address."""
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=30, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_a_student_goes_on_through_the_other_server_when_one_stops(scratch_database, redis_url, processes):
    nginx = program("nginx")
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs Debian's nginx)")
    database_url = scratch_database.render_as_string(hide_password=False)
    https_port, http_port, first_port, second_port = (free_port() for _ in range(4))
    base = f"https://127.0.0.1:{https_port}"
    values = settings(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_hex(32),
            "REDIS_URL": redis_url,
            "WASPADA_PUBLIC_URL": base,
            "WASPADA_TRUSTED_HOSTS": "127.0.0.1",
            "WASPADA_INSTANCE_DIR": str(processes.folder / "instance"),
            "WASPADA_OPERATOR_NETWORKS": f"{OPERATOR}/32",
            "GUNICORN_CMD_ARGS": "--workers 1 --threads 2",
            "WASPADA_SMTP_HOST": "",
        }
    )
    values["WASPADA_QUIZ_FOLDER"] = str(QUIZZES)  # the test's small banks: quick to load
    settings_file = write_settings(processes.folder / "waspada.env", values)
    migrate(settings_file)
    seeder, bank, assignment_id, codes = seed_a_class(database_url)

    for name, port in (("first", first_port), ("second", second_port)):
        env = process_environment({**values, "PROMETHEUS_MULTIPROC_DIR": str(processes.folder / f"metrics-{name}")})
        processes.start(name, unit_command("waspada@.service", str(port)), env=env)
    certificate, key = self_signed_certificate(processes.folder)
    config = nginx_config(
        processes.folder,
        https_port=https_port,
        http_port=http_port,
        app_ports=(first_port, second_port),
        certificate=certificate,
        key=key,
    )
    test_config = subprocess.run([nginx, "-t", "-c", str(config)], capture_output=True, text=True, timeout=30)
    assert test_config.returncode == 0, test_config.stderr
    processes.start("nginx", [nginx, "-c", str(config)])
    tls = ssl.create_default_context(cafile=str(certificate))
    for name, port in (("first", first_port), ("second", second_port)):
        wait_until_answering(f"http://127.0.0.1:{port}/readyz", processes.running[name])
    wait_until_answering(base + "/livez", processes.running["nginx"], context=tls)

    # She joins (a mistyped code first, counted in Redis) and takes the first three questions,
    # nginx sending each request to the next server.
    student = Browser(base, context=tls)
    student.open("/join")
    limits_before = redis_keys(redis_url)
    student.post("/join", {**codes, "personal_code": "XXXXXX"})  # refused: the form again, with a message
    assert student.url == f"{base}/join" and redis_keys(redis_url) > limits_before
    student.post("/join", codes)
    assert student.url == f"{base}/s/", student.url
    assert any(cookie.name == "__Host-waspada" and cookie.secure for cookie in student.cookies)
    student.open(f"/s/m/{assignment_id}")
    student.post(f"/s/m/{assignment_id}/start", {})
    for _ in range(3):
        student.answer_one(bank)
    servers = who_answered({"first": processes.log("first"), "second": processes.log("second")}, student.request_ids)
    assert "?" not in servers and servers.count("first") >= 5 and servers.count("second") >= 5, servers
    assert sum(a != b for a, b in zip(servers, servers[1:], strict=False)) >= len(servers) // 2  # mostly alternating
    answers_by = {
        name: [line for line in json_lines(processes.log(name)) if line.get("route") == "student.answer"]
        for name in ("first", "second")
    }
    assert answers_by["first"] and answers_by["second"]  # each server saved some of her answers

    # The first server stops (systemctl restart during an upgrade): she goes on, nothing asks her again.
    assert processes.stop("first") == 0
    requests_before = len(student.request_ids)
    while not student.url.endswith("/results"):
        student.answer_one(bank)
    after = who_answered({"second": processes.log("second")}, student.request_ids[requests_before:])
    assert set(after) == {"second"}, after

    from app.extensions import db
    from app.models import Answer, Attempt

    with seeder.app_context():
        attempt = db.session.scalar(select(Attempt))
        assert attempt.finished_at is not None and attempt.score == 1.0
        assert db.session.scalar(select(func.count()).select_from(Answer)) == len(bank.questions)
        db.session.remove()

    # Static files come from nginx (the app servers never see them), revalidated by the browser.
    status, headers, body = fetch(https_port, "/static/css/app.css", context=tls)
    assert status == 200 and body == (ROOT / "app" / "static" / "css" / "app.css").read_bytes()
    assert headers["Cache-Control"] == "no-cache" and headers["X-Content-Type-Options"] == "nosniff"
    status, _headers, body = fetch(https_port, "/static/css/app.css", context=tls, headers={"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    assert "static" not in processes.log("second")

    # A body over the limit is refused by nginx, unread by the app.
    lines_before = len(json_lines(processes.log("second")))
    status, _headers, _body = fetch(
        https_port,
        "/join",
        context=tls,
        method="POST",
        body=b"x" * (2 * 1024 * 1024),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 413
    # /metrics is for the operators' scraper on the app servers' own ports, never the public address.
    status, _headers, _body = fetch(https_port, "/metrics", context=tls, source=OPERATOR)
    assert status == 404
    assert len(json_lines(processes.log("second"))) == lines_before

    # The app sees the client's address as nginx passed it (WASPADA_PROXY_COUNT=1), never one the client claims.
    status, _headers, body = fetch(https_port, "/readyz", context=tls, source=OPERATOR)
    assert status == 200 and "version" in json.loads(body)
    status, _headers, body = fetch(https_port, "/readyz", context=tls, headers={"X-Forwarded-For": OPERATOR})
    assert status == 200 and "version" not in json.loads(body)

    # Plain HTTP is sent to HTTPS.
    connection = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    connection.request("GET", "/join")
    response = connection.getresponse()
    assert response.status == 301 and response.getheader("Location").startswith("https://127.0.0.1/join")
    connection.close()

    assert processes.stop("nginx") == 0
    assert processes.stop("second") == 0
    log = processes.log("second") + processes.log("first")
    assert codes["class_code"] not in log and codes["personal_code"] not in log
    assert codes["personal_code"] not in (processes.folder / "access.log").read_text()
    with seeder.app_context():
        db.engine.dispose()
