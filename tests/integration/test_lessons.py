"""A discussion lesson: the teacher leads a module on the projector, phones answer anonymously.

Scenario: the teacher of VIII-A starts a lesson of "Sample basics"; phones open it with
the code, without signing in; the projector counts the answers and shows the class's
distribution only once five phones have answered; nothing names a student anywhere.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, inspect, select

from app.extensions import db
from app.models import Answer, AuditEvent, Lesson, LessonTally
from tests.conftest import make_test_app

EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def _an_english_speaking_school(world):
    """The school's staff read Waspada in English (its default language), so do its projectors."""
    world.a.school.default_locale = "en"
    db.session.commit()


def _start(teacher_client, classroom, bank_id="sample-basics") -> Lesson:
    response = teacher_client.post(f"/teacher/classes/{classroom.id}/lessons", data={"bank_id": bank_id})
    assert response.status_code == 302
    lesson = db.session.scalar(select(Lesson).order_by(Lesson.id.desc()))
    assert response.headers["Location"] == f"/teacher/lessons/{lesson.id}/projector"
    return lesson


def _phone(app, lesson):
    phone = app.test_client()
    page = phone.get(f"/l/{lesson.code}", headers=EN)
    assert page.status_code == 200
    return phone


def _answer(phone, lesson, question_id, **form):
    return phone.post(f"/l/{lesson.code}", data={"question": question_id, **form}, headers=EN)


def _live(teacher_client, lesson) -> str:
    return teacher_client.get(f"/teacher/lessons/{lesson.id}/live", headers=EN).get_data(as_text=True)


def _next(teacher_client, lesson, action="next"):
    assert teacher_client.post(f"/teacher/lessons/{lesson.id}/{action}").status_code == 302


def test_phones_answer_anonymously_and_the_projector_shows_totals_only_from_five(app, world, login_as):
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    projector = teacher.get(f"/teacher/lessons/{lesson.id}/projector", headers=EN).get_data(as_text=True)
    assert lesson.code in projector and "<svg" in projector  # the code and its QR code, to open on a phone
    _next(teacher, lesson)  # question 2: who can be an offender (single)
    phones = [_phone(app, lesson) for _ in range(6)]
    for phone in phones[:4]:
        assert _answer(phone, lesson, "who-does-it", choice="a").status_code == 302
    live = _live(teacher, lesson)
    assert "4 phones have answered" in live and "How the class answered" not in live
    assert "<progress" not in live  # no distribution of fewer than five answers
    _answer(phones[4], lesson, "who-does-it", choice="b")
    live = _live(teacher, lesson)
    assert "5 phones have answered" in live and "How the class answered" in live
    assert re.search(r"Only strangers</th><td class=\"num\">4</td>", live)
    assert "80%" in live and "20%" in live
    for student in world.a.students:  # nobody's name, anywhere on the projector
        assert student.display_name not in live and student.display_name not in projector


def test_lesson_answers_are_kept_only_as_class_totals(app, world, login_as):
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    _next(teacher, lesson)
    for choice in ("a", "b", "b"):
        _answer(_phone(app, lesson), lesson, "who-does-it", choice=choice)
    # The lesson's tables have no column that could name a student or a device.
    for table in ("lessons", "lesson_tallies"):
        columns = {column["name"] for column in inspect(db.engine).get_columns(table)}
        assert not columns & {"student_id", "user_agent", "address", "session", "device", "phone"}, columns
    counts = dict(
        db.session.execute(select(LessonTally.option, LessonTally.count).where(LessonTally.question_id == "who-does-it")).all()
    )
    assert counts == {"*": 3, "a": 1, "b": 2, "v:wrong": 1, "v:right": 2}
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 0  # no student's answer is made
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.target_type == "student")) == 0


def test_a_phone_counts_once_and_a_late_phone_gets_the_question_showing_now(app, world, login_as):
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    _next(teacher, lesson)
    phone = _phone(app, lesson)
    _answer(phone, lesson, "who-does-it", choice="a")
    _answer(phone, lesson, "who-does-it", choice="b")  # a second tap: not counted again
    assert "1 phone has answered" in _live(teacher, lesson)
    waiting = phone.get(f"/l/{lesson.code}", headers=EN).get_data(as_text=True)
    assert "Your answer is counted" in waiting and 'http-equiv="refresh"' in waiting  # works without script
    _next(teacher, lesson)  # question 3
    late = _phone(app, lesson).get(f"/l/{lesson.code}", headers=EN).get_data(as_text=True)
    assert "Question 3 of 7" in late and 'name="question" value="warning-signs"' in late
    # An answer to a question the projector has left is not counted.
    stale = _phone(app, lesson)
    assert _answer(stale, lesson, "who-does-it", choice="a").status_code == 302
    counts = db.session.scalar(
        select(LessonTally.count).where(LessonTally.question_id == "who-does-it", LessonTally.option == "*")
    )
    assert counts == 1


def test_every_phone_page_has_the_help_link_and_the_quick_exit_and_asks_no_name(app, world, login_as):
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    for path in ("/l", f"/l/{lesson.code}"):
        page = app.test_client().get(path, headers=EN).get_data(as_text=True)
        assert 'id="quick-exit"' in page and "I need help" in page, path
        assert 'name="name"' not in page and "personal_code" not in page
    opened = app.test_client().post("/l", data={"code": lesson.code.lower()})
    assert opened.status_code == 302 and opened.headers["Location"] == f"/l/{lesson.code}"
    wrong = app.test_client().post("/l", data={"code": "ZZZZZZ"}, headers=EN)
    assert wrong.status_code == 400 and "no lesson running with this code" in wrong.get_data(as_text=True)


def test_the_lesson_lives_in_the_database_so_any_app_process_serves_any_phone(app, world, login_as):
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    other_process = make_test_app()
    with other_process.app_context():
        phone = other_process.test_client()
        assert phone.get(f"/l/{lesson.code}/state").get_json() == {"ended": False, "position": 0, "revealed": False}
        _next(teacher, lesson)
        _next(teacher, lesson, "reveal")
        assert phone.get(f"/l/{lesson.code}/state").get_json() == {"ended": False, "position": 1, "revealed": True}
        _next(teacher, lesson, "end")
        assert phone.get(f"/l/{lesson.code}/state").get_json() == {"ended": True}
        assert phone.get(f"/l/{lesson.code}").status_code == 404


def test_only_the_class_teacher_leads_a_lesson_and_counsellors_read_its_totals(app, world, login_as):
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    other_teacher = login_as(world.a.other_teacher)
    assert other_teacher.get(f"/teacher/lessons/{lesson.id}/projector").status_code == 404
    assert other_teacher.post(f"/teacher/lessons/{lesson.id}/next").status_code == 404
    assert login_as(world.b.teacher).get(f"/teacher/lessons/{lesson.id}").status_code == 404
    counsellor = login_as(world.a.counsellor)
    assert counsellor.get(f"/teacher/lessons/{lesson.id}").status_code == 200
    assert counsellor.post(f"/teacher/lessons/{lesson.id}/next").status_code == 403
    student = login_as(world.a.students[0])
    assert student.get(f"/teacher/lessons/{lesson.id}/projector").status_code in (403, 404)


def test_the_totals_page_hides_questions_answered_by_fewer_than_five_phones(app, world, login_as, count_queries):
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    _next(teacher, lesson)
    for _ in range(3):
        _answer(_phone(app, lesson), lesson, "who-does-it", choice="a")
    _next(teacher, lesson)
    for _ in range(5):
        _answer(_phone(app, lesson), lesson, "warning-signs", choice=["a", "b"])
    with count_queries() as statements:
        page = teacher.get(f"/teacher/lessons/{lesson.id}", headers=EN).get_data(as_text=True)
    assert "3 phones answered" in page and "fewer than 5 answers: not shown" in page
    assert "5 phones answered" in page and "100%" in page
    small = len(statements)
    for _ in range(30):
        _answer(_phone(app, lesson), lesson, "warning-signs", choice=["a"])
    with count_queries() as statements:
        teacher.get(f"/teacher/lessons/{lesson.id}", headers=EN)
    assert len(statements) == small  # one query for the totals, whatever the number of phones


def test_an_ordering_on_a_phone_starts_in_the_order_shown_so_sending_it_untouched_is_an_answer(app, world, login_as):
    """Found by the benchmark's phones: every place showed "1", so an untouched ordering was refused."""
    teacher = login_as(world.a.teacher)
    lesson = _start(teacher, world.a.classroom)
    for _step in range(4):  # feel-before, who-does-it, warning-signs, abroad-only: then "steps", an ordering
        _next(teacher, lesson)
    phone = _phone(app, lesson)
    page = phone.get(f"/l/{lesson.code}", headers=EN).get_data(as_text=True)
    assert 'name="question" value="steps"' in page and "js/order.js" in page
    places = dict(re.findall(r'<select id="pos-[^"]+" name="(pos-[^"]+)">.*?<option selected>(\d+)</option>', page, re.S))
    assert sorted(places.values()) == [str(n) for n in range(1, len(places) + 1)] and len(places) >= 3
    assert _answer(phone, lesson, "steps", **places).status_code == 302
    assert "1 phone has answered" in _live(teacher, lesson)
