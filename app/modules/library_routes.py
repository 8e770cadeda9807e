"""The library: every module of the catalogue, filtered by theme and school level, and one module's page.

A module's page is its first page as a student sees it (summary, content note,
introduction), with the lesson notes beside it and the ways to use it in class:
preview, worksheet, teacher's copy, and (once it exists) a download for Moodle.
"""

from flask import current_app, render_template, request

from app.content import get_catalogue
from app.modules.blueprint import bp
from app.modules.lookup import content_locale, language_args, load_bank, module_facts
from app.modules.notes import lesson_notes
from app.quizbank import BANDS
from app.security import Permission, requires
from app.web.question_texts import Reader

EXPORT_ENDPOINT = "modules.export"  # the bank as a file for Moodle (export_routes); offered only while it exists


def can_export() -> bool:
    return EXPORT_ENDPOINT in current_app.view_functions


@bp.get("/")
@requires(Permission.MODULE_PREVIEW)
def library():
    catalogue = get_catalogue()
    band = request.args.get("band")
    band = band if band in BANDS else None
    theme = request.args.get("theme") or None
    theme = theme if theme and catalogue.theme(theme) else None
    modules = [module_facts(catalogue, bank) for bank in catalogue.banks_for(theme=theme, band=band)]
    return render_template(
        "modules/library.html",
        modules=modules,
        themes=catalogue.themes,
        bands=BANDS,
        band=band or "all",
        theme=theme,
        can_export=can_export(),
    )


@bp.get("/<bank_id>")
@requires(Permission.MODULE_PREVIEW)
def module(bank_id: str):
    bank = load_bank(bank_id)
    locale = content_locale()
    return render_template(
        "modules/module.html",
        facts=module_facts(get_catalogue(), bank),
        bank=bank,
        qtext=Reader(locale),
        content_lang=locale,
        lang_args=language_args(locale),
        notes=lesson_notes(bank, locale),
        can_export=can_export(),
    )
