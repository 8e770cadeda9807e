"""Staff accounts: created by an admin (or `flask users create`) with a one-time password.

An admin also closes and reopens accounts and resets a forgotten password. Closing
an account or resetting its password ends every session it has (``end_sessions``),
so a lost phone or a colleague who has left is signed out at once. A school always
keeps one active admin, and an admin never closes their own account.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select, update

from app.extensions import db
from app.models import AuditAction, Role, School, User
from app.services import audit
from app.services.errors import ServiceError
from app.services.passwords import generate_one_time_password, hash_password

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_staff(
    school: School,
    role: Role | str,
    username: str,
    display_name: str,
    email: str | None = None,
    password: str | None = None,
) -> tuple[User, str]:
    """Create a staff account; return it with its password (generated unless given), to show once."""
    try:
        role = Role(role)
    except ValueError:
        raise ServiceError("bad_role") from None
    username = (username or "").strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise ServiceError("bad_username")
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 120:
        raise ServiceError("bad_display_name")
    email = (email or "").strip().lower() or None
    if email is not None and (len(email) > 254 or not EMAIL_PATTERN.match(email)):
        raise ServiceError("bad_email")
    same = User.username == username
    if email is not None:
        same = same | (User.email == email)
    taken = db.session.scalar(select(func.count()).select_from(User).where(same))
    if taken:
        raise ServiceError("taken")
    password = password or generate_one_time_password()
    user = User(
        school_id=school.id,
        role=role,
        username=username,
        display_name=display_name,
        email=email,
        password_hash=hash_password(password),
        must_change_password=True,
    )
    db.session.add(user)
    db.session.flush()
    return user, password


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie signed with the old version stops working."""
    user.session_version += 1
    db.session.flush()


# --- What a school's admin does with the accounts of their school ---------------------
# Each change leaves an audit event the admins can read; none of them commits.


def add_staff(admin: User, role: Role | str, username: str, display_name: str, email: str | None = None) -> tuple[User, str]:
    """An admin creates an account of their own school; the one-time password is shown once."""
    user, password = create_staff(admin.school, role, username, display_name, email)
    audit.record(admin, AuditAction.STAFF_CREATE, "user", user.id, username=user.username, role=str(user.role))
    return user, password


def active_admins(school_id: int) -> int:
    return db.session.execute(
        select(func.count()).select_from(User).where(User.school_id == school_id, User.role == Role.ADMIN, User.active.is_(True))
    ).scalar_one()


def _still_active(user: User) -> bool:
    return bool(db.session.scalar(select(User.active).where(User.id == user.id)))


def deactivate(admin: User, member: User) -> None:
    """Close an account and end its sessions; its history (classes, audit trail) stays."""
    if member.id == admin.id:
        raise ServiceError("self")
    if not member.active:
        raise ServiceError("already_inactive")
    if member.role == Role.ADMIN:
        # Two admins deactivating each other at the same moment must leave one: take the
        # school's row first, so the second request counts after the first has finished.
        db.session.execute(update(School).where(School.id == member.school_id).values(name=School.name))
        if active_admins(member.school_id) <= 1 or not _still_active(admin):
            raise ServiceError("last_admin")
    member.active = False
    end_sessions(member)
    audit.record(admin, AuditAction.STAFF_DEACTIVATE, "user", member.id, username=member.username)


def reactivate(admin: User, member: User) -> None:
    if member.active:
        raise ServiceError("already_active")
    member.active = True
    db.session.flush()
    audit.record(admin, AuditAction.STAFF_REACTIVATE, "user", member.id, username=member.username)


def reset_password(admin: User, member: User) -> str:
    """A new one-time password (to change at the next sign-in); every session of the account ends."""
    if member.id == admin.id:
        raise ServiceError("self")  # an admin changes their own password on the account page
    password = generate_one_time_password()
    member.password_hash = hash_password(password)
    member.must_change_password = True
    end_sessions(member)
    audit.record(admin, AuditAction.STAFF_RESET_PASSWORD, "user", member.id, username=member.username)
    return password


def staff_of(school_id: int) -> list[User]:
    """The school's accounts, active first, then by role and name."""
    return list(
        db.session.scalars(
            select(User).where(User.school_id == school_id).order_by(User.active.desc(), User.role, User.display_name, User.id)
        )
    )


def active_teachers(school_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.school_id == school_id, User.role == Role.TEACHER, User.active.is_(True))
            .order_by(User.display_name, User.id)
        )
    )
