"""Login cards: what a student needs to join, on a slip of paper.

Each card carries the class's join address as a QR code, drawn here as an inline
SVG (no image request, no script, nothing from another host). The address is
``<PUBLIC_BASE_URL or this site>/join/<class code>``, so a phone's camera opens the
join page with the class code already filled in.
"""
from __future__ import annotations

from flask import current_app, request, url_for
from markupsafe import Markup


def base_url() -> str:
    configured = (current_app.config.get("PUBLIC_BASE_URL") or "").strip()
    return (configured or request.host_url).rstrip("/")


def join_url(join_code: str) -> str:
    return base_url() + url_for("auth.join", class_code=join_code)


def qr_svg(url: str, title: str = "") -> Markup:
    """The QR code of ``url`` as inline SVG, sized by the stylesheet (class "qr")."""
    import segno  # imported here: only the login-card page needs it, not every app process's memory

    code = segno.make_qr(url, error="m")
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", lineclass=None, title=title or None)
    return Markup(svg)  # noqa: S704 - segno escapes the title; the rest is numbers and fixed markup
