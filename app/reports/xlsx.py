"""A report's ``Table`` as an Excel workbook (XLSX): the same columns and figures as its CSV.

What a spreadsheet adds to the CSV, and nothing else:
- percents are numbers formatted as percents (0.63 shown as 63 %), so they sort and
  average; a cell with no score keeps its word ("in progress") as text;
- dates are dates, in the school's time zone (``tables.local_time``);
- the header row is bold and frozen, and each column is as wide as its content.

Text is always written as text: XlsxWriter's conversion of strings to formulas, links
and numbers is switched off and every string goes through ``write_string``, so a
student named "=HYPERLINK(...)" stays a name (no apostrophe is needed, unlike CSV).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time

from app.reports.tables import Kind, Table, local_time, yes_no

MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERCENT_FORMAT = "0%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60
MAX_SHEET_NAME = 31  # Excel's limit

_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def sheet_name(text: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\, no apostrophe at either end."""
    name = _NOT_IN_SHEET_NAMES.sub("-", " ".join((text or "").split()))[:MAX_SHEET_NAME].strip(" '")
    return name if name and name.casefold() != "history" else "Waspada"


def _shown(value, kind: Kind) -> str:
    """Roughly what the cell shows, to size its column."""
    if value is None:
        return ""
    if kind == Kind.PERCENT and isinstance(value, int | float):
        return f"{value}%"
    if isinstance(value, datetime):
        return "2000-01-01 00:00"
    return str(value)


def _widths(table: Table) -> list[int]:
    columns = len(table.header)
    longest = [min(len(str(text)), 30) for text in table.header]  # a long header wraps rather than widens
    for row in table.rows:
        for column, value in enumerate(row[:columns]):
            longest[column] = max(longest[column], len(_shown(value, table.kind(column))))
    return [min(MAX_WIDTH, max(MIN_WIDTH, width + 2)) for width in longest]


def to_xlsx(table: Table, sheet: str = "") -> bytes:
    """The table as one sheet named ``sheet``, header row frozen."""
    import xlsxwriter  # here: only a download needs it, not every serving process's memory (~2 MiB)

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    worksheet = workbook.add_worksheet(sheet_name(sheet))
    formats = {
        "header": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}),
        Kind.PERCENT: workbook.add_format({"num_format": PERCENT_FORMAT}),
        "date": workbook.add_format({"num_format": DATE_FORMAT}),
        "datetime": workbook.add_format({"num_format": DATETIME_FORMAT}),
    }
    for column, text in enumerate(table.header):
        worksheet.write_string(0, column, str(text), formats["header"])
    for number, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row):
            _write(worksheet, number, column, value, table.kind(column), formats)
    for column, width in enumerate(_widths(table)):
        worksheet.set_column(column, column, width)
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _write(worksheet, row: int, column: int, value, kind: Kind, formats: dict) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        worksheet.write_string(row, column, yes_no(value))
    elif isinstance(value, int | float):
        if kind == Kind.PERCENT:
            worksheet.write_number(row, column, value / 100, formats[Kind.PERCENT])
        else:
            worksheet.write_number(row, column, value)
    elif isinstance(value, datetime):
        worksheet.write_datetime(row, column, local_time(value), formats["datetime"])
    elif isinstance(value, date):
        worksheet.write_datetime(row, column, datetime.combine(value, time()), formats["date"])
    else:
        worksheet.write_string(row, column, str(value))
