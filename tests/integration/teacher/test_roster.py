"""The roster: pasting a class list, adding one student, renaming, new codes, and deleting a student for good."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Attempt, HelpRequest, OptOut, Student
from app.services import codes, help_requests
from tests import factories
from tests.integration.teacher.conftest import EN, student_home


def _names(classroom) -> list[str]:
    return list(db.session.scalars(select(Student.display_name).where(Student.classroom_id == classroom.id).order_by(Student.id)))


def test_a_teacher_pastes_a_class_list_and_duplicates_are_skipped_and_reported(teacher, world):
    classroom = world.a.classroom  # already has Ayu, Budi, Citra
    names = ["Putri", "", "  Rizky  Pratama ", "budi", "Sari", "Putri", "   ", "Wayan"]
    response = teacher.post(
        f"/teacher/classes/{classroom.id}/students", data={"many-names": "\r\n".join(names)}, headers=EN, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "4 students added." in page
    assert "2 names skipped because they are already in the class or twice in the list: budi, Putri" in page
    assert _names(classroom)[3:] == ["Putri", "Rizky Pratama", "Sari", "Wayan"]
    personal = list(db.session.scalars(select(Student.personal_code).where(Student.classroom_id == classroom.id)))
    assert len(set(personal)) == len(personal) == 7
    assert all(set(code) <= set(codes.ALPHABET) and len(code) == codes.PERSONAL_CODE_LENGTH for code in personal)


def test_thirty_two_names_make_thirty_two_students(teacher, world):
    classroom = factories.make_class(world.a.teacher, "VIII-B 2026")
    names = "\n".join(f"Siswa {n}" for n in range(1, 33))
    assert teacher.post(f"/teacher/classes/{classroom.id}/students", data={"many-names": names}).status_code == 302
    assert len(_names(classroom)) == 32


@pytest.mark.parametrize("count", [201, 2000])
def test_a_paste_of_more_than_200_names_is_refused_and_nothing_is_saved(teacher, world, count):
    classroom = world.a.classroom
    text = "\n".join(f"Nama {n}" for n in range(count))
    response = teacher.post(f"/teacher/classes/{classroom.id}/students", data={"many-names": text}, headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "At most 200 names at a time. Paste the list in parts." in page
    assert "Nama 1999" in page or count == 201  # the list comes back, nothing lost
    assert len(_names(classroom)) == 3


def test_exactly_200_names_are_accepted(teacher, world):
    text = "\n".join(f"Nama {n}" for n in range(200))
    assert teacher.post(f"/teacher/classes/{world.a.classroom.id}/students", data={"many-names": text}).status_code == 302
    assert len(_names(world.a.classroom)) == 203


def test_a_too_long_name_refuses_the_paste_and_names_it(teacher, world):
    text = "Putri\n" + "x" * 61
    response = teacher.post(f"/teacher/classes/{world.a.classroom.id}/students", data={"many-names": text}, headers=EN)
    assert "These names are too long (at most 60 characters)" in response.get_data(as_text=True)
    assert len(_names(world.a.classroom)) == 3


def test_a_teacher_adds_one_student_and_a_name_already_there_is_refused(teacher, world):
    url = f"/teacher/classes/{world.a.classroom.id}/students"
    assert teacher.post(url, data={"one-name": "Nyoman"}).status_code == 302
    response = teacher.post(url, data={"one-name": "AYU"}, headers=EN)
    assert "There is already a student called AYU in this class" in response.get_data(as_text=True)
    empty = teacher.post(url, data={"one-name": "  "}, headers=EN)
    assert empty.status_code == 200 and "Type a name." in empty.get_data(as_text=True)
    assert _names(world.a.classroom) == ["Ayu", "Budi", "Citra", "Nyoman"]


def test_a_teacher_renames_a_student_but_not_to_a_name_taken_or_empty(teacher, world):
    budi = world.a.students[1]
    assert teacher.post(f"/teacher/students/{budi.id}/edit", data={"name": "Budi S."}).status_code == 302
    taken = teacher.post(f"/teacher/students/{budi.id}/edit", data={"name": "ayu"}, headers=EN)
    assert "There is already a student called ayu" in taken.get_data(as_text=True)
    assert teacher.post(f"/teacher/students/{budi.id}/edit", data={"name": ""}).status_code == 200
    db.session.refresh(budi)
    assert budi.display_name == "Budi S."


def test_a_new_personal_code_ends_the_students_session_and_the_old_card(app, teacher, world, login_as):
    student = world.a.students[0]
    old_code = student.personal_code
    student_client = login_as(student)
    assert student_client.get(student_home(app)).status_code == 200
    page = teacher.post(f"/teacher/students/{student.id}/reset-code", headers=EN, follow_redirects=True)
    db.session.refresh(student)
    assert student.personal_code != old_code and codes.pretty(student.personal_code) in page.get_data(as_text=True)
    assert student_client.get(student_home(app)).status_code == 302  # the old session has ended
    refused = app.test_client().post("/join", data={"class_code": world.a.classroom.join_code, "personal_code": old_code})
    assert refused.status_code == 200
    login_as(student)  # the new code signs in


def test_deleting_a_student_deletes_everything_recorded_but_keeps_their_help_requests(teacher, world):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    student = world.a.students[0]
    factories.answer_all(student, assignment)
    db.session.add(OptOut(student_id=student.id, assignment_id=assignment.id))
    help_requests.submit(student, "Saya butuh bantuan")
    db.session.commit()
    student_id = student.id

    page = teacher.get(f"/teacher/students/{student_id}/delete", headers=EN).get_data(as_text=True)
    assert "Delete Ayu?" in page and "1 attempt at a module" in page and "7 answers" in page
    assert "1 help request stays with the school counsellors" in page
    teacher.post(f"/teacher/students/{student_id}/delete", data={})  # not confirmed: nothing happens
    assert db.session.get(Student, student_id) is not None

    assert teacher.post(f"/teacher/students/{student_id}/delete", data={"confirm": "yes"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Student, student_id) is None
    assert db.session.scalar(select(func.count(Attempt.id)).where(Attempt.student_id == student_id)) == 0
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    assert db.session.scalar(select(func.count(OptOut.id))) == 0
    request = db.session.scalar(select(HelpRequest))
    assert request.student_id is None and request.from_deleted_student and request.text == "Saya butuh bantuan"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/teacher/students/{id}/edit"),
        ("post", "/teacher/students/{id}/edit"),
        ("post", "/teacher/students/{id}/reset-code"),
        ("get", "/teacher/students/{id}/delete"),
        ("post", "/teacher/students/{id}/delete"),
        ("get", "/teacher/students/{id}/results"),
    ],
)
def test_another_teachers_student_answers_404(teacher, world, method, url):
    for student in (world.a.other_students[0], world.b.students[0]):
        response = getattr(teacher, method)(url.format(id=student.id), data={"name": "Hacked", "confirm": "yes"})
        assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Student, world.a.other_students[0].id).display_name == "Ayu"


def test_a_card_for_one_student_of_another_class_is_not_found(teacher, world):
    other = world.a.other_students[0]
    assert teacher.get(f"/teacher/classes/{world.a.classroom.id}/cards?student={other.id}").status_code == 404


def test_a_counsellor_cannot_change_a_roster(world, login_as):
    counsellor = login_as(world.a.counsellor)
    assert counsellor.post(f"/teacher/classes/{world.a.classroom.id}/students", data={"one-name": "X"}).status_code == 403
    assert counsellor.post(f"/teacher/students/{world.a.students[0].id}/delete", data={"confirm": "yes"}).status_code == 403
