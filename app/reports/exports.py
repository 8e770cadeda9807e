"""Every export of Waspada's reports, built from the same read models as the pages.

An export is a ``Table`` (a header, rows of plain values, and what kind of value each
column holds) made from a report's rows, then written out as CSV (here) or XLSX
(``app.reports.xlsx``) from the same ``Table``. The figures are the report's own
(``figures.percent``), so a page and its spreadsheets agree.

CSV is made to open cleanly in Excel and LibreOffice:
- UTF-8 with a byte-order mark, so Excel reads "Ayu Kartikasari" and "→" correctly.
- Numbers are written as numbers (75, not "75%"); dates in the school's time zone.
- Two separators: the comma, and the semicolon that Excel expects where the comma is
  the decimal sign (Excel set to Indonesian): with commas it would show each row in
  one cell. The download links say which to pick.
- A cell that begins with =, +, -, @, a tab or a carriage return is neutralised
  with a leading apostrophe: a student named "=HYPERLINK(...)" stays a name and
  never becomes a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _

from app.models import Classroom
from app.reports import xlsx
from app.reports.assignment_report import AnswerRow, AssignmentReport
from app.reports.class_grid import Cell, ClassGrid
from app.reports.figures import status_label
from app.reports.tables import Kind, Table, local_time, yes_no

__all__ = ["Kind", "Table", "answers_table", "grid_table", "csv_form", "neutralise", "spreadsheet", "to_csv", "year_end_table"]

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COMMA, SEMICOLON = ",", ";"
CSV_TYPE = "text/csv; charset=utf-8"


def neutralise(value):
    """Numbers pass as they are; text that a spreadsheet would run as a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return local_time(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(table: Table, separator: str = COMMA) -> bytes:
    """The table as CSV, with commas or (for Excel in Indonesian) with semicolons."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    extension: str
    mimetype: str


def csv_form(separator: str | None) -> str:
    """The CSV a download link asks for: ``?separator=semicolon`` for Excel in Indonesian, else commas."""
    return "csv-semicolon" if separator == "semicolon" else "csv"


def spreadsheet(table: Table, form: str, sheet: str = "") -> ExportFile:
    """The table as a file: ``xlsx``, ``csv`` (commas) or ``csv-semicolon``; ``sheet`` names the XLSX sheet."""
    if form == "xlsx":
        return ExportFile(xlsx.to_xlsx(table, sheet), "xlsx", xlsx.MIMETYPE)
    return ExportFile(to_csv(table, SEMICOLON if form == "csv-semicolon" else COMMA), "csv", CSV_TYPE)


def _cell_value(cell: Cell, show_opt_outs: bool):
    """A grid cell in a spreadsheet: the score (%) when finished, else the status in words."""
    return cell.percent if cell.percent is not None else status_label(cell.shown_status(show_opt_outs))


def grid_table(grid: ClassGrid, show_opt_outs: bool) -> Table:
    """The class report: one row per student, one column per assignment, then the class's figures."""
    header = [_("Student")] + [_("%(title)s (%%)", title=column.title) for column in grid.columns]
    rows: list[list] = [[student.name] + [_cell_value(cell, show_opt_outs) for cell in cells] for student, cells in grid.rows()]
    rows.append([_("Finished (%)")] + [column.completion_percent for column in grid.columns])
    rows.append([_("Average (%)")] + [column.average_percent for column in grid.columns])
    return Table(header, rows, [Kind.TEXT] + [Kind.PERCENT] * len(grid.columns))


def answers_table(report: AssignmentReport, answers: list[AnswerRow], show_opt_outs: bool) -> Table:
    """One assignment's counted answers: student, status, score (%), question, the answer in words, its score (%)."""
    cells = {row.student.id: row.cell for row in report.students}
    header = [_("Student"), _("Status"), _("Score (%)"), _("Question number"), _("Question"), _("Answer"), _("Answer score (%)")]
    rows = []
    for answer in answers:
        cell = cells.get(answer.student_id, Cell())
        rows.append(
            [
                answer.student,
                status_label(cell.shown_status(show_opt_outs)),
                cell.percent,
                answer.number,
                answer.question,
                answer.answer,
                answer.percent,
            ]
        )
    return Table(header, rows, [Kind.TEXT, Kind.TEXT, Kind.PERCENT, Kind.NUMBER, Kind.TEXT, Kind.TEXT, Kind.PERCENT])


def year_end_table(classroom: Classroom, grid: ClassGrid, show_opt_outs: bool) -> Table:
    """The admin's end-of-year export of a class: one row per student and module, from the class report's grid."""
    header = [_("Class"), _("Student"), _("Module"), _("Status"), _("Best score (%)"), _("Attempts")]
    rows = [
        [classroom.name, student.name, column.title, status_label(cell.shown_status(show_opt_outs)), cell.percent, cell.attempts]
        for student, cells in grid.rows()
        for column, cell in zip(grid.columns, cells, strict=True)
    ]
    return Table(header, rows, [Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.TEXT, Kind.PERCENT, Kind.NUMBER])
