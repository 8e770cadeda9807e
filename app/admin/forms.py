"""Forms of the admin pages: accounts, a class's keeper and consent, school settings and contacts."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.web.forms import Form


class ActionForm(Form):
    """A button that changes something: only its CSRF token."""


class StaffForm(Form):
    role = SelectField(
        _l("Role"),
        choices=[
            ("teacher", _l("Teacher")),
            ("counsellor", _l("Counsellor (guru BK)")),
            ("admin", _l("School admin")),
        ],
    )
    display_name = StringField(_l("Name shown in the app"), validators=[DataRequired(), Length(max=120)])
    username = StringField(
        _l("Username"),
        validators=[DataRequired(), Length(max=64)],
        render_kw={"autocapitalize": "none", "autocomplete": "off", "spellcheck": "false"},
    )
    email = StringField(
        _l("Email (optional)"), validators=[Optional(), Length(max=254)], render_kw={"type": "email", "autocomplete": "off"}
    )


class HandOverForm(Form):
    teacher = SelectField(_l("New teacher"), coerce=int, validators=[InputRequired()])


class DeleteClassForm(Form):
    confirm = BooleanField(_l("I understand that this cannot be undone."), validators=[InputRequired()])


class SettingsForm(Form):
    name = StringField(_l("School name"), validators=[DataRequired(), Length(max=160)])
    default_locale = SelectField(_l("Default language"), choices=[("id", "Bahasa Indonesia"), ("en", "English")])
    quick_exit_url = StringField(
        _l("Quick-exit address"), validators=[Optional(), Length(max=500)], render_kw={"type": "url", "placeholder": "https://"}
    )
    # The range is checked by the settings service (a clear message, nothing saved) as well.
    escalation_hours = IntegerField(
        _l("Tell the admins after (hours)"),
        validators=[Optional(), NumberRange(min=1, max=168)],
        render_kw={"inputmode": "numeric", "min": 1, "max": 168},
    )
    escalation_school_days_only = BooleanField(_l("Count school days only (not Saturday or Sunday)"))


class ContactForm(Form):
    kind = SelectField(
        _l("Kind"),
        choices=[
            ("counsellor", _l("Counsellor (guru BK)")),
            ("tppk", _l("TPPK (the school's anti-violence team)")),
            ("uptd_ppa", _l("UPTD PPA (district child protection)")),
            ("other", _l("Other")),
        ],
    )
    # Its own id: the settings page shows this form beside SettingsForm, which has a `name` too.
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)], id="contact-name")
    details = TextAreaField(_l("Details (room, hours)"), validators=[Length(max=1000)], render_kw={"rows": 2})
    phone = StringField(_l("Phone (optional)"), validators=[Optional(), Length(max=40)], render_kw={"type": "tel"})
