"""Parents' consent before students may join, and the letters to parents from the lesson notes."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, ConsentRecord
from app.teacher.letters import parents_letter
from tests import factories
from tests.integration.teacher.conftest import EN


def test_students_join_only_after_the_teacher_records_consent(app, teacher, world, login_as):
    classroom = factories.make_class(world.a.teacher, "VII-A", students=2, consent=False)
    student = classroom.students[0]
    refused = app.test_client().post(
        "/join", headers=EN, data={"class_code": classroom.join_code, "personal_code": student.personal_code}
    )
    assert "Your class is not open yet" in refused.get_data(as_text=True)
    page = teacher.get(f"/teacher/classes/{classroom.id}", headers=EN).get_data(as_text=True)
    assert "Not recorded" in page and "Students cannot sign in until" in page

    response = teacher.post(
        f"/teacher/classes/{classroom.id}/consent",
        data={"informed_on": "2026-01-12", "method": "Letter signed by parents", "notes": "2 letters came back late"},
    )
    assert response.status_code == 302
    record = db.session.scalar(select(ConsentRecord).where(ConsentRecord.classroom_id == classroom.id))
    assert (record.informed_on, record.method, record.notes) == (
        date(2026, 1, 12),
        "Letter signed by parents",
        "2 letters came back late",
    )
    assert record.recorded_by_id == world.a.teacher.id
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == classroom.id)) == "consent:record"
    assert "Recorded" in teacher.get(f"/teacher/classes/{classroom.id}", headers=EN).get_data(as_text=True)
    login_as(student)  # the class is open now


def test_a_consent_record_can_be_corrected_and_stays_one_record(teacher, world):
    url = f"/teacher/classes/{world.a.classroom.id}/consent"
    teacher.post(url, data={"informed_on": "2026-01-12", "method": "Parents' meeting"})
    records = db.session.scalars(select(ConsentRecord).where(ConsentRecord.classroom_id == world.a.classroom.id)).all()
    assert len(records) == 1 and records[0].method == "Parents' meeting"


def test_bad_consent_input_is_refused_and_nothing_is_recorded(teacher, world):
    classroom = factories.make_class(world.a.teacher, "VII-B", consent=False)
    url = f"/teacher/classes/{classroom.id}/consent"
    future = (date.today() + timedelta(days=5)).isoformat()
    for data, message in (
        ({"informed_on": future, "method": "Letter"}, "This date is in the future."),
        ({"informed_on": "2026-01-12", "method": "  "}, "Say how parents were informed."),
        ({"informed_on": "", "method": "Letter"}, "Give a date."),
        ({"informed_on": "2026-01-12", "method": "x" * 201}, "Field cannot be longer than 200 characters."),
    ):
        response = teacher.post(url, data=data, headers=EN)
        assert response.status_code == 200 and message in response.get_data(as_text=True), data
    assert db.session.scalar(select(ConsentRecord).where(ConsentRecord.classroom_id == classroom.id)) is None


def test_the_consent_page_of_a_class_is_its_teachers_the_admin_has_their_own(world, login_as):
    classroom = factories.make_class(world.a.teacher, "VII-C", consent=False)
    # The school's admin records consent from the admin pages (tests/integration/admin).
    assert login_as(world.a.admin).get(f"/teacher/classes/{classroom.id}/consent").status_code == 403
    assert login_as(world.a.counsellor).get(f"/teacher/classes/{classroom.id}/consent").status_code == 403
    assert login_as(world.a.other_teacher).get(f"/teacher/classes/{classroom.id}/consent").status_code == 404


def test_the_letters_page_prints_the_parents_letter_of_each_assigned_module_in_the_class_language(teacher, world):
    factories.make_assignment(world.a.classroom, "sample-grooming")  # theme "grooming": docs/lessons/grooming.md
    html = teacher.get(f"/teacher/classes/{world.a.classroom.id}/letters", headers=EN).get_data(as_text=True)
    assert "Contoh grooming" in html and "Bapak/Ibu yang terhormat" in html and "Dear parents" not in html
    assert "&gt;" not in html and "<blockquote>" not in html  # the quote marks are gone

    english = factories.make_class(world.a.teacher, "Bilingual 1", locale="en")
    factories.make_assignment(english, "sample-grooming")
    html = teacher.get(f"/teacher/classes/{english.id}/letters").get_data(as_text=True)
    assert "Dear parents and guardians" in html and "Bapak/Ibu yang terhormat" not in html
    assert '<html lang="en">' in html


def test_a_module_without_lesson_notes_says_so(teacher, world, tmp_path, app):
    factories.make_assignment(world.a.classroom, "sample-basics")
    app.config["LESSON_NOTES_FOLDER"] = str(tmp_path)
    try:
        html = teacher.get(f"/teacher/classes/{world.a.classroom.id}/letters", headers=EN).get_data(as_text=True)
    finally:
        del app.config["LESSON_NOTES_FOLDER"]
    # The page around the letters stays in the teacher's language; the letters go home in the class's.
    assert "This module has no letter to parents yet." in html and '<article class="letter" lang="id">' in html


def test_the_letter_section_is_found_under_the_language_heading():
    note = "\n".join(
        [
            "# Module",
            "## Bahasa Indonesia",
            "### Tujuan",
            "belajar",
            "### Surat untuk orang tua",
            "> Bapak/Ibu,",
            ">",
            "> **Penting**: <script>x</script>",
            ">",
            "> Hormat kami,",
            "> Guru BK",
            "",
            "---",
            "## English",
            "### Letter to parents",
            "> Dear parents,",
            "### After",
            "not the letter",
        ]
    )
    assert parents_letter(note, "id") == "Bapak/Ibu,  \n\n**Penting**: <script>x</script>\n\nHormat kami,  \nGuru BK"
    assert parents_letter(note, "en") == "Dear parents,"
    assert parents_letter("# nothing here", "en") is None
    from app.teacher.letters import render_letter

    html = render_letter(parents_letter(note, "id"))
    assert "<strong>Penting</strong>" in html and "<script>" not in html
    assert "Hormat kami,<br>" in html.replace("<br />", "<br>")  # the signature keeps its own line
