"""Class lists in: from the school's Excel file (or a CSV, or rows pasted from a spreadsheet) to printed cards.

Every file here is made by the test the way schools make them: openpyxl and XlsxWriter
workbooks with a title row merged across the columns, a header row ("No", "NIS",
"NISN", "Nama Siswa", "L/P"), formulas, blank rows, several sheets; CSV files written
by Excel in Indonesian (semicolons, Windows-1252) or as UTF-8 with a byte-order mark.
Nothing is created until the teacher confirms the preview, and the NIS and NISN never
reach the database.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest
import xlsxwriter
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Student
from app.services import roster_files
from app.services.errors import ServiceError
from tests import factories

NAMES = [
    "Ayu Lestari",
    "Muhammad Rizky Pratama",
    "Ni Luh Putu Ayu Kartikasari",
    "I Gede Ñoman Wirawan",
    "Anisa Nur'aini",
    "Dewi Sartika",
    "Putu Ayu Widyaningsih",
    "Yohanes Sinaga",
]
NIS = [f"2425{n:03d}" for n in range(1, len(NAMES) + 1)]
NISN = [f"00{98765400 + n}" for n in range(1, len(NAMES) + 1)]


def names_in(classroom) -> list[str]:
    return list(db.session.scalars(select(Student.display_name).where(Student.classroom_id == classroom.id).order_by(Student.id)))


def count_in(classroom) -> int:
    return db.session.scalar(select(func.count(Student.id)).where(Student.classroom_id == classroom.id))


def school_workbook(names=NAMES, *, extra_sheets: bool = True) -> bytes:
    """A school's class list as Excel keeps it: an info sheet first, a hidden sheet, the list with a merged title."""
    book = openpyxl.Workbook()
    info = book.active
    info.title = "Petunjuk"
    info["A1"] = "Isi daftar siswa pada sheet berikutnya."
    sheet = book.create_sheet("VIII-B")
    sheet.merge_cells("A1:E1")
    sheet["A1"] = "DAFTAR SISWA KELAS VIII-B"
    sheet["A2"] = "Tahun Pelajaran 2025/2026"
    sheet.append([])
    sheet.append(["No", "NIS", "NISN", "Nama Siswa", "L/P"])
    for number, name in enumerate(names, start=1):
        sheet.append(["=ROW()-4", NIS[(number - 1) % len(NIS)], NISN[(number - 1) % len(NISN)], name, "P" if number % 2 else "L"])
        if number == 3:
            sheet.append([None, None, None, None, None])  # a blank row in the middle
    if extra_sheets:
        hidden = book.create_sheet("Rekap")
        hidden["A1"] = "Nama"
        hidden["A2"] = "Tersembunyi"
        hidden.sheet_state = "hidden"
        other = book.create_sheet("VIII-C")
        other.append(["No", "Nama Lengkap"])
        other.append([1, "Bagus Saputra"])
        other.append([2, "Citra Kirana"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BOUNDARY = "----waspada-test-boundary"


def upload(client, classroom, content: bytes, filename: str = "daftar-siswa.xlsx", **choices):
    """Send a file as a browser does (the body encoded here: Werkzeug's test client leaves a large one's
    temporary file open)."""
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload-{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in choices.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="upload-file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()
    return client.post(
        f"/teacher/classes/{classroom.id}/students/import", data=body, content_type=f"multipart/form-data; boundary={BOUNDARY}"
    )


def previewed(page: str) -> tuple[str, list[str]]:
    """The signed list and the names with a tick on a preview page."""
    token = re.search(r'<input id="names" name="names" type="hidden" value="([^"]+)"', page).group(1)
    ticks = re.findall(r'<input type="checkbox" name="keep" value="(\d+)" checked> ([^<]*)</label>', page)
    return token, [name for _value, name in ticks]


def confirm(client, classroom, token: str, keep) -> object:
    return client.post(
        f"/teacher/classes/{classroom.id}/students/confirm", data={"names": token, "keep": [str(index) for index in keep]}
    )


@pytest.fixture
def teacher_en(teacher, world):
    world.a.teacher.locale = "en"
    db.session.commit()
    return teacher


def test_a_teacher_goes_from_the_schools_excel_list_to_printed_cards_without_typing_a_name(teacher_en, world):
    classroom = factories.make_class(world.a.teacher, "VIII-B", students=0)
    response = upload(teacher_en, classroom, school_workbook())
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    token, ticked = previewed(page)
    assert ticked == [name.replace("'", "&#39;") for name in NAMES]
    assert "Sheet read: VIII-B (of 3 sheets)" in page  # the hidden sheet is not offered
    assert "Names read from column D" in page and "“Nama Siswa”" in page
    assert "Row 4 is the header row and is not a student." in page and "2 rows above it (titles) were left out." in page
    assert "1 blank row was skipped." in page
    assert not any(number in page for number in NIS + NISN)  # NIS and NISN are read only to be dropped
    assert count_in(classroom) == 0  # a preview creates nothing

    added = confirm(teacher_en, classroom, token, range(len(NAMES)))
    assert added.status_code == 302 and added.headers["Location"].endswith(f"/teacher/classes/{classroom.id}#roster")
    assert names_in(classroom) == NAMES
    stored = " ".join(db.session.scalars(select(Student.display_name)))
    stored += " ".join(str(event.details) for event in db.session.scalars(select(AuditEvent)))
    assert not any(number in stored for number in NIS + NISN)

    cards = teacher_en.get(f"/teacher/classes/{classroom.id}/cards").get_data(as_text=True)
    assert cards.count('class="login-card"') == len(NAMES)
    for student in db.session.scalars(select(Student).where(Student.classroom_id == classroom.id)):
        assert f'<p class="login-card-name">{student.display_name.replace(chr(39), "&#39;")}</p>' in cards
        assert len(student.personal_code) == 6 or student.personal_code


def test_nothing_is_created_when_the_teacher_cancels_or_the_list_is_tampered_with(teacher_en, world, login_as):
    classroom = world.a.classroom  # Ayu, Budi, Citra
    page = upload(teacher_en, classroom, school_workbook()).get_data(as_text=True)
    token, _names = previewed(page)
    assert f'href="/teacher/classes/{classroom.id}">Cancel: add nobody</a>' in page
    assert teacher_en.get(f"/teacher/classes/{classroom.id}").status_code == 200  # cancelling is leaving the page
    assert count_in(classroom) == 3

    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    refused = confirm(teacher_en, classroom, forged, [0])
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/students")
    other_class = world.a.other_classroom
    assert confirm(login_as(world.a.other_teacher), other_class, token, [0]).status_code == 302  # for class A only
    assert count_in(other_class) == 3 and count_in(classroom) == 3
    assert confirm(teacher_en, classroom, token, []).status_code == 302  # nothing ticked: nobody added
    assert count_in(classroom) == 3


def test_unticked_names_are_left_out_and_names_already_in_the_class_are_skipped(teacher_en, world):
    classroom = world.a.classroom
    factories.make_student(classroom, "dewi  sartika")
    page = upload(teacher_en, classroom, school_workbook(NAMES + ["AYU LESTARI", "Jumlah"])).get_data(as_text=True)
    token, ticked = previewed(page)
    assert "Dewi Sartika" not in ticked and "AYU LESTARI" not in ticked and "Jumlah" in ticked
    assert "1 name is already in the class and is skipped: Dewi Sartika" in page
    assert "Twice in the list, added once: AYU LESTARI" in page
    keep = [index for index, name in enumerate(ticked) if name != "Jumlah"]
    confirm(teacher_en, classroom, token, keep)
    assert "Jumlah" not in names_in(classroom) and "Yohanes Sinaga" in names_in(classroom)
    assert count_in(classroom) == 4 + len(NAMES) - 1


def test_the_teacher_chooses_another_sheet_and_column_and_sends_the_file_again(teacher_en, world):
    classroom = world.a.classroom
    content = school_workbook()
    page = upload(teacher_en, classroom, content).get_data(as_text=True)
    assert '<option value="VIII-C">VIII-C</option>' in page and "Rekap" not in page
    assert '<option value="3">D: Nama Siswa</option>' in page
    other = upload(teacher_en, classroom, content, sheet="VIII-C").get_data(as_text=True)
    assert previewed(other)[1] == ["Bagus Saputra", "Citra Kirana"]
    numbers = upload(teacher_en, classroom, content, sheet="VIII-B", column="1").get_data(as_text=True)
    assert 'name="keep"' not in numbers and "There is no new name to add." in numbers  # NIS can never be a name
    assert "cells without letters (numbers, dashes) were skipped" in numbers and not any(n in numbers for n in NIS)


def test_formulas_keep_their_calculated_value_and_merged_cells_are_read_once(teacher_en, world):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Kelas 7A")
    sheet.merge_range("A1:C1", "Daftar Nama Peserta Didik")
    sheet.write_row(1, 0, ["No", "Nama Lengkap", "Kelas"])
    sheet.write_row(2, 0, [1, "Bagus Saputra", "7A"])
    sheet.write_formula(3, 1, '=PROPER("citra kirana")', None, "Citra Kirana")  # as Excel saved it
    sheet.write_formula(4, 1, '=PROPER("never calculated")')  # XlsxWriter's stand-in value: 0, not a name
    sheet.write_formula(5, 0, "=ROW()-2", None, 4)
    sheet.merge_range("B6:C6", "Dimas Anggara")
    book.close()
    page = upload(teacher_en, world.a.classroom, buffer.getvalue()).get_data(as_text=True)
    assert previewed(page)[1] == ["Bagus Saputra", "Citra Kirana", "Dimas Anggara"]
    assert "1 cell without letters (a number, a dash) was skipped" in page
    assert "1 row above it (a title) was left out." in page


def test_formulas_never_calculated_read_as_blank(teacher_en, world):
    """openpyxl writes formulas without a value (as a program, not Excel, would): such cells are blank."""
    book = openpyxl.Workbook()
    book.active.append(["Nama"])
    book.active.append(["Eka Putri"])
    book.active.append(['=CONCATENATE("Fajar", " ", "Nugroho")'])
    book.active.append(["Gita Gutawa"])
    buffer = io.BytesIO()
    book.save(buffer)
    page = upload(teacher_en, world.a.classroom, buffer.getvalue()).get_data(as_text=True)
    assert previewed(page)[1] == ["Eka Putri", "Gita Gutawa"] and "1 blank row was skipped." in page


def test_csv_class_lists_from_excel_in_indonesian_and_as_utf8(teacher_en, world):
    classroom = world.a.classroom
    semicolons = "No;NISN;Nama\r\n1;0098765401;Ñoman Wirawan\r\n2;0098765402;Siti Nurhaliza\r\n".encode("cp1252")
    assert previewed(upload(teacher_en, classroom, semicolons, "kelas.csv").get_data(as_text=True))[1] == [
        "Ñoman Wirawan",
        "Siti Nurhaliza",
    ]
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["No", "Nama Siswa", "Catatan"])
    writer.writerows([[1, "Ayu, S.", "pindahan"], [2, "Ketut Ayu Sriwahyuni", ""], [3, "王小明", ""]])
    utf8 = ("\ufeff" + text.getvalue()).encode("utf-8")
    assert previewed(upload(teacher_en, classroom, utf8, "kelas.csv").get_data(as_text=True))[1] == [
        "Ayu, S.",
        "Ketut Ayu Sriwahyuni",
        "王小明",
    ]
    one_column = b"Bagus\r\nCitra Kirana\r\n"
    assert previewed(upload(teacher_en, classroom, one_column, "nama.csv").get_data(as_text=True))[1] == ["Bagus", "Citra Kirana"]


def test_hostile_names_are_shown_as_text_and_stored_as_typed(teacher_en, world):
    hostile = ['=HYPERLINK("http://evil.example","klik")', "<script>alert(1)</script>", "Robert'); DROP TABLE x;--", "@SUM(A1)"]
    book = openpyxl.Workbook()
    book.active.append(["Nama"])
    for name in hostile:
        book.active.append([name])
    book.active["A2"].data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    buffer = io.BytesIO()
    book.save(buffer)
    classroom = factories.make_class(world.a.teacher, "IX-D", students=0)
    page = upload(teacher_en, classroom, buffer.getvalue()).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    token, ticked = previewed(page)
    assert len(ticked) == 4
    confirm(teacher_en, classroom, token, range(4))
    assert sorted(names_in(classroom)) == sorted(hostile)


def five_hundred(count: int) -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Angkatan 2025")
    sheet.append(["No", "NIS", "Nama"])
    for number in range(1, count + 1):
        sheet.append([number, f"24{number:05d}", f"Siswa Ke-{number} Wulandari"])
    book.save(buffer)
    return buffer.getvalue()


def test_a_list_of_500_rows_is_added_and_one_of_501_is_refused(teacher_en, world):
    classroom = factories.make_class(world.a.teacher, "Angkatan", students=0)
    refused = upload(teacher_en, classroom, five_hundred(501)).get_data(as_text=True)
    assert "The list has more than 500 rows of names. Import one class at a time." in refused
    page = upload(teacher_en, classroom, five_hundred(500)).get_data(as_text=True)
    token, ticked = previewed(page)
    assert len(ticked) == 500 and "500 new students" in page
    assert confirm(teacher_en, classroom, token, range(500)).status_code == 302
    assert count_in(classroom) == 500
    codes = set(db.session.scalars(select(Student.personal_code).where(Student.classroom_id == classroom.id)))
    assert len(codes) == 500


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"No;Nama\r\n" + b"1;Ayu Lestari" + b" " * 1_000_000, "besar.csv", "The file is larger than 1 MB."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "lama.xls", "Excel files in the .xlsx format and CSV"),
        (b"PK\x03\x04 not really a zip", "rusak.xlsx", "This file could not be read as a spreadsheet."),
        (b"\x00\x01\x02binary", "gambar.png", "This file could not be read as a spreadsheet."),
        (b"   \r\n", "kosong.csv", "No names were found in this file."),
    ],
)
def test_files_that_are_not_class_lists_are_refused_with_a_clear_message(teacher_en, world, content, filename, message):
    response = upload(teacher_en, world.a.classroom, content, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and 'class="error"' in page
    assert count_in(world.a.classroom) == 3


def test_a_small_file_that_would_unpack_into_a_huge_one_is_refused(teacher_en, world):
    buffer = io.BytesIO(school_workbook())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * 40_000_000)  # 40 MB of zeros: about 40 kB packed
    assert len(buffer.getvalue()) < 200_000
    page = upload(teacher_en, world.a.classroom, buffer.getvalue()).get_data(as_text=True)
    assert "This file could not be read as a spreadsheet." in page and count_in(world.a.classroom) == 3


def test_a_body_over_the_servers_limit_is_refused_before_it_is_read(teacher_en, world):
    response = upload(teacher_en, world.a.classroom, b"x" * 2_000_000, "besar.csv")
    assert response.status_code == 413 and count_in(world.a.classroom) == 3


def test_no_file_chosen_says_so(teacher_en, world):
    response = teacher_en.post(
        f"/teacher/classes/{world.a.classroom.id}/students/import", data={}, content_type="multipart/form-data"
    )
    assert response.status_code == 200 and "Choose a file." in response.get_data(as_text=True)


# --- Issue 16: pastes that come from a spreadsheet ---------------------------------------


def paste(client, classroom, text: str, **more):
    return client.post(f"/teacher/classes/{classroom.id}/students", data={"many-names": text, **more})


def test_two_pasted_columns_with_a_header_are_read_as_names_and_shown_before_adding(teacher_en, world):
    classroom = world.a.classroom
    response = paste(teacher_en, classroom, "No\tNama\r\n1\tIndah Permata\r\n2\tJoko Susilo\r\n\r\n3\tKartika Sari\r\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and count_in(classroom) == 3  # shown, not added
    token, ticked = previewed(page)
    assert ticked == ["Indah Permata", "Joko Susilo", "Kartika Sari"]
    assert "Row 1 is the header row" in page and "1 blank row was skipped." in page
    confirm(teacher_en, classroom, token, range(3))
    assert names_in(classroom)[3:] == ["Indah Permata", "Joko Susilo", "Kartika Sari"]
    assert "No Nama" not in names_in(classroom) and "1 Indah Permata" not in names_in(classroom)


def test_a_header_and_numbers_pasted_as_one_column_are_left_out(teacher_en, world):
    page = paste(teacher_en, world.a.classroom, "No Nama\n1 Ayu Lestari\n2. Lina Marlina\n3) Maya Sari").get_data(as_text=True)
    assert previewed(page)[1] == ["Ayu Lestari", "Lina Marlina", "Maya Sari"]
    assert "The numbers in front of the names were left out." in page


def test_the_teacher_picks_another_pasted_column_on_the_preview(teacher_en, world):
    text = "NIS\tNama\tNama Panggilan\n2425001\tNi Luh Putu Ayu\tAyu\n2425002\tI Made Budiarta\tMade\n"
    first = paste(teacher_en, world.a.classroom, text).get_data(as_text=True)
    assert previewed(first)[1] == ["Ni Luh Putu Ayu", "I Made Budiarta"] and "2425001" not in first.split("<form")[1]
    assert '<option value="2">C: Nama Panggilan</option>' in first
    nicknames = paste(teacher_en, world.a.classroom, text, **{"many-column": "2"}).get_data(as_text=True)
    assert previewed(nicknames)[1] == ["Made"]  # Ayu is already in the class
    assert "1 name is already in the class and is skipped: Ayu" in nicknames


def test_a_plain_list_is_still_added_at_once(teacher_en, world):
    response = paste(teacher_en, world.a.classroom, "Nanda\nOki\n")
    assert response.status_code == 302 and names_in(world.a.classroom)[3:] == ["Nanda", "Oki"]


def test_a_counsellor_and_another_teacher_cannot_import(world, login_as, teacher):
    classroom = world.a.classroom
    counsellor = login_as(world.a.counsellor)
    assert upload(counsellor, classroom, school_workbook()).status_code == 403
    assert counsellor.post(f"/teacher/classes/{classroom.id}/students/confirm", data={}).status_code == 403
    assert upload(teacher, world.a.other_classroom, school_workbook()).status_code == 404
    assert teacher.post(f"/teacher/classes/{world.b.classroom.id}/students/confirm", data={}).status_code == 404


# --- The reader itself --------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", ["Nama", "NAMA SISWA", "Nama Lengkap", "nama lengkap:", "Nama Peserta Didik", "No. Nama", "Name", "Student name"]
)
def test_name_headers_are_recognised(header):
    assert roster_files.is_name_header(header)


@pytest.mark.parametrize("text", ["No", "NIS", "NISN", "Nama Ayah", "Ayu", "Tempat Lahir", ""])
def test_other_headers_are_not_name_headers(text):
    assert not roster_files.is_name_header(text)


def test_without_a_header_the_column_that_reads_like_names_is_chosen():
    reading = roster_files.read_paste("1\t0098765401\tAyu Lestari\tP\n2\t0098765402\tBudi\tL\n")
    assert (reading.column, reading.names, reading.header_row) == (2, ["Ayu Lestari", "Budi"], None)


def test_a_pasted_list_of_more_than_500_names_is_too_long():
    with pytest.raises(ServiceError) as refused:
        roster_files.read_paste("No\tNama\n" + "\n".join(f"{n}\tSiswa {n}" for n in range(501)))
    assert refused.value.code == "too_many_rows"
