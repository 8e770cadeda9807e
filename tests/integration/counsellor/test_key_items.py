"""The counsellor follows up with the students who missed a key safety item (journey 6)."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, AuditEvent, KeyItemFollowUp
from app.reports.key_items import follow_ups
from tests import factories
from tests.integration.counsellor.scenario import make_school_of

# Every staff sign-in is audited too; these scenarios look at what was done after signing in.
NOT_SIGN_IN = AuditEvent.action.not_in(("staff:sign_in", "staff:sign_in_failed"))


def _follow_ups(catalogue, school_id, **options):
    return follow_ups(catalogue, school_id, "en", **options)


def _entries(students):
    return {(entry.student_name, item.question_id) for entry in students for item in entry.items}


def _missed(world):
    """Budi answers the basics module all wrong; Ayu answers everything right."""
    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    ayu, budi, _citra = world.a.students
    factories.answer_all(ayu, assignment)
    factories.answer_all(budi, assignment, wrong=True)
    return assignment, budi


def test_the_students_to_follow_up_are_listed_one_group_per_student_with_the_answer_in_words(client, world, catalogue, login_as):
    _assignment, budi = _missed(world)
    students = _follow_ups(catalogue, world.a.school.id)
    # One entry per key item Budi needs follow-up on; the order question is never a key item.
    assert [entry.student_name for entry in students] == ["Budi"]
    assert [item.question_id for item in students[0].items] == ["who-does-it", "warning-signs", "game-chat"]
    chat = students[0].items[-1]
    assert chat.missed_flags == ("I'll send you diamonds, don't tell anyone.",)
    assert _follow_ups(catalogue, world.b.school.id) == []

    login_as(world.a.counsellor, client)
    page = client.get("/counsellor/key-items", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "VIII-A" in page and "Budi" in page and "Ayu" not in page
    assert "Only strangers" in page  # the answer Budi gave, in words
    assert "red flags not marked: “I&#39;ll send you diamonds" in page  # for a chat: what was missed
    assert "An offender can be anyone." in page  # the explanation
    assert "Keep evidence" not in page  # the order question is not a key item
    # Reading who missed what is reading individual results: audited.
    assert (
        db.session.scalar(select(AuditEvent.action).where(AuditEvent.actor_id == world.a.counsellor.id, NOT_SIGN_IN))
        == "key_items:read"
    )


def test_an_answer_that_names_a_concern_makes_the_student_urgent_and_first(app, world, catalogue):
    basics = factories.make_assignment(world.a.classroom, "sample-basics")
    grooming = factories.make_assignment(world.a.classroom, "sample-grooming")
    ayu, budi, citra = world.a.students
    factories.answer_all(ayu, basics, wrong=True)  # wrong, but no concern picked
    factories.answer_all(citra, grooming, responses={"gift-secret": {"choice": "b"}})  # "a sign they are kind"
    factories.answer_all(budi, grooming, responses={"tell-adult": {"answer": False}})  # would not tell: a concern
    students = _follow_ups(catalogue, world.a.school.id)
    assert [(entry.student_name, entry.urgent) for entry in students] == [("Budi", True), ("Citra", True), ("Ayu", False)]
    assert [(item.question_id, item.urgent) for item in students[1].items] == [("gift-secret", True)]


def test_a_question_with_several_answers_or_a_chat_half_right_or_better_needs_no_follow_up(app, world, catalogue):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    ayu, budi, _citra = world.a.students
    factories.answer_all(ayu, assignment, responses={"warning-signs": {"choices": ["a"]}})  # 1 of 2 right: 1/2
    factories.answer_all(
        budi,
        assignment,
        responses={
            "warning-signs": {"choices": ["c"]},  # 0
            "game-chat": {"flags": ["m2", "m1"]},
        },
    )  # a harmless one too: 0
    assert _entries(_follow_ups(catalogue, world.a.school.id)) == {("Budi", "warning-signs"), ("Budi", "game-chat")}


def test_the_counsellor_marks_a_student_as_followed_up_with_a_private_note(client, world, login_as):
    _assignment, budi = _missed(world)
    answer = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score < 1))
    login_as(world.a.counsellor, client)
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


def test_only_a_missed_key_item_of_the_counsellors_own_school_can_be_marked(client, world, login_as):
    _missed(world)
    right = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score == 1))
    not_key = db.session.scalar(select(Answer).where(Answer.question_id == "abroad-only", Answer.score < 1))
    login_as(world.b.counsellor, client)
    missed = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score < 1))
    assert client.post(f"/counsellor/key-items/{missed.id}", data={"note": "x"}).status_code == 404
    client.post("/logout")
    login_as(world.a.counsellor, client)
    assert client.post(f"/counsellor/key-items/{right.id}", data={"note": "x"}).status_code == 404
    assert client.post(f"/counsellor/key-items/{not_key.id}", data={"note": "x"}).status_code == 404
    assert client.post("/counsellor/key-items/999999", data={"note": "x"}).status_code == 404
    too_long = client.post(f"/counsellor/key-items/{missed.id}", data={"note": "x" * 1001})
    assert too_long.status_code == 302 and db.session.scalar(select(KeyItemFollowUp)) is None


def test_a_teacher_or_admin_cannot_mark_follow_ups(world, login_as):
    _missed(world)
    missed = db.session.scalar(select(Answer).where(Answer.question_id == "who-does-it", Answer.score < 1))
    for user in (world.a.teacher, world.a.admin):
        visitor = login_as(user)
        assert visitor.post(f"/counsellor/key-items/{missed.id}", data={"note": "x"}).status_code == 403


def _follow_up_queries(login_as, count_queries, classes, students):
    _school, counsellor, _admin, _classrooms = make_school_of(classes, students, name=f"SMP {classes}x{students}")
    client = login_as(counsellor)
    with count_queries() as statements:
        response = client.get("/counsellor/key-items?show=all")
    assert response.status_code == 200
    assert factories.SAMPLE_NAMES[students - 1] in response.get_data(as_text=True)  # answered wrongly
    return len(statements)


def test_the_follow_up_page_runs_the_same_number_of_queries_for_a_small_and_a_large_school(count_queries, login_as):
    small = _follow_up_queries(login_as, count_queries, 2, 5)
    large = _follow_up_queries(login_as, count_queries, 6, 20)
    assert small == large
    assert large <= 10


def test_one_entry_per_student_and_question_from_the_latest_attempt_cleared_by_a_later_right_answer(app, world, catalogue):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics", allow_retries=True)
    budi = world.a.students[1]
    factories.answer_all(budi, assignment, wrong=True)
    factories.answer_all(budi, assignment, wrong=True)  # a second wrong try: still one entry per question
    assert len(_follow_ups(catalogue, world.a.school.id)[0].items) == 3
    factories.answer_all(budi, assignment, responses={"who-does-it": {"choice": "a"}})  # the rest right now
    assert _entries(_follow_ups(catalogue, world.a.school.id)) == {("Budi", "who-does-it")}
    factories.answer_all(budi, assignment)
    assert _follow_ups(catalogue, world.a.school.id) == []
