"""CSV exports of the class reports, made to open cleanly in Excel and LibreOffice.

- UTF-8 with a byte-order mark, so Excel reads "Ayu Kartikasari" and "→" correctly.
- Numbers are written as numbers (75, not "75%"), the same rounded figures as on
  screen: both come from ``app.reports``.
- A cell that begins with =, +, -, @, a tab or a carriage return is neutralised
  with a leading apostrophe: a student named "=HYPERLINK(...)" stays a name and
  never becomes a formula (CSV injection).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask_babel import gettext as _

from app.reports.class_report import FINISHED, IN_PROGRESS, NOT_DONE, NOT_STARTED, OPTED_OUT, AssignmentReport, ClassGrid

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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


def to_csv(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def status_label(status: str) -> str:
    return {
        NOT_STARTED: _("not started"), NOT_DONE: _("not done"), OPTED_OUT: _("opted out"),
        IN_PROGRESS: _("in progress"), FINISHED: _("finished"),
    }[status]


def grid_csv(grid: ClassGrid, show_opt_outs: bool) -> bytes:
    """One row per student, one column per assignment: the score (%) when finished, else the status."""
    header = [_("Student")] + [_("%(title)s (%%)", title=column.title) for column in grid.columns]
    rows: list[list] = []
    for student, cells in grid.rows():
        rows.append([student.name] + [
            cell.percent if cell.percent is not None else status_label(cell.shown_status(show_opt_outs))
            for cell in cells
        ])
    rows.append([_("Finished (%)")] + [column.completion_percent for column in grid.columns])
    rows.append([_("Average (%)")] + [column.average_percent for column in grid.columns])
    return to_csv(header, rows)


def answers_csv(report: AssignmentReport, answers, show_opt_outs: bool) -> bytes:
    """One row per counted answer: student, question, the answer as text, the score (%)."""
    status = {row.student.id: row.cell for row in report.students}
    header = [_("Student"), _("Status"), _("Score (%)"), _("Question number"), _("Question"), _("Answer"),
              _("Answer score (%)")]
    rows = []
    for answer in answers:
        cell = status.get(answer.student_id)
        rows.append([
            answer.student, status_label(cell.shown_status(show_opt_outs)) if cell else "",
            cell.percent if cell else None, answer.number, answer.question, answer.answer, answer.percent,
        ])
    return to_csv(header, rows)
