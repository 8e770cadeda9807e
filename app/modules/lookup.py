"""What a library page is about: a module of the catalogue, one of its questions, the language of its texts.

Modules are the catalogue's, not a school's: any member of staff may open any of
them, so loading one checks only that it exists (404 otherwise). The quiz texts of a
page may be read in the other language with ``?lang=id|en``, as a teacher may
prepare or print for an English or an Indonesian class.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, request
from flask_babel import get_locale

from app.content import get_catalogue
from app.i18n import normalise
from app.quizbank import Bank, Catalogue, Question, Theme
from app.reports.figures import QuestionCounts, question_counts


def page_locale() -> str:
    return str(get_locale())


def content_locale() -> str:
    """The language of the quiz texts: ``?lang=`` when it names a supported locale, else the page's."""
    return normalise(request.args.get("lang")) or page_locale()


def language_args(locale: str) -> dict:
    """The ``lang`` argument for links that keep the texts in ``locale`` (none when it is the page's)."""
    return {"lang": locale} if locale != page_locale() else {}


def load_bank(bank_id: str) -> Bank:
    bank = get_catalogue().get(bank_id)
    if bank is None:
        abort(404)
    return bank


def load_question(bank_id: str, question_id: str) -> tuple[Bank, Question]:
    bank = load_bank(bank_id)
    question = bank.question(question_id)
    if question is None:
        abort(404)
    return bank, question


@dataclass(frozen=True)
class ModuleFacts:
    """What the library says about a module besides its texts."""

    bank: Bank
    theme: Theme | None
    counts: QuestionCounts

    @property
    def sensitive(self) -> bool:
        return bool(self.theme and self.theme.sensitive)


def module_facts(catalogue: Catalogue, bank: Bank) -> ModuleFacts:
    return ModuleFacts(bank=bank, theme=catalogue.theme(bank.theme), counts=question_counts(bank))
