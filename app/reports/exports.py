"""Every export of Waspada's reports, built from the same read models as the pages.

An export is a ``Table`` (a header and rows of plain values) made from a report's
rows, then written out: CSV today, XLSX later, from the same ``Table``. The figures
are the report's own (``figures.percent``), so a page and its spreadsheet agree.

CSV is made to open cleanly in Excel and LibreOffice:
- UTF-8 with a byte-order mark, so Excel reads "Ayu Kartikasari" and "→" correctly.
- Numbers are written as numbers (75, not "75%").
- A cell that begins with =, +, -, @, a tab or a carriage return is neutralised
  with a leading apostrophe: a student named "=HYPERLINK(...)" stays a name and
  never becomes a formula (CSV injection).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _

from app.models import Classroom
from app.reports.assignment_report import AnswerRow, AssignmentReport
from app.reports.class_grid import Cell, ClassGrid
from app.reports.figures import status_label

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    header: Sequence[str]
    rows: Sequence[Sequence]


def neutralise(value):
    """Numbers pass as they are; text that a spreadsheet would run as a formula gets an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in table.header])
    for row in table.rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _cell_value(cell: Cell, show_opt_outs: bool):
    """A grid cell in a spreadsheet: the score (%) when finished, else the status in words."""
    return cell.percent if cell.percent is not None else status_label(cell.shown_status(show_opt_outs))


def grid_table(grid: ClassGrid, show_opt_outs: bool) -> Table:
    """The class report: one row per student, one column per assignment, then the class's figures."""
    header = [_("Student")] + [_("%(title)s (%%)", title=column.title) for column in grid.columns]
    rows: list[list] = [[student.name] + [_cell_value(cell, show_opt_outs) for cell in cells]
                        for student, cells in grid.rows()]
    rows.append([_("Finished (%)")] + [column.completion_percent for column in grid.columns])
    rows.append([_("Average (%)")] + [column.average_percent for column in grid.columns])
    return Table(header, rows)


def answers_table(report: AssignmentReport, answers: list[AnswerRow], show_opt_outs: bool) -> Table:
    """One assignment's counted answers: student, status, score (%), question, the answer in words, its score (%)."""
    cells = {row.student.id: row.cell for row in report.students}
    header = [_("Student"), _("Status"), _("Score (%)"), _("Question number"), _("Question"), _("Answer"),
              _("Answer score (%)")]
    rows = []
    for answer in answers:
        cell = cells.get(answer.student_id, Cell())
        rows.append([answer.student, status_label(cell.shown_status(show_opt_outs)), cell.percent, answer.number,
                     answer.question, answer.answer, answer.percent])
    return Table(header, rows)


def year_end_table(classroom: Classroom, grid: ClassGrid, show_opt_outs: bool) -> Table:
    """The admin's end-of-year export of a class: one row per student and module, from the class report's grid."""
    header = [_("Class"), _("Student"), _("Module"), _("Status"), _("Best score (%)"), _("Attempts")]
    rows = [
        [classroom.name, student.name, column.title, status_label(cell.shown_status(show_opt_outs)), cell.percent,
         cell.attempts]
        for student, cells in grid.rows() for column, cell in zip(grid.columns, cells, strict=True)
    ]
    return Table(header, rows)
