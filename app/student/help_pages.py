"""The help page: help lines at once for anyone, and a confidential line to the school counsellor.

Anyone may open it, signed in or not (a student may be locked out, or a friend may
be looking). It says plainly who reads a request (only the school's counsellors)
and what they may do, and that quick exit does not clear the browser's history.
A signed-in student may write a short request; a few an hour, so that a prank or a
stuck button cannot flood the counsellors' inbox.
"""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app import ratelimit
from app.content import get_catalogue
from app.extensions import db
from app.security import Permission, public, requires
from app.services import help_requests
from app.services.errors import ServiceError
from app.student.blueprint import bp
from app.student.forms import HelpRequestForm
from app.student.steps import the_student
from app.web.errors import recovers_from_csrf
from app.web.redirects import safe_next


def _signed_in_student() -> bool:
    return current_user.is_authenticated and current_user.is_student


def _back() -> str | None:
    """Where the student came from (``?back=``), if it is a page of this app: the way back."""
    back = safe_next(request.args.get("back"), "")
    return back if back and not back.startswith(("/s/help", "/help")) else None


def _render_help(form: HelpRequestForm | None, status: int = 200):
    contacts = current_user.classroom.school.contacts if _signed_in_student() else []
    return render_template(
        "student/help.html",
        safeguarding=True,
        form=form,
        helplines=get_catalogue().helplines,
        contacts=contacts,
        back=_back(),
    ), status


def _wait_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "You have sent several messages in a short time. You can send another in %(num)d minute. "
        "If it cannot wait, call one of the help lines below or talk to a teacher you trust.",
        "You have sent several messages in a short time. You can send another in %(num)d minutes. "
        "If it cannot wait, call one of the help lines below or talk to a teacher you trust.",
        minutes,
    )


@bp.get("/help", endpoint="help")
@public
def help_page():
    return _render_help(HelpRequestForm() if _signed_in_student() else None)


@bp.post("/help")
@requires(Permission.HELP_REQUEST_SEND)
def send_help():
    form = HelpRequestForm()
    if not form.validate_on_submit():
        return _render_help(form, 400)
    student = the_student()
    keys = (ratelimit.HELP_REQUESTS_PER_STUDENT, "help-student", str(student.id))
    wait = ratelimit.seconds_until_allowed(*keys)
    if wait:
        form.text.errors.append(_wait_message(wait))
        return _render_help(form, 429)
    try:
        help_requests.submit(student, form.text.data)
    except ServiceError as refused:
        db.session.rollback()
        form.text.errors.append(
            _("Please keep it under %(max)d characters.", max=help_requests.MAX_TEXT_LENGTH)
            if refused.code == "too_long"
            else _("Write a few words first.")
        )
        return _render_help(form, 400)
    db.session.commit()
    ratelimit.hit(*keys)
    return redirect(url_for("student.help_sent", back=_back()))


@recovers_from_csrf("student.send_help")
def send_help_again(_error):
    """A stale form token: the message comes back, unsent, to send again."""
    if not _signed_in_student():
        return render_template("errors/error.html", status=400, csrf=True), 400
    form = HelpRequestForm()
    form.text.errors = [
        _("This page was open for a long time, so your message was not sent yet. Press the button again to send it.")
    ]
    return _render_help(form, 400)


@bp.get("/help/sent")
@requires(Permission.HELP_REQUEST_SEND)
def help_sent():
    return render_template(
        "student/help_sent.html",
        safeguarding=True,
        helplines=get_catalogue().helplines,
        contacts=current_user.classroom.school.contacts,
        back=_back(),
    )
