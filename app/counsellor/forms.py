"""Forms of the counsellor pages: a follow-up note, and a help request's state and note."""

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from app.reports.figures import HELP_STATUS_LABELS
from app.services.follow_ups import MAX_NOTE_LENGTH
from app.web.forms import Form


class FollowUpForm(Form):
    note = TextAreaField(
        _l("Private note (only counsellors see it)"), validators=[Length(max=MAX_NOTE_LENGTH)], render_kw={"rows": 2}
    )


class HelpRequestForm(Form):
    status = SelectField(_l("State"), choices=[(status.value, label) for status, label in HELP_STATUS_LABELS.items()])
    note = TextAreaField(_l("Private note (only counsellors see it)"), validators=[Length(max=4000)], render_kw={"rows": 5})
