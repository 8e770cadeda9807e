"""The counsellor follows up with the students who missed a key safety item (journey 6)."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, AuditEvent, KeyItemFollowUp
from app.reports.key_items import missed_key_items
from tests import factories
from tests.integration.counsellor.scenario import make_school_of, record_results


def _missed(world):
    """Budi misses both key items of the basics module; Ayu answers everything right."""
    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    ayu, budi, _citra = world.a.students
    factories.answer_all(ayu, assignment)
    factories.answer_all(budi, assignment, wrong=True)
    return assignment, budi


def test_the_students_who_missed_a_key_item_are_listed_by_class_and_item(app, client, world, catalogue):
    _assignment, budi = _missed(world)
    rows = missed_key_items(catalogue, world.a.school.id)
    assert {(row.student_name, row.question_id) for row in rows} == {("Budi", "who-does-it"), ("Budi", "steps")}
    assert missed_key_items(catalogue, world.b.school.id) == []

    factories.sign_in(client, world.a.counsellor)
    page = client.get("/counsellor/key-items", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "VIII-A" in page and "Budi" in page and "Ayu" not in page
    assert "Only strangers" in page  # the answer Budi gave, in words
    assert "An offender can be anyone." in page  # the explanation
    assert "Keep evidence" in page  # the order Budi gave
    # Reading who missed what is reading individual results: audited.
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.actor_id == world.a.counsellor.id)) \
        == "key_items:read"


def test_the_counsellor_marks_a_student_as_followed_up_with_a_private_note(app, client, world):
    _assignment, budi = _missed(world)
    answer = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score < 1))
    factories.sign_in(client, world.a.counsellor)
    response = client.post(f"/counsellor/key-items/{answer.id}", data={"note": "Talked with Budi on Monday."})
    assert response.status_code == 302
    follow_up = db.session.scalar(select(KeyItemFollowUp))
    assert follow_up.answer_id == answer.id and follow_up.counsellor_id == world.a.counsellor.id
    assert follow_up.note == "Talked with Budi on Monday."

    # Marked again: the same row, a new note (unique per answer).
    client.post(f"/counsellor/key-items/{answer.id}", data={"note": "Checked in again."})
    assert [row.note for row in db.session.scalars(select(KeyItemFollowUp))] == ["Checked in again."]

    open_only = client.get("/counsellor/key-items").get_data(as_text=True)
    assert f'id="answer-{answer.id}"' not in open_only
    everything = client.get("/counsellor/key-items?show=all").get_data(as_text=True)
    assert f'id="answer-{answer.id}"' in everything and "Checked in again." in everything
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action == "key_item:follow_up")).all()
    assert len(actions) == 2


def test_only_a_missed_key_item_of_the_counsellors_own_school_can_be_marked(app, client, world):
    _missed(world)
    right = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score == 1))
    not_key = db.session.scalar(select(Answer).where(Answer.question_id == "abroad-only", Answer.score < 1))
    factories.sign_in(client, world.b.counsellor)
    missed = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score < 1))
    assert client.post(f"/counsellor/key-items/{missed.id}", data={"note": "x"}).status_code == 404
    client.post("/logout")
    factories.sign_in(client, world.a.counsellor)
    assert client.post(f"/counsellor/key-items/{right.id}", data={"note": "x"}).status_code == 404
    assert client.post(f"/counsellor/key-items/{not_key.id}", data={"note": "x"}).status_code == 404
    assert client.post("/counsellor/key-items/999999", data={"note": "x"}).status_code == 404
    too_long = client.post(f"/counsellor/key-items/{missed.id}", data={"note": "x" * 1001})
    assert too_long.status_code == 302 and db.session.scalar(select(KeyItemFollowUp)) is None


def test_a_teacher_or_admin_cannot_mark_follow_ups(app, client, world):
    _missed(world)
    missed = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score < 1))
    for user in (world.a.teacher, world.a.admin):
        visitor = app.test_client()
        factories.sign_in(visitor, user)
        assert visitor.post(f"/counsellor/key-items/{missed.id}", data={"note": "x"}).status_code == 403


def _follow_up_queries(client, count_queries, classes, students):
    _school, counsellor, _admin, _classrooms = make_school_of(classes, students, name=f"SMP {classes}x{students}")
    factories.sign_in(client, counsellor)
    with count_queries() as statements:
        response = client.get("/counsellor/key-items?show=all")
    assert response.status_code == 200
    assert factories.STUDENT_NAMES[students - 1] in response.get_data(as_text=True)  # answered wrongly
    return len(statements)


def test_the_follow_up_page_runs_the_same_number_of_queries_for_a_small_and_a_large_school(app, count_queries):
    small = _follow_up_queries(app.test_client(), count_queries, 2, 5)
    large = _follow_up_queries(app.test_client(), count_queries, 6, 20)
    assert small == large
    assert large <= 10


def test_a_retry_answered_right_still_lists_the_first_wrong_answer(app, world, catalogue):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics", allow_retries=True)
    record_results(assignment, world.a.students[:1], wrong=True)
    assert {row.question_id for row in missed_key_items(catalogue, world.a.school.id)} == {"who-does-it", "steps"}
