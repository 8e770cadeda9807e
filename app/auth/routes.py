import secrets

from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from app import signed_in
from app.auth.blueprint import bp
from app.auth.forms import ChangePasswordForm, JoinForm, StaffLoginForm
from app.extensions import db
from app.security import Permission, public, requires
from app.services import signin
from app.services.passwords import hash_password, password_problem, verify_password
from app.services.staff import end_sessions
from app.web.devices import remember_device, trusted_device
from app.web.redirects import safe_next


def _wait_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "Too many tries. Please wait %(num)d minute and try again.",
        "Too many tries. Please wait %(num)d minutes and try again.",
        minutes,
    )


def _start_session(principal) -> None:
    session.clear()  # a fresh session on every sign-in: no fixation
    session.permanent = True
    login_user(principal)


def _limited(template: str, form, seconds: int, **context):
    """429 with Retry-After and the same friendly page, the wait said in words."""
    flash(_wait_message(seconds), "error")
    response = make_response(render_template(template, form=form, **context), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def _browser_key() -> str:
    """A random key in this browser's session, so that its own failed joins can be counted."""
    if "browser" not in session:
        session["browser"] = secrets.token_urlsafe(12)
    return session["browser"]


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    form = StaffLoginForm()
    if form.validate_on_submit():
        result = signin.sign_in_staff(
            form.login.data, form.password.data, request.remote_addr or "", trusted_device_of=trusted_device()
        )
        if result.principal is not None:
            db.session.commit()
            next_page = request.args.get("next")
            _start_session(result.principal)
            if result.principal.must_change_password:
                flash(_("Welcome! Please choose your own password first."), "info")
                target = url_for("auth.change_password")
            else:
                target = safe_next(next_page, url_for("main.index"))
            return remember_device(redirect(target), result.principal.id)
        db.session.commit()  # keep the failure counters and the audit event
        if result.problem == "rate_limited":
            return _limited("auth/login.html", form, result.retry_after)
        if result.problem == "inactive":
            flash(_("This account has been deactivated. Ask your school's admin."), "error")
        else:
            flash(_("The username or password is not right."), "error")
    return render_template("auth/login.html", form=form)


@bp.route("/join", methods=["GET", "POST"])
@bp.route("/join/<class_code>", methods=["GET", "POST"])
@public
def join(class_code: str | None = None):
    form = JoinForm()
    if request.method == "GET" and class_code:
        form.class_code.data = class_code[:40]
    if form.validate_on_submit():
        result = signin.join_class(form.class_code.data, form.personal_code.data, request.remote_addr or "", _browser_key())
        db.session.commit()
        if result.principal is not None:
            _start_session(result.principal)
            return redirect(url_for("student.dashboard"))
        if result.problem == "rate_limited":
            return _limited("auth/join.html", form, result.retry_after, safeguarding=True)
        messages = {
            "archived": _("This class has ended, so it cannot be joined any more. Ask your teacher."),
            "no_consent": _("Your class is not open yet. Your teacher will tell you when you can join."),
        }
        flash(messages.get(result.problem, _("These codes do not match. Check both codes on your card and try again.")), "error")
    return render_template("auth/join.html", form=form, safeguarding=True)


@bp.post("/logout")
@public
def logout():
    if current_user.is_authenticated:
        was_student = current_user.is_student
        # The old cookie is now worthless, even if replayed.
        signed_in.end_sessions(current_user.id) if was_student else end_sessions(current_user)
        db.session.commit()
        logout_user()
        session.clear()
        return redirect(url_for("auth.join" if was_student else "auth.login"))
    return redirect(url_for("main.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@requires(Permission.ACCOUNT_SELF)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        ok, _unused = verify_password(current_user.password_hash, form.current_password.data)
        problem = password_problem(form.new_password.data)
        if not ok:
            form.current_password.errors.append(_("This is not your current password."))
        elif problem == "too_short":
            form.new_password.errors.append(_("Use at least %(num)d characters.", num=current_app.config["PASSWORD_MIN_LENGTH"]))
        elif problem:
            form.new_password.errors.append(_("This password is too long."))
        else:
            user = current_user._get_current_object()
            user.password_hash = hash_password(form.new_password.data)
            user.must_change_password = False
            end_sessions(user)  # every other device is signed out
            db.session.commit()
            _start_session(user)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)
