from contextlib import suppress

from flask import current_app, jsonify, redirect, session, url_for
from flask_login import current_user, logout_user
from sqlalchemy import text

from app import signed_in
from app.extensions import csrf, db
from app.i18n import normalise
from app.main.blueprint import bp
from app.main.forms import LanguageForm
from app.models import Role
from app.security import public
from app.web.redirects import safe_next
from app.web.templating import quick_exit_target


@bp.get("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.join"))
    if current_user.is_student:
        return redirect(url_for("student.dashboard"))
    home = {
        Role.TEACHER: "teacher.dashboard",
        Role.COUNSELLOR: "counsellor.dashboard",
        Role.ADMIN: "admin.dashboard",
    }
    return redirect(url_for(home[current_user.role]))


@bp.post("/language")
@public
def set_language():
    form = LanguageForm()
    locale = normalise(form.locale.data) if form.validate_on_submit() else None
    if locale:
        session["locale"] = locale
        if current_user.is_authenticated and current_user.is_student:
            signed_in.remember_language(current_user.id, locale)
            db.session.commit()
        elif current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
    return redirect(safe_next(form.next.data, url_for("main.index")))


@bp.get("/healthz")
@public
def healthz():
    """Alive and the database answers. Says nothing more to an anonymous visitor (no driver, no error class)."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any driver error means the same thing here: not reachable
        current_app.logger.warning("healthz: database unreachable", exc_info=True)
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


def _leave() -> None:
    """Sign the student out for real: the old cookie is worthless, even if replayed. Never fails: with the
    database down the session version cannot be raised, but the cookie is still cleared and the student leaves."""
    try:
        if current_user.is_authenticated and current_user.is_student:
            signed_in.end_sessions(current_user.id)
            db.session.commit()
    except Exception:  # noqa: BLE001 - leaving matters more than anything the database could say
        current_app.logger.warning("quick exit: could not end the session in the database", exc_info=True)
        with suppress(Exception):
            db.session.rollback()
    with suppress(Exception):
        logout_user()
    session.clear()


def _neutral_site() -> str:
    try:
        return quick_exit_target()  # the student's school's choice
    except Exception:  # noqa: BLE001 - the database is down: the app's own neutral site
        return current_app.config["QUICK_EXIT_URL"]


@bp.get("/exit")
@public
def quick_exit():
    """Quick exit without JavaScript: sign out, forget this site's cached pages, go to the neutral site."""
    target = _neutral_site()
    _leave()
    response = redirect(target, 303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Clear-Site-Data"] = '"cache"'
    return response


@bp.post("/exit")
@public
@csrf.exempt
def quick_exit_beacon():
    """Quick exit with JavaScript: the page sends this beacon and leaves at once, without waiting."""
    _leave()
    return "", 204
