"""Login cards: what a student needs to join, on a slip of paper.

Each card carries the class's join address as a QR code, drawn here as an inline
SVG (no image request, no script, nothing from another host). The address is
``<public address>/join/<class code>`` (``app.web.addresses``), so a phone's camera opens the
join page with the class code already filled in.
"""
from __future__ import annotations

from markupsafe import Markup

from app.web.addresses import join_url

__all__ = ["join_url", "qr_svg"]


def qr_svg(url: str, title: str = "") -> Markup:
    """The QR code of ``url`` as inline SVG, sized by the stylesheet (class "qr")."""
    import segno  # imported here: only the login-card page needs it, not every app process's memory

    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, title=title or None)
    return Markup(svg)  # noqa: S704 - segno escapes the title; the rest is numbers and fixed markup
