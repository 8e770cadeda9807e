"""A table to export: a header, rows of plain values, and what kind of value each column holds.

Every export of the reports is one ``Table``, written out as CSV (``exports.to_csv``) or
XLSX (``xlsx.to_xlsx``). The kinds let a spreadsheet show a percent as a percent and a
date as a date; CSV writes every kind as its plain value, so adding a kind never
changes a CSV.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import to_user_timezone


class Kind(enum.StrEnum):
    """What a column holds."""

    TEXT = "text"
    NUMBER = "number"
    PERCENT = "percent"  # a whole percent (63): 63 % in a spreadsheet, 63 in a CSV; a word where there is no score
    DATE = "date"  # a date, or a date and time, shown in the school's time zone


@dataclass(frozen=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence]
    kinds: Sequence[Kind] = ()  # one per column; a column without one holds text or numbers as they come

    def kind(self, column: int) -> Kind:
        return self.kinds[column] if column < len(self.kinds) else Kind.TEXT


def local_time(value: datetime) -> datetime:
    """A stored time (UTC) as the school's clock shows it, without a zone: spreadsheets have none."""
    return to_user_timezone(value).replace(tzinfo=None)


def yes_no(value: bool) -> str:
    return _("yes") if value else _("no")
