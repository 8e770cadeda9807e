"""Scenario helpers: a school, its staff, a class with students, an assignment, a signed-in visitor.

Every helper flushes and commits, so that the app (in its own request context) sees
the data. Staff created here use ``PASSWORD`` and need no password change.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from types import SimpleNamespace

from app.content import get_catalogue
from app.extensions import db
from app.models import Assignment, Classroom, ConsentRecord, Role, School, Student, User, utcnow
from app.services import assignments, classes, rosters
from app.services.demo import SAMPLE_NAMES
from app.services.schools import create_school
from app.services.staff import create_staff

PASSWORD = "correct horse battery staple"
_counter = itertools.count(1)


def make_school(name: str | None = None, **fields) -> School:
    school = create_school(name or f"SMP Uji {next(_counter)}")
    for key, value in fields.items():
        setattr(school, key, value)
    db.session.commit()
    return school


def make_user(school: School, role: Role | str = Role.TEACHER, username: str | None = None, **fields) -> User:
    role = Role(role)
    username = username or f"{role.value}{next(_counter)}"
    user, _password = create_staff(school, role, username, username.title(), password=PASSWORD)
    user.must_change_password = False
    for key, value in fields.items():
        setattr(user, key, value)
    db.session.commit()
    return user


def make_class(
    teacher: User, name: str | None = None, band: str = "smp", students: int = 0, consent: bool = True, locale: str = "id"
) -> Classroom:
    classroom = classes.create_classroom(teacher, name or f"VIII-{next(_counter)}", band, locale)
    for index in range(students):
        base = SAMPLE_NAMES[index % len(SAMPLE_NAMES)]
        rosters.add_student(classroom, base if index < len(SAMPLE_NAMES) else f"{base} {index}")
    if consent:
        db.session.add(
            ConsentRecord(
                classroom_id=classroom.id, informed_on=utcnow().date(), method="Surat untuk orang tua", recorded_by_id=teacher.id
            )
        )
    db.session.commit()
    return classroom


def make_student(classroom: Classroom, name: str = "Rina") -> Student:
    student = rosters.add_student(classroom, name)
    db.session.commit()
    return student


def make_assignment(classroom: Classroom, bank_id: str = "sample-basics", teacher: User | None = None, **options) -> Assignment:
    options.setdefault("sensitive_confirmed", True)
    teacher = teacher or db.session.get(User, classroom.teacher_id)
    assignment = assignments.create_assignment(get_catalogue(), classroom, bank_id, teacher, **options)
    db.session.commit()
    return assignment


def sign_in(client, user: User, password: str = PASSWORD):
    return client.post("/login", data={"login": user.username, "password": password})


def join(client, student: Student):
    classroom = db.session.get(Classroom, student.classroom_id)
    return client.post("/join", data={"class_code": classroom.join_code, "personal_code": student.personal_code})


@dataclass
class SchoolWorld:
    school: School
    admin: User
    teacher: User
    other_teacher: User
    counsellor: User
    classroom: Classroom
    other_classroom: Classroom
    students: list[Student] = field(default_factory=list)
    other_students: list[Student] = field(default_factory=list)


def make_school_world(name: str, students: int = 3, default_locale: str = "en") -> SchoolWorld:
    """A school whose staff read Waspada in English (its default language; Indonesian with ``default_locale="id"``),
    with two teachers, a class each, a counsellor and an admin."""
    school = make_school(name, default_locale=default_locale)
    teacher = make_user(school, Role.TEACHER)
    other_teacher = make_user(school, Role.TEACHER)
    classroom = make_class(teacher, "VIII-A", students=students)
    other_classroom = make_class(other_teacher, "VIII-B", students=students)
    return SchoolWorld(
        school=school,
        admin=make_user(school, Role.ADMIN),
        teacher=teacher,
        other_teacher=other_teacher,
        counsellor=make_user(school, Role.COUNSELLOR),
        classroom=classroom,
        other_classroom=other_classroom,
        students=list(classroom.students),
        other_students=list(other_classroom.students),
    )


def make_world(students: int = 3) -> SimpleNamespace:
    """School A and school B, each a ``SchoolWorld``: ``world.a.teacher``, ``world.b.classroom`` ..."""
    return SimpleNamespace(a=make_school_world("SMP Negeri A", students), b=make_school_world("SMP Negeri B", students))


def correct_response(question) -> dict:
    """The right answer to any question (for a reflection: 'agree')."""
    if question.type == "single":
        return {"choice": next(choice.id for choice in question.choices if choice.correct)}
    if question.type == "multiple":
        return {"choices": [choice.id for choice in question.choices if choice.correct]}
    if question.type == "true_false":
        return {"answer": question.answer}
    if question.type == "order":
        return {"order": [item.id for item in question.items]}
    if question.type == "chat":
        return {"flags": [message.id for message in question.messages if message.red_flag]}
    return {"value": 3}


def wrong_response(question) -> dict:
    """A wrong answer (the first wrong choice, missed red flags, a reversed order)."""
    if question.type == "single":
        return {"choice": next(choice.id for choice in question.choices if not choice.correct)}
    if question.type == "multiple":
        return {"choices": [choice.id for choice in question.choices if not choice.correct][:1]}
    if question.type == "true_false":
        return {"answer": not question.answer}
    if question.type == "order":
        return {"order": [item.id for item in reversed(question.items)]}
    if question.type == "chat":
        return {"flags": []}
    return {"value": 1}


def answer_all(
    student: Student, assignment: Assignment, responses: dict | None = None, wrong: bool = False, stop_after: int | None = None
):
    """Have ``student`` answer the assignment's module through the progress service.

    ``responses`` maps question ids to responses; the rest are answered right (or wrong
    with ``wrong=True``). ``stop_after`` leaves the module half done. Returns the attempt.
    """
    from app.services import progress

    catalogue = get_catalogue()
    attempt = progress.start_attempt(catalogue, student, assignment)
    bank = catalogue.get(assignment.bank_id)
    for index, question in enumerate(progress.questions_needed(bank, attempt)):  # a retry skips the "before"
        if stop_after is not None and index >= stop_after:
            break
        response = (responses or {}).get(question.id) or (wrong_response(question) if wrong else correct_response(question))
        progress.submit_answer(catalogue, attempt, question.id, response)
    db.session.commit()
    return attempt
