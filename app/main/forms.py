from wtforms import HiddenField, SelectField

from app.forms import Form
from app.i18n import LOCALE_NAMES, LOCALES


class LanguageForm(Form):
    locale = SelectField(choices=[(code, LOCALE_NAMES[code]) for code in LOCALES])
    next = HiddenField()
