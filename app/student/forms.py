"""The form of the student pages: the confidential help request.

(An answer is read from a question form by ``app.web.answer_forms``, which the staff's
preview shares.)
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from app.services.help_requests import MAX_TEXT_LENGTH
from app.web.forms import Form


class HelpRequestForm(Form):
    text = TextAreaField(
        _l("Your message to the school counsellor"),
        validators=[
            DataRequired(message=_l("Write a few words first.")),
            Length(max=MAX_TEXT_LENGTH, message=_l("Please keep it under %(max)d characters.")),
        ],
        render_kw={"rows": 5, "maxlength": MAX_TEXT_LENGTH},
    )
