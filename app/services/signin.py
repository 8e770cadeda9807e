"""Signing in: staff with a username or email and a password; students with two codes.

Only failures are counted, and a right answer always gets in: a whole school shares
one address behind its router, so one student mistyping (or one guesser) must never
lock the others out.

- Students: failures count per browser session (10 in 5 minutes stops a guesser who
  keeps their cookies), per class (wrong personal codes for one class) and, generously,
  per address (a school's typos). A browser over its own limit is refused before its
  codes are checked; the class and address limits refuse further *wrong* codes from a
  browser that has already failed, while a right pair from anyone still gets in.
- Staff: five wrong passwords lock an account for 15 minutes, except from a browser
  that signed in to that account before (a device cookie, as OWASP suggests), whose
  own failures are counted instead. An unknown account costs the same time as a known
  one (a dummy Argon2 verification), so timing does not tell which accounts exist.
A wrong student code never says which half was wrong. Staff sign-ins and failures
leave audit events.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app import ratelimit
from app.extensions import db
from app.models import AuditAction, ConsentRecord, Student, User, utcnow
from app.services import audit, classes, codes
from app.services.passwords import verify_against_dummy, verify_password


@dataclass
class SignInResult:
    principal: User | Student | None = None
    problem: str | None = None  # "wrong", "inactive", "archived", "no_consent", "rate_limited"
    retry_after: int = 0


def _blocked(*checks) -> int:
    return max((ratelimit.seconds_until_allowed(item, *keys) for item, *keys in checks), default=0)


def _hit(*checks) -> None:
    for item, *keys in checks:
        ratelimit.hit(item, *keys)


def sign_in_staff(login_name: str, password: str, address: str, trusted_device_of: int | None = None) -> SignInResult:
    """``trusted_device_of``: the account id this browser's device cookie proves it signed in to before."""
    login_name = (login_name or "").strip().lower()[:200]
    user = db.session.scalar(select(User).where((User.username == login_name) | (User.email == login_name)))
    trusted = user is not None and trusted_device_of == user.id
    per_account = (
        (ratelimit.LOGIN_FAILURES_PER_DEVICE, "login-device", str(user.id), address)
        if user is not None and trusted
        else (ratelimit.LOGIN_FAILURES_PER_ACCOUNT, "login", login_name)
    )
    checks = [per_account, (ratelimit.LOGIN_FAILURES_PER_ADDRESS, "login-address", address)]
    wait = _blocked(*checks)
    if wait:
        return SignInResult(problem="rate_limited", retry_after=wait)
    if user is None:
        verify_against_dummy(password or "")  # the same cost as a real check: no timing tells
        _hit(*checks)
        return SignInResult(problem="wrong")
    ok, new_hash = verify_password(user.password_hash, password or "")
    if not ok:
        _hit(*checks)
        audit.record(user, AuditAction.SIGN_IN_FAILED, "user", user.id, username=user.username)
        return SignInResult(problem="wrong")
    if not user.active:
        return SignInResult(problem="inactive")
    if new_hash:
        user.password_hash = new_hash
    user.last_login_at = utcnow()
    audit.record(user, AuditAction.SIGN_IN, "user", user.id, username=user.username)
    db.session.flush()
    return SignInResult(principal=user)


def join_class(raw_class_code: str, raw_personal_code: str, address: str, browser: str) -> SignInResult:
    """``browser``: a random key kept in this browser's session, so its own failures can be counted."""
    class_code = codes.normalise(raw_class_code)[:16]
    personal_code = codes.normalise(raw_personal_code)[:16]
    by_browser = (ratelimit.JOIN_FAILURES_PER_BROWSER, "join-browser", browser)
    by_address = (ratelimit.JOIN_FAILURES_PER_ADDRESS, "join-address", address)
    by_class = (ratelimit.JOIN_FAILURES_PER_CLASS, "join-class", class_code)
    wait = _blocked(by_browser)
    if wait:  # this browser has been guessing: it waits, nobody else does
        return SignInResult(problem="rate_limited", retry_after=wait)

    classroom = classes.find_by_join_code(class_code)
    student = None
    if classroom is not None:
        student = db.session.scalar(
            select(Student).where(Student.classroom_id == classroom.id, Student.personal_code == personal_code)
        )
    if classroom is None or student is None:  # no classroom: no student either
        # A wrong class code is a guess at classes (counted per address); a wrong personal
        # code in a real class is a guess at its students (per class, and per address).
        _hit(by_browser, by_address, *([by_class] if classroom is not None else []))
        wait = _blocked(by_address, *([by_class] if classroom is not None else []))
        if wait:
            return SignInResult(problem="rate_limited", retry_after=wait)
        return SignInResult(problem="wrong")
    if classroom.archived:
        return SignInResult(problem="archived")
    consent = db.session.scalar(select(ConsentRecord.id).where(ConsentRecord.classroom_id == classroom.id))
    if consent is None:
        return SignInResult(problem="no_consent")
    student.last_seen_at = utcnow()
    db.session.flush()
    return SignInResult(principal=student)
