"""The school admin's pages: staff accounts, classes, consent, school settings, audit and data care.

An admin manages the school's accounts and classes and never reads a help request.
Everything here is scoped to the admin's own school (the ``load_*`` helpers answer
404 for anything else), and every change leaves an audit event (the services record it).
A one-time password is shown once, in the response to the POST that made it: never
kept in the session or a flash message, which travel in the signed cookie.
"""
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.forms import ActionForm, ContactForm, DeleteClassForm, HandOverForm, SettingsForm, StaffForm
from app.content import get_catalogue
from app.extensions import db
from app.reports.audit_log import audit_page
from app.security import Permission, load_classroom, load_staff_member, requires
from app.services import audit, data_care, settings, staff
from app.teacher.class_routes import consent_form


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


def class_message(code: str) -> str:
    return {
        "bad_teacher": _("Choose an active teacher of this school."),
        "same_teacher": _("This teacher already has the class."),
    }.get(code, _("That did not work. Please try again."))


def settings_message(code: str) -> str:
    return {
        "bad_name": _("Give a name of at most 160 characters."),
        "bad_locale": _("Choose Indonesian or English."),
        "bad_quick_exit": _("The quick-exit address must be a full https:// address of another site."),
        "bad_kind": _("Choose a kind."),
        "bad_contact_name": _("Give a name of at most 160 characters."),
        "bad_details": _("The details are too long (at most 1000 characters)."),
        "bad_phone": _("A phone number has digits, and may have spaces, dashes and a leading +."),
    }.get(code, _("That did not work. Please try again."))


# --- Staff accounts ------------------------------------------------------------------

def _staff_page(form: StaffForm, status: int = 200):
    members = staff.staff_of(current_user.school_id)
    return render_template("admin/dashboard.html", form=form, members=members, action_form=ActionForm(),
                           role_labels=role_labels()), status


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
        user, password = staff.add_staff(current_user, form.role.data, form.username.data, form.display_name.data,
                                         form.email.data)
    except staff.StaffError as error:
        db.session.rollback()
        field = {"bad_username": form.username, "taken": form.username, "bad_email": form.email,
                 "bad_display_name": form.display_name}.get(error.code, form.role)
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
        except staff.StaffError as error:
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
    except staff.StaffError as error:
        db.session.rollback()
        flash(staff_message(error.code), "error")
        return redirect(url_for("admin.dashboard"))
    db.session.commit()
    return render_template("admin/password.html", member=member, password=password, new_account=False)


# --- Classes: keeper, archive, consent, export and deletion ---------------------------

@bp.get("/classes")
@requires(Permission.CLASSROOM_ADMINISTER)
def classes():
    teachers = staff.active_teachers(current_user.school_id)
    hand_over_form = HandOverForm()
    hand_over_form.teacher.choices = [(teacher.id, teacher.display_name) for teacher in teachers]
    return render_template("admin/classes.html", lines=data_care.school_classes(current_user.school_id),
                           hand_over_form=hand_over_form, teachers=teachers, action_form=ActionForm())


@bp.post("/classes/<int:classroom_id>/hand-over")
@requires(Permission.CLASSROOM_ADMINISTER)
def hand_over(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    teachers = {teacher.id: teacher for teacher in staff.active_teachers(current_user.school_id)}
    form = HandOverForm()
    form.teacher.choices = [(teacher.id, teacher.display_name) for teacher in teachers.values()]
    if not form.validate_on_submit():  # not a teacher of this school, or not active
        flash(class_message("bad_teacher"), "error")
        return redirect(url_for("admin.classes"))
    teacher = teachers[form.teacher.data]
    try:
        data_care.hand_over(current_user, classroom, teacher)
    except data_care.DataCareError as error:
        db.session.rollback()
        flash(class_message(error.code), "error")
    else:
        db.session.commit()
        flash(_("%(classroom)s now belongs to %(name)s.", classroom=classroom.name, name=teacher.display_name),
              "success")
    return redirect(url_for("admin.classes"))


@bp.post("/classes/<int:classroom_id>/archive")
@requires(Permission.CLASSROOM_ADMINISTER)
def archive_class(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    if ActionForm().validate_on_submit():
        data_care.archive(current_user, classroom)
        db.session.commit()
        flash(_("%(classroom)s is archived: its students can no longer sign in.", classroom=classroom.name), "success")
    return redirect(url_for("admin.classes"))


@bp.post("/classes/<int:classroom_id>/unarchive")
@requires(Permission.CLASSROOM_ADMINISTER)
def unarchive_class(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    if ActionForm().validate_on_submit():
        data_care.unarchive(current_user, classroom)
        db.session.commit()
        flash(_("%(classroom)s is open again.", classroom=classroom.name), "success")
    return redirect(url_for("admin.classes"))


@bp.route("/classes/<int:classroom_id>/consent", methods=["GET", "POST"])
@requires(Permission.CONSENT_RECORD, Permission.CLASSROOM_ADMINISTER)
def record_consent(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    return consent_form(classroom, "admin/consent.html", url_for("admin.classes"))


@bp.get("/classes/<int:classroom_id>/results.csv")
@requires(Permission.CLASSROOM_ADMINISTER)
def export_class(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    text = data_care.results_csv(get_catalogue(), classroom, str(get_locale()))
    audit.record(current_user, "classroom:export", "classroom", classroom.id, name=classroom.name)
    db.session.commit()
    filename = "results-" + "".join(c if c.isalnum() else "-" for c in classroom.name) + ".csv"
    return Response(text.encode("utf-8"), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/classes/<int:classroom_id>/delete", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_ADMINISTER)
def delete_class(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    form = DeleteClassForm()
    if form.validate_on_submit():
        name = classroom.name
        data_care.delete_classrooms([classroom], actor=current_user)
        db.session.commit()
        flash(_("%(classroom)s and everything recorded of its students have been deleted.", classroom=name),
              "success")
        return redirect(url_for("admin.classes"))
    summary = data_care.deletion_summary([classroom.id])
    return render_template("admin/delete_class.html", classroom=classroom, form=form, summary=summary)


# --- School settings and the school's own help contacts ------------------------------

@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.SCHOOL_SETTINGS)
def school_settings():
    school = current_user.school
    form = SettingsForm(obj=school)
    if form.validate_on_submit():
        try:
            settings.update_school(current_user, school, form.name.data, form.default_locale.data,
                                   form.quick_exit_url.data)
        except settings.SettingsError as error:
            db.session.rollback()
            field = {"bad_quick_exit": form.quick_exit_url, "bad_locale": form.default_locale}.get(error.code,
                                                                                                 form.name)
            field.errors = [*field.errors, settings_message(error.code)]
        else:
            db.session.commit()
            flash(_("The school's settings are saved."), "success")
            return redirect(url_for("admin.school_settings"))
    return _settings_page(form, ContactForm(formdata=None))


def _settings_page(form: SettingsForm, contact_form: ContactForm, status: int = 200):
    contacts = settings.contacts_of(current_user.school_id)
    return render_template("admin/settings.html", form=form, contact_form=contact_form, contacts=contacts,
                           kind_labels=dict(ContactForm.kind.kwargs["choices"]), action_form=ActionForm()), status


@bp.post("/settings/contacts")
@requires(Permission.SCHOOL_SETTINGS)
def add_contact():
    form = ContactForm()
    if form.validate_on_submit():
        try:
            settings.add_contact(current_user, form.kind.data, form.name.data, form.details.data, form.phone.data)
        except settings.SettingsError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, settings_message(error.code)]
        else:
            db.session.commit()
            flash(_("The contact is added."), "success")
            return redirect(url_for("admin.school_settings"))
    return _settings_page(SettingsForm(formdata=None, obj=current_user.school), form, 400)


def _contact(contact_id: int):
    return settings.contact_of(current_user.school_id, contact_id) or abort(404)


@bp.route("/settings/contacts/<int:contact_id>", methods=["GET", "POST"])
@requires(Permission.SCHOOL_SETTINGS)
def edit_contact(contact_id: int):
    contact = _contact(contact_id)
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        try:
            settings.update_contact(current_user, contact, form.kind.data, form.name.data, form.details.data,
                                    form.phone.data)
        except settings.SettingsError as error:
            db.session.rollback()
            form.name.errors = [*form.name.errors, settings_message(error.code)]
        else:
            db.session.commit()
            flash(_("The contact is saved."), "success")
            return redirect(url_for("admin.school_settings"))
    return render_template("admin/contact.html", form=form, contact=contact)


@bp.post("/settings/contacts/<int:contact_id>/remove")
@requires(Permission.SCHOOL_SETTINGS)
def remove_contact(contact_id: int):
    contact = _contact(contact_id)
    if ActionForm().validate_on_submit():
        settings.remove_contact(current_user, contact)
        db.session.commit()
        flash(_("The contact is removed."), "success")
    return redirect(url_for("admin.school_settings"))


@bp.post("/settings/contacts/<int:contact_id>/move/<any(up, down):direction>")
@requires(Permission.SCHOOL_SETTINGS)
def move_contact(contact_id: int, direction: str):
    contact = _contact(contact_id)
    if ActionForm().validate_on_submit():
        settings.move_contact(current_user, contact, -1 if direction == "up" else 1)
        db.session.commit()
    return redirect(url_for("admin.school_settings"))


# --- The audit trail -----------------------------------------------------------------

@bp.get("/audit")
@requires(Permission.AUDIT_READ)
def audit_list():
    page = request.args.get("page", 1, type=int) or 1
    return render_template("admin/audit.html", page=audit_page(current_user.school_id, page),
                           labels=action_labels())


def action_labels() -> dict[str, str]:
    return {
        "staff:create": _("account created"),
        "staff:deactivate": _("account deactivated"),
        "staff:reactivate": _("account reactivated"),
        "staff:reset_password": _("password reset"),
        "classroom:hand_over": _("class handed over"),
        "classroom:archive": _("class archived"),
        "classroom:unarchive": _("class reopened"),
        "classroom:delete": _("class deleted"),
        "classroom:export": _("class results exported"),
        "consent:record": _("consent recorded"),
        "school:settings": _("school settings changed"),
        "school:contact_add": _("help contact added"),
        "school:contact_edit": _("help contact changed"),
        "school:contact_remove": _("help contact removed"),
        "school:contact_move": _("help contacts reordered"),
        "help_request:read": _("help request read"),
        "help_request:update": _("help request updated"),
        "key_items:read": _("missed key items read"),
        "key_item:follow_up": _("key item followed up"),
        "opt_outs:read": _("opt-outs read"),
        "student_results:read": _("a student's results read"),
    }
