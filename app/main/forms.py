from wtforms import HiddenField, SelectField

from app.i18n import LOCALE_NAMES, LOCALES
from app.web.forms import Form


class LanguageForm(Form):
    locale = SelectField(choices=[(code, LOCALE_NAMES[code]) for code in LOCALES])
    next = HiddenField()
