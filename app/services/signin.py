"""Signing in: staff with a username or email and a password; students with two codes.

Both are rate-limited on failures, per account or class first and per address only
generously, because a whole class shares one address behind the school's router.
A wrong student code never says which half was wrong.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app import ratelimit
from app.extensions import db
from app.models import ConsentRecord, Student, User, utcnow
from app.services import classes, codes
from app.services.passwords import verify_password


@dataclass
class SignInResult:
    principal: User | Student | None = None
    problem: str | None = None  # "wrong", "inactive", "archived", "no_consent", "rate_limited"
    retry_after: int = 0


def _blocked(*checks) -> int:
    return max((ratelimit.seconds_until_allowed(item, *keys) for item, *keys in checks), default=0)


def sign_in_staff(login_name: str, password: str, address: str) -> SignInResult:
    login_name = (login_name or "").strip().lower()
    checks = [
        (ratelimit.LOGIN_FAILURES_PER_ACCOUNT, "login", login_name),
        (ratelimit.LOGIN_FAILURES_PER_ADDRESS, "login-address", address),
    ]
    wait = _blocked(*checks)
    if wait:
        return SignInResult(problem="rate_limited", retry_after=wait)
    user = db.session.scalar(select(User).where((User.username == login_name) | (User.email == login_name)))
    ok, new_hash = verify_password(user.password_hash, password or "") if user else (False, None)
    if not ok:
        for item, *keys in checks:
            ratelimit.hit(item, *keys)
        return SignInResult(problem="wrong")
    if not user.active:
        return SignInResult(problem="inactive")
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    db.session.flush()
    return SignInResult(principal=user)


def join_class(raw_class_code: str, raw_personal_code: str, address: str) -> SignInResult:
    class_code = codes.normalise(raw_class_code)[:16]
    personal_code = codes.normalise(raw_personal_code)[:16]
    ceiling = (ratelimit.JOIN_ATTEMPTS_PER_ADDRESS, "join-all", address)
    address_failures = (ratelimit.JOIN_FAILURES_PER_ADDRESS, "join-address", address)
    class_failures = (ratelimit.JOIN_FAILURES_PER_CLASS, "join-class", class_code)
    wait = _blocked(ceiling, address_failures, class_failures)
    ratelimit.hit(*ceiling)
    if wait:
        return SignInResult(problem="rate_limited", retry_after=wait)

    classroom = classes.find_by_join_code(class_code)
    student = None
    if classroom is not None:
        student = db.session.scalar(
            select(Student).where(Student.classroom_id == classroom.id, Student.personal_code == personal_code)
        )
    if student is None:
        # A wrong class code is a guess at classes (per address); a wrong personal code
        # in a real class is a guess at its students (per class).
        ratelimit.hit(*(class_failures if classroom is not None else address_failures))
        return SignInResult(problem="wrong")
    if classroom.archived:
        return SignInResult(problem="archived")
    consent = db.session.scalar(select(ConsentRecord.id).where(ConsentRecord.classroom_id == classroom.id))
    if consent is None:
        return SignInResult(problem="no_consent")
    student.last_seen_at = utcnow()
    db.session.flush()
    return SignInResult(principal=student)
