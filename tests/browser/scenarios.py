"""Scenarios the browser tests start from, built with the app's own services (via ``live_server.seed``).

Each returns plain values (ids, codes, usernames): the ORM objects are gone once the
server's app context closes. Every call makes a new school, so no two tests share data.
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from app.extensions import db
from app.models import Assignment, Role, Student, utcnow
from tests.factories import PASSWORD, answer_all, make_assignment, make_class, make_school, make_user


def student_codes(student: Student) -> SimpleNamespace:
    return SimpleNamespace(
        id=student.id, name=student.display_name, class_code=student.classroom.join_code, personal_code=student.personal_code
    )


def class_with_module(bank_id: str = "grooming", students: int = 3, locale: str = "id") -> SimpleNamespace:
    """A school with a teacher, a class (consent recorded) and one module assigned, due in a week."""
    school = make_school()
    teacher = make_user(school, Role.TEACHER)
    classroom = make_class(teacher, "VIII-B", students=students, locale=locale)
    assignment = make_assignment(classroom, bank_id, teacher=teacher, due_at=utcnow() + timedelta(days=7))
    return SimpleNamespace(
        school_id=school.id,
        teacher=teacher.username,
        class_id=classroom.id,
        class_code=classroom.join_code,
        assignment_id=assignment.id,
        students=[student_codes(student) for student in classroom.students],
    )


def every_page(locale: str = "id") -> SimpleNamespace:
    """A school where every page type has something to show, for the accessibility sweep.

    Class VIII-A (in ``locale``): grooming in progress (one answer, so its feedback
    exists), basics finished (results), sextortion not started (its content note), one
    student who said "not now", one who missed key items, a help request, a second class.
    """
    from app.services import help_requests, progress

    school = make_school(default_locale=locale)
    admin = make_user(school, Role.ADMIN)
    teacher = make_user(school, Role.TEACHER)
    counsellor = make_user(school, Role.COUNSELLOR)
    classroom = make_class(teacher, "VIII-A", students=4, locale=locale)
    other = make_class(make_user(school, Role.TEACHER), "VIII-C", students=2, locale=locale)
    students = list(classroom.students)
    grooming = make_assignment(classroom, "grooming", teacher=teacher, due_at=utcnow() + timedelta(days=5))
    basics = make_assignment(classroom, "basics", teacher=teacher)
    sextortion = make_assignment(classroom, "sextortion", teacher=teacher)
    other_grooming = make_assignment(other, "grooming")

    me = students[0]
    answer_all(me, grooming, stop_after=1)
    finished = answer_all(me, basics, wrong=True)
    answer_all(students[1], grooming, wrong=True)
    answer_all(students[2], basics)
    for student in other.students:
        answer_all(student, other_grooming, wrong=True)
    progress.opt_out(students[3], sextortion)
    help_request = help_requests.submit(students[2], "Ada orang di internet yang mengancam saya.")
    db.session.commit()
    catalogue_questions = _question_ids()
    return SimpleNamespace(
        school_id=school.id,
        admin=admin.username,
        teacher=teacher.username,
        counsellor=counsellor.username,
        password=PASSWORD,
        class_id=classroom.id,
        me=student_codes(me),
        student_id=students[1].id,
        grooming_id=grooming.id,
        basics_id=basics.id,
        sextortion_id=sextortion.id,
        finished_attempt_id=finished.id,
        help_request_id=help_request.id,
        grooming_questions=catalogue_questions,
    )


def _question_ids() -> dict[str, str]:
    """The first question of each type in the grooming module: type -> question id."""
    from app.content import get_catalogue

    found: dict[str, str] = {}
    for question in get_catalogue().get("grooming").questions:
        found.setdefault(question.type, question.id)
    return found


def new_school_admin(password: str) -> SimpleNamespace:
    """A new school with one admin who still has the one-time password printed at set-up."""
    from app.services.staff import create_staff

    school = make_school()
    admin, _password = create_staff(school, Role.ADMIN, f"admin-{school.id}", "Admin", password=password)
    return SimpleNamespace(school_id=school.id, admin=admin.username)


def module_in_progress(bank_id: str = "grooming") -> SimpleNamespace:
    """A class with ``bank_id`` assigned: one student has answered its first question, another has finished it."""
    from app.content import get_catalogue

    world = class_with_module(bank_id, students=2)
    started, done = (db.session.get(Student, card.id) for card in world.students)
    assignment = db.session.get(Assignment, world.assignment_id)
    answer_all(started, assignment, stop_after=1)
    answer_all(done, assignment)
    questions = get_catalogue().get(bank_id).questions
    world.first_of_type = {}
    for number, question in enumerate(questions[1:], 2):  # the first is answered already
        world.first_of_type.setdefault(question.type, (number, question.id))
    world.first_question = questions[0].id
    return world


def school_with_staff(students: int = 3) -> SimpleNamespace:
    """A school with an admin, a teacher (class VIII-B, consent recorded, grooming assigned) and a counsellor,
    and a second school with its own counsellor."""
    world = class_with_module("grooming", students=students)
    school = db.session.get(Assignment, world.assignment_id).classroom.school
    world.admin = make_user(school, Role.ADMIN).username
    world.counsellor = make_user(school, Role.COUNSELLOR).username
    world.other_counsellor = make_user(make_school(), Role.COUNSELLOR).username
    world.password = PASSWORD
    return world


def class_with_results() -> SimpleNamespace:
    """Class VIII-B of five with grooming: two finished it right, one finished it wrong, one is half-way, one has not
    started."""
    world = school_with_staff(students=5)
    assignment = db.session.get(Assignment, world.assignment_id)
    right1, right2, wrong, half, _idle = (db.session.get(Student, card.id) for card in world.students)
    answer_all(right1, assignment)
    answer_all(right2, assignment)
    answer_all(wrong, assignment, wrong=True)
    answer_all(half, assignment, stop_after=5)
    world.wrong_student = wrong.display_name
    return world


def two_classes_by_theme() -> SimpleNamespace:
    """One school, two classes with different teachers: VIII-A did grooming and basics well, VIII-B did grooming badly
    (so its students missed key safety items) and basics not at all."""
    world = class_with_results()  # VIII-B: one student missed every key item
    school = db.session.get(Assignment, world.assignment_id).classroom.school
    teacher = make_user(school, Role.TEACHER)
    other = make_class(teacher, "VIII-A", students=3)
    grooming = make_assignment(other, "grooming", teacher=teacher)
    basics = make_assignment(other, "basics", teacher=teacher)
    for student in other.students:
        answer_all(student, grooming)
        answer_all(student, basics)
    return world


def help_request_ids(student_id: int) -> list[int]:
    """The ids of the help requests a student sent."""
    from sqlalchemy import select

    from app.models import HelpRequest

    return list(db.session.scalars(select(HelpRequest.id).where(HelpRequest.student_id == student_id)))
