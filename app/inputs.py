"""Input no page can keep: text holding the NUL character.

PostgreSQL refuses U+0000 in text and no keyboard types it, so a request carrying one
comes from a broken client or a probe. Left alone it would reach the database and
come back as a driver error, shown as "the database is unreachable" (503), while
SQLite would quietly store it. Refused at the door instead, with the 400 page
("something in that request was not right"): nothing saved, the same on both databases.
"""
from __future__ import annotations

from flask import abort, request

NUL = "\x00"


def _holds_nul(values) -> bool:
    return any(NUL in key or any(NUL in value for value in items) for key, items in values)


def refuse_nul_characters():
    """before_request: 400 for a NUL character in the form, the query string or the URL."""
    if request.endpoint is None:
        return None
    if NUL in request.path or any(NUL in str(value) for value in (request.view_args or {}).values()):
        abort(400)
    if _holds_nul(request.args.lists()) or _holds_nul(request.form.lists()):
        abort(400)
    return None
