"""Help requests reach a person: emails to the counsellors at once, to the admins when nobody opens one.

What is told, and to whom
    When a student sends a help request, each active counsellor of the school with an
    email address is told that a request is waiting (``new_request``). When no
    counsellor has opened it (``HelpRequest.first_read_at`` is NULL) after the school's
    ``escalation_hours`` (24 by default; with ``escalation_school_days_only`` Saturdays
    and Sundays in the school's time zone do not count), each active admin with an
    email is told too (``escalation``), once. No email ever carries the request's text,
    the student's name or class: only the school's name and where to read it.

The queue
    Sending never happens inside a web request: ``submit`` only adds one
    ``Notification`` row per recipient, in the request's own transaction, and
    ``flask notify run`` (every minute, from cron or a systemd timer) queues the
    escalations that are due, then claims, sends and records rows one at a time. A
    failure is retried with exponential back-off (1, 2, 4 ... minutes, at most
    ``LONGEST_WAIT``), up to ``MAX_ATTEMPTS``; an address the server refuses for good
    fails at once. Without SMTP settings nothing is queued and the admin's settings
    page says that nobody is notified.

Two `notify run` processes at once, on SQLite and PostgreSQL alike
    A row is claimed by one conditional UPDATE that moves it from ``queued`` to
    ``sending`` under a fresh random token::

        UPDATE notifications SET status='sending', claim_token=:token, ...
         WHERE (status='queued' AND next_attempt_at <= :now OR <an abandoned claim>)
           AND id = (SELECT id ... same condition ... LIMIT 1 FOR UPDATE SKIP LOCKED)

    and the process reads back the row it claimed (RETURNING id). The condition is
    repeated outside the subquery on purpose: it is checked again on the row itself at
    the moment it is written. On PostgreSQL a second process skips rows another holds
    (SKIP LOCKED), and if it still reaches a row just claimed, it re-reads the committed
    row, finds ``sending`` and leaves it. SQLite has no row locks (SQLAlchemy leaves the
    FOR UPDATE out) but runs one writer at a time, so the whole UPDATE sees the other
    process's committed claim. Either way only the process whose token is on the row
    sends it. A claim is committed before the SMTP conversation starts and the outcome
    is recorded only where the token still matches. A process killed mid-send leaves a
    ``sending`` row; after ``CLAIM_LEASE`` another run takes it up again (at-least-once:
    an email the server took just before the kill may come twice, never a request missed).

    Escalations are queued with INSERT ... ON CONFLICT DO NOTHING against the unique
    (help request, kind, recipient): two runs that both find the same overdue request
    queue one email per admin between them.
"""

from __future__ import annotations

import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import format_datetime as rfc2822_date
from email.utils import make_msgid
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale, format_datetime, ngettext
from flask_babel import gettext as _
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.models import (
    HelpRequest,
    HelpStatus,
    Notification,
    NotificationKind,
    NotificationStatus,
    Role,
    School,
    User,
    utcnow,
)

MAX_ATTEMPTS = 12  # with the waits below, about a day of trying
FIRST_WAIT = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)
CLAIM_LEASE = timedelta(minutes=15)  # far longer than one SMTP conversation may take
SMTP_TIMEOUT = 30  # seconds, for each network step
ESCALATION_HOURS = (1, 168)  # a school's threshold lies within an hour and a week
DEFAULT_ESCALATION_HOURS = 24  # School.escalation_hours's default, too

Q, SENDING = NotificationStatus.QUEUED, NotificationStatus.SENDING


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    starttls: bool
    user: str
    password: str
    sender: str


@dataclass(frozen=True)
class Outgoing:
    """A claimed row and the email written for it."""

    id: int
    token: str
    attempts: int
    message: EmailMessage


def smtp_settings() -> SmtpSettings | None:
    """The mail server from the environment (config.py), or None when nobody can be told."""
    config = current_app.config
    user = config.get("SMTP_USER") or ""
    sender = config.get("SMTP_FROM") or (user if "@" in user else "")
    if not config.get("SMTP_HOST") or not sender:
        return None
    return SmtpSettings(
        config["SMTP_HOST"],
        int(config.get("SMTP_PORT") or 587),
        bool(config.get("SMTP_STARTTLS")),
        user,
        config.get("SMTP_PASSWORD") or "",
        sender,
    )


def _staff_with_email(role: Role, school_ids):
    return db.session.execute(
        select(User.id, User.email, User.school_id)
        .where(User.school_id.in_(school_ids), User.role == role, User.active.is_(True), User.email.is_not(None))
        .order_by(User.id)
    ).all()


def counsellors_with_email(school_id: int) -> int:
    """How many counsellors of the school an email can reach (the settings page warns at zero)."""
    return len(_staff_with_email(Role.COUNSELLOR, [school_id]))


def queue_new_request(request: HelpRequest) -> int:
    """Queue a notice to each counsellor of the request's school; in the caller's transaction."""
    if smtp_settings() is None:
        return 0
    counsellors = _staff_with_email(Role.COUNSELLOR, [request.school_id])
    db.session.add_all(
        Notification(help_request_id=request.id, kind=NotificationKind.NEW_REQUEST, recipient_id=user_id, address=email)
        for user_id, email, _school in counsellors
    )
    db.session.flush()
    return len(counsellors)


# --- Escalation -------------------------------------------------------------------------


def escalation_due_at(created_at: datetime, hours: int, school_days_only: bool, zone: ZoneInfo) -> datetime:
    """When a request sent at ``created_at`` (naive UTC) is overdue, as naive UTC.

    With ``school_days_only`` the hours are counted on Monday to Friday only, in ``zone``:
    sent on Friday at 20:00 with 24 hours, it is overdue on Monday at 20:00.
    """
    if not school_days_only:
        return created_at + timedelta(hours=hours)
    moment = created_at.replace(tzinfo=UTC).astimezone(zone)
    left = timedelta(hours=hours)
    while True:
        midnight = datetime.combine(moment.date() + timedelta(days=1), time(0), tzinfo=zone)
        if moment.weekday() < 5:  # Monday to Friday
            if left <= midnight - moment:
                return (moment + left).astimezone(UTC).replace(tzinfo=None)
            left -= midnight - moment
        moment = midnight


def queue_escalations(now: datetime | None = None) -> int:
    """Queue one escalation per admin for every request nobody opened in time; returns the emails queued."""
    now = now or utcnow()
    escalated = exists().where(Notification.help_request_id == HelpRequest.id, Notification.kind == NotificationKind.ESCALATION)
    waiting = db.session.execute(
        select(
            HelpRequest.id,
            HelpRequest.school_id,
            HelpRequest.created_at,
            School.escalation_hours,
            School.escalation_school_days_only,
        )
        .join(School, School.id == HelpRequest.school_id)
        .where(
            HelpRequest.first_read_at.is_(None),
            HelpRequest.status != HelpStatus.HANDLED,
            ~escalated,
            HelpRequest.created_at <= now - timedelta(hours=ESCALATION_HOURS[0]),
        )
    ).all()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    due = [
        row
        for row in waiting
        if escalation_due_at(row.created_at, row.escalation_hours, row.escalation_school_days_only, zone) <= now
    ]
    if not due:
        return 0
    admins: dict[int, list] = {}
    for user_id, email, school_id in _staff_with_email(Role.ADMIN, {row.school_id for row in due}):
        admins.setdefault(school_id, []).append((user_id, email))
    insert = postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    queued = 0
    for row in due:
        rows = [
            {
                "help_request_id": row.id,
                "kind": NotificationKind.ESCALATION,
                "recipient_id": user_id,
                "address": email,
                "status": Q,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
            }
            for user_id, email in admins.get(row.school_id, [])
        ]
        if rows:
            added = db.session.execute(
                insert(Notification)
                .values(rows)
                .on_conflict_do_nothing(index_elements=["help_request_id", "kind", "recipient_id"])
                .returning(Notification.id)
            )
            queued += len(added.all())
    return queued


# --- Claiming, sending, recording ---------------------------------------------------------


def claim_next(now: datetime | None = None) -> Outgoing | None:
    """Take the next row that is due (see the module's docstring), or None when there is none."""
    now = now or utcnow()
    token = secrets.token_hex(16)
    claimable = or_(
        and_(Notification.status == Q, Notification.next_attempt_at <= now),
        and_(Notification.status == SENDING, Notification.claimed_at < now - CLAIM_LEASE),
    )
    # A scalar subquery, not IN (...): PostgreSQL runs it once; an IN may be run again for each row it
    # updates, and each run skips the row just claimed, claiming the next one too.
    candidate = (
        select(Notification.id)
        .where(claimable)
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(1)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    claimed = db.session.execute(
        update(Notification)
        .where(claimable, Notification.id == candidate)
        .values(status=SENDING, claim_token=token, claimed_at=now, attempts=Notification.attempts + 1)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if claimed is None:
        return None
    notification = db.session.get_one(Notification, claimed, populate_existing=True)
    return Outgoing(notification.id, token, notification.attempts, compose(notification, now))


def _settle(outgoing: Outgoing, **values) -> None:
    db.session.execute(
        update(Notification)
        .where(Notification.id == outgoing.id, Notification.claim_token == outgoing.token)
        .values(claim_token=None, claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    )


def record_sent(outgoing: Outgoing, now: datetime | None = None) -> None:
    _settle(outgoing, status=NotificationStatus.SENT, sent_at=now or utcnow(), last_error=None)


def record_failure(outgoing: Outgoing, error: Exception, now: datetime | None = None) -> None:
    """Try again later (1, 2, 4 ... minutes), or give up after MAX_ATTEMPTS or a permanent refusal."""
    now = now or utcnow()
    refused_for_good = isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _message in error.recipients.values()
    )
    wait = min(FIRST_WAIT * 2 ** (outgoing.attempts - 1), LONGEST_WAIT)
    give_up = refused_for_good or outgoing.attempts >= MAX_ATTEMPTS
    _settle(
        outgoing,
        status=NotificationStatus.FAILED if give_up else Q,
        next_attempt_at=now + wait,
        last_error=f"{type(error).__name__}: {error}"[:500],
    )


def deliver(message: EmailMessage, smtp: SmtpSettings) -> None:
    """Hand one email to the mail server (port 465: TLS from the start; else STARTTLS when asked)."""
    context = ssl.create_default_context()
    connection: smtplib.SMTP
    if smtp.port == 465:
        connection = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=SMTP_TIMEOUT, context=context)
    else:
        connection = smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT)
    with connection:
        if smtp.starttls and smtp.port != 465:
            connection.starttls(context=context)
        if smtp.user:
            connection.login(smtp.user, smtp.password)
        connection.send_message(message)


# --- The words ------------------------------------------------------------------------


def _link(endpoint: str) -> str | None:
    """The page's address under WASPADA_PUBLIC_URL; None without one (no request to take a host from)."""
    base = (current_app.config.get("PUBLIC_BASE_URL") or "").strip().rstrip("/")
    if not base:
        return None
    return base + current_app.url_map.bind("localhost").build(endpoint)


def compose(notification: Notification, now: datetime) -> EmailMessage:
    """The plain-text email for a row, in the recipient's language, else the school's."""
    school, created_at, locale = db.session.execute(
        select(School, HelpRequest.created_at, User.locale)
        .join(HelpRequest, HelpRequest.school_id == School.id)
        .outerjoin(User, User.id == notification.recipient_id)
        .where(HelpRequest.id == notification.help_request_id)
    ).one()
    with force_locale(locale or school.default_locale or "id"):
        if notification.kind == NotificationKind.NEW_REQUEST:
            subject, lines = _new_request_words(school)
        else:
            subject, lines = _escalation_words(school, created_at, notification.help_request_id)
        lines += ["", _("For the student's privacy, this email does not say who asked or what they wrote.")]
    smtp = smtp_settings()
    sender = smtp.sender if smtp else "waspada@localhost"
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = notification.address
    message["Date"] = rfc2822_date(now.replace(tzinfo=UTC))
    message["Message-ID"] = make_msgid("waspada", domain=sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies
    message.set_content("\n".join(lines) + "\n")
    return message


def _new_request_words(school: School) -> tuple[str, list[str]]:
    link = _link("counsellor.help_inbox")
    return _("There is a new help request in Waspada for %(school)s", school=school.name), [
        _("A student has sent a help request to the counsellors of %(school)s.", school=school.name),
        _("Open your help requests in Waspada to read it: %(link)s", link=link)
        if link
        else _("Sign in to Waspada and open your help requests to read it."),
        "",
        _("You receive this email because you are a counsellor of %(school)s in Waspada.", school=school.name),
    ]


def _escalation_words(school: School, created_at: datetime, request_id: int) -> tuple[str, list[str]]:
    link = _link("admin.dashboard")
    told = db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.help_request_id == request_id,
            Notification.kind == NotificationKind.NEW_REQUEST,
            Notification.status == NotificationStatus.SENT,
        )
    )
    hours = school.escalation_hours
    waited = (
        ngettext(
            "The school asks that its admins be told when no counsellor opens a help request within %(num)d hour on school days.",
            "The school asks that its admins be told when no counsellor "
            "opens a help request within %(num)d hours on school days.",
            hours,
        )
        if school.escalation_school_days_only
        else ngettext(
            "The school asks that its admins be told when no counsellor opens a help request within %(num)d hour.",
            "The school asks that its admins be told when no counsellor opens a help request within %(num)d hours.",
            hours,
        )
    )
    lines = [
        _(
            "A student sent a help request to the counsellors of %(school)s on %(when)s, and no counsellor has opened it yet.",
            school=school.name,
            when=format_datetime(created_at, "medium"),
        ),
        waited,
        "",
        _(
            "As the school's admin you cannot read help requests. Please make sure a counsellor reads it soon: speak "
            "to the counsellors, and check on the staff page that each has an active account with an email address."
        ),
        _("The staff page: %(link)s", link=link) if link else _("Sign in to Waspada and open the staff page."),
    ]
    if not told:
        lines.append(_("No counsellor has been told of this request by email."))
    lines += ["", _("You receive this email because you are an admin of %(school)s in Waspada.", school=school.name)]
    return _("A help request at %(school)s has not been opened yet", school=school.name), lines
