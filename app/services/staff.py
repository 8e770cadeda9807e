"""Staff accounts: created by an admin (or `flask users create`) with a one-time password."""
from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import Role, School, User
from app.services.passwords import generate_one_time_password, hash_password

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StaffError(ValueError):
    """An account could not be created or changed; ``code`` says why (the route translates it)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def create_staff(
    school: School, role: Role | str, username: str, display_name: str, email: str | None = None,
    password: str | None = None,
) -> tuple[User, str]:
    """Create a staff account; return it with its password (generated unless given), to show once."""
    try:
        role = Role(role)
    except ValueError:
        raise StaffError("bad_role") from None
    username = (username or "").strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise StaffError("bad_username")
    display_name = (display_name or "").strip()
    if not display_name or len(display_name) > 120:
        raise StaffError("bad_display_name")
    email = (email or "").strip().lower() or None
    if email is not None and (len(email) > 254 or not EMAIL_PATTERN.match(email)):
        raise StaffError("bad_email")
    same = User.username == username
    if email is not None:
        same = same | (User.email == email)
    taken = db.session.scalar(select(func.count()).select_from(User).where(same))
    if taken:
        raise StaffError("taken")
    password = password or generate_one_time_password()
    user = User(
        school_id=school.id, role=role, username=username, display_name=display_name, email=email,
        password_hash=hash_password(password), must_change_password=True,
    )
    db.session.add(user)
    db.session.flush()
    return user, password


def end_sessions(user: User) -> None:
    """Sign the user out everywhere: every cookie signed with the old version stops working."""
    user.session_version += 1
    db.session.flush()
