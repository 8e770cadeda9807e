"""Data care at the school's level: a class handed over, archived, exported and deleted.

Students are minors, so what is recorded of them should not outlive its use. At the
end of the year an admin archives a class (its students can no longer sign in),
exports its results, and deletes it with everything recorded of its students:
their attempts, answers and opt-outs go with them, through the database's cascades.
Help requests stay with the counsellors, marked as from a deleted student, because
they are safeguarding records. ``flask data purge`` does the same for every class
archived before a date. Every change leaves an audit event.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import and_, case, delete, func, select

from app.extensions import db
from app.models import (
    Answer,
    Assignment,
    Attempt,
    AuditEvent,
    Classroom,
    ClassroomShare,
    ConsentRecord,
    HelpRequest,
    Role,
    Student,
    User,
    utcnow,
)
from app.quizbank import Catalogue
from app.services import audit, help_requests


class DataCareError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# --- A class's keeper and its end of year ----------------------------------------------

def hand_over(admin: User, classroom: Classroom, teacher: User) -> None:
    """Give a class to another active teacher of the same school (who may have shared it until now)."""
    if teacher.school_id != classroom.school_id or teacher.role != Role.TEACHER or not teacher.active:
        raise DataCareError("bad_teacher")
    if teacher.id == classroom.teacher_id:
        raise DataCareError("same_teacher")
    previous = classroom.teacher_id
    classroom.teacher_id = teacher.id
    db.session.execute(delete(ClassroomShare).where(
        ClassroomShare.classroom_id == classroom.id, ClassroomShare.user_id == teacher.id))
    db.session.flush()
    audit.record(admin, "classroom:hand_over", "classroom", classroom.id, name=classroom.name,
                 from_user=previous, to_user=teacher.id)


def archive(admin: User, classroom: Classroom) -> None:
    """An archived class is closed: its students cannot sign in; its results stay until deleted."""
    if classroom.archived:
        return
    classroom.archived_at = utcnow()
    db.session.flush()
    audit.record(admin, "classroom:archive", "classroom", classroom.id, name=classroom.name)


def unarchive(admin: User, classroom: Classroom) -> None:
    if not classroom.archived:
        return
    classroom.archived_at = None
    db.session.flush()
    audit.record(admin, "classroom:unarchive", "classroom", classroom.id, name=classroom.name)


# --- Export: per student per assignment, the best score and whether they finished ------

_RISKY_FIRST = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A spreadsheet must not run a cell as a formula: prefix risky text with an apostrophe."""
    return "'" + cell if cell.startswith(_RISKY_FIRST) else cell


@dataclass(frozen=True)
class ResultRow:
    student_name: str
    bank_id: str
    attempts: int
    finished: int
    best_score: float | None  # 0..1, the best finished attempt


def class_results(classroom: Classroom) -> list[ResultRow]:
    """One aggregate query: every student of the class with every assignment of the class."""
    finished = Attempt.finished_at.is_not(None)
    rows = db.session.execute(
        select(Student.display_name, Assignment.bank_id, func.count(Attempt.id),
               func.count(case((finished, Attempt.id))), func.max(case((finished, Attempt.score))))
        .join(Assignment, Assignment.classroom_id == Student.classroom_id)
        .outerjoin(Attempt, and_(Attempt.student_id == Student.id, Attempt.assignment_id == Assignment.id))
        .where(Student.classroom_id == classroom.id)
        .group_by(Student.id, Student.display_name, Assignment.id, Assignment.bank_id)
        .order_by(Student.display_name, Student.id, Assignment.id)
    )
    return [ResultRow(*row) for row in rows]


def results_csv(catalogue: Catalogue, classroom: Classroom, locale: str) -> str:
    """The class's results as CSV text, UTF-8 with a BOM so that spreadsheets read it right."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([_("Class"), _("Student"), _("Module"), _("Status"), _("Best score (%)"), _("Attempts")])
    for row in class_results(classroom):
        bank = catalogue.get(row.bank_id)
        title = bank.title.get_text(locale) if bank else row.bank_id
        if row.finished:
            status = _("finished")
        elif row.attempts:
            status = _("started")
        else:
            status = _("not started")
        score = "" if row.best_score is None else str(round(row.best_score * 100))
        writer.writerow([neutralise(classroom.name), neutralise(row.student_name), neutralise(title), status, score,
                         str(row.attempts)])
    return out.getvalue()


# --- Deletion --------------------------------------------------------------------------

@dataclass(frozen=True)
class DeletionSummary:
    classrooms: int
    students: int
    attempts: int
    answers: int
    help_requests_kept: int


def deletion_summary(classroom_ids: list[int]) -> DeletionSummary:
    """Exactly what deleting these classes removes (and which help requests stay), in one query."""
    students = select(Student.id).where(Student.classroom_id.in_(classroom_ids))
    attempts = select(Attempt.id).where(Attempt.student_id.in_(students))
    row = db.session.execute(select(
        select(func.count()).select_from(Student).where(Student.classroom_id.in_(classroom_ids)).scalar_subquery(),
        select(func.count()).select_from(Attempt).where(Attempt.student_id.in_(students)).scalar_subquery(),
        select(func.count()).select_from(Answer).where(Answer.attempt_id.in_(attempts)).scalar_subquery(),
        select(func.count()).select_from(HelpRequest).where(HelpRequest.student_id.in_(students)).scalar_subquery(),
    )).one()
    return DeletionSummary(len(classroom_ids), *row)


def delete_classrooms(classrooms: list[Classroom], actor: User | None = None) -> DeletionSummary:
    """Delete classes and everything recorded of their students; help requests stay, detached."""
    ids = [classroom.id for classroom in classrooms]
    summary = deletion_summary(ids)
    if not ids:
        return summary
    for classroom in classrooms:
        _record_deletion(actor, classroom)
    help_requests.detach_students(select(Student.id).where(Student.classroom_id.in_(ids)))
    # The database cascades to students, assignments, attempts, answers, opt-outs and follow-ups.
    db.session.execute(delete(Classroom).where(Classroom.id.in_(ids)).execution_options(synchronize_session=False))
    for classroom in classrooms:
        db.session.expunge(classroom)
    db.session.expire_all()
    db.session.flush()
    return summary


def _record_deletion(actor: User | None, classroom: Classroom) -> None:
    if actor is not None:
        audit.record(actor, "classroom:delete", "classroom", classroom.id, name=classroom.name)
    else:  # `flask data purge` runs with no one signed in
        db.session.add(AuditEvent(school_id=classroom.school_id, actor_id=None, action="classroom:delete",
                                  target_type="classroom", target_id=classroom.id,
                                  details={"name": classroom.name, "by": "flask data purge"}))
        db.session.flush()


def archived_before(moment: datetime) -> list[Classroom]:
    """The classes archived before a moment: what `flask data purge --before` deletes."""
    return list(db.session.scalars(
        select(Classroom).where(Classroom.archived_at.is_not(None), Classroom.archived_at < moment)
        .order_by(Classroom.school_id, Classroom.name, Classroom.id)
    ))


# --- The classes an admin looks after ---------------------------------------------------

@dataclass(frozen=True)
class ClassLine:
    id: int
    name: str
    band: str
    teacher_id: int | None
    teacher_name: str | None
    students: int
    consent_informed_on: date | None  # None: parents' consent not recorded yet
    archived_at: datetime | None


def school_classes(school_id: int) -> list[ClassLine]:
    """Every class of the school, open ones first, in one query."""
    students = select(func.count(Student.id)).where(Student.classroom_id == Classroom.id).scalar_subquery()
    rows = db.session.execute(
        select(Classroom.id, Classroom.name, Classroom.band, Classroom.teacher_id, User.display_name, students,
               ConsentRecord.informed_on, Classroom.archived_at)
        .outerjoin(User, User.id == Classroom.teacher_id)
        .outerjoin(ConsentRecord, ConsentRecord.classroom_id == Classroom.id)
        .where(Classroom.school_id == school_id)
        .order_by(Classroom.archived_at.is_not(None), Classroom.name, Classroom.id)
    )
    return [ClassLine(row[0], row[1], str(row[2]), *row[3:]) for row in rows]
