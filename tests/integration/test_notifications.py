"""Help requests reach a person: a real SMTP server (aiosmtpd) receives what `flask notify run` sends.

Scenarios: each counsellor is emailed at once, never with the request's text or the
student's name; the admins are told when nobody opened a request in the school's time
(school days only when the school asks), never twice; a mail server that was down is
tried again; a refused address is given up; two `notify run` processes at once send
every email exactly once; without SMTP settings nothing is queued and the admin is told.
"""

from __future__ import annotations

import asyncio
import email
import os
import socket
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import select, text, update

from app.extensions import db
from app.models import AuditEvent, HelpRequest, Notification, Role, School, utcnow
from app.services import help_requests, notifications
from tests import factories
from tests.conftest import TEST_DATABASE_URL, make_test_app

EN = {"Accept-Language": "en"}
PUBLIC_URL = "https://waspada.sekolah.example"
SECRET = "Om Budi minta foto saya dan mengancam akan menyebarkannya"
ROOT = Path(__file__).resolve().parents[2]


class Mailbox:
    """What the SMTP server received. ``hold_first`` keeps the first message's DATA waiting until a second
    message arrives (at most 10 s), so that two senders are sure to overlap."""

    def __init__(self, hold_first: bool = False, refuse: frozenset[str] = frozenset()):
        self.messages: list[email.message.EmailMessage] = []
        self.hold_first = hold_first
        self.refuse = refuse

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802 - aiosmtpd's hook name
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        if self.hold_first and len(self.messages) == 1:
            for _ in range(200):
                if len(self.messages) > 1:
                    break
                await asyncio.sleep(0.05)
        return "250 Message accepted"

    def to(self) -> list[str]:
        return sorted(message["To"] for message in self.messages)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    def __init__(self, port: int, mailbox: Mailbox):
        self.port, self.mailbox, self.controller = port, mailbox, None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def mail_settings(port: int) -> dict:
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": port,
        "SMTP_STARTTLS": False,
        "SMTP_USER": "",
        "SMTP_PASSWORD": "",
        "SMTP_FROM": "Waspada <waspada@sekolah.example>",
        "PUBLIC_BASE_URL": PUBLIC_URL,
    }


@pytest.fixture
def configure(app):
    """Set config values for one test and put the old ones back after it."""
    saved: dict = {}

    def apply(**values):
        for key, value in values.items():
            saved.setdefault(key, app.config.get(key))
            app.config[key] = value

    yield apply
    app.config.update(saved)


@pytest.fixture
def smtp(configure):
    """A running SMTP server, and the app configured to send to it."""
    server = SmtpServer(free_port(), Mailbox())
    server.start()
    configure(**mail_settings(server.port))
    yield server
    server.stop()


@pytest.fixture
def school(world):
    """School A in English (the words of the emails are checked), its people with email addresses."""
    a = world.a
    a.school.default_locale = "en"
    a.counsellor.email = "bk.ani@sekolah.example"
    a.second_counsellor = factories.make_user(a.school, Role.COUNSELLOR, email="bk.budi@sekolah.example")
    factories.make_user(a.school, Role.COUNSELLOR)  # no email: cannot be told
    factories.make_user(a.school, Role.COUNSELLOR, email="left@sekolah.example", active=False)
    a.teacher.email = "guru@sekolah.example"  # teachers never hear of help requests
    a.admin.email = "kepsek@sekolah.example"
    world.b.counsellor.email = "bk@other.example"
    world.b.admin.email = "admin@other.example"
    db.session.commit()
    return a


def notify_run(runner):
    result = runner.invoke(args=["notify", "run"])
    db.session.expire_all()
    return result


def rows() -> list[Notification]:
    db.session.expire_all()
    return list(db.session.scalars(select(Notification).order_by(Notification.id)))


def submit(student, text: str = SECRET) -> HelpRequest:
    request = help_requests.submit(student, text)
    db.session.commit()
    return request


def age(request: HelpRequest, hours: float) -> None:
    db.session.execute(
        update(HelpRequest).where(HelpRequest.id == request.id).values(created_at=utcnow() - timedelta(hours=hours))
    )
    db.session.commit()


def assert_nothing_of_the_request(messages, student, *texts) -> None:
    for message in messages:
        raw = message.as_string()
        body = message.get_content()
        for secret in (*texts, student.display_name, student.personal_code, student.classroom.name):
            assert secret not in raw and secret not in body and secret not in message["Subject"]


# --- A new request -------------------------------------------------------------------------


def test_a_help_request_emails_each_counsellor_of_the_school_at_once_and_nothing_of_what_it_says(school, smtp, login_as, runner):
    student = school.students[0]
    pupil = login_as(student)
    assert pupil.post("/s/help", data={"text": SECRET}).status_code == 302
    # The student's request only queued the emails: nothing has gone to the mail server yet.
    assert smtp.mailbox.messages == []
    assert sorted(row.address for row in rows()) == ["bk.ani@sekolah.example", "bk.budi@sekolah.example"]

    result = notify_run(runner)
    assert result.exit_code == 0, result.output
    assert "Emails sent: 2" in result.output
    assert smtp.mailbox.to() == ["bk.ani@sekolah.example", "bk.budi@sekolah.example"]
    for message in smtp.mailbox.messages:
        assert message["Subject"] == "There is a new help request in Waspada for SMP Negeri A"
        assert message["From"] == "Waspada <waspada@sekolah.example>"
        assert message["Auto-Submitted"] == "auto-generated"
        assert f"{PUBLIC_URL}/counsellor/help-requests" in message.get_content()
    assert_nothing_of_the_request(smtp.mailbox.messages, student, SECRET, "Om Budi")
    assert {(row.status, row.attempts) for row in rows()} == {("sent", 1)}

    # Run again (the next minute): nothing is sent twice.
    again = notify_run(runner)
    assert again.exit_code == 0 and again.output == ""
    assert len(smtp.mailbox.messages) == 2


def test_without_a_public_address_the_email_says_to_sign_in_to_waspada(school, smtp, configure, runner):
    configure(PUBLIC_BASE_URL="")
    submit(school.students[0])
    assert notify_run(runner).exit_code == 0
    body = smtp.mailbox.messages[0].get_content()
    assert "Sign in to Waspada and open your help requests to read it." in body and "http" not in body


# --- Escalation ----------------------------------------------------------------------------


def test_the_admin_is_told_when_no_counsellor_opened_a_request_in_time_and_only_once(world, school, smtp, login_as, runner):
    student = school.students[0]
    waiting = submit(student)
    opened = submit(school.students[1], "Saya takut pulang")
    recent = submit(school.students[2], "Ada yang mengikuti saya")
    other_school = submit(world.b.students[0], "Tolong")
    world.b.school.escalation_hours = 48  # school B waits longer
    db.session.commit()
    counsellor = login_as(school.counsellor)
    assert counsellor.get(f"/counsellor/help-requests/{opened.id}").status_code == 200
    # The counsellors' own emails go out as the requests come in.
    assert "Escalations queued: 0. Emails sent: 7." in notify_run(runner).output
    smtp.mailbox.messages.clear()

    for request in (waiting, opened, other_school):
        age(request, 25)
    age(recent, 23)
    result = notify_run(runner)
    assert result.exit_code == 0 and "Escalations queued: 1" in result.output
    assert smtp.mailbox.to() == ["kepsek@sekolah.example"]
    message = smtp.mailbox.messages[0]
    assert message["Subject"] == "A help request at SMP Negeri A has not been opened yet"
    body = message.get_content()
    assert "no counsellor has opened it yet" in body and "within 24 hours." in body
    assert f"{PUBLIC_URL}/admin/" in body
    assert "No counsellor has been told" not in body  # they were, by email
    assert_nothing_of_the_request(smtp.mailbox.messages, student, SECRET, "Om Budi")

    # Later runs never tell the admin again about the same request.
    age(waiting, 30)
    assert notify_run(runner).output == ""
    assert len(smtp.mailbox.messages) == 1
    assert [row.help_request_id for row in rows() if row.kind == "escalation"] == [waiting.id]


def test_on_school_days_only_the_weekend_does_not_count(school, smtp, configure):
    jakarta = ZoneInfo("Asia/Jakarta")

    def utc(*parts):  # a moment in Jakarta, as the naive UTC the database keeps
        return datetime(*parts, tzinfo=jakarta).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    friday_evening = utc(2026, 12, 4, 20, 0)
    assert friday_evening.weekday() == 4
    assert notifications.escalation_due_at(friday_evening, 24, False, jakarta) == utc(2026, 12, 5, 20, 0)
    assert notifications.escalation_due_at(friday_evening, 24, True, jakarta) == utc(2026, 12, 7, 20, 0)
    assert notifications.escalation_due_at(utc(2026, 12, 5, 10, 0), 24, True, jakarta) == utc(2026, 12, 8, 0, 0)
    assert notifications.escalation_due_at(utc(2026, 12, 7, 9, 0), 4, True, jakarta) == utc(2026, 12, 7, 13, 0)

    school.school.escalation_school_days_only = True
    request = submit(school.students[0])
    db.session.execute(update(HelpRequest).where(HelpRequest.id == request.id).values(created_at=friday_evening))
    db.session.commit()
    assert notifications.queue_escalations(now=utc(2026, 12, 6, 21, 0)) == 0  # Sunday night: not yet
    assert notifications.queue_escalations(now=utc(2026, 12, 7, 20, 1)) == 1  # Monday evening: the admin
    assert notifications.queue_escalations(now=utc(2026, 12, 9, 8, 0)) == 0  # never twice
    db.session.commit()


def test_when_no_counsellor_has_an_email_the_admins_escalation_says_so(world, smtp, runner):
    world.a.admin.email = "kepsek@sekolah.example"
    db.session.commit()
    request = submit(world.a.students[0])
    age(request, 25)
    assert notify_run(runner).exit_code == 0
    assert smtp.mailbox.to() == ["kepsek@sekolah.example"]
    assert "No counsellor has been told of this request by email." in smtp.mailbox.messages[0].get_content()


# --- When sending fails ---------------------------------------------------------------------


def test_emails_wait_while_the_mail_server_is_down_and_go_when_it_is_back(school, configure, runner):
    server = SmtpServer(free_port(), Mailbox())  # not started: nothing listens on the port
    configure(**mail_settings(server.port))
    submit(school.students[0])

    result = notify_run(runner)
    assert result.exit_code == 0 and "Failed (retried later unless given up): 1" in result.output
    first, second = rows()
    assert (first.status, first.attempts) == ("queued", 1) and "Connection" in first.last_error
    assert first.next_attempt_at > utcnow() + timedelta(seconds=50)  # a minute's wait before the next try
    assert (second.status, second.attempts) == ("queued", 0)  # not tried against a server that is down

    server.start()
    try:
        assert "Emails sent: 1" in notify_run(runner).output  # the second; the first waits for its minute
        assert server.mailbox.to() == [second.address]
        db.session.execute(update(Notification).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()  # the minute has passed
        assert "Emails sent: 1" in notify_run(runner).output
    finally:
        server.stop()
    assert server.mailbox.to() == ["bk.ani@sekolah.example", "bk.budi@sekolah.example"]
    assert [(row.status, row.attempts, row.last_error) for row in rows()] == [("sent", 2, None), ("sent", 1, None)]


def test_a_refused_address_is_given_up_and_repeated_failures_wait_longer_each_time(school, configure, runner):
    server = SmtpServer(free_port(), Mailbox(refuse=frozenset({"bk.budi@sekolah.example"})))
    server.start()
    configure(**mail_settings(server.port))
    try:
        submit(school.students[0])
        assert "Emails sent: 1" in notify_run(runner).output
    finally:
        server.stop()
    assert server.mailbox.to() == ["bk.ani@sekolah.example"]
    refused = next(row for row in rows() if row.address == "bk.budi@sekolah.example")
    assert (refused.status, refused.attempts) == ("failed", 1) and "550" in refused.last_error

    # The back-off: 1, 2, 4 ... minutes, at most six hours, and no more tries after MAX_ATTEMPTS.
    waits = []
    for attempt in range(1, notifications.MAX_ATTEMPTS + 1):
        now = utcnow()
        outgoing = notifications.Outgoing(refused.id, "t", attempt, None)
        db.session.execute(update(Notification).where(Notification.id == refused.id).values(claim_token="t"))
        notifications.record_failure(outgoing, ConnectionRefusedError("down"), now=now)
        db.session.commit()
        row = db.session.get(Notification, refused.id, populate_existing=True)
        waits.append((row.status, round((row.next_attempt_at - now).total_seconds() / 60)))
    assert waits[:4] == [("queued", 1), ("queued", 2), ("queued", 4), ("queued", 8)]
    assert waits[-2] == ("queued", 360) and waits[-1][0] == "failed"


def test_an_email_left_half_sent_by_a_killed_run_is_taken_up_again_after_the_lease(school, smtp, runner):
    submit(school.students[0])
    db.session.execute(update(Notification).values(status="sending", claim_token="dead", attempts=1))
    first, second = rows()
    db.session.execute(
        update(Notification)
        .where(Notification.id == first.id)
        .values(claimed_at=utcnow() - notifications.CLAIM_LEASE - timedelta(minutes=1))
    )
    db.session.execute(
        update(Notification).where(Notification.id == second.id).values(claimed_at=utcnow() - timedelta(minutes=1))
    )  # another run is sending it now
    db.session.commit()
    assert "Emails sent: 1" in notify_run(runner).output
    assert smtp.mailbox.to() == [first.address]
    assert [row.status for row in rows()] == ["sent", "sending"]


# --- Two runs at once ------------------------------------------------------------------------


@pytest.mark.slow  # two processes start the app (several seconds on a busy machine)
def test_two_notify_runs_at_the_same_time_send_every_email_exactly_once(world, school, configure, tmp_path):
    server = SmtpServer(free_port(), Mailbox(hold_first=True))
    server.start()
    configure(**mail_settings(server.port))
    extra_admin = factories.make_user(school.school, Role.ADMIN, email="wakasek@sekolah.example")
    requests = [submit(student, f"Permintaan {n}") for n, student in enumerate(school.students * 2)]
    age(requests[0], 30)  # overdue: both runs find it, the two admins must hear of it once
    expected = {(row.address, row.help_request_id, "new_request") for row in rows()}
    expected |= {(admin.email, requests[0].id, "escalation") for admin in (school.admin, extra_admin)}
    assert len(expected) == 14

    env = {
        **os.environ,
        "DATABASE_URL": TEST_DATABASE_URL,
        "WASPADA_SMTP_HOST": "127.0.0.1",
        "WASPADA_SMTP_PORT": str(server.port),
        "WASPADA_SMTP_STARTTLS": "0",
        "WASPADA_SMTP_FROM": "waspada@sekolah.example",
        "WASPADA_PUBLIC_URL": PUBLIC_URL,
        "WASPADA_INSTANCE_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "flask", "--app", "app", "notify", "run"]
    try:
        runs = [
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outputs = [run.communicate(timeout=120) for run in runs]
    finally:
        server.stop()
    assert [run.returncode for run in runs] == [0, 0], outputs

    assert Counter(message["To"] for message in server.mailbox.messages) == {
        "bk.ani@sekolah.example": 6,
        "bk.budi@sekolah.example": 6,
        "kepsek@sekolah.example": 1,
        "wakasek@sekolah.example": 1,
    }
    sent = {(row.address, row.help_request_id, row.kind) for row in rows() if row.status == "sent"}
    assert sent == expected and len(rows()) == 14
    assert all(row.attempts == 1 for row in rows())
    assert sorted(message["Message-ID"] for message in server.mailbox.messages) == sorted(
        {message["Message-ID"] for message in server.mailbox.messages}
    )
    # Both runs sent some: the first was held at the mail server until the other delivered one.
    per_run = [int(out.split("Emails sent: ")[1].split(".")[0]) for out, _err in outputs]
    assert sum(per_run) == 14 and min(per_run) >= 1, outputs


# --- Without a mail server, and the admin's settings -------------------------------------------


def test_without_smtp_settings_nothing_is_queued_and_the_admin_is_told_nobody_is_notified(school, configure, login_as, runner):
    configure(SMTP_HOST="", SMTP_FROM="")
    submit(school.students[0])
    assert rows() == []
    result = notify_run(runner)
    assert result.exit_code == 1 and "nobody is notified" in result.output
    page = login_as(school.admin).get("/admin/settings", headers=EN).get_data(as_text=True)
    assert "Nobody is notified of help requests by email." in page


def test_the_settings_page_warns_when_no_counsellor_has_an_email(world, smtp, login_as):
    admin = login_as(world.a.admin)
    assert "No counsellor has an email address" in admin.get("/admin/settings", headers=EN).get_data(as_text=True)
    world.a.counsellor.email = "bk@sekolah.example"
    db.session.commit()
    page = admin.get("/admin/settings", headers=EN).get_data(as_text=True)
    assert "No counsellor has an email address" not in page and "Nobody is notified" not in page


def test_the_admin_chooses_when_admins_are_told(world, login_as):
    admin = login_as(world.a.admin)
    base = {"name": "SMP Negeri A", "default_locale": "en", "quick_exit_url": ""}
    page = admin.get("/admin/settings", headers=EN).get_data(as_text=True)
    assert 'name="escalation_hours"' in page and 'value="24"' in page

    assert (
        admin.post("/admin/settings", data={**base, "escalation_hours": "8", "escalation_school_days_only": "y"}).status_code
        == 302
    )
    school = db.session.get(School, world.a.school.id, populate_existing=True)
    assert (school.escalation_hours, school.escalation_school_days_only) == (8, True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "school:settings"))
    assert event.details == {"changed": ["escalation_hours", "escalation_school_days_only"]}

    for bad in ("0", "169", "sehari"):
        refused = admin.post("/admin/settings", headers=EN, data={**base, "escalation_hours": bad})
        assert refused.status_code == 200 and 'class="error"' in refused.get_data(as_text=True)
    assert db.session.get(School, world.a.school.id, populate_existing=True).escalation_hours == 8

    assert admin.post("/admin/settings", data={**base, "escalation_hours": ""}).status_code == 302  # the default
    school = db.session.get(School, world.a.school.id, populate_existing=True)
    assert (school.escalation_hours, school.escalation_school_days_only) == (24, False)


def test_migration_0004_keeps_every_school_with_its_classes_and_gives_them_the_defaults(empty_database_url):  # noqa: F811 - the fixture imported above
    app = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0003")
        with db.engine.begin() as connection:
            connection.execute(
                text("INSERT INTO schools (id, name, default_locale, created_at) VALUES (1, 'S', 'id', '2026-01-01')")
            )
            connection.execute(
                text(
                    "INSERT INTO classrooms (id, school_id, name, band, locale, join_code, created_at) "
                    "VALUES (1, 1, 'VIII', 'smp', 'id', 'ACDEFG', '2026-01-01')"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            school = connection.execute(text("SELECT escalation_hours, escalation_school_days_only FROM schools")).one()
            classes = connection.execute(text("SELECT count(*) FROM classrooms")).scalar()
        db.engine.dispose()
    assert (school[0], bool(school[1]), classes) == (24, False, 1)
