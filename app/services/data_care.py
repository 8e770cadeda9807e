"""Data care at the school's level: a class handed over, archived, exported and deleted.

Students are minors, so what is recorded of them should not outlive its use. At the
end of the year an admin archives a class (its students can no longer sign in),
exports its results (``app.reports.exports``), and deletes it with everything recorded of its students:
their attempts, answers and opt-outs go with them, through the database's cascades.
Help requests stay with the counsellors, marked as from a deleted student, because
they are safeguarding records. ``flask data purge`` does the same for every class
archived before a date. Every change leaves an audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select

from app.extensions import db
from app.models import (
    Answer,
    Attempt,
    AuditAction,
    AuditEvent,
    Classroom,
    ClassroomShare,
    HelpRequest,
    Role,
    Student,
    User,
    utcnow,
)
from app.services import audit, help_requests
from app.services.errors import ServiceError

# --- A class's keeper and its end of year ----------------------------------------------


def hand_over(admin: User, classroom: Classroom, teacher: User) -> None:
    """Give a class to another active teacher of the same school (who may have shared it until now)."""
    if teacher.school_id != classroom.school_id or teacher.role != Role.TEACHER or not teacher.active:
        raise ServiceError("bad_teacher")
    if teacher.id == classroom.teacher_id:
        raise ServiceError("same_teacher")
    previous = classroom.teacher
    classroom.teacher_id = teacher.id
    db.session.execute(
        delete(ClassroomShare).where(ClassroomShare.classroom_id == classroom.id, ClassroomShare.user_id == teacher.id)
    )
    db.session.flush()
    audit.record(
        admin,
        AuditAction.CLASSROOM_HAND_OVER,
        "classroom",
        classroom.id,
        name=classroom.name,
        from_user=previous.id if previous else None,
        to_user=teacher.id,
        from_name=previous.display_name if previous else "-",
        to_name=teacher.display_name,
    )


def archive(admin: User, classroom: Classroom) -> None:
    """An archived class is closed: its students cannot sign in; its results stay until deleted."""
    if classroom.archived:
        return
    classroom.archived_at = utcnow()
    db.session.flush()
    audit.record(admin, AuditAction.CLASSROOM_ARCHIVE, "classroom", classroom.id, name=classroom.name)


def unarchive(admin: User, classroom: Classroom) -> None:
    if not classroom.archived:
        return
    classroom.archived_at = None
    db.session.flush()
    audit.record(admin, AuditAction.CLASSROOM_UNARCHIVE, "classroom", classroom.id, name=classroom.name)


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
    row = db.session.execute(
        select(
            select(func.count()).select_from(Student).where(Student.classroom_id.in_(classroom_ids)).scalar_subquery(),
            select(func.count()).select_from(Attempt).where(Attempt.student_id.in_(students)).scalar_subquery(),
            select(func.count()).select_from(Answer).where(Answer.attempt_id.in_(attempts)).scalar_subquery(),
            select(func.count()).select_from(HelpRequest).where(HelpRequest.student_id.in_(students)).scalar_subquery(),
        )
    ).one()
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
        audit.record(actor, AuditAction.CLASSROOM_DELETE, "classroom", classroom.id, name=classroom.name)
    else:  # `flask data purge` runs with no one signed in
        db.session.add(
            AuditEvent(
                school_id=classroom.school_id,
                actor_id=None,
                action=AuditAction.CLASSROOM_DELETE,
                target_type="classroom",
                target_id=classroom.id,
                details={"name": classroom.name, "by": "flask data purge"},
            )
        )
        db.session.flush()


def archived_before(moment: datetime) -> list[Classroom]:
    """The classes archived before a moment: what `flask data purge --before` deletes."""
    return list(
        db.session.scalars(
            select(Classroom)
            .where(Classroom.archived_at.is_not(None), Classroom.archived_at < moment)
            .order_by(Classroom.school_id, Classroom.name, Classroom.id)
        )
    )
