"""Assigning modules from the catalogue: due dates, feedback, retries, sensitive themes, closing and reopening."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, FeedbackMode
from app.services import assignments
from app.services.errors import ServiceError
from tests import factories
from tests.integration.teacher.conftest import EN


def _assignments(classroom) -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(Assignment.classroom_id == classroom.id)))


def test_the_catalogue_shows_each_module_with_its_summary_minutes_and_questions(teacher, world):
    page = teacher.get(f"/teacher/classes/{world.a.classroom.id}/assign", headers=EN).get_data(as_text=True)
    assert "Sample basics" in page and "A sample bank for tests." in page and "5 minutes" in page
    assert "7 questions (5 scored)" in page  # named as the student reads it, reflections included
    assert "Sample grooming" in page and "sensitive theme" in page
    sd = teacher.get(f"/teacher/classes/{world.a.classroom.id}/assign?band=sd", headers=EN).get_data(as_text=True)
    assert "Sample basics" in sd and "Sample grooming" not in sd  # grooming is for SMP and SMA only
    themed = teacher.get(f"/teacher/classes/{world.a.classroom.id}/assign?theme=grooming&band=all", headers=EN)
    assert "Sample basics" not in themed.get_data(as_text=True)


def test_a_teacher_assigns_a_module_due_friday_with_feedback_after_finishing_and_retries(teacher, world):
    friday = date.today() + timedelta(days=(4 - date.today().weekday()) % 7 + 7)
    response = teacher.post(
        f"/teacher/classes/{world.a.classroom.id}/assign",
        data={"modules": ["sample-basics"], "due_on": friday.isoformat(), "feedback_mode": "after_finish", "retries": "yes"},
    )
    assert response.status_code == 302
    (assignment,) = _assignments(world.a.classroom)
    assert assignment.bank_id == "sample-basics" and assignment.feedback_mode == FeedbackMode.AFTER_FINISH
    assert assignment.allow_retries and assignment.sensitive_confirmed_at is None
    # Due at the end of Friday in Jakarta (UTC+7): 16:59 UTC that day.
    assert (assignment.due_at.date(), assignment.due_at.hour, assignment.due_at.minute) == (friday, 16, 59)
    page = teacher.get(f"/teacher/classes/{world.a.classroom.id}", headers=EN).get_data(as_text=True)
    assert "Sample basics" in page and "after finishing" in page and "retries allowed" in page


def test_a_sensitive_module_needs_the_teachers_confirmation(teacher, world):
    url = f"/teacher/classes/{world.a.classroom.id}/assign"
    refused = teacher.post(
        url, data={"modules": ["sample-basics", "sample-grooming"], "feedback_mode": "immediate", "retries": "no"}, headers=EN
    )
    assert refused.status_code == 200
    assert "A module on a sensitive theme needs your confirmation" in refused.get_data(as_text=True)
    assert _assignments(world.a.classroom) == []  # all or nothing
    accepted = teacher.post(
        url, data={"modules": ["sample-grooming"], "feedback_mode": "immediate", "retries": "no", "sensitive_ok": "y"}
    )
    assert accepted.status_code == 302
    (assignment,) = _assignments(world.a.classroom)
    assert assignment.sensitive_confirmed_at is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"modules": ["no-such-module"]}, "This module does not exist (any more)."),
        ({"modules": []}, "Choose at least one module."),
        (
            {"modules": ["sample-basics"], "due_on": (date.today() - timedelta(days=1)).isoformat()},
            "The due date is in the past.",
        ),
        ({"modules": ["sample-basics"], "due_on": "31-12-2026"}, "Not a valid date value."),
        ({"modules": ["sample-basics"], "feedback_mode": "never"}, "Not a valid choice."),
    ],
)
def test_bad_assignments_are_refused_with_a_clear_message(teacher, world, data, message):
    data = {"feedback_mode": "immediate", "retries": "no", **data}
    response = teacher.post(f"/teacher/classes/{world.a.classroom.id}/assign", data=data, headers=EN)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert _assignments(world.a.classroom) == []


def test_a_module_is_assigned_once_per_class(teacher, world):
    factories.make_assignment(world.a.classroom, "sample-basics")
    response = teacher.post(
        f"/teacher/classes/{world.a.classroom.id}/assign",
        headers=EN,
        data={"modules": ["sample-basics"], "feedback_mode": "immediate", "retries": "no"},
    )
    assert "already assigned" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Assignment.id))) == 1


def test_a_teacher_changes_the_rules_closes_and_reopens_an_assignment(app, teacher, world):
    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    url = f"/teacher/assignments/{assignment.id}"
    assert teacher.get(url + "/edit").status_code == 200
    next_week = (date.today() + timedelta(days=7)).isoformat()
    assert (
        teacher.post(url + "/edit", data={"due_on": next_week, "feedback_mode": "after_close", "retries": "yes"}).status_code
        == 302
    )
    db.session.refresh(assignment)
    assert assignment.feedback_mode == FeedbackMode.AFTER_CLOSE and assignment.allow_retries and assignment.due_at
    past = teacher.post(url + "/edit", data={"due_on": "2020-01-01", "feedback_mode": "immediate", "retries": "no"}, headers=EN)
    assert "The due date is in the past." in past.get_data(as_text=True)

    teacher.post(url + "/close")
    db.session.refresh(assignment)
    assert assignment.closed_at is not None
    teacher.post(url + "/reopen")
    db.session.refresh(assignment)
    assert assignment.closed_at is None


def test_a_due_date_already_past_may_stay_when_other_rules_change(app, world):
    from app.models import utcnow

    assignment = factories.make_assignment(world.a.classroom, "sample-basics")
    assignment.due_at = utcnow() - timedelta(days=3)
    db.session.commit()
    assignments.update_assignment(assignment, feedback_mode="after_close", allow_retries=False, due_at=assignment.due_at)
    with pytest.raises(ServiceError) as refused:
        assignments.update_assignment(
            assignment, feedback_mode="immediate", allow_retries=False, due_at=utcnow() - timedelta(days=1)
        )
    assert refused.value.code == "due_in_past"


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/teacher/assignments/{id}/edit"),
        ("post", "/teacher/assignments/{id}/edit"),
        ("post", "/teacher/assignments/{id}/close"),
        ("post", "/teacher/assignments/{id}/reopen"),
        ("get", "/teacher/assignments/{id}/report"),
        ("get", "/teacher/assignments/{id}/answers.csv"),
    ],
)
def test_another_teachers_assignment_answers_404(teacher, world, method, url):
    others = [factories.make_assignment(world.a.other_classroom), factories.make_assignment(world.b.classroom)]
    for assignment in others:
        response = getattr(teacher, method)(url.format(id=assignment.id), data={"feedback_mode": "after_close", "retries": "yes"})
        assert response.status_code == 404
    db.session.refresh(others[0])
    assert others[0].closed_at is None and others[0].feedback_mode == FeedbackMode.IMMEDIATE
