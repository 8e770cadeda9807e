"""Running Waspada: probes, metrics, the request log and key rotation, as an operator meets them.

A load balancer asks ``/livez`` and ``/readyz``; Prometheus scrapes ``/metrics`` from the
operator's network; a log shipper reads one JSON line per request; a teacher quotes the
reference on an error page; a district rotates its secret key without signing anyone
out. Strangers learn nothing more than "ok" or "unavailable". (The same app under
gunicorn with several workers: ``test_operations_under_gunicorn.py``.)
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.exc import OperationalError

from app.content import load_content
from app.extensions import db
from app.models import HelpRequest, HelpStatus
from app.security import public
from app.web.devices import COOKIE as DEVICE_COOKIE
from tests import factories
from tests.conftest import make_test_app
from tests.integration.student.helpers import a_class_with_a_module, bank, question_url, right_form

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/waspada?connect_timeout=1"
STRANGER = {"REMOTE_ADDR": "203.0.113.7"}  # an address on the internet (TEST-NET-3)
EN = {"Accept-Language": "en"}


def scrape(client, **kwargs) -> dict[tuple, float]:
    """/metrics as {(sample name, sorted labels): value}."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def unreachable_app(app):
    broken = make_test_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE)
    load_content(broken)
    return broken


# --- Probes ------------------------------------------------------------------------------


def test_livez_answers_as_long_as_the_process_does_even_without_its_database(unreachable_app):
    response = unreachable_app.test_client().get("/livez")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"


def test_a_server_is_ready_only_once_its_database_has_every_migration_of_its_code(empty_database_url):
    server = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    load_content(server)
    with server.app_context():
        upgrade()
        ready = server.test_client().get("/readyz")
        downgrade(revision="-1")  # as if the code were upgraded before `flask db upgrade`
        behind = server.test_client().get("/readyz")
        behind_to_a_stranger = server.test_client().get("/readyz", environ_base=STRANGER)
        downgrade(revision="base")
        empty = server.test_client().get("/readyz").get_json()
        db.engine.dispose()

    assert ready.status_code == 200
    details = ready.get_json()
    assert details["status"] == "ok" and details["version"] == VERSION and details["reason"] is None
    assert details["checks"] == {"database": "ok", "migrations": "ok", "banks": "ok"}
    assert re.fullmatch(r"[0-9a-f]{16}", details["content_hash"])

    assert behind.status_code == 503
    reason = behind.get_json()["reason"]
    assert reason.startswith("migrations: the database is at ") and "flask db upgrade" in reason
    assert behind_to_a_stranger.status_code == 503 and behind_to_a_stranger.get_json() == {"status": "unavailable"}
    assert empty["checks"]["migrations"].startswith("no migration applied")


def test_a_stranger_reads_only_ok_and_the_operator_reads_the_version_and_the_banks(app):
    stranger = app.test_client().get("/readyz", environ_base=STRANGER)
    assert stranger.status_code == 200 and stranger.get_json() == {"status": "ok"}
    operator = app.test_client().get("/readyz").get_json()  # from 127.0.0.1, the default operator network
    assert operator["version"] == VERSION and operator["content_hash"]


def test_readyz_says_503_while_the_database_is_unreachable_and_only_the_operator_learns_why(unreachable_app):
    operator = unreachable_app.test_client().get("/readyz")
    assert operator.status_code == 503
    assert operator.get_json()["reason"] == "database: unreachable (OperationalError)"
    stranger = unreachable_app.test_client().get("/readyz", environ_base=STRANGER)
    assert stranger.status_code == 503 and stranger.get_json() == {"status": "unavailable"}
    assert "psycopg" not in stranger.get_data(as_text=True)


def test_readyz_waits_for_the_banks(app):
    not_yet_loaded = make_test_app()
    response = not_yet_loaded.test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["banks"] == "not loaded"


def test_the_same_banks_give_the_same_content_hash_and_an_edited_bank_another(app, catalogue):
    from app.web.health import banks_fingerprint

    again = load_content(make_test_app())
    assert banks_fingerprint(again) == banks_fingerprint(catalogue)
    edited = load_content(make_test_app(QUIZ_FOLDER=str(ROOT / "quizzes")))
    assert banks_fingerprint(edited) != banks_fingerprint(catalogue)


# --- Who is an operator ------------------------------------------------------------------


def test_the_operator_networks_come_from_the_setting_and_a_typo_stops_the_start(monkeypatch):
    from config import _operator_networks

    monkeypatch.setenv("WASPADA_OPERATOR_NETWORKS", "10.20.0.0/16, 2001:db8::/32")
    networks = _operator_networks()
    server = make_test_app(OPERATOR_NETWORKS=networks)
    load_content(server)
    client = server.test_client()
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.20.3.4"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "::ffff:10.20.3.4"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "2001:db8::5"}).status_code == 200
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 404
    assert "version" not in client.get("/readyz", environ_base={"REMOTE_ADDR": "10.21.0.1"}).get_json()

    monkeypatch.setenv("WASPADA_OPERATOR_NETWORKS", "10.20.0.0/33")
    with pytest.raises(ValueError):
        _operator_networks()


def test_metrics_are_a_page_like_any_missing_one_to_a_stranger(client):
    metrics = client.get("/metrics", environ_base=STRANGER, headers=EN)
    missing = client.get("/no-such-page", environ_base=STRANGER, headers=EN)
    assert metrics.status_code == missing.status_code == 404
    assert metrics.content_type == missing.content_type
    assert "waspada_" not in metrics.get_data(as_text=True)


# --- Metrics -----------------------------------------------------------------------------


def test_the_counters_move_as_a_student_takes_a_module_and_asks_for_help(client, login_as):
    classroom, assignment = a_class_with_a_module()
    questions = bank().questions
    before = scrape(client)

    student = login_as(classroom.students[0])
    student.post(f"/s/m/{assignment.id}/start")
    for question in questions:
        assert student.post(question_url(assignment, question.id), data=right_form(question)).status_code == 302
    student.post(question_url(assignment, questions[0].id), data=right_form(questions[0]))  # sent twice: saved once
    student.post("/s/help", data={"text": "Ada yang mengancam saya"})
    after = scrape(client)

    def moved(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    assert moved("waspada_answers_saved_total") == len(questions)
    assert moved("waspada_http_requests_total", endpoint="student.answer", method="POST", status="302") == len(questions) + 1
    assert moved("waspada_http_request_duration_seconds_count", endpoint="student.answer", method="POST") == len(questions) + 1
    assert moved("waspada_http_requests_total", endpoint="main.metrics_page", method="GET", status="200") == 1
    assert value(after, "waspada_help_requests_waiting") == 1
    assert value(after, "waspada_help_requests_oldest_waiting_seconds") >= 0
    assert value(after, "waspada_database_up") == 1
    content_hash = client.get("/readyz").get_json()["content_hash"]
    assert value(after, "waspada_build_info", version=VERSION, content_hash=content_hash) == 1


def test_an_answer_whose_commit_fails_is_not_counted(client, login_as, monkeypatch):
    from flask import has_request_context

    classroom, assignment = a_class_with_a_module()
    question = bank().questions[0]
    student = login_as(classroom.students[0])
    student.post(f"/s/m/{assignment.id}/start")
    before = value(scrape(client), "waspada_answers_saved_total")
    real_commit = db.session.commit

    def commit_that_loses_the_connection():
        if has_request_context():
            raise OperationalError("COMMIT", {}, ConnectionError("server closed the connection unexpectedly"))
        return real_commit()

    monkeypatch.setattr(db.session, "commit", commit_that_loses_the_connection)
    assert student.post(question_url(assignment, question.id), data=right_form(question)).status_code == 503
    monkeypatch.undo()
    assert value(scrape(client), "waspada_answers_saved_total") == before


def test_database_errors_are_counted_and_the_scrape_still_answers_without_the_database(unreachable_app):
    client = unreachable_app.test_client()
    before = value(scrape(client), "waspada_database_errors_total", kind="OperationalError")
    client.get("/readyz")
    after = scrape(client)
    assert value(after, "waspada_database_errors_total", kind="OperationalError") > before
    assert value(after, "waspada_database_up") == 0
    assert ("waspada_help_requests_waiting", ()) not in after  # unknown, not zero


def test_the_email_queue_is_watched(client, world):
    notifications = pytest.importorskip("app.models.notifications")
    Notification, Status = notifications.Notification, notifications.NotificationStatus
    waiting = HelpRequest(school_id=world.a.school.id, text="tolong", status=HelpStatus.NEW)
    db.session.add(waiting)
    db.session.flush()
    told = (world.a.counsellor, world.a.admin, world.a.teacher, world.a.other_teacher)
    states = ((Status.QUEUED, 0), (Status.QUEUED, 2), (Status.FAILED, 5), (Status.SENT, 1))
    for person, (status, attempts) in zip(told, states, strict=True):
        db.session.add(
            Notification(
                help_request_id=waiting.id,
                kind=next(iter(notifications.NotificationKind)),
                recipient_id=person.id,
                address="bk@example.org",
                status=status,
                attempts=attempts,
            )
        )
    db.session.commit()
    samples = scrape(client)
    assert value(samples, "waspada_notifications_queued") == 2
    assert value(samples, "waspada_notifications_retrying") == 1
    assert value(samples, "waspada_notifications_failed") == 1
    assert value(samples, "waspada_notifications_oldest_queued_seconds") >= 0
    assert value(samples, "waspada_help_requests_waiting") == 1


# --- The request log ---------------------------------------------------------------------


def request_lines(captured: str) -> list[dict]:
    lines = [json.loads(line) for line in captured.splitlines() if line.startswith("{")]
    return [line for line in lines if "route" in line]


def test_one_json_line_per_request_and_never_a_name_a_code_or_a_help_text(app, client, login_as, capsys):
    classroom, assignment = a_class_with_a_module()
    student = classroom.students[0]
    capsys.readouterr()

    responses = [
        client.get(f"/join/{classroom.join_code}"),  # the QR code's link: the class code is in the path
        client.get(f"/join?class_code={classroom.join_code}&personal_code={student.personal_code}"),
        client.post("/join", data={"class_code": classroom.join_code, "personal_code": student.personal_code}),
        client.post("/s/help", data={"text": "Om Bayu minta foto saya"}),
        client.get("/s/"),
    ]
    log = capsys.readouterr().err
    lines = request_lines(log)

    assert [line["request_id"] for line in lines] == [r.headers["X-Request-ID"] for r in responses]
    assert [line["route"] for line in lines] == ["auth.join", "auth.join", "auth.join", "student.send_help", "student.dashboard"]
    assert [line["status"] for line in lines] == [r.status_code for r in responses]
    for line in lines:
        assert set(line) == {"time", "request_id", "method", "route", "status", "duration_ms", "school_id"}
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert [line["school_id"] for line in lines] == [None, None, None, classroom.school_id, classroom.school_id]
    for secret in (classroom.join_code, student.personal_code, student.display_name, "Om Bayu", "foto"):
        assert secret not in log, f"{secret!r} is in the log"


def test_a_staff_members_requests_carry_their_school(client, world, login_as, capsys):
    teacher = login_as(world.a.teacher)
    capsys.readouterr()
    teacher.get("/teacher/")
    (line,) = request_lines(capsys.readouterr().err)
    assert line["route"] == "teacher.dashboard" and line["school_id"] == world.a.school.id


@pytest.mark.parametrize(
    ("offered", "kept"),
    [
        ("5d3c0a9e1f2b4c6d8e7f", True),  # nginx's $request_id
        ("lb-2026-11-30.000042", True),
        ("short", False),
        ("x" * 65, False),
        ("<script>alert(1)</script>", False),
        ('abc12345", "status": 200', False),
    ],
)
def test_a_request_id_from_the_proxy_is_kept_only_when_it_is_a_short_safe_token(client, offered, kept):
    echoed = client.get("/livez", headers={"X-Request-ID": offered}).headers["X-Request-ID"]
    assert (echoed == offered) is kept
    assert re.fullmatch(r"[A-Za-z0-9._-]{8,64}", echoed)


@pytest.fixture
def text_log_app():
    from flask.logging import default_handler

    formatter = default_handler.formatter
    server = make_test_app(LOG_FORMAT="text")
    load_content(server)
    yield server
    default_handler.setFormatter(formatter)  # the format of the app's own messages is the process's


def test_the_text_format_is_a_readable_line_for_make_run(text_log_app, capsys):
    capsys.readouterr()
    response = text_log_app.test_client().get("/livez")
    (line,) = [line for line in capsys.readouterr().err.splitlines() if "main.livez" in line]
    assert re.fullmatch(r"\d\d:\d\d:\d\d GET main\.livez 200 \d+\.\d ms school=- id=" + response.headers["X-Request-ID"], line)


def test_the_500_page_gives_the_reference_of_the_log_lines_about_it(app, capsys, caplog):
    from app.web.request_log import JsonFormatter

    server = make_test_app()
    load_content(server)

    def broken_page():
        raise RuntimeError("a bug")

    server.add_url_rule("/broken", "broken", public(broken_page))
    capsys.readouterr()
    response = server.test_client().get("/broken", headers=EN)
    reference = response.headers["X-Request-ID"]
    assert response.status_code == 500 and f"<code>{reference}</code>" in response.get_data(as_text=True)
    (line,) = request_lines(capsys.readouterr().err)
    assert line["request_id"] == reference and line["status"] == 500
    # The error itself, as the JSON line gunicorn's log receives it: the same reference, the traceback.
    (record,) = [record for record in caplog.records if record.getMessage() == "unexpected error"]
    error = json.loads(JsonFormatter().format(record))
    assert error["request_id"] == reference and error["level"] == "ERROR" and "RuntimeError: a bug" in error["error"]


def test_the_503_page_gives_the_reference_too(app, unreachable_app, world, login_as):
    signed_in = login_as(world.a.teacher)
    cookie = signed_in.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    client = unreachable_app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    response = client.get("/teacher/", headers=EN)
    assert response.status_code == 503
    assert f"<code>{response.headers['X-Request-ID']}</code>" in response.get_data(as_text=True)


def test_the_version_is_in_the_footer_for_staff_only(client, world, login_as):
    footer = f"Waspada {VERSION}</p>"
    assert footer in login_as(world.a.teacher).get("/teacher/").get_data(as_text=True)
    assert footer not in login_as(world.a.students[0]).get("/s/").get_data(as_text=True)
    assert footer not in client.get("/login").get_data(as_text=True)


# --- Key rotation ------------------------------------------------------------------------


def rotated(app, *, keep_old: bool, **overrides):
    """The same server after SECRET_KEY changed, with the old key kept as a fallback or not."""
    server = make_test_app(
        SECRET_KEY="the-new-key-" + "9" * 40, SECRET_KEY_FALLBACKS=[app.config["SECRET_KEY"]] if keep_old else [], **overrides
    )
    load_content(server)
    return server


def test_a_new_key_signs_nobody_out_while_the_old_one_is_a_fallback(app, world, login_as):
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    teacher = login_as(world.a.teacher).get_cookie(cookie_name).value
    student = login_as(world.a.students[0]).get_cookie(cookie_name).value
    for keep_old, expected in ((True, (200, 200)), (False, (302, 302))):
        server = rotated(app, keep_old=keep_old)
        answers = []
        for cookie, page in ((teacher, "/teacher/"), (student, "/s/")):
            client = server.test_client()
            client.set_cookie(cookie_name, cookie)
            answers.append(client.get(page).status_code)
        assert tuple(answers) == expected, (keep_old, answers)


def test_the_browser_that_signed_in_before_still_passes_a_lockout_after_the_key_changed(app, world):
    admin = world.a.admin
    own_browser = app.test_client()
    assert own_browser.post("/login", data={"login": admin.username, "password": factories.PASSWORD}).status_code == 302
    device = own_browser.get_cookie(DEVICE_COOKIE, path="/login").value
    for _ in range(5):
        app.test_client().post("/login", data={"login": admin.username, "password": "not the password"})

    for keep_old, expected in ((False, 429), (True, 302)):
        browser = rotated(app, keep_old=keep_old).test_client()
        browser.set_cookie(DEVICE_COOKIE, device, path="/login")
        response = browser.post("/login", data={"login": admin.username, "password": factories.PASSWORD})
        assert response.status_code == expected, keep_old


def test_a_question_left_open_across_the_rotation_is_sent_again_with_the_answer_kept(app):
    """Forms carry a token signed with the key: one made before the restart is refused once,
    as any stale form is, and the page comes back with the answer still chosen."""
    csrf = re.compile(r'name="csrf_token" value="([^"]+)"')
    classroom, assignment = a_class_with_a_module(locale="en")
    student, question = classroom.students[0], bank().questions[0]
    before = make_test_app(WTF_CSRF_ENABLED=True)
    load_content(before)
    browser = before.test_client()
    token = csrf.search(browser.get("/join").get_data(as_text=True)).group(1)
    browser.post("/join", data={"csrf_token": token, "class_code": classroom.join_code, "personal_code": student.personal_code})
    token = csrf.search(browser.get(f"/s/m/{assignment.id}").get_data(as_text=True)).group(1)
    browser.post(f"/s/m/{assignment.id}/start", data={"csrf_token": token})
    open_form = browser.get(question_url(assignment, question.id)).get_data(as_text=True)
    form = {"csrf_token": csrf.search(open_form).group(1), **right_form(question)}

    after = rotated(app, keep_old=True, WTF_CSRF_ENABLED=True).test_client()
    after.set_cookie(app.config["SESSION_COOKIE_NAME"], browser.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)
    refused = after.post(question_url(assignment, question.id), data=form, headers=EN)
    assert refused.status_code == 400 and "not sent yet" in refused.get_data(as_text=True)
    chosen = right_form(question)
    for picked in chosen.values():
        for one in picked if isinstance(picked, list) else [picked]:
            assert f'value="{one}" checked' in refused.get_data(as_text=True)
    form["csrf_token"] = csrf.search(refused.get_data(as_text=True)).group(1)
    assert after.post(question_url(assignment, question.id), data=form).status_code == 302
