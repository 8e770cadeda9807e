"""Forms of the counsellor pages: a follow-up note, and a help request's state and note."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from app.forms import Form
from app.models import HelpStatus
from app.services.follow_ups import MAX_NOTE_LENGTH


class FollowUpForm(Form):
    note = TextAreaField(_l("Private note (only counsellors see it)"), validators=[Length(max=MAX_NOTE_LENGTH)],
                         render_kw={"rows": 2})


class HelpRequestForm(Form):
    status = SelectField(_l("State"), choices=[
        (HelpStatus.NEW.value, _l("New")),
        (HelpStatus.IN_PROGRESS.value, _l("In progress")),
        (HelpStatus.HANDLED.value, _l("Handled")),
    ])
    note = TextAreaField(_l("Private note (only counsellors see it)"), validators=[Length(max=4000)],
                         render_kw={"rows": 5})
