"""Who may do what: roles, permissions, and loaders that check access as they load.

Deny by default. Every endpoint declares its audience with ``@public`` or
``@requires(Permission.X)``; ``enforce_access`` (run before every request) refuses
an endpoint that declares nothing, so a new page cannot forget. Objects are loaded
through the ``load_*`` helpers, which answer 404 for anything of another class or
school, so ids cannot be probed.

Permissions are named ``<resource>:<action>``, as in Warehouse.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from app import signed_in
from app.extensions import db, login
from app.models import (
    Answer,
    Assignment,
    Attempt,
    Classroom,
    ClassroomShare,
    HelpRequest,
    Lesson,
    Role,
    Student,
    User,
)
from app.reports.student_progress import AssignmentView, AttemptState, module_progress


class Permission(enum.StrEnum):
    CLASSROOM_VIEW = "classroom:view"
    CLASSROOM_MANAGE = "classroom:manage"  # create, rename, roster, cards, assignments
    CLASSROOM_ADMINISTER = "classroom:administer"  # hand over, archive, delete (admin)
    REPORT_CLASS = "report:class"
    REPORT_SCHOOL = "report:school"
    STUDENT_RESULTS_READ = "student_results:read"
    KEY_ITEMS_FOLLOW_UP = "key_items:follow_up"
    HELP_REQUEST_HANDLE = "help_request:handle"
    STAFF_MANAGE = "staff:manage"
    SCHOOL_SETTINGS = "school:settings"
    AUDIT_READ = "audit:read"
    CONSENT_RECORD = "consent:record"
    ACCOUNT_SELF = "account:self"  # a staff member's own password and language
    MODULE_PREVIEW = "module:preview"  # go through any module without recording, see its key, print it
    MODULE_TAKE = "module:take"
    HELP_REQUEST_SEND = "help_request:send"


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.TEACHER: frozenset(
        {
            P.CLASSROOM_VIEW,
            P.CLASSROOM_MANAGE,
            P.REPORT_CLASS,
            P.STUDENT_RESULTS_READ,
            P.CONSENT_RECORD,
            P.ACCOUNT_SELF,
            P.MODULE_PREVIEW,
        }
    ),
    Role.COUNSELLOR: frozenset(
        {
            P.CLASSROOM_VIEW,
            P.REPORT_CLASS,
            P.REPORT_SCHOOL,
            P.STUDENT_RESULTS_READ,
            P.KEY_ITEMS_FOLLOW_UP,
            P.HELP_REQUEST_HANDLE,
            P.ACCOUNT_SELF,
            P.MODULE_PREVIEW,
        }
    ),
    Role.ADMIN: frozenset(
        {
            P.CLASSROOM_VIEW,
            P.CLASSROOM_ADMINISTER,
            P.REPORT_CLASS,
            P.STUDENT_RESULTS_READ,
            P.STAFF_MANAGE,
            P.SCHOOL_SETTINGS,
            P.AUDIT_READ,
            P.CONSENT_RECORD,
            P.ACCOUNT_SELF,
            P.MODULE_PREVIEW,
        }
    ),
    "student": frozenset({P.MODULE_TAKE, P.HELP_REQUEST_SEND}),
}


def permissions_of(principal) -> frozenset[Permission]:
    if principal is None or not getattr(principal, "is_authenticated", False):
        return frozenset()
    if principal.is_student:
        return ROLE_PERMISSIONS["student"]
    return ROLE_PERMISSIONS.get(principal.role, frozenset())


def can(permission: Permission, principal=None) -> bool:
    return permission in permissions_of(current_user if principal is None else principal)


# --- Declaring who may use an endpoint ---------------------------------------------


@dataclass(frozen=True)
class Access:
    public: bool = False
    permissions: tuple[Permission, ...] = ()  # all of them are needed
    hidden: bool = False  # a visitor without the permissions gets 404, as if the page did not exist

    @property
    def for_students(self) -> bool:
        return any(p in ROLE_PERMISSIONS["student"] for p in self.permissions)


F = TypeVar("F", bound=Callable)


def public(view: F) -> F:
    """Anyone may open this endpoint, signed in or not."""
    view.access = Access(public=True)
    return view


def requires(*permissions: Permission, hidden: bool = False) -> Callable[[F], F]:
    """Only a signed-in visitor holding every one of ``permissions`` may open this endpoint.

    With ``hidden=True`` anyone else gets 404 rather than 403: for pages about one object
    (a help request) whose very existence must not be confirmed to other staff.
    """
    if not permissions:
        raise ValueError("requires() needs at least one permission; use @public for open pages")

    def decorate(view: F) -> F:
        view.access = Access(permissions=tuple(permissions), hidden=hidden)
        return view

    return decorate


def access_of(endpoint: str | None, view_functions: dict) -> Access | None:
    if endpoint is None:
        return None
    if endpoint == "static" or endpoint.endswith(".static"):
        return Access(public=True)
    return getattr(view_functions.get(endpoint), "access", None)


def enforce_access():
    """before_request: the deny-by-default gate in front of every endpoint."""
    from flask import current_app

    if request.endpoint is None:  # no route matched: let Flask answer 404/405
        return None
    access = access_of(request.endpoint, current_app.view_functions)
    if access is None:
        current_app.logger.error("endpoint %s declares no access rule; refused", request.endpoint)
        abort(403)
    if access.public:  # public pages (sign-in, help, quick exit) ask nothing of the visitor
        return None
    visitor = current_user._get_current_object()  # once: every read through the proxy looks it up again
    if _must_change_password_first(visitor):
        return redirect(url_for("auth.change_password"))
    if not visitor.is_authenticated:
        if access.for_students:
            return redirect(url_for("auth.join"))
        return redirect(url_for("auth.login", next=request.full_path if request.method == "GET" else None))
    granted = permissions_of(visitor)
    if not all(p in granted for p in access.permissions):
        abort(404 if access.hidden else 403)
    return None


# A staff member signed in with a one-time password reaches only these until it is changed.
ONE_TIME_PASSWORD_ENDPOINTS = frozenset({"auth.change_password", "auth.logout", "main.quick_exit", "static"})


def _must_change_password_first(visitor) -> bool:
    if request.endpoint in ONE_TIME_PASSWORD_ENDPOINTS or (request.endpoint or "").endswith(".static"):
        return False
    return bool(visitor.is_authenticated and not visitor.is_student and visitor.must_change_password)


# --- Sessions ----------------------------------------------------------------------


@login.user_loader
def load_principal(session_id: str):
    """Load the signed-in staff member or student, if the session's version is current.

    Sign-out, a password change, deactivation or a code reset raise the version, so a
    replayed old cookie finds a stale version and is treated as signed out.
    """
    try:
        kind, raw_id, raw_version = session_id.split(":")
        object_id, version = int(raw_id), int(raw_version)
    except (ValueError, AttributeError):
        return None
    if kind == "u":
        user = db.session.get(User, object_id, options=[joinedload(User.school)])
        if user is None or not user.active or user.session_version != version:
            return None
        return user
    if kind == "s":
        # Every student page needs the class (language, archived) and the school (quick exit): one
        # prebuilt Core query into read-only objects, no ORM (app/signed_in.py).
        return signed_in.load_student(object_id, version)
    return None


# --- Scoped loaders: load AND check, in one call -------------------------------------


def classroom_filter(user: User, *, manage: bool = False):
    """A WHERE clause selecting the classrooms ``user`` may see (or change, with ``manage``)."""
    same_school = Classroom.school_id == user.school_id
    if user.role == Role.TEACHER:
        shared = exists().where(ClassroomShare.classroom_id == Classroom.id, ClassroomShare.user_id == user.id)
        return same_school & or_(Classroom.teacher_id == user.id, shared)
    if manage:
        # Counsellors never change rosters or assignments; admins administer through
        # their own pages, which use ``load_classroom(..., administer=True)``.
        return Classroom.id.is_(None)
    return same_school


def visible_classrooms(user: User, *, include_archived: bool = False):
    query = select(Classroom).where(classroom_filter(user)).order_by(Classroom.name)
    if not include_archived:
        query = query.where(Classroom.archived_at.is_(None))
    return query


def _staff() -> User:
    if not current_user.is_authenticated or current_user.is_student:
        abort(404)
    return current_user


def load_classroom(classroom_id: int, *, manage: bool = False, administer: bool = False) -> Classroom:
    user = _staff()
    if administer:
        if user.role != Role.ADMIN:
            abort(404)
        condition = Classroom.school_id == user.school_id
    else:
        condition = classroom_filter(user, manage=manage)
    classroom = db.session.scalar(select(Classroom).where(Classroom.id == classroom_id, condition))
    if classroom is None:
        abort(404)
    return classroom


def load_student(student_id: int, *, manage: bool = False) -> Student:
    user = _staff()
    student = db.session.scalar(
        select(Student).join(Classroom).where(Student.id == student_id, classroom_filter(user, manage=manage))
    )
    if student is None:
        abort(404)
    return student


def load_assignment(assignment_id: int, *, manage: bool = False) -> Assignment:
    user = _staff()
    assignment = db.session.scalar(
        select(Assignment).join(Classroom).where(Assignment.id == assignment_id, classroom_filter(user, manage=manage))
    )
    if assignment is None:
        abort(404)
    return assignment


def load_attempt(attempt_id: int) -> Attempt:
    user = _staff()
    attempt = db.session.scalar(
        select(Attempt).join(Assignment).join(Classroom).where(Attempt.id == attempt_id, classroom_filter(user))
    )
    if attempt is None:
        abort(404)
    return attempt


def load_lesson(lesson_id: int, *, manage: bool = False) -> Lesson:
    """A discussion lesson of a class the visitor may see (or lead, with ``manage``)."""
    user = _staff()
    lesson = db.session.scalar(
        select(Lesson)
        .join(Classroom, Classroom.id == Lesson.classroom_id)
        .where(Lesson.id == lesson_id, classroom_filter(user, manage=manage))
    )
    if lesson is None:
        abort(404)
    return lesson


def load_answer(answer_id: int) -> Answer:
    """One answer of a student of a class the visitor may see."""
    user = _staff()
    answer = db.session.scalar(
        select(Answer)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Assignment)
        .join(Classroom)
        .where(Answer.id == answer_id, classroom_filter(user))
    )
    if answer is None:
        abort(404)
    return answer


def load_help_request(request_id: int) -> HelpRequest:
    """Help requests: the counsellors of the same school, and nobody else."""
    user = _staff()
    if user.role != Role.COUNSELLOR:
        abort(404)
    help_request = db.session.scalar(
        select(HelpRequest).where(HelpRequest.id == request_id, HelpRequest.school_id == user.school_id)
    )
    if help_request is None:
        abort(404)
    return help_request


def load_staff_member(user_id: int) -> User:
    """Another staff account of the admin's own school."""
    admin = _staff()
    if admin.role != Role.ADMIN:
        abort(404)
    member = db.session.scalar(select(User).where(User.id == user_id, User.school_id == admin.school_id))
    if member is None:
        abort(404)
    return member


def _student() -> Student:
    if not current_user.is_authenticated or not current_user.is_student:
        abort(404)
    return current_user


def load_student_assignment(assignment_id: int) -> Assignment:
    """An assignment of the signed-in student's own class."""
    student = _student()
    assignment = db.session.scalar(
        select(Assignment).where(Assignment.id == assignment_id, Assignment.classroom_id == student.classroom_id)
    )
    if assignment is None:
        abort(404)
    return assignment


def load_student_progress(assignment_id: int) -> tuple[AssignmentView, AttemptState | None]:
    """An assignment of the signed-in student's own class and the student's latest attempt at it, in one query."""
    student = _student()
    found = module_progress(student.id, student.classroom_id, assignment_id)
    if found is None:
        abort(404)
    return found


def load_own_attempt(attempt_id: int) -> Attempt:
    """One of the signed-in student's own attempts."""
    student = _student()
    attempt = db.session.scalar(select(Attempt).where(Attempt.id == attempt_id, Attempt.student_id == student.id))
    if attempt is None:
        abort(404)
    return attempt
