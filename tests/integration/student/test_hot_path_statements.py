"""The hot path of a lesson stays lean: the statements of a question page, an answer and the dashboard are pinned.

When a class answers at the bell, every statement of these requests is paid thirty times
a second. The counts below are what the design allows (issue "Speed"): the signed-in
student is one statement, the assignment with the latest attempt (and its answered ids)
another; an ordinary answer adds its INSERT and the attempt's UPDATE. A change that brings
back ORM loading, a savepoint or a second read of the attempt fails here.
"""

from __future__ import annotations

from app.quizbank import misconceptions_shown
from tests import factories
from tests.integration.student.helpers import a_class_with_a_module, bank, question_url, right_form, wrong_form


def a_student_in_the_middle_of_a_module(client, login_as):
    classroom, assignment = a_class_with_a_module(locale="en")
    login_as(classroom.students[0], client)
    client.post(f"/s/m/{assignment.id}/start")
    questions = bank().questions
    client.post(question_url(assignment, questions[0].id), data=right_form(questions[0]))
    return assignment, questions


def test_a_question_page_is_two_statements(client, login_as, count_queries):
    assignment, questions = a_student_in_the_middle_of_a_module(client, login_as)
    url = question_url(assignment, questions[1].id)
    with count_queries() as statements:
        page = client.get(url)
    assert page.status_code == 200
    assert len(statements) == 2, statements  # who is signed in; the assignment with the latest attempt


def test_an_ordinary_answer_is_four_statements(client, login_as, count_queries):
    assignment, questions = a_student_in_the_middle_of_a_module(client, login_as)
    plain = next(q for q in questions[1:-1] if q.scored)
    url, form = question_url(assignment, plain.id), right_form(plain)
    with count_queries() as statements:
        sent = client.post(url, data=form)
    assert sent.status_code == 302
    # who is signed in; the assignment with the latest attempt; INSERT ... ON CONFLICT DO NOTHING; the attempt's UPDATE
    assert len(statements) == 4, statements
    assert statements[2].lstrip().upper().startswith("INSERT INTO ANSWERS")
    assert statements[3].lstrip().upper().startswith("UPDATE ATTEMPTS")
    assert not [s for s in statements if s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))]


def test_a_wrong_answer_adds_only_its_misconceptions_and_the_last_answer_only_the_score(client, login_as, count_queries):
    assignment, questions = a_student_in_the_middle_of_a_module(client, login_as)
    revealing = next(q for q in questions[1:-1] if misconceptions_shown(q, factories.wrong_response(q)))
    url, form = question_url(assignment, revealing.id), wrong_form(revealing)
    with count_queries() as wrong:
        client.post(url, data=form)
    assert len(wrong) == 5 and wrong[4].lstrip().upper().startswith("INSERT INTO ANSWER_MISCONCEPTIONS"), wrong
    for question in questions[1:-1]:
        client.post(question_url(assignment, question.id), data=right_form(question))
    url, form = question_url(assignment, questions[-1].id), right_form(questions[-1])
    with count_queries() as finishing:
        client.post(url, data=form)
    assert len(finishing) == 6, finishing  # + the sum of the scores and the attempt's finishing UPDATE


def test_a_double_tap_costs_no_exception_and_keeps_the_first_answer(client, login_as, count_queries):
    assignment, questions = a_student_in_the_middle_of_a_module(client, login_as)
    url, form = question_url(assignment, questions[0].id), right_form(questions[0])
    with count_queries() as statements:
        again = client.post(url, data=form)
    assert again.status_code == 302
    assert not [s for s in statements if s.lstrip().upper().startswith(("INSERT", "UPDATE", "SAVEPOINT"))]


def test_the_dashboard_is_two_statements_however_much_was_done(client, login_as, count_queries):
    classroom, assignment = a_class_with_a_module(locale="en")
    student = classroom.students[0]
    factories.make_assignment(classroom, "sample-grooming", allow_retries=True)
    login_as(student, client)
    with count_queries() as fresh:
        client.get("/s/")
    factories.answer_all(student, assignment)
    with count_queries() as busy:
        client.get("/s/")
    assert len(fresh) == len(busy) == 2, busy  # who is signed in; the assignments with the attempts
