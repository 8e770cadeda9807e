"""`flask notify run`: send the queued help-request emails, and queue the escalations that are due.

Run it every minute (cron or a systemd timer, see docs/deploy.md). Each run queues an
email to the admins for every help request no counsellor opened in the school's time,
then claims queued emails one at a time, sends each and records the outcome, committing
between the steps so that nothing is held while the mail server answers. Two runs may
overlap safely (``app.services.notifications`` explains how). It prints only when it
did something, so cron mails nobody every minute; without SMTP settings it says so and
exits with 1.
"""

import smtplib

import click
from flask.cli import AppGroup

from app.extensions import db
from app.services import notifications

notify_cli = AppGroup("notify", help="Email the counsellors and admins about help requests.")


def _about_this_email(error: OSError) -> bool:
    """The server refused this one email (its address, its content); anything else (unreachable, a wrong password,
    no STARTTLS) would fail the same way for every email, so the rest wait for the next run."""
    return isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)


@notify_cli.command("run")
@click.option("--limit", default=200, show_default=True, help="Send at most this many emails in this run.")
def run(limit: int):
    """Queue due escalations, then send what is waiting (retrying failures later)."""
    smtp = notifications.smtp_settings()
    if smtp is None:
        raise click.ClickException(
            "No mail server is configured (WASPADA_SMTP_HOST and WASPADA_SMTP_FROM): nobody is notified of help requests."
        )
    escalations = notifications.queue_escalations()
    db.session.commit()
    sent = failed = 0
    for _ in range(limit):
        outgoing = notifications.claim_next()
        db.session.commit()  # the claim is visible to every other run before the mail server is asked
        if outgoing is None:
            break
        try:
            notifications.deliver(outgoing.message, smtp)
        except OSError as error:  # SMTPException included
            notifications.record_failure(outgoing, error)
            db.session.commit()
            failed += 1
            if not _about_this_email(error):
                break
        else:
            notifications.record_sent(outgoing)
            db.session.commit()
            sent += 1
    if escalations or sent or failed:
        click.echo(f"Escalations queued: {escalations}. Emails sent: {sent}. Failed (retried later unless given up): {failed}.")
