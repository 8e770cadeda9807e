"""A module for Moodle: its questions as a file a Moodle teacher imports into a question bank.

``/modules/<bank>/export.<fmt>?lang=id|en``, where ``fmt`` is ``moodle-xml`` (every
scored question, the default of ``/modules/<bank>/export``), ``gift`` or ``aiken``
(fewer: see ``app.quizbank.formats``). The texts are in ``?lang=``, else in the
page's language. Quiz content is the catalogue's, not a school's, so the staff who may
preview a module may download it; nothing about students is in it, so nothing is
recorded.
"""

from flask import abort

from app.content import get_catalogue
from app.modules.blueprint import bp
from app.modules.lookup import content_locale, load_bank
from app.quizbank.formats import FORMATS, export_bank, file_stem
from app.security import Permission, requires
from app.web.downloads import download


# Without a format the file is Moodle XML. The default is None, not "moodle-xml", so that
# /export.moodle-xml is served as it stands instead of redirected to /export.
@bp.get("/<bank_id>/export", defaults={"fmt": None})
@bp.get("/<bank_id>/export.<fmt>")
@requires(Permission.MODULE_PREVIEW)
def export(bank_id: str, fmt: str | None):
    bank = load_bank(bank_id)
    chosen = FORMATS.get(fmt or "moodle-xml")
    if chosen is None:
        abort(404)
    lang = content_locale()
    made = export_bank(bank, chosen.name, lang, get_catalogue().helplines)
    return download(made.text.encode("utf-8"), file_stem(bank, chosen.name, lang), chosen.extension, chosen.mimetype)
