"""The progress service: answers saved exactly once, attempts scored when the last question is answered."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Answer, AnswerMisconception
from app.services import progress
from app.services.errors import ServiceError
from tests import factories


@pytest.fixture
def student_and_assignment(app):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    return classroom.students[0], factories.make_assignment(classroom, "sample-basics")


def test_a_module_answered_right_finishes_with_full_marks(student_and_assignment):
    student, assignment = student_and_assignment
    attempt = factories.answer_all(student, assignment)
    assert attempt.finished and attempt.score == 1.0 and attempt.passed


def test_a_module_answered_wrong_records_the_misconceptions_it_revealed(student_and_assignment):
    student, assignment = student_and_assignment
    attempt = factories.answer_all(student, assignment, wrong=True)
    assert attempt.finished and not attempt.passed
    assert attempt.score == 0  # a reversed order has no pair of steps in the right order
    keys = set(db.session.scalars(db.select(AnswerMisconception.key)))
    assert keys == {"only-strangers", "secrets-are-normal"}


def test_a_second_answer_to_a_question_keeps_the_first(student_and_assignment, catalogue):
    student, assignment = student_and_assignment
    attempt = progress.start_attempt(catalogue, student, assignment)
    first = progress.submit_answer(catalogue, attempt, "who-does-it", {"choice": "b"})
    second = progress.submit_answer(catalogue, attempt, "who-does-it", {"choice": "a"})
    assert first.created and not second.created
    assert second.answer_id == first.answer_id
    assert db.session.get(Answer, first.answer_id).response == {"choice": "b"}
    assert db.session.scalar(db.select(db.func.count()).select_from(Answer)) == 1


def test_an_answer_that_does_not_fit_is_refused_and_nothing_is_saved(student_and_assignment, catalogue):
    student, assignment = student_and_assignment
    attempt = progress.start_attempt(catalogue, student, assignment)
    with pytest.raises(ServiceError) as refused:
        progress.submit_answer(catalogue, attempt, "who-does-it", {"choice": "zz"})
    assert refused.value.code == "invalid_response"
    with pytest.raises(ServiceError) as unknown:
        progress.submit_answer(catalogue, attempt, "no-such-question", {"choice": "a"})
    assert unknown.value.code == "unknown_question"
    assert db.session.scalar(db.select(db.func.count()).select_from(Answer)) == 0


def test_a_student_continues_at_the_first_unanswered_question(student_and_assignment, catalogue):
    student, assignment = student_and_assignment
    attempt = factories.answer_all(student, assignment, stop_after=3)
    again = progress.start_attempt(catalogue, student, assignment)
    assert again.id == attempt.id
    assert progress.next_question(catalogue.get("sample-basics"), again).id == "abroad-only"


def test_a_retry_is_a_new_attempt_only_when_the_assignment_allows_it(app, catalogue):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=2)
    once = factories.make_assignment(classroom, "sample-basics")
    twice = factories.make_assignment(classroom, "sample-grooming", allow_retries=True)
    student = classroom.students[0]
    factories.answer_all(student, once)
    with pytest.raises(ServiceError) as refused:
        progress.start_attempt(catalogue, student, once)
    assert refused.value.code == "no_retry"
    first = factories.answer_all(student, twice)
    second = progress.start_attempt(catalogue, student, twice)
    assert second.id != first.id and second.number == 2


def test_an_answer_sent_from_a_page_loaded_before_the_first_answer_keeps_the_first(student_and_assignment, catalogue):
    """A second tab loaded the attempt before the first answer was saved: the database refuses the
    second answer (INSERT ... ON CONFLICT DO NOTHING), without an error and without a savepoint."""
    from sqlalchemy.orm.attributes import set_committed_value

    student, assignment = student_and_assignment
    attempt = progress.start_attempt(catalogue, student, assignment)
    first = progress.submit_answer(catalogue, attempt, "who-does-it", {"choice": "b"})
    set_committed_value(attempt, "answered_ids", "")  # what the second tab saw
    second = progress.submit_answer(catalogue, attempt, "who-does-it", {"choice": "a"})
    assert first.created and not second.created and second.answer_id == first.answer_id
    assert db.session.get(Answer, first.answer_id).response == {"choice": "b"}
    db.session.refresh(attempt)
    assert attempt.answered_ids.split() == ["who-does-it"]  # recorded once
