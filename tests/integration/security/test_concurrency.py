"""Many answers at the same instant: exactly one answer per question, scores that match the answers.

On PostgreSQL the row lock queues them; on SQLite the writer gate (app/sqlite.py). Both databases."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.content import get_catalogue
from app.extensions import db
from app.models import Answer, Attempt, Student
from app.services import progress
from tests import factories


def _run_together(app, jobs):
    """Run each job in its own thread and app context, all released at once."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                job()
                db.session.commit()
            except Exception as error:  # collected and reported by the test
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _submit(attempt_id, question_id, response):
    def job():
        catalogue = get_catalogue()
        attempt = db.session.get(Attempt, attempt_id)
        progress.submit_answer(catalogue, attempt, question_id, response)

    return job


def test_forty_simultaneous_submissions_from_one_student(app, catalogue):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    assignment = factories.make_assignment(classroom, "sample-basics")
    attempt = progress.start_attempt(catalogue, classroom.students[0], assignment)
    db.session.commit()
    bank = catalogue.get("sample-basics")
    jobs = []
    for index in range(40):
        question = bank.questions[index % len(bank.questions)]
        response = factories.correct_response(question) if index % 2 == 0 else factories.wrong_response(question)
        jobs.append(_submit(attempt.id, question.id, response))
    errors = _run_together(app, jobs)
    assert errors == []
    db.session.expire_all()
    answers = db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)).all()
    assert sorted(answer.question_id for answer in answers) == sorted(q.id for q in bank.questions)
    attempt = db.session.get(Attempt, attempt.id)
    assert attempt.finished
    expected = sum(answer.score for answer in answers if answer.score is not None) / len(bank.scored_questions)
    assert attempt.score == pytest.approx(expected)


def test_forty_students_of_one_class_answer_at_the_same_moment(app, catalogue):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=40)
    assignment = factories.make_assignment(classroom, "sample-grooming")
    bank = catalogue.get("sample-grooming")
    attempts = [progress.start_attempt(catalogue, student, assignment) for student in classroom.students]
    db.session.commit()
    jobs = [
        _submit(attempt.id, question.id, factories.correct_response(question))
        for attempt in attempts
        for question in bank.questions
    ]
    assert _run_together(app, jobs) == []
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 40 * len(bank.questions)
    finished = db.session.scalars(select(Attempt).where(Attempt.assignment_id == assignment.id)).all()
    assert len(finished) == 40 and all(a.finished and a.score == 1.0 for a in finished)
    assert db.session.scalar(select(func.count()).select_from(Student)) == 40


def test_double_submission_from_two_tabs_keeps_one_answer(app, catalogue):
    """The same on every database: two submissions of one question race; one answer stays."""
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1)
    assignment = factories.make_assignment(classroom, "sample-basics")
    attempt = progress.start_attempt(catalogue, classroom.students[0], assignment)
    db.session.commit()
    errors = _run_together(
        app, [_submit(attempt.id, "who-does-it", {"choice": "b"}), _submit(attempt.id, "who-does-it", {"choice": "a"})]
    )
    assert errors == []
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 1
