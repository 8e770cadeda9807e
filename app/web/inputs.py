"""Input no database can take: text holding the NUL character, and ids past any id column.

PostgreSQL refuses U+0000 in text and no keyboard types it, so a request carrying one
comes from a broken client or a probe. Left alone it would reach the database and
come back as a driver error, shown as "the database is unreachable" (503), while
SQLite would quietly store it. Refused at the door instead, with the 400 page
("something in that request was not right"): nothing saved, the same on both databases.

Likewise an id in a URL (``<int:classroom_id>``) larger than an id column holds
(PostgreSQL's INTEGER: 2^31 - 1) made the driver fail (SQLite: OverflowError, a 500;
PostgreSQL: "integer out of range", a 503). No such row can exist, so the URL simply
does not match: 404, before any query.
"""

from __future__ import annotations

from flask import abort, request
from werkzeug.routing import IntegerConverter

NUL = "\x00"
MAX_ID = 2**31 - 1  # the largest value of an INTEGER id column on PostgreSQL (SQLite's are wider)


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in every URL: a number an id column can hold, else the route does not match (404)."""

    def __init__(
        self,
        map,
        fixed_digits: int = 0,
        min: int | None = None,
        max: int | None = MAX_ID,  # noqa: A002
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def _holds_nul(values) -> bool:
    return any(NUL in key or any(NUL in value for value in items) for key, items in values)


def refuse_nul_characters():
    """before_request: 400 for a NUL character in the form, the query string or the URL."""
    if request.endpoint is None:
        return
    if NUL in request.path or any(NUL in str(value) for value in (request.view_args or {}).values()):
        abort(400)
    if _holds_nul(request.args.lists()) or _holds_nul(request.form.lists()):
        abort(400)
    return
