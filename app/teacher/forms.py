"""Forms of the teacher pages.

Labels are lazy strings, so they are translated when shown, in the visitor's
language. Domain rules (unique names, sensitive themes, dates in the past) are the
services' to check; the forms only check shape and length.
"""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from app.models import FeedbackMode
from app.services.rosters import MAX_NAME_LENGTH
from app.web.forms import Form

BANDS = [("sd", _l("SD (10-12 years)")), ("smp", _l("SMP (12-15 years)")), ("sma", _l("SMA (15-18 years)"))]
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
FEEDBACK_MODES = [
    (FeedbackMode.IMMEDIATE.value, _l("Right after each answer")),
    (FeedbackMode.AFTER_FINISH.value, _l("When the student finishes the module")),
    (FeedbackMode.AFTER_CLOSE.value, _l("When I close the assignment")),
]
RETRIES = [("no", _l("One attempt")), ("yes", _l("Retries allowed (the best attempt counts)"))]


class ClassForm(Form):
    name = StringField(
        _l("Class name"),
        validators=[DataRequired(_l("Give the class a name.")), Length(max=80)],
        render_kw={"placeholder": "VIII-B"},
    )
    band = SelectField(_l("School level"), choices=BANDS, default="smp")
    locale = SelectField(_l("Language of the class"), choices=LANGUAGES, default="id")


class RenameClassForm(Form):
    name = StringField(_l("Class name"), validators=[DataRequired(_l("Give the class a name.")), Length(max=80)])


class AddStudentForm(Form):
    name = StringField(
        _l("Student's name"),
        validators=[DataRequired(_l("Type a name.")), Length(max=MAX_NAME_LENGTH)],
        render_kw={"autocomplete": "off"},
    )


class PasteNamesForm(Form):
    # Generous: the service refuses more than 200 names with a clear message.
    names = TextAreaField(
        _l("Names, one per line"),
        validators=[DataRequired(_l("Paste at least one name.")), Length(max=100_000)],
        render_kw={"rows": 12, "autocomplete": "off"},
    )
    # Shown on the preview page only: the column to read (choices set by the route; "" = found by itself).
    column = SelectField(_l("Column with the names"), choices=[], validate_choice=False, validators=[Optional()])


class RosterFileForm(Form):
    """A class list file. Its sheet and name column are found by themselves; the preview page lets the teacher
    choose others (choices set by the route) and send the file again: it is never kept."""

    file = FileField(
        _l("Class list file (Excel .xlsx or .csv)"),
        validators=[FileRequired(_l("Choose a file."))],
        render_kw={"accept": ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )
    sheet = SelectField(_l("Sheet"), choices=[], validate_choice=False, validators=[Optional()])
    column = SelectField(_l("Column with the names"), choices=[], validate_choice=False, validators=[Optional()])


class ConfirmNamesForm(Form):
    """The preview's "add": the names, signed (``app.web.signed``); the ticked ones are in the request's ``keep``."""

    names = HiddenField()


class RenameStudentForm(Form):
    name = StringField(_l("Student's name"), validators=[DataRequired(_l("Type a name.")), Length(max=MAX_NAME_LENGTH)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class AssignmentSettingsForm(Form):
    due_on = DateField(_l("Due date (optional)"), validators=[Optional()])
    feedback_mode = RadioField(
        _l("When students see the explanations"), choices=FEEDBACK_MODES, default=FeedbackMode.IMMEDIATE.value
    )
    retries = RadioField(_l("Attempts"), choices=RETRIES, default="no")


class AssignForm(AssignmentSettingsForm):
    # Choices are the catalogue's modules, set by the route; an unknown id fails validation.
    modules = MultiCheckboxField(
        _l("Modules"), validators=[DataRequired(_l("Choose at least one module."))], validate_choice=False
    )
    sensitive_ok = BooleanField(
        _l(
            "I confirm that the school counsellor (guru BK) knows, and that I will run "
            "this module as a lesson in class, not in an assembly."
        )
    )
