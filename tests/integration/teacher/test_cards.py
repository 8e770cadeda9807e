"""Login cards: a print-ready page for a class of 40, each card with a QR code of the class's join address."""

from __future__ import annotations

import re

import segno

from app.services import codes
from tests import factories
from tests.integration.teacher.conftest import EN


def qr_matrix_from_svg(svg: str) -> list[list[int]]:
    """Read the dark modules back from segno's SVG path ("M x y" then "h n" dark runs and "m dx dy" moves)."""
    view = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    size = int(view.group(1))
    path = re.search(r' d="([^"]+)"', svg).group(1)
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:
            for column in range(int(x), int(x) + int(a)):
                grid[int(y)][column] = 1
            x += int(a)
    return grid


def expected_matrix(url: str, border: int = 4) -> list[list[int]]:
    code = segno.make_qr(url, error="m")
    return [[1 if dark else 0 for dark in row] for row in code.matrix_iter(border=border)]


def test_cards_for_a_class_of_forty_carry_codes_and_a_qr_of_the_join_address(app, teacher, world):
    classroom = factories.make_class(world.a.teacher, "VIII-B", students=40, locale="en")
    page = teacher.get(f"/teacher/classes/{classroom.id}/cards", headers={"Accept-Language": "id"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert html.count('class="login-card"') == 40
    for student in classroom.students:
        assert f'<p class="login-card-name">{student.display_name}</p>' in html
        assert codes.pretty(student.personal_code) in html
    assert html.count(codes.pretty(classroom.join_code)) >= 40
    assert '<html lang="en">' in html and "Your personal code" in html  # the class's language, not the teacher's

    url = f"http://localhost/join/{classroom.join_code}"
    svgs = re.findall(r"<svg viewBox=.*?</svg>", html, flags=re.S)
    assert len(svgs) == 40
    assert qr_matrix_from_svg(svgs[0]) == expected_matrix(url)
    assert qr_matrix_from_svg(svgs[0]) != expected_matrix(url + "X")  # the check can fail
    assert "<?xml" not in html and "<script" not in html.split("</footer>")[0]


def test_the_join_address_comes_from_the_configured_public_url(app, teacher, world):
    app.config["PUBLIC_BASE_URL"] = "https://waspada.sekolah.sch.id/"
    try:
        html = teacher.get(f"/teacher/classes/{world.a.classroom.id}/cards").get_data(as_text=True)
    finally:
        app.config["PUBLIC_BASE_URL"] = ""
    svg = re.search(r"<svg viewBox=.*?</svg>", html, flags=re.S).group(0)
    assert qr_matrix_from_svg(svg) == expected_matrix(f"https://waspada.sekolah.sch.id/join/{world.a.classroom.join_code}")
    assert "waspada.sekolah.sch.id/join" in html


def test_the_qr_opens_the_join_page_with_the_class_code_filled_in(client, world):
    page = client.get(f"/join/{world.a.classroom.join_code}", headers=EN).get_data(as_text=True)
    assert f'value="{world.a.classroom.join_code}"' in page


def test_one_students_card_after_a_new_code(teacher, world):
    student = world.a.students[1]
    html = teacher.get(f"/teacher/classes/{world.a.classroom.id}/cards?student={student.id}").get_data(as_text=True)
    assert html.count('class="login-card"') == 1 and student.display_name in html
