"""The school's settings (name, language, quick-exit address, when admins are told) and its own help contacts."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.blueprint import bp
from app.admin.forms import ActionForm, ContactForm, SettingsForm
from app.extensions import db
from app.security import Permission, requires
from app.services import notifications, settings
from app.services.errors import ServiceError
from app.web.addresses import public_address_is_fixed


def settings_message(code: str) -> str:
    return {
        "bad_name": _("Give a name of at most 160 characters."),
        "bad_locale": _("Choose Indonesian or English."),
        "bad_quick_exit": _("The quick-exit address must be a full https:// address of another site."),
        "bad_kind": _("Choose a kind."),
        "bad_contact_name": _("Give a name of at most 160 characters."),
        "bad_details": _("The details are too long (at most 1000 characters)."),
        "bad_phone": _("A phone number has digits, and may have spaces, dashes and a leading +."),
        "bad_escalation_hours": _("Give a number of hours from 1 to 168 (a week)."),
    }.get(code, _("That did not work. Please try again."))


# Which field of the contact form a refusal is about, so the message stands under that field.
CONTACT_FIELDS = {"bad_kind": "kind", "bad_contact_name": "name", "bad_details": "details", "bad_phone": "phone"}


def _contact_error(form, code: str) -> None:
    field = getattr(form, CONTACT_FIELDS.get(code, "name"))
    field.errors = [*field.errors, settings_message(code)]


# --- School settings and the school's own help contacts ------------------------------


@bp.route("/settings", methods=["GET", "POST"])
@requires(Permission.SCHOOL_SETTINGS)
def school_settings():
    school = current_user.school
    form = SettingsForm(obj=school)
    if form.validate_on_submit():
        try:
            settings.update_school(
                current_user,
                school,
                form.name.data,
                form.default_locale.data,
                form.quick_exit_url.data,
                form.escalation_hours.data,
                form.escalation_school_days_only.data,
            )
        except ServiceError as error:
            db.session.rollback()
            field = {
                "bad_quick_exit": form.quick_exit_url,
                "bad_locale": form.default_locale,
                "bad_escalation_hours": form.escalation_hours,
            }.get(error.code, form.name)
            field.errors = [*field.errors, settings_message(error.code)]
        else:
            db.session.commit()
            flash(_("The school's settings are saved."), "success")
            return redirect(url_for("admin.school_settings"))
    return _settings_page(form, ContactForm(formdata=None))


def _settings_page(form: SettingsForm, contact_form: ContactForm, status: int = 200):
    contacts = settings.contacts_of(current_user.school_id)
    return render_template(
        "admin/settings.html",
        form=form,
        contact_form=contact_form,
        contacts=contacts,
        kind_labels=dict(ContactForm.kind.kwargs["choices"]),
        action_form=ActionForm(),
        address_unsafe=not public_address_is_fixed(),
        mail_configured=notifications.smtp_settings() is not None,
        counsellors_with_email=notifications.counsellors_with_email(current_user.school_id),
    ), status


@bp.post("/settings/contacts")
@requires(Permission.SCHOOL_SETTINGS)
def add_contact():
    form = ContactForm()
    if form.validate_on_submit():
        try:
            settings.add_contact(current_user, form.kind.data, form.name.data, form.details.data, form.phone.data)
        except ServiceError as error:
            db.session.rollback()
            _contact_error(form, error.code)
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
            settings.update_contact(current_user, contact, form.kind.data, form.name.data, form.details.data, form.phone.data)
        except ServiceError as error:
            db.session.rollback()
            _contact_error(form, error.code)
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
