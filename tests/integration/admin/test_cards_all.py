"""The admin prints the login cards of every open class at once: class after class, in class order.

Each class is a section of its own that starts a new printed page; its cards are the ones
the class's teacher prints (same macro, same QR of the join address), in the class's
language; archived classes and other schools' classes are not there.
"""

from __future__ import annotations

import re

from app.extensions import db
from app.reports.login_cards import class_order
from app.services import codes
from app.services.data_care import archive
from tests import factories
from tests.integration.teacher.test_cards import expected_matrix, qr_matrix_from_svg


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="class-cards".*?</section>', html, flags=re.S)


def test_the_admin_prints_every_open_class_in_class_order_each_from_a_new_page(world, login_as):
    school = world.a
    school.admin.locale = "en"
    db.session.commit()
    ix = factories.make_class(school.teacher, "IX-A", students=2, locale="en")
    vii = factories.make_class(school.other_teacher, "VII-C", students=4)
    gone = factories.make_class(school.teacher, "VII-A", students=1)
    archive(school.admin, gone)
    db.session.commit()
    factories.make_class(world.b.teacher, "VII-B", students=2)  # another school

    page = login_as(school.admin).get("/admin/classes/cards")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    found = sections(html)
    names = [re.search(r'<h2 id="class-\d+" class="no-print">([^<]+) <span', part).group(1) for part in found]
    assert names == ["VII-C", "VIII-A", "VIII-B", "IX-A"]  # by grade, not alphabetically; no archived class
    assert [part.count('class="login-card"') for part in found] == [4, 3, 3, 2]
    for classroom, part in zip([vii, school.classroom, school.other_classroom, ix], found, strict=True):
        for student in classroom.students:
            assert f'<p class="login-card-name">{student.display_name}</p>' in part
            assert codes.pretty(student.personal_code) in part
        assert codes.pretty(classroom.join_code) in part
        svg = re.search(r"<svg viewBox=.*?</svg>", part, flags=re.S).group(0)
        assert qr_matrix_from_svg(svg) == expected_matrix(f"http://localhost/join/{classroom.join_code}")
    assert "Your personal code" in found[3] and "Kode pribadimu" in found[0]  # each class in its own language
    assert "Login cards of all open classes" in html  # the page in the admin's
    assert "VII-A" not in names and "VII-B" not in html


def test_a_class_without_students_says_so_and_a_school_without_classes_too(world, login_as):
    empty = factories.make_class(world.a.teacher, "X-1", students=0)
    admin = login_as(world.a.admin)
    html = admin.get("/admin/classes/cards").get_data(as_text=True)
    assert html.count('<section class="class-cards"') == 3 and f'id="class-{empty.id}"' in html
    school = factories.make_school("SMA Baru")
    lonely = factories.make_user(school, "admin")
    assert login_as(lonely).get("/admin/classes/cards").status_code == 200


def test_only_admins_print_the_cards_of_all_classes(world, login_as):
    for user in (world.a.teacher, world.a.counsellor):
        assert login_as(user).get("/admin/classes/cards").status_code == 403
    assert world.a.classroom.name in login_as(world.a.admin).get("/admin/classes").get_data(as_text=True)


def test_class_order_reads_grades_in_roman_and_arabic_numbers():
    names = ["XII IPS 1", "IX-A", "Kelas 7C", "VII-B", "10 MIPA", "Ilmu", "VIII A", "7A", "X IPA 2", "Vina", "123"]
    assert sorted(names, key=class_order) == [
        "7A",
        "Kelas 7C",
        "VII-B",
        "VIII A",
        "IX-A",
        "10 MIPA",
        "X IPA 2",
        "XII IPS 1",
        "123",
        "Ilmu",
        "Vina",
    ]


def test_the_cards_of_all_classes_cost_as_many_queries_for_a_big_school_as_for_a_small_one(world, login_as, count_queries):
    admin = login_as(world.a.admin)

    def queries() -> int:
        with count_queries() as statements:
            assert admin.get("/admin/classes/cards").status_code == 200
        return len(statements)

    small = queries()
    for grade in ("VII", "IX", "X", "XI"):
        factories.make_class(world.a.teacher, f"{grade}-A", students=30)
    assert queries() == small <= 8, small
