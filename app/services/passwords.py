"""Staff passwords: Argon2id (argon2-cffi) with OWASP's parameters, upgraded on sign-in."""

from __future__ import annotations

import secrets
from contextlib import suppress

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

# Readable one-time passwords: no look-alike characters.
_ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _hasher() -> PasswordHasher:
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> tuple[bool, str | None]:
    """Check a password; return (ok, a new hash when the stored one uses old parameters)."""
    hasher = _hasher()
    try:
        hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, hasher.hash(password) if hasher.check_needs_rehash(password_hash) else None


_DUMMY_HASHES: dict[tuple[int, int, int], str] = {}


def verify_against_dummy(password: str) -> None:
    """Spend the time of a real verification when the account does not exist (no timing oracle)."""
    hasher = _hasher()
    key = (hasher.time_cost, hasher.memory_cost, hasher.parallelism)
    if key not in _DUMMY_HASHES:
        _DUMMY_HASHES[key] = hasher.hash(secrets.token_urlsafe(16))
    with suppress(VerificationError, InvalidHashError):
        hasher.verify(_DUMMY_HASHES[key], password)


def generate_one_time_password() -> str:
    """A password shown once to a new staff member: 12 characters in groups of four."""
    raw = "".join(secrets.choice(_ONE_TIME_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def password_problem(password: str) -> str | None:
    """A reason the password is refused, or None. The caller translates the reason."""
    if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
        return "too_short"
    if len(password) > 256:
        return "too_long"
    return None
