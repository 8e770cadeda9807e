"""Shared column helpers. Times are stored as naive UTC on every database."""

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def str_enum(enum_class: type[enum.Enum], length: int = 16) -> Enum:
    """An enum stored as its plain string value (a VARCHAR, the same on SQLite and PostgreSQL)."""
    return Enum(enum_class, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])
