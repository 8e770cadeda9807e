"""Spreadsheets: every CSV export also comes as XLSX, and as a CSV for Excel set to Indonesian.

The class of test_report (computed by hand) is exported by its teacher and by the admin;
each file is opened with openpyxl or the csv module and must hold the figures of the
screen: 30 % is the number 0.3 shown as a percent, "in progress" stays a word, dates
are dates in Asia/Jakarta, and a student called "=HYPERLINK(...)" stays text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditAction, AuditEvent
from app.reports import xlsx
from app.reports.exports import to_csv
from app.reports.tables import Kind, Table
from tests import factories
from tests.integration.teacher.test_report import _class_with_answers, hand_computed_class

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HOSTILE = [
    '=HYPERLINK("http://evil.example","klik")',
    "+1",
    "-2",
    "@SUM(A1)",
    "<b>Ayu</b>",
    "Ni Luh Putu Ayu Kartikasari",
    "Muhammad Rizky Ñoman",
    "Anisa Nur'aini",
]


def in_english(*users) -> None:
    for user in users:
        user.locale = "en"
    db.session.commit()


def workbook_of(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX_TYPE
    assert ".xlsx" in response.headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.data))


def csv_rows(response, separator: str = ",") -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark, for Excel
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline=""), delimiter=separator))


def values(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def same_figures(sheet, rows: list[list[str]], percent_columns: set[int]) -> None:
    """Cell by cell, the XLSX holds what the CSV holds: a percent as a number / 100, a word as the same word."""
    assert sheet.max_row == len(rows)
    for xlsx_row, csv_row in zip(sheet.iter_rows(), rows, strict=True):
        for column, (cell, text) in enumerate(zip(xlsx_row, csv_row, strict=True)):
            if cell.value is None:
                assert text == ""
            elif isinstance(cell.value, int | float) and column in percent_columns and cell.row > 1:
                assert cell.number_format == "0%" and round(cell.value * 100) == int(text), (cell.coordinate, text)
            elif isinstance(cell.value, int | float):
                assert cell.value == int(text)
            else:
                assert cell.data_type == "s" and cell.value == text


def test_the_class_report_comes_as_xlsx_and_two_csvs_with_the_same_figures(world, login_as):
    in_english(world.a.teacher)
    classroom, _assignment = hand_computed_class(world.a.teacher)
    client = login_as(world.a.teacher)
    book = workbook_of(client.get(f"/teacher/classes/{classroom.id}/report.xlsx"))
    sheet = book.active
    assert sheet.title == "VIII-B"
    assert values(sheet) == [
        ["Student", "Sample basics (%)"],
        ["Ayu", 1],
        ["Budi", 0.3],
        ["Citra", 0.6],
        ["Dimas", "in progress"],
        ["Eka", "not done"],
        ["Fajar", 1],
        ["Finished (%)", 0.67],
        ["Average (%)", 0.73],
    ]
    assert sheet["B3"].number_format == "0%" and sheet["B5"].data_type == "s"
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet.column_dimensions["A"].width >= 14 and sheet.column_dimensions["B"].width >= 17

    commas = csv_rows(client.get(f"/teacher/classes/{classroom.id}/report.csv"))
    semicolons = csv_rows(client.get(f"/teacher/classes/{classroom.id}/report.csv?separator=semicolon"), ";")
    assert commas == semicolons and commas[2] == ["Budi", "30"]
    same_figures(sheet, commas, {1})
    raw = client.get(f"/teacher/classes/{classroom.id}/report.csv?separator=semicolon").data.decode("utf-8-sig")
    assert raw.splitlines()[0] == "Student;Sample basics (%)"


def test_an_assignments_answers_come_as_xlsx_with_numbers_percents_and_words(world, login_as):
    in_english(world.a.teacher)
    _classroom, assignment = hand_computed_class(world.a.teacher)
    client = login_as(world.a.teacher)
    sheet = workbook_of(client.get(f"/teacher/assignments/{assignment.id}/answers.xlsx")).active
    assert sheet.title == "Sample basics"
    rows = values(sheet)
    assert rows[0] == ["Student", "Status", "Score (%)", "Question number", "Question", "Answer", "Answer score (%)"]
    budi = [row for row in rows if row[0] == "Budi"]
    assert budi[1] == ["Budi", "finished", 0.3, 3, "Which are warning signs?", "Asks you to keep it secret", 0.5]
    assert budi[3][5] == "Stop replying → Keep evidence → Tell a trusted adult"
    number = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Budi")
    assert number[3].data_type == "n" and number[3].number_format == "General" and number[2].number_format == "0%"
    dimas = [row for row in rows if row[0] == "Dimas"]
    assert len(dimas) == 2 and dimas[0][1:3] == ["in progress", None]  # no score yet: an empty cell, not 0 %
    same_figures(sheet, csv_rows(client.get(f"/teacher/assignments/{assignment.id}/answers.csv")), {2, 6})
    semicolons = csv_rows(client.get(f"/teacher/assignments/{assignment.id}/answers.csv?separator=semicolon"), ";")
    assert semicolons == csv_rows(client.get(f"/teacher/assignments/{assignment.id}/answers.csv"))


def test_the_admins_year_end_export_comes_as_xlsx(world, login_as):
    in_english(world.a.admin)
    classroom, _assignment = hand_computed_class(world.a.teacher)
    admin = login_as(world.a.admin)
    sheet = workbook_of(admin.get(f"/admin/classes/{classroom.id}/results.xlsx")).active
    rows = values(sheet)
    assert rows[0] == ["Class", "Student", "Module", "Status", "Best score (%)", "Attempts"]
    assert ["VIII-B", "Budi", "Sample basics", "finished", 0.3, 2] in rows
    assert ["VIII-B", "Eka", "Sample basics", "not done", None, 0] in rows
    assert sheet["E2"].number_format == "0%" and sheet.freeze_panes == "A2"
    same_figures(sheet, csv_rows(admin.get(f"/admin/classes/{classroom.id}/results.csv")), {4})
    assert csv_rows(admin.get(f"/admin/classes/{classroom.id}/results.csv?separator=semicolon"), ";") == csv_rows(
        admin.get(f"/admin/classes/{classroom.id}/results.csv")
    )
    disposition = admin.get(f"/admin/classes/{classroom.id}/results.xlsx").headers["Content-Disposition"]
    assert disposition.endswith('-VIII-B.xlsx"') or "VIII-B.xlsx" in disposition


def formulas_in(content: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return [name for name in sheets if b"<f>" in archive.read(name) or b"<f " in archive.read(name)]


def test_hostile_and_indonesian_names_stay_text_in_every_xlsx(world, login_as):
    in_english(world.a.teacher, world.a.admin)
    classroom = factories.make_class(world.a.teacher, "=cmd|' /C calc'!A0 [7]", students=0)
    for name in HOSTILE:
        factories.make_student(classroom, name)
    assignment = factories.make_assignment(classroom, "sample-basics")
    for student in classroom.students:
        factories.answer_all(student, assignment)
    teacher, admin = login_as(world.a.teacher), login_as(world.a.admin)
    files = {
        "grid": teacher.get(f"/teacher/classes/{classroom.id}/report.xlsx"),
        "answers": teacher.get(f"/teacher/assignments/{assignment.id}/answers.xlsx"),
        "year end": admin.get(f"/admin/classes/{classroom.id}/results.xlsx"),
    }
    for export, response in files.items():
        sheet = workbook_of(response).active
        assert formulas_in(response.data) == [], export
        name_column = 1 if export == "year end" else 0
        names = {row[name_column].value for row in sheet.iter_rows(min_row=2) if row[name_column].data_type == "s"}
        assert set(HOSTILE) <= names, f"{export}: {sorted(set(HOSTILE) - names)}"
        for row in sheet.iter_rows(min_row=2):
            if row[name_column].value in HOSTILE:
                assert row[name_column].data_type == "s"  # text, never a formula or a number
    year_end = workbook_of(files["year end"]).active
    assert year_end["A2"].value == "=cmd|' /C calc'!A0 [7]" and year_end["A2"].data_type == "s"
    assert workbook_of(files["grid"]).active.title == "=cmd|' -C calc'!A0 -7-"  # what Excel allows in a sheet name


def test_every_xlsx_export_is_audited_like_the_csv(world, login_as):
    classroom, assignment = hand_computed_class(world.a.teacher)
    teacher, admin = login_as(world.a.teacher), login_as(world.a.admin)
    teacher.get(f"/teacher/classes/{classroom.id}/report.xlsx")
    teacher.get(f"/teacher/assignments/{assignment.id}/answers.xlsx")
    teacher.get(f"/teacher/classes/{classroom.id}/report.csv?separator=semicolon")
    admin.get(f"/admin/classes/{classroom.id}/results.xlsx")
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.target_id == classroom.id).order_by(AuditEvent.id)).all()
    exported = [
        (event.action, event.details.get("report"), event.details.get("format"))
        for event in events
        if event.action in (AuditAction.REPORT_EXPORT, AuditAction.CLASSROOM_EXPORT)
    ]
    assert exported == [
        (AuditAction.REPORT_EXPORT, "class", "xlsx"),
        (AuditAction.REPORT_EXPORT, "answers", "xlsx"),
        (AuditAction.REPORT_EXPORT, "class", "csv"),
        (AuditAction.CLASSROOM_EXPORT, None, "xlsx"),
    ]


def test_the_download_links_say_which_file_to_pick(world, login_as):
    in_english(world.a.teacher, world.a.admin)
    classroom, assignment = hand_computed_class(world.a.teacher)
    client = login_as(world.a.teacher)
    page = client.get(f"/teacher/classes/{classroom.id}/report").get_data(as_text=True)
    assert f'href="/teacher/classes/{classroom.id}/report.xlsx"' in page
    assert f'href="/teacher/classes/{classroom.id}/report.csv?separator=semicolon"' in page
    assert f'href="/teacher/classes/{classroom.id}/report.csv"' in page
    assert "Excel set to Indonesian" in page and "semicolons" in page
    page = client.get(f"/teacher/assignments/{assignment.id}/report").get_data(as_text=True)
    assert f'href="/teacher/assignments/{assignment.id}/answers.xlsx"' in page and "separator=semicolon" in page
    page = login_as(world.a.admin).get("/admin/classes").get_data(as_text=True)
    assert f'href="/admin/classes/{classroom.id}/results.xlsx"' in page
    assert f'href="/admin/classes/{classroom.id}/results.csv?separator=semicolon"' in page


def test_xlsx_exports_keep_to_the_class_and_the_school(world, login_as):
    other = world.a.other_classroom
    assignment = factories.make_assignment(other, "sample-basics", teacher=world.a.other_teacher)
    teacher = login_as(world.a.teacher)
    assert teacher.get(f"/teacher/classes/{other.id}/report.xlsx").status_code == 404
    assert teacher.get(f"/teacher/assignments/{assignment.id}/answers.xlsx").status_code == 404
    assert teacher.get(f"/admin/classes/{world.a.classroom.id}/results.xlsx").status_code == 403
    assert login_as(world.b.admin).get(f"/admin/classes/{world.a.classroom.id}/results.xlsx").status_code == 404
    assert login_as(world.a.counsellor).get(f"/teacher/classes/{other.id}/report.xlsx").status_code == 200


def test_the_xlsx_exports_run_as_many_queries_for_60_students_as_for_5(world, login_as, count_queries):
    def queries(size: int) -> int:
        classroom, assignment = _class_with_answers(world.a.teacher, size)
        client = login_as(world.a.teacher)
        with count_queries() as statements:
            assert client.get(f"/teacher/classes/{classroom.id}/report.xlsx").status_code == 200
            assert client.get(f"/teacher/assignments/{assignment.id}/answers.xlsx").status_code == 200
        return len(statements)

    small, large = queries(5), queries(60)
    assert small == large and large <= 30, (small, large)


# --- The writer itself --------------------------------------------------------------------


def test_dates_are_dates_in_the_schools_time_zone(app):
    stored = datetime(2026, 7, 31, 20, 30)  # UTC, as the database keeps it: 03:30 the next day in Jakarta
    table = Table(
        ["When", "Due", "Score (%)", "Done"],
        [[stored, date(2026, 8, 7), 63, True]],
        [Kind.DATE, Kind.DATE, Kind.PERCENT, Kind.TEXT],
    )
    with app.test_request_context(headers={"Accept-Language": "en"}):
        content = xlsx.to_xlsx(table, "Dates")
        text = to_csv(table).decode("utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet["A2"].value == datetime(2026, 8, 1, 3, 30) and sheet["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert sheet["B2"].value == datetime(2026, 8, 7) and sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["C2"].value == 0.63 and sheet["D2"].value == "yes"
    assert text.splitlines()[1] == "2026-08-01 03:30,2026-08-07,63,yes"


@pytest.mark.parametrize(
    ("name", "sheet"),
    [
        ("VIII-B", "VIII-B"),
        ("Kelas 7/A [IPA]?", "Kelas 7-A -IPA--"),
        ("'quoted'", "quoted"),
        ("", "Waspada"),
        ("History", "Waspada"),
        ("x" * 40, "x" * 31),
        ("Kelas 七", "Kelas 七"),
    ],
)
def test_sheet_names_are_what_excel_accepts(name, sheet):
    assert xlsx.sheet_name(name) == sheet
