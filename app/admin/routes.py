"""The school admin's pages. Staff accounts are here; the rest is split by idea:

  class_routes     the school's classes: keeper, archive, consent, export and deletion
  settings_routes  the school's name, language, quick-exit address and help contacts
  audit_routes     the audit trail

An admin manages the school's accounts and classes and never reads a help request.
Everything here is scoped to the admin's own school (the ``load_*`` helpers answer
404 for anything else), and every change leaves an audit event (the services record it).
A one-time password is shown once, in the response to the POST that made it: never
kept in the session or a flash message, which travel in the signed cookie.
"""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.blueprint import bp
from app.admin.forms import ActionForm, StaffForm
from app.extensions import db
from app.security import Permission, load_staff_member, requires
from app.services import staff
from app.services.errors import ServiceError


def role_labels() -> dict[str, str]:
    return {"teacher": _("Teacher"), "counsellor": _("Counsellor (guru BK)"), "admin": _("School admin")}


def staff_message(code: str) -> str:
    return {
        "bad_role": _("Choose a role."),
        "bad_username": _("A username is 2-64 characters: lower-case letters, digits, '.', '_' or '-'."),
        "bad_display_name": _("Give a name of at most 120 characters."),
        "bad_email": _("That email address does not look right."),
        "taken": _("That username or email is already used."),
        "self": _("You cannot do this to your own account."),
        "last_admin": _("The school needs at least one active admin: add another admin first."),
        "already_inactive": _("This account is already deactivated."),
        "already_active": _("This account is already active."),
    }.get(code, _("That did not work. Please try again."))


# --- Staff accounts ------------------------------------------------------------------


def _staff_page(form: StaffForm, status: int = 200):
    members = staff.staff_of(current_user.school_id)
    return render_template(
        "admin/dashboard.html", form=form, members=members, action_form=ActionForm(), role_labels=role_labels()
    ), status


@bp.get("/")
@requires(Permission.STAFF_MANAGE)
def dashboard():
    return _staff_page(StaffForm())


@bp.post("/staff")
@requires(Permission.STAFF_MANAGE)
def create_staff():
    form = StaffForm()
    if not form.validate_on_submit():
        return _staff_page(form, 400)
    try:
        user, password = staff.add_staff(
            current_user, form.role.data, form.username.data, form.display_name.data, form.email.data
        )
    except ServiceError as error:
        db.session.rollback()
        field = {
            "bad_username": form.username,
            "taken": form.username,
            "bad_email": form.email,
            "bad_display_name": form.display_name,
        }.get(error.code, form.role)
        field.errors = [*field.errors, staff_message(error.code)]
        return _staff_page(form, 400)
    db.session.commit()
    return render_template("admin/password.html", member=user, password=password, new_account=True)


@bp.post("/staff/<int:user_id>/deactivate")
@requires(Permission.STAFF_MANAGE)
def deactivate_staff(user_id: int):
    return _change_staff(user_id, staff.deactivate, _("%(name)s can no longer sign in."))


@bp.post("/staff/<int:user_id>/reactivate")
@requires(Permission.STAFF_MANAGE)
def reactivate_staff(user_id: int):
    return _change_staff(user_id, staff.reactivate, _("%(name)s can sign in again."))


def _change_staff(user_id: int, change, done: str):
    member = load_staff_member(user_id)
    if ActionForm().validate_on_submit():
        try:
            change(current_user, member)
        except ServiceError as error:
            db.session.rollback()
            flash(staff_message(error.code), "error")
        else:
            db.session.commit()
            flash(done % {"name": member.display_name}, "success")
    return redirect(url_for("admin.dashboard"))


@bp.post("/staff/<int:user_id>/reset-password")
@requires(Permission.STAFF_MANAGE)
def reset_password(user_id: int):
    member = load_staff_member(user_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("admin.dashboard"))
    try:
        password = staff.reset_password(current_user, member)
    except ServiceError as error:
        db.session.rollback()
        flash(staff_message(error.code), "error")
        return redirect(url_for("admin.dashboard"))
    db.session.commit()
    return render_template("admin/password.html", member=member, password=password, new_account=False)
