"""The address of this app as students' phones should open it (login cards, QR codes, letters).

A request's ``Host`` (or ``X-Forwarded-Host`` behind a trusted proxy) is written by
the visitor, so a printed card must not simply repeat it: the configured public
address (``WASPADA_PUBLIC_URL``) wins; without one, Flask's ``TRUSTED_HOSTS``
(``WASPADA_TRUSTED_HOSTS``) refuses any other host with 400 before a page is made.
With neither set, the admin's settings page says so.
"""

from __future__ import annotations

from flask import current_app, request, url_for


def public_address_is_fixed() -> bool:
    return bool((current_app.config.get("PUBLIC_BASE_URL") or "").strip() or current_app.config.get("TRUSTED_HOSTS"))


def base_url() -> str:
    configured = (current_app.config.get("PUBLIC_BASE_URL") or "").strip()
    return (configured or request.host_url).rstrip("/")


def join_url(join_code: str) -> str:
    return base_url() + url_for("auth.join", class_code=join_code)
