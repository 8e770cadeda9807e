"""Scenario helpers for the counsellor's and admin's tests.

``record_results`` writes finished attempts straight into the tables (scored by the
quiz engine, but without the per-answer round trips of the progress service), so a
school of six classes of twenty students is set up in a blink for the query-count
tests; the journeys themselves go through the real services.
"""

from __future__ import annotations

import secrets

from app.content import get_catalogue
from app.extensions import db
from app.models import Answer, AnswerMisconception, Assignment, Attempt, Classroom, Role, utcnow
from app.quizbank import misconceptions_shown, score_response
from app.reports.figures import passed
from tests import factories


def record_results(assignment: Assignment, students, wrong: bool = False) -> list[Attempt]:
    """Each student finishes the assignment's module once, all right (or all wrong)."""
    bank = get_catalogue().get(assignment.bank_id)
    scored = bank.scored_questions
    attempts = []
    for student in students:
        attempt = Attempt(
            assignment_id=assignment.id,
            student_id=student.id,
            number=1,
            bank_id=bank.id,
            bank_version=bank.version,
            content_hash=bank.content_hash,
            seed=secrets.token_hex(8),
            finished_at=utcnow(),
            answered_ids=" ".join(question.id for question in bank.questions),
        )
        total = 0.0
        for question in bank.questions:
            response = factories.wrong_response(question) if wrong else factories.correct_response(question)
            score = score_response(question, response)
            if question.scored:
                total += score
            answer = Answer(question_id=question.id, question_type=question.type, response=response, score=score)
            answer.misconceptions = [
                AnswerMisconception(key=key, attempt=attempt) for key in misconceptions_shown(question, response)
            ]
            attempt.answers.append(answer)
        attempt.score = total / len(scored) if scored else 1.0
        attempt.passed = passed(attempt.score, bank.pass_percent)
        attempts.append(attempt)
    db.session.add_all(attempts)
    db.session.commit()
    return attempts


def make_school_of(classes: int, students: int, name: str = "SMP Negeri Besar"):
    """A school with ``classes`` classes of ``students``, each class with both sample modules,
    half of each class all right and half all wrong. Returns (school, counsellor, admin, classrooms)."""
    school = factories.make_school(name)
    counsellor = factories.make_user(school, Role.COUNSELLOR)
    admin = factories.make_user(school, Role.ADMIN)
    teacher = factories.make_user(school, Role.TEACHER)
    classrooms: list[Classroom] = []
    for index in range(classes):
        classroom = factories.make_class(teacher, f"VII-{index + 1}", students=students)
        pupils = list(classroom.students)
        for bank_id in ("sample-basics", "sample-grooming"):
            assignment = factories.make_assignment(classroom, bank_id)
            half = len(pupils) // 2
            record_results(assignment, pupils[:half])
            record_results(assignment, pupils[half:], wrong=True)
        classrooms.append(classroom)
    return school, counsellor, admin, classrooms
