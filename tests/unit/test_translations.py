"""The Indonesian catalogue is complete and current: every string in the code is translated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def _extract(tmp_path: Path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "--ignore-dirs=.* __pycache__",
            "--no-location",
            "--omit-header",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(template),
            ".",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    with template.open("rb") as handle:
        catalogue = read_po(handle)
    assert len(catalogue) > 40, "extraction found almost nothing: is babel.cfg right?"
    return catalogue


def _catalogue(locale: str):
    with (ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=locale)


def test_every_string_of_the_app_has_a_natural_indonesian_translation(tmp_path):
    extracted = _extract(tmp_path)
    indonesian = _catalogue("id")
    missing, fuzzy = [], []
    for message in extracted:
        if not message.id:
            continue
        translated = indonesian.get(message.id, context=message.context)
        strings = (
            () if translated is None else (translated.string if isinstance(translated.string, tuple) else (translated.string,))
        )
        if translated is None or not all(strings):
            missing.append(message.id)
        elif translated.fuzzy:
            fuzzy.append(message.id)
    assert missing == [], f"{len(missing)} strings lack an Indonesian translation (run make i18n-extract): {missing[:20]}"
    assert fuzzy == [], f"fuzzy translations to review: {fuzzy[:20]}"


def test_the_catalogue_keeps_no_strings_the_code_no_longer_uses(tmp_path):
    extracted = {(message.id, message.context) for message in _extract(tmp_path) if message.id}
    stale = [message.id for message in _catalogue("id") if message.id and (message.id, message.context) not in extracted]
    assert stale == [], f"run make i18n-extract to drop: {stale[:20]}"


def test_placeholders_survive_translation():
    import re

    for message in _catalogue("id"):
        if not message.id or not message.string:
            continue
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        target = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", " ".join(source)))
        for text in target:
            assert set(re.findall(r"%\(\w+\)[sd]", text)) == wanted, message.id


def test_the_forms_own_messages_are_indonesian_too(app):
    from flask_babel import force_locale
    from wtforms import StringField
    from wtforms.validators import DataRequired, Length

    from app.web.forms import Form

    class NameForm(Form):
        name = StringField(validators=[DataRequired(), Length(max=3)])

    for locale, expected in (("id", "Isian ini paling banyak 3 karakter."), ("en", "Field cannot be longer than 3 characters.")):
        with app.test_request_context(method="POST", data={"name": "terlalu panjang"}), force_locale(locale):
            form = NameForm()
            assert not form.validate()
            assert form.errors["name"] == [expected]
