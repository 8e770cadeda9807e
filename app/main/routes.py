from flask import jsonify, redirect, session, url_for
from flask_login import current_user
from sqlalchemy import text

from app.extensions import db
from app.i18n import normalise
from app.main.blueprint import bp
from app.main.forms import LanguageForm
from app.models import Role
from app.security import public
from app.web.redirects import safe_next


@bp.get("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.join"))
    if current_user.is_student:
        return redirect(url_for("student.dashboard"))
    home = {
        Role.TEACHER: "teacher.dashboard", Role.COUNSELLOR: "counsellor.dashboard", Role.ADMIN: "admin.dashboard",
    }
    return redirect(url_for(home[current_user.role]))


@bp.post("/language")
@public
def set_language():
    form = LanguageForm()
    locale = normalise(form.locale.data) if form.validate_on_submit() else None
    if locale:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
    return redirect(safe_next(form.next.data, url_for("main.index")))


@bp.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # any driver error means the same thing here: not reachable
        db.session.rollback()
        return jsonify(status="unavailable", reason="database unreachable", error=error.__class__.__name__), 503
    return jsonify(status="ok")

