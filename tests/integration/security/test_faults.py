"""When the database fails: a quick 503 page on every route, and nothing half-written afterwards.

Two faults. The database cannot be reached at all (a PostgreSQL address where nothing
listens): every page, for a stranger, a signed-in student and a signed-in teacher,
answers at once with the 503 page that says nothing was saved, or, for a page that
needs no database (the sign-in forms, the public help page, the sign-in redirect), as
usual. And the database fails at the last moment, on the commit of a write: the
request's work is rolled back whole (no answer without its attempt's update, no
half-made account), the visitor reads "NOT saved", and sending again works.
"""

from __future__ import annotations

import time

import pytest
from flask import has_request_context
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.content import load_content
from app.extensions import db
from app.models import Answer, Attempt, HelpRequest, Student, User
from tests.conftest import make_test_app
from tests.integration.security import visitors
from tests.integration.student.helpers import right_form

UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/waspada?connect_timeout=1"
EN = {"Accept-Language": "en"}


def says_not_saved(response) -> bool:
    """The 503 page, in English or (a student of an Indonesian class) in Indonesian."""
    page = response.get_data(as_text=True)
    return ("NOT saved" in page or "BELUM tersimpan" in page) and "Traceback" not in page


# Pages a stranger may get without the database: the sign-in forms, the public help page,
# the liveness probe and the metrics (which then say waspada_database_up 0).
NO_DATABASE_NEEDED = {"auth.login", "auth.join", "student.help", "main.livez", "main.metrics_page", "lessons.phone_start"}
# Quick exit leaves for the neutral site whatever happens to the database: for everyone, at once.
LEAVES_ANYWAY = {"main.quick_exit": 303}
# The process's own health and its metrics never ask the database, whoever asks.
NEVER_ASK_THE_DATABASE = {"main.livez", "main.metrics_page"}
# Probes that answer JSON, not the page that says nothing was saved.
PROBES = {"main.healthz", "main.livez", "main.readyz"}


@pytest.fixture
def unreachable_app(app):
    """An app like ``app`` (same secret key, same catalogue) whose database does not answer."""
    broken = make_test_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE)
    load_content(broken)
    return broken


def _cookie_of(app, login_as, scene, kind: str) -> str:
    client = login_as(scene.principal(kind))
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def test_every_page_answers_503_at_once_when_the_database_is_unreachable(app, unreachable_app, login_as):
    scene = visitors.make_scene()
    clients = {"anon": unreachable_app.test_client()}
    for kind in ("stu_a", "tch_a"):
        clients[kind] = unreachable_app.test_client()
        clients[kind].set_cookie(app.config["SESSION_COOKIE_NAME"], _cookie_of(app, login_as, scene, kind))
    wrong = []
    # Quick exit signs the visitor out: asked last, so every other page is asked as the visitor.
    for method, endpoint, rule in sorted(visitors.routes(app), key=lambda route: route[1] in LEAVES_ANYWAY):
        if method != "GET":
            continue
        url = visitors.url_of(rule, scene.args)
        for kind, client in clients.items():
            response = client.get(url, headers=EN)
            status = response.status_code
            if endpoint in LEAVES_ANYWAY:
                expected = LEAVES_ANYWAY[endpoint]
            elif endpoint in NEVER_ASK_THE_DATABASE or kind == "anon" and endpoint in NO_DATABASE_NEEDED:
                expected = 200
            elif kind == "anon" and visitors.outcome(response) == "login":
                expected = status  # the gate sends a stranger to sign in without asking the database
            else:
                expected = 503
            if status != expected:
                wrong.append(f"{kind} GET {url}: {status} (expected {expected})")
            elif status == 503 and endpoint not in PROBES and not says_not_saved(response):
                wrong.append(f"{kind} GET {url}: the 503 page does not say that nothing was saved")
    assert not wrong, "\n".join(wrong)


def test_an_answer_sent_while_the_database_is_unreachable_is_not_saved_and_says_so(app, unreachable_app, login_as):
    scene = visitors.make_scene()
    client = unreachable_app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], _cookie_of(app, login_as, scene, "stu_a"))
    started = time.monotonic()
    response = client.post(f"/s/m/{scene.args['assignment_id']}/q/who-does-it", data={"choice": "b"}, headers=EN)
    assert response.status_code == 503 and time.monotonic() - started < 2
    assert says_not_saved(response)


# --- A failure on the commit itself ------------------------------------------------------


@pytest.fixture
def commit_fails_once(monkeypatch):
    """The next commit made by a request raises OperationalError (the connection dropped)."""
    real_commit = db.session.commit
    state = {"armed": False, "failed": 0}

    def commit():
        if state["armed"] and has_request_context():
            state["armed"] = False
            state["failed"] += 1
            raise OperationalError("COMMIT", {}, ConnectionError("server closed the connection unexpectedly"))
        return real_commit()

    monkeypatch.setattr(db.session, "commit", commit)

    def arm():
        state["armed"] = True

    arm.state = state
    return arm


def _count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_answer_whose_commit_fails_leaves_no_row_and_the_student_sees_not_saved(commit_fails_once, catalogue, login_as):
    scene = visitors.make_scene()
    student = scene.principal("stu_a")
    client = login_as(student)
    module = f"/s/m/{scene.args['assignment_id']}"
    assert client.post(f"{module}/start").status_code == 302
    attempt = db.session.scalar(select(Attempt).where(Attempt.student_id == student.id))
    bank = catalogue.get("sample-basics")

    # Every question but the last, then the last: its commit would also finish the attempt.
    for index, question in enumerate(bank.questions):
        url = f"{module}/q/{question.id}"
        last = index == len(bank.questions) - 1
        if index in (1, len(bank.questions) - 1):
            commit_fails_once()
            failed = client.post(url, data=right_form(question), headers=EN)
            assert failed.status_code == 503
            assert says_not_saved(failed)
            assert _count(Answer, Answer.attempt_id == attempt.id, Answer.question_id == question.id) == 0
            if last:
                assert db.session.get(Attempt, attempt.id).finished_at is None, "finished without its last answer"
        assert client.post(url, data=right_form(question)).status_code == 302  # sent again: saved
        assert _count(Answer, Answer.attempt_id == attempt.id, Answer.question_id == question.id) == 1
    assert commit_fails_once.state["failed"] == 2
    finished = db.session.get(Attempt, attempt.id)
    assert finished.finished_at is not None and finished.score == pytest.approx(1.0)
    assert _count(Answer, Answer.attempt_id == attempt.id) == len(bank.questions)


def test_a_help_request_whose_commit_fails_is_not_half_sent(commit_fails_once, login_as):
    scene = visitors.make_scene()
    client = login_as(scene.principal("stu_a"))
    before = _count(HelpRequest)
    commit_fails_once()
    response = client.post("/s/help", data={"text": "Tolong, ada yang mengancam saya."}, headers=EN)
    assert response.status_code == 503 and says_not_saved(response)
    assert _count(HelpRequest) == before
    assert client.post("/s/help", data={"text": "Tolong, ada yang mengancam saya."}).status_code == 302
    assert _count(HelpRequest) == before + 1


def test_staff_changes_whose_commit_fails_leave_nothing_behind(commit_fails_once, login_as):
    scene = visitors.make_scene()
    teacher, admin = login_as(scene.principal("tch_a")), login_as(scene.principal("adm_a"))
    class_id = scene.args["classroom_id"]
    students = _count(Student, Student.classroom_id == class_id)

    commit_fails_once()
    pasted = teacher.post(f"/teacher/classes/{class_id}/students", data={"many-names": "Nia\nOki\nPutu"})
    assert pasted.status_code == 503
    assert _count(Student, Student.classroom_id == class_id) == students  # not one of the three

    commit_fails_once()
    created = admin.post("/admin/staff", data={"role": "teacher", "username": "guru.baru", "display_name": "Guru Baru"})
    assert created.status_code == 503
    assert _count(User, User.username == "guru.baru") == 0
