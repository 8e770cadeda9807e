"""The module library: every member of staff of any school finds every module, filters them, and opens one."""

from __future__ import annotations

import pytest

from tests.integration.modules.conftest import BANK, EN, text


@pytest.mark.parametrize("role", ["teacher", "counsellor", "admin"])
def test_staff_of_any_school_see_every_module_of_the_catalogue(staff_in_english, login_as, catalogue, role):
    for school in (staff_in_english.a, staff_in_english.b):
        page = text(login_as(getattr(school, role)).get("/modules/", headers=EN))
        for bank in catalogue.banks.values():
            assert bank.title["en"] in page
            assert f'href="/modules/{bank.id}"' in page
            assert f"/modules/{bank.id}/worksheet" in page and f"/modules/{bank.id}/teacher-copy" in page


def test_students_are_refused_and_strangers_are_sent_to_sign_in(client, world, login_as):
    assert client.get("/modules/").headers["Location"].startswith("/login")
    student = login_as(world.a.students[0])
    for url in ("/modules/", f"/modules/{BANK}", f"/modules/{BANK}/preview/q/who-does-it", f"/modules/{BANK}/worksheet"):
        assert student.get(url).status_code == 403, url


def test_the_filters_narrow_the_list_by_school_level_and_theme(teacher):
    primary = text(teacher.get("/modules/?band=sd", headers=EN))
    assert "Sample basics" in primary and "Sample grooming" not in primary
    grooming = text(teacher.get("/modules/?theme=grooming", headers=EN))
    assert "Sample grooming" in grooming and "Sample basics" not in grooming
    nothing = text(teacher.get("/modules/?band=sd&theme=grooming", headers=EN))
    assert "No module for this level and theme yet." in nothing
    unknown = text(teacher.get("/modules/?band=kuliah&theme=no-such-theme", headers=EN))
    assert "Sample basics" in unknown and "Sample grooming" in unknown


def test_a_module_page_shows_what_students_see_first_and_the_lesson_notes(teacher):
    page = text(teacher.get("/modules/sample-grooming", headers=EN))
    assert "What students see first" in page and "Before you start" in page  # grooming is a sensitive theme
    assert "Learning goals" in page and "Discussion questions" in page  # docs/lessons/grooming.md, in English
    assert "Tujuan pembelajaran" not in page
    indonesian = text(teacher.get("/modules/sample-grooming?lang=id", headers=EN))
    assert "Tujuan pembelajaran" in indonesian and "Pertanyaan diskusi" in indonesian
    assert 'lang="id"' in indonesian


def test_an_unknown_module_or_question_is_not_found(teacher):
    assert teacher.get("/modules/no-such-module").status_code == 404
    assert teacher.get(f"/modules/{BANK}/preview/q/no-such-question").status_code == 404
    assert teacher.get("/modules/no-such-module/worksheet").status_code == 404


def test_the_library_is_linked_from_every_staff_menu_and_from_the_assign_page(staff_in_english, login_as):
    world = staff_in_english
    for person in (world.a.teacher, world.a.counsellor, world.a.admin):
        assert 'href="/modules/"' in text(login_as(person).get("/modules/", headers=EN))
    assign = text(login_as(world.a.teacher).get(f"/teacher/classes/{world.a.classroom.id}/assign", headers=EN))
    assert 'href="/modules/"' in assign
    assert f'href="/modules/{BANK}"' in assign and "Preview and lesson notes" in assign


def test_download_for_moodle_is_offered_exactly_when_the_export_exists(app, teacher):
    page = text(teacher.get("/modules/", headers=EN))
    assert ("Download for Moodle" in page) == ("modules.export" in app.view_functions)
