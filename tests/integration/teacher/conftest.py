"""Fixtures of the teacher's scenarios: a school world with the class's teacher signed in."""
from __future__ import annotations

import pytest

from tests import factories

EN = {"Accept-Language": "en"}


@pytest.fixture
def teacher(client, world):
    """The signed-in teacher of ``world.a.classroom``, and their client."""
    factories.sign_in(client, world.a.teacher)
    return client


def signed_in(app, user):
    """Another browser, signed in as ``user``."""
    other = app.test_client()
    factories.sign_in(other, user)
    return other


def student_home(app) -> str:
    from flask import url_for

    with app.test_request_context():
        return url_for("student.dashboard")
