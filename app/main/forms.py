from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField

from app.i18n import LOCALE_NAMES, LOCALES


class LanguageForm(FlaskForm):
    locale = SelectField(choices=[(code, LOCALE_NAMES[code]) for code in LOCALES])
    next = HiddenField()
