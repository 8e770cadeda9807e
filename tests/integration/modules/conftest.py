"""Fixtures of the module library's scenarios: a school world, a teacher signed in, English pages."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db

EN = {"Accept-Language": "en"}
BANK = "sample-basics"  # a test bank with every question type (tests/fixtures/quizzes)


@pytest.fixture
def staff_in_english(world):
    """Every member of staff of both schools reads the interface in English (their own choice)."""
    for school in (world.a, world.b):
        for person in (school.teacher, school.other_teacher, school.counsellor, school.admin):
            person.locale = "en"
    db.session.commit()
    return world


@pytest.fixture
def teacher(client, staff_in_english, login_as):
    """The signed-in teacher of ``world.a.classroom`` (in English), and their client."""
    return login_as(staff_in_english.a.teacher, client)


def row_counts() -> dict[str, int]:
    """Rows in every table: what a preview must leave exactly as it was."""
    db.session.expire_all()
    counts = {table.name: db.session.scalar(select(func.count()).select_from(table)) for table in db.metadata.sorted_tables}
    db.session.commit()
    return counts


def text(response) -> str:
    return response.get_data(as_text=True)
