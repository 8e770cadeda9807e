"""Fixtures of the teacher's scenarios: a school world with the class's teacher signed in."""

from __future__ import annotations

import pytest

EN = {"Accept-Language": "en"}


@pytest.fixture
def teacher(client, world, login_as):
    """The signed-in teacher of ``world.a.classroom``, and their client."""
    return login_as(world.a.teacher, client)


def student_home(app) -> str:
    from flask import url_for

    with app.test_request_context():
        return url_for("student.dashboard")
