"""A help request outlives its student, however the student is deleted."""

from __future__ import annotations

from sqlalchemy import text

from app.extensions import db
from app.models import HelpRequest
from app.services import help_requests
from tests import factories


def test_a_request_reads_as_from_a_deleted_student_even_when_the_database_deleted_the_student(app):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    request = help_requests.submit(classroom.students[0], "Saya butuh bantuan")
    db.session.commit()
    assert not request.from_deleted_student
    # The class deleted straight in the database: its students go by cascade, the request stays.
    db.session.execute(text("DELETE FROM classrooms WHERE id = :id"), {"id": classroom.id})
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(HelpRequest, request.id)
    assert kept is not None and kept.student_id is None and kept.from_deleted_student
