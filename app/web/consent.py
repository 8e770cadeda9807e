"""Parents' consent for a class: one form and one view, used by the teacher's page and the admin's.

Before students use Waspada their parents or guardians are told what it is and what
is recorded, and agree; a class's students cannot sign in until that is recorded.
The teacher records it for their class, the admin for any class of the school: the
same form, the same messages, saved by ``services.consent``.
"""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.extensions import db
from app.models import Classroom
from app.services import consent
from app.services.errors import ServiceError
from app.web.forms import Form


class ConsentForm(Form):
    informed_on = DateField(_l("Date parents were informed"), validators=[DataRequired(_l("Give a date."))])
    method = StringField(
        _l("How they were informed and agreed"),
        validators=[DataRequired(_l("Say how parents were informed.")), Length(max=200)],
        render_kw={"list": "consent-methods"},
    )
    notes = TextAreaField(_l("Notes (optional)"), validators=[Optional(), Length(max=4000)])


def consent_error(code: str) -> tuple[str, str]:
    """(field, message) for a consent record the service refused."""
    return {
        "no_date": ("informed_on", _("Give a date.")),
        "date_in_future": ("informed_on", _("This date is in the future.")),
        "no_method": ("method", _("Say how parents were informed.")),
        "method_too_long": ("method", _("Keep this under 200 characters.")),
        "notes_too_long": ("notes", _("Keep the notes under 4000 characters.")),
    }.get(code, ("method", _("That did not work. Please check the form.")))


def consent_view(classroom: Classroom, template: str, done_url: str):
    """The parents'-consent form of a class, shown and saved (the caller has loaded and authorised the class)."""
    record = consent.consent_of(classroom)
    form = ConsentForm(obj=record)
    if form.validate_on_submit():
        try:
            consent.record_consent(classroom, current_user, form.informed_on.data, form.method.data, form.notes.data)
        except ServiceError as error:
            db.session.rollback()
            name, message = consent_error(error.code)
            getattr(form, name).errors.append(message)
        else:
            db.session.commit()
            flash(_("Consent recorded: the students of %(name)s can now join.", name=classroom.name), "success")
            return redirect(done_url)
    return render_template(template, classroom=classroom, record=record, form=form)
