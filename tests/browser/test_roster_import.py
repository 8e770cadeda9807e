"""In Chromium: a teacher goes from the school's Excel class list to printed login cards without typing a name.

The teacher chooses the file in the add-students page, checks the names on the preview
(the header row, the titles and the NIS column left out), unticks a row that is not a
student, adds the rest and opens the login cards. The preview and the admin's cards of
every class pass axe-core.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.browser import scenarios
from tests.browser.steps import AxeSweep, follow, sign_in

pytestmark = pytest.mark.browser
WIDE = 1280
NAMES = [
    "Ayu Lestari",
    "Muhammad Rizky Pratama",
    "Ni Luh Putu Ayu Kartikasari",
    "I Gede Ñoman Wirawan",
    "Anisa Nur'aini",
    "Yohanes Sinaga",
]


def class_list(path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "VIII-B"
    sheet.merge_cells("A1:D1")
    sheet["A1"] = "DAFTAR SISWA KELAS VIII-B"
    sheet.append(["No", "NIS", "Nama Siswa", "L/P"])
    for number, name in enumerate(NAMES, start=1):
        sheet.append([number, f"2425{number:03d}", name, "P"])
    sheet.append(["", "", "Jumlah siswa: 6", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())


def _teacher_and_class(school_id: int) -> tuple[str, int]:
    from app.extensions import db
    from app.models import Role, School
    from tests.factories import make_class, make_user

    teacher = make_user(db.session.get(School, school_id), Role.TEACHER)
    return teacher.username, make_class(teacher, "VIII-B", students=0).id


def test_an_excel_class_list_becomes_login_cards_without_typing_a_name(open_page, live_server, tmp_path):
    world = live_server.seed(scenarios.new_school_admin, "Sekali-Pakai-2026")
    username, classroom_id = live_server.seed(_teacher_and_class, world.school_id)
    path = tmp_path / "daftar-siswa-VIII-B.xlsx"
    class_list(path)
    base, axe = live_server.url, AxeSweep("roster import")
    page = open_page(width=WIDE)
    sign_in(page, base, username, scenarios.PASSWORD)

    page.goto(f"{base}/teacher/classes/{classroom_id}/students")
    page.set_input_files("#upload-file", str(path))
    follow(page, "form:has(#upload-file) button[type=submit]")
    ticks = page.locator("input[name=keep]")
    assert ticks.count() == len(NAMES) + 1
    text = page.locator("main").inner_text()
    assert "Jumlah siswa: 6" in text and "2425001" not in text and "Nama Siswa" in text
    axe.check(page, "preview")

    page.locator("label:has-text('Jumlah siswa: 6') input").uncheck()
    follow(page, "form:has(input[name=keep]) button[type=submit]")
    assert page.url.endswith(f"/teacher/classes/{classroom_id}#roster")
    assert page.locator("#roster tbody tr").count() == len(NAMES)

    follow(page, "main a[href$='/cards']")
    names = page.locator("article.login-card .login-card-name").all_inner_texts()
    assert sorted(names) == sorted(NAMES)
    axe.check(page, "cards")
    axe.assert_clean()
