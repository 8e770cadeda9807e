"""Login cards: what a student needs to join, on a slip of paper.

Each card carries the class's join address as a QR code, drawn here as an inline
SVG (no image request, no script, nothing from another host). The address is
``<public address>/join/<class code>`` (``app.web.addresses``), so a phone's camera opens the
join page with the class code already filled in.

Cards go to the students, so they are written in the class's language, whoever prints
them. Two pages print them: the teacher's, for one class (or one student), and the
admin's, for every open class of the school; both draw the cards with the macro
``login_cards`` of ``_macros/cards.html``, from a ``CardSheet`` made here.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import get_template_attribute
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app.services.codes import pretty
from app.web.addresses import join_url

__all__ = ["Card", "CardSheet", "card_sheet", "join_url", "qr_svg", "render_cards"]


def qr_svg(url: str, title: str = "") -> Markup:
    """The QR code of ``url`` as inline SVG, sized by the stylesheet (class "qr")."""
    import segno  # imported here: only the login-card pages need it, not every app process's memory

    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, title=title or None)
    return Markup(svg)  # noqa: S704 - segno escapes the title; the rest is numbers and fixed markup


@dataclass(frozen=True)
class Card:
    name: str
    personal_code: str  # as printed: grouped for reading aloud


@dataclass(frozen=True)
class CardSheet:
    """One class's cards: what is the same on every card, and one ``Card`` per student."""

    class_name: str
    locale: str
    class_code: str
    join_address: str
    qr: Markup
    cards: list[Card]


def card_sheet(classroom, students) -> CardSheet:
    """The cards of ``students`` (display name, personal code) of ``classroom``; the QR's title in the class's language."""
    url = join_url(classroom.join_code)
    with force_locale(classroom.locale):
        qr = qr_svg(url, title=_("QR code: open the join page of %(name)s", name=classroom.name))
    return CardSheet(
        class_name=classroom.name,
        locale=classroom.locale,
        class_code=pretty(classroom.join_code),
        join_address=url.rsplit("/", 1)[0],
        qr=qr,
        cards=[Card(student.display_name, pretty(student.personal_code)) for student in students],
    )


def render_cards(sheet: CardSheet) -> Markup:
    """The sheet's cards as HTML, in the class's language (for a page in another language)."""
    with force_locale(sheet.locale):
        return get_template_attribute("_macros/cards.html", "login_cards")(sheet)
