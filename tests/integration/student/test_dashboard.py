"""The dashboard: the class's modules in theme order, where the student stands in each, in a few queries."""

from __future__ import annotations

from datetime import timedelta

from app.content import get_catalogue
from app.extensions import db
from app.models import utcnow
from app.reports.figures import AttemptStatus
from app.reports.student_dashboard import dashboard_rows
from tests import factories
from tests.integration.student.helpers import text_of, visible_text


def a_class_with_both_modules(students: int = 1, locale: str = "en"):
    teacher = factories.make_user(factories.make_school())
    classroom = factories.make_class(teacher, students=students, locale=locale)
    # Assigned in the "wrong" order: the dashboard follows the themes, not the assignment dates.
    grooming = factories.make_assignment(classroom, "sample-grooming", allow_retries=True)
    basics = factories.make_assignment(classroom, "sample-basics")
    return classroom, basics, grooming


def statuses(student):
    return [(row.bank.id, row.status) for row in dashboard_rows(get_catalogue(), student)]


def test_each_module_says_where_the_student_stands_in_theme_order(app):
    classroom, basics, grooming = a_class_with_both_modules()
    student = classroom.students[0]
    assert statuses(student) == [("sample-basics", AttemptStatus.NOT_STARTED), ("sample-grooming", AttemptStatus.NOT_STARTED)]

    factories.answer_all(student, basics, stop_after=3)
    row = dashboard_rows(get_catalogue(), student)[0]
    assert (row.status, row.answered, row.counts.total) == (AttemptStatus.IN_PROGRESS, 3, 7)

    grooming.due_at = utcnow() - timedelta(days=1)
    db.session.commit()
    assert statuses(student)[1] == ("sample-grooming", AttemptStatus.OVERDUE)

    factories.answer_all(student, basics)
    row = dashboard_rows(get_catalogue(), student)[0]
    assert (row.status, row.score, row.passed) == (AttemptStatus.FINISHED, 1.0, True)

    grooming.closed_at = utcnow()
    db.session.commit()
    assert statuses(student)[1] == ("sample-grooming", AttemptStatus.CLOSED)


def test_the_dashboard_page_shows_status_progress_score_and_due_date(client, login_as):
    classroom, basics, grooming = a_class_with_both_modules()
    student = classroom.students[0]
    grooming.due_at = utcnow() + timedelta(days=3)
    db.session.commit()
    factories.answer_all(student, basics, wrong=True)
    login_as(student, client)
    page = visible_text(text_of(client.get("/s/")))
    assert page.index("Sample basics") < page.index("Sample grooming")
    assert "Finished Score: 0% · Not passed yet" in page
    assert "Not started" in page and "Due " in page
    assert f'href="/s/m/{grooming.id}"' in text_of(client.get("/s/"))


def test_a_retry_in_progress_shows_progress_and_keeps_the_best_score(app):
    classroom, basics, grooming = a_class_with_both_modules()
    student = classroom.students[0]
    factories.answer_all(student, grooming)
    factories.answer_all(student, grooming, wrong=True, stop_after=1)  # the retry, half done
    row = dashboard_rows(get_catalogue(), student)[1]
    assert (row.status, row.answered, row.score) == (AttemptStatus.IN_PROGRESS, 1, 1.0)


def test_the_dashboard_runs_the_same_few_queries_however_much_was_done(app, count_queries):
    classroom, basics, grooming = a_class_with_both_modules()
    student = classroom.students[0]
    with count_queries() as fresh:
        dashboard_rows(get_catalogue(), student)
    factories.answer_all(student, basics)
    for _try in range(4):
        factories.answer_all(student, grooming)
    db.session.refresh(student)  # the commits above expired it; loading it is not the dashboard's doing
    with count_queries() as busy:
        rows = dashboard_rows(get_catalogue(), student)
    assert len(fresh) == len(busy) == 1
    assert [row.status for row in rows] == [AttemptStatus.FINISHED, AttemptStatus.FINISHED]


def test_the_dashboard_page_is_a_bounded_number_of_queries(client, count_queries, login_as):
    classroom, basics, grooming = a_class_with_both_modules()
    student = classroom.students[0]
    login_as(student, client)
    with count_queries() as empty:
        client.get("/s/")
    factories.answer_all(student, basics)
    for _try in range(3):
        factories.answer_all(student, grooming)
    with count_queries() as busy:
        client.get("/s/")
    assert len(empty) == len(busy) <= 6


def test_a_class_with_no_modules_yet_says_so(client, login_as):
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=1, locale="en")
    login_as(classroom.students[0], client)
    assert "has not given your class any modules yet" in text_of(client.get("/s/"))
