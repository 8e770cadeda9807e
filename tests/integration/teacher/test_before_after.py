"""Before and after: the class's opening and closing reflections, and its key items on the first try and the latest.

The class (sample-basics: feel-before, who-does-it (key), warning-signs (key), abroad-only, steps,
game-chat (key), feel-after; retries allowed). Unnamed answers are right; a retry never asks feel-before.

| student | first attempt                                   | retry                                        |
| Ayu     | feel-before 1, who "a" (wrong), feel-after 2    | all right, feel-after 4                      |
| Budi    | feel-before 2, who "a" (wrong), feel-after 3    | all right, feel-after 4                      |
| Citra   | feel-before 2, all right, feel-after 3          |                                              |
| Dimas   | feel-before 3, all right, feel-after 3          | in progress: who "c" (wrong), then stopped   |
| Eka     | feel-before 1, who "a" (wrong), feel-after 2    |                                              |
| Fajar   | not started                                     |                                              |

Before (first attempts): 1: 2, 2: 2, 3: 1, 4: 0. After (latest answers): 1: 0, 2: 1, 3: 2, 4: 2.
who-does-it right on the first try 2 of 5 (40 %), in the latest answer 3 of 5 (60 %) (Dimas's retry is wrong);
warning-signs and game-chat 5 of 5 both times.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.content import get_catalogue
from app.extensions import db
from app.models import Answer, Attempt
from app.reports import assignment_report as assignment_reports
from app.reports.school_overview import school_overview
from app.services import progress
from app.services.errors import ServiceError
from tests import factories
from tests.integration.teacher.conftest import EN

WHO_WRONG = {"who-does-it": {"choice": "a"}}


def before_and_after_class(teacher, name: str = "VIII-B"):
    classroom = factories.make_class(teacher, name, students=6)
    assignment = factories.make_assignment(classroom, "sample-basics", allow_retries=True)
    ayu, budi, citra, dimas, eka, _fajar = classroom.students
    for student, before, after, first in (
        (ayu, 1, 2, WHO_WRONG),
        (budi, 2, 3, WHO_WRONG),
        (citra, 2, 3, {}),
        (dimas, 3, 3, {}),
        (eka, 1, 2, WHO_WRONG),
    ):
        factories.answer_all(student, assignment, {"feel-before": {"value": before}, "feel-after": {"value": after}, **first})
    for student in (ayu, budi):
        factories.answer_all(student, assignment, {"feel-after": {"value": 4}})
    factories.answer_all(dimas, assignment, {"who-does-it": {"choice": "c"}}, stop_after=1)
    return classroom, assignment


def test_before_is_the_first_attempt_and_after_the_latest_answer(world):
    _classroom, assignment = before_and_after_class(world.a.teacher)
    report = assignment_reports.assignment_report(assignment, get_catalogue(), "en")
    before, after = report.reflections
    assert (before.moment, before.question_id, before.counts, before.hidden) == ("before", "feel-before", (2, 2, 1, 0), False)
    assert (after.moment, after.question_id, after.counts, after.hidden) == ("after", "feel-after", (0, 1, 2, 2), False)
    assert before.text == after.text == "I know where to report."


def test_key_items_right_on_the_first_try_against_the_latest(world):
    _classroom, assignment = before_and_after_class(world.a.teacher)
    report = assignment_reports.assignment_report(assignment, get_catalogue(), "en")
    shown = {
        item.question_id: (
            item.number,
            item.first_right,
            item.first_answered,
            item.first_percent,
            item.latest_right,
            item.latest_answered,
            item.latest_percent,
        )
        for item in report.key_items
    }
    assert shown == {
        "who-does-it": (2, 2, 5, 40, 3, 5, 60),
        "warning-signs": (3, 5, 5, 100, 5, 5, 100),
        "game-chat": (6, 5, 5, 100, 5, 5, 100),
    }
    assert [item.text for item in report.key_items][0] == "Who can be an offender?"


def test_the_teachers_report_page_shows_both(world, login_as):
    _classroom, assignment = before_and_after_class(world.a.teacher)
    page = login_as(world.a.teacher).get(f"/teacher/assignments/{assignment.id}/report", headers=EN)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="key-items"' in text and "2 of 5 (40%)" in text and "3 of 5 (60%)" in text
    assert 'id="reflections"' in text and text.count("<svg") == 3  # misconceptions, right answers, reflections


def test_a_retry_does_not_ask_the_before_reflection_and_finishes_without_it(world, catalogue):
    classroom = factories.make_class(world.a.teacher, "VIII-C", students=1)
    assignment = factories.make_assignment(classroom, "sample-basics", allow_retries=True)
    student = classroom.students[0]
    first = factories.answer_all(student, assignment, wrong=True)
    retry = progress.start_attempt(catalogue, student, assignment)
    bank = catalogue.get("sample-basics")
    assert retry.number == 2 and progress.next_question(bank, retry).id == "who-does-it"
    assert [q.id for q in progress.questions_needed(bank, retry)] == [q.id for q in bank.questions][1:]
    with pytest.raises(ServiceError) as refused:
        progress.submit_answer(catalogue, retry, "feel-before", {"value": 4})
    assert refused.value.code == "not_asked"
    for question in bank.questions[1:]:
        submitted = progress.submit_answer(catalogue, retry, question.id, factories.correct_response(question))
    db.session.commit()
    assert submitted.attempt_finished and retry.finished and retry.score == 1.0  # reflections are never scored
    assert first.score == 0
    asked = db.session.scalars(select(Answer.question_id).where(Answer.attempt_id == retry.id)).all()
    assert "feel-before" not in asked and len(asked) == len(bank.questions) - 1
    # the first attempt still asks everything
    assert [q.id for q in progress.questions_needed(bank, first)] == [q.id for q in bank.questions]


def test_the_student_on_a_retry_never_sees_the_before_reflection(client, world, login_as):
    classroom = factories.make_class(world.a.teacher, "VIII-D", students=1, locale="en")
    assignment = factories.make_assignment(classroom, "sample-basics", allow_retries=True)
    student = classroom.students[0]
    factories.answer_all(student, assignment)
    login_as(student, client)
    started = client.post(f"/s/m/{assignment.id}/start")
    assert started.headers["Location"] == f"/s/m/{assignment.id}/q/who-does-it"
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "Question 1 of 6" in page  # the retry's own count, without the opening reflection
    skipped = client.get(f"/s/m/{assignment.id}/q/feel-before")
    assert skipped.headers["Location"] == f"/s/m/{assignment.id}/q/who-does-it"
    sent = client.post(f"/s/m/{assignment.id}/q/feel-before", data={"value": "4"})
    assert sent.headers["Location"] == f"/s/m/{assignment.id}/q/who-does-it"
    assert db.session.scalar(select(func.count()).select_from(Answer).join(Attempt).where(Attempt.number == 2)) == 0


def test_the_counsellors_overview_gives_before_and_after_per_class_from_five_answers(world, catalogue, login_as):
    before_and_after_class(world.a.teacher)
    small = factories.make_class(world.a.teacher, "VII-K", students=4)
    few = factories.make_assignment(small, "sample-basics", allow_retries=True)
    for student in small.students:
        factories.answer_all(student, few)
    rows = {(row.classroom_name, row.moment): row for row in school_overview(catalogue, world.a.school.id).reflections}
    assert set(rows) == {("VIII-B", "before"), ("VIII-B", "after"), ("VII-K", "before"), ("VII-K", "after")}
    assert (rows[("VIII-B", "before")].question_id, rows[("VIII-B", "before")].counts) == ("feel-before", (2, 2, 1, 0))
    assert (rows[("VIII-B", "after")].question_id, rows[("VIII-B", "after")].counts) == ("feel-after", (0, 1, 2, 2))
    assert rows[("VII-K", "before")].answered == 4 and rows[("VII-K", "before")].counts is None  # under five: hidden

    page = login_as(world.a.counsellor).get("/counsellor/", headers=EN).get_data(as_text=True)
    assert "Before" in page and "After" in page
    assert "fewer than 5 answers: not shown" in page


def _class_with_retries(teacher, size: int):
    classroom = factories.make_class(teacher, f"Kelas {size}", students=size)
    assignment = factories.make_assignment(classroom, "sample-basics", allow_retries=True)
    for index, student in enumerate(classroom.students):
        factories.answer_all(student, assignment, wrong=index % 2 == 0)
        if index % 3 == 0:
            factories.answer_all(student, assignment, stop_after=None if index % 2 else 2)
    return classroom, assignment


def _queries(count_queries, login_as, teacher, classroom, assignment) -> tuple[int, int, int]:
    catalogue = get_catalogue()
    with count_queries() as report_queries:
        report = assignment_reports.assignment_report(assignment, catalogue, "en")
    assert report.key_items and report.reflections
    with count_queries() as overview_queries:
        school_overview(catalogue, classroom.school_id, "en")
    client = login_as(teacher)
    with count_queries() as page_queries:
        assert client.get(f"/teacher/assignments/{assignment.id}/report").status_code == 200
    return len(report_queries), len(overview_queries), len(page_queries)


def test_before_and_after_cost_as_many_queries_for_60_students_as_for_5(world, count_queries, login_as):
    teacher = world.a.teacher
    small = _queries(count_queries, login_as, teacher, *_class_with_retries(teacher, 5))
    large = _queries(count_queries, login_as, teacher, *_class_with_retries(teacher, 60))
    assert small == large, (small, large)
    report, overview, page = large
    assert report <= 6 and overview <= 6, large  # one query gives "before and after", whatever the class
