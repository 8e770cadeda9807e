"""The roster of a classroom: students known by a display name and a personal code.

A teacher types one name, pastes a list (one name a line), or imports a class list
(a spreadsheet file or rows pasted from one, read by ``roster_files``; ``preview``
says what adding it would do before anything is added). Names are compared without regard to case or spacing, so a name
already in the class, or twice in the paste, is skipped and reported rather than
making two students nobody can tell apart. Resetting a personal code raises the
student's ``session_version``, which ends the session that used the old code.
Deleting a student deletes everything recorded of them, except their help
requests: those are safeguarding records and stay with the counsellors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Attempt, AuditAction, Classroom, HelpRequest, Student, User
from app.services import audit, codes, help_requests, roster_files
from app.services.errors import ServiceError

MAX_NAME_LENGTH = 60
MAX_PASTE = 200  # names in one paste: a class, not a school
MAX_IMPORT = roster_files.MAX_ROWS  # names from one class list, once the teacher has seen them in a preview


@dataclass
class AddResult:
    added: list[Student] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already in the class, or twice in the list


def clean_name(raw: str) -> str:
    return " ".join((raw or "").split())


def _key(name: str) -> str:
    return clean_name(name).casefold()


def parse_names(text: str) -> list[str]:
    """One name a line; blank lines are skipped."""
    return [name for name in (clean_name(line) for line in (text or "").splitlines()) if name]


def unused_personal_code(classroom: Classroom) -> str:
    while True:
        code = codes.generate(codes.PERSONAL_CODE_LENGTH)
        taken = db.session.scalar(select(Student.id).where(Student.classroom_id == classroom.id, Student.personal_code == code))
        if taken is None:
            return code


def _fresh_codes(classroom: Classroom, count: int) -> list[str]:
    """``count`` personal codes unused in the class, with one query whatever the count."""
    taken = set(db.session.scalars(select(Student.personal_code).where(Student.classroom_id == classroom.id)))
    fresh: list[str] = []
    while len(fresh) < count:
        code = codes.generate(codes.PERSONAL_CODE_LENGTH)
        if code not in taken:
            taken.add(code)
            fresh.append(code)
    return fresh


def add_student(classroom: Classroom, display_name: str) -> Student:
    name = clean_name(display_name)
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ServiceError("bad_name")
    student = Student(classroom=classroom, display_name=name, personal_code=unused_personal_code(classroom))
    db.session.add(student)
    db.session.flush()
    return student


def add_students(actor: User, classroom: Classroom, names: Iterable[str], limit: int = MAX_PASTE) -> AddResult:
    """Add many students at once; refuses the whole list (saving nothing) if it has more than ``limit`` names
    or a too-long name. The admins' audit log records who added how many."""
    names = [name for name in (clean_name(raw) for raw in names) if name]
    if not names:
        raise ServiceError("no_names")
    if len(names) > limit:
        raise ServiceError("too_many")
    too_long = [name for name in names if len(name) > MAX_NAME_LENGTH]
    if too_long:
        raise ServiceError("name_too_long", too_long)
    seen = {_key(name) for name in db.session.scalars(select(Student.display_name).where(Student.classroom_id == classroom.id))}
    result = AddResult()
    fresh = []
    for name in names:
        if _key(name) in seen:
            result.skipped.append(name)
            continue
        seen.add(_key(name))
        fresh.append(name)
    for name, code in zip(fresh, _fresh_codes(classroom, len(fresh)), strict=True):
        student = Student(classroom_id=classroom.id, display_name=name, personal_code=code)
        db.session.add(student)
        result.added.append(student)
    db.session.flush()
    if result.added:
        audit.record(actor, AuditAction.STUDENT_ADD, "classroom", classroom.id, classroom=classroom.name, count=len(result.added))
    return result


@dataclass(frozen=True)
class Preview:
    """What adding a list of names would do, before it is done."""

    new: list[str]  # would become students, in the list's order
    in_class: list[str]  # already in the class: skipped
    repeated: list[str]  # twice in the list: added once
    too_long: list[str]  # over MAX_NAME_LENGTH: skipped, to be shortened by the teacher


def preview(classroom: Classroom, names: Iterable[str]) -> Preview:
    """Sort ``names`` as ``add_students`` would, without adding anyone: one query."""
    taken = {_key(name) for name in db.session.scalars(select(Student.display_name).where(Student.classroom_id == classroom.id))}
    result = Preview([], [], [], [])
    seen: set[str] = set()
    for name in (clean_name(raw) for raw in names):
        if not name:
            continue
        if len(name) > MAX_NAME_LENGTH:
            result.too_long.append(name)
        elif _key(name) in taken:
            result.in_class.append(name)
        elif _key(name) in seen:
            result.repeated.append(name)
        else:
            seen.add(_key(name))
            result.new.append(name)
    return result


def rename_student(student: Student, display_name: str) -> None:
    name = clean_name(display_name)
    if not name or len(name) > MAX_NAME_LENGTH:
        raise ServiceError("bad_name")
    others = db.session.scalars(
        select(Student.display_name).where(Student.classroom_id == student.classroom_id, Student.id != student.id)
    )
    if _key(name) in {_key(other) for other in others}:
        raise ServiceError("name_taken", [name])
    student.display_name = name
    db.session.flush()


def reset_personal_code(student: Student) -> str:
    """A new personal code; the session signed in with the old one ends."""
    student.personal_code = _fresh_codes(student.classroom, 1)[0]
    student.session_version = (student.session_version or 1) + 1
    db.session.flush()
    return student.personal_code


@dataclass(frozen=True)
class StudentRecords:
    """What deleting a student will delete (and the help requests that stay)."""

    attempts: int
    answers: int
    help_requests: int


def records_of(student: Student) -> StudentRecords:
    attempts, answers = db.session.execute(
        select(func.count(func.distinct(Attempt.id)), func.count(Answer.id))
        .select_from(Attempt)
        .outerjoin(Answer, Answer.attempt_id == Attempt.id)
        .where(Attempt.student_id == student.id)
    ).one()
    requests = db.session.execute(select(func.count(HelpRequest.id)).where(HelpRequest.student_id == student.id)).scalar_one()
    return StudentRecords(attempts=attempts, answers=answers, help_requests=requests)


def delete_student(student: Student) -> None:
    """Delete the student and, through the database's cascades, their attempts, answers and opt-outs."""
    help_requests.detach_student(student)
    db.session.delete(student)
    db.session.flush()
