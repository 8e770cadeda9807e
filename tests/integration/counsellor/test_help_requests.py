"""A student asks for help; only the school's counsellors ever see it (journey 5)."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, HelpRequest, HelpStatus
from app.reports import help_inbox
from app.services import help_requests


def _ask(student, text="Ada yang mengancam menyebar fotoku."):
    request = help_requests.submit(student, text)
    db.session.commit()
    return request


def test_one_help_request_from_the_student_to_handled_with_its_audit_trail(app, client, world, login_as):
    a = world.a
    rina = a.students[0]
    pupil = login_as(rina)
    with app.test_request_context():
        send_path = url_for("student.send_help")
    assert pupil.post(send_path, data={"text": "Ada yang mengancam menyebar fotoku."}).status_code == 302
    request = db.session.scalar(select(HelpRequest))
    assert request.student_id == rina.id and request.school_id == a.school.id

    login_as(a.counsellor, client)
    home = client.get("/counsellor/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "1 new" in home  # the badge in the menu

    inbox = client.get("/counsellor/help-requests", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert rina.display_name in inbox and "VIII-A" in inbox
    assert "mengancam" not in inbox  # the text is read by opening the request, which is recorded

    opened = client.get(f"/counsellor/help-requests/{request.id}").get_data(as_text=True)
    assert "Ada yang mengancam menyebar fotoku." in opened
    db.session.refresh(request)
    assert request.first_read_by_id == a.counsellor.id and request.first_read_at is not None

    client.post(f"/counsellor/help-requests/{request.id}", data={"status": "in_progress", "note": "Call her in."})
    assert "1 new" not in client.get("/counsellor/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    response = client.post(
        f"/counsellor/help-requests/{request.id}",
        data={"status": "handled", "note": "Talked; reported with her mother to SAPA 129."},
    )
    assert response.status_code == 302
    db.session.refresh(request)
    assert request.status == HelpStatus.HANDLED and request.handled_by_id == a.counsellor.id
    assert request.counsellor_note.startswith("Talked")

    trail = db.session.execute(
        select(AuditEvent.action, AuditEvent.actor_id, AuditEvent.details)
        .where(AuditEvent.target_type == "help_request", AuditEvent.target_id == request.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [(action, actor) for action, actor, _details in trail] == [
        ("help_request:read", a.counsellor.id),
        ("help_request:update", a.counsellor.id),
        ("help_request:update", a.counsellor.id),
    ]
    assert trail[-1].details == {"status": "handled"}

    # The school's admin reads the trail, but not the request.
    admin = login_as(a.admin)
    audit_page = admin.get("/admin/audit", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "help request read" in audit_page and a.counsellor.display_name in audit_page
    assert "mengancam" not in audit_page
    assert admin.get(f"/counsellor/help-requests/{request.id}").status_code == 404


def test_nobody_but_the_schools_counsellors_sees_a_help_request(world, login_as):
    request = _ask(world.a.students[0])
    for user in (world.a.teacher, world.a.other_teacher, world.a.admin, world.b.counsellor, world.b.admin):
        visitor = login_as(user)
        assert visitor.get(f"/counsellor/help-requests/{request.id}").status_code == 404, user.username
        assert (
            visitor.post(f"/counsellor/help-requests/{request.id}", data={"status": "handled", "note": "x"}).status_code == 404
        ), user.username
    b_inbox = login_as(world.b.counsellor)
    assert world.a.students[0].display_name not in b_inbox.get("/counsellor/help-requests").get_data(as_text=True)
    teacher = login_as(world.a.teacher)
    assert teacher.get("/counsellor/help-requests").status_code == 403
    student = login_as(world.a.students[1])
    assert student.get(f"/counsellor/help-requests/{request.id}").status_code in (403, 404)
    db.session.refresh(request)
    assert request.first_read_by_id is None and request.status == HelpStatus.NEW
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.target_type == "help_request")) is None


def test_a_help_request_outlives_the_students_deletion(client, world, login_as):
    student = world.a.students[0]
    request = _ask(student)
    help_requests.detach_student(student)
    db.session.delete(student)
    db.session.commit()
    login_as(world.a.counsellor, client)
    inbox = client.get("/counsellor/help-requests", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "a deleted student" in inbox
    opened = client.get(f"/counsellor/help-requests/{request.id}", headers={"Accept-Language": "en"})
    assert opened.status_code == 200 and "a deleted student" in opened.get_data(as_text=True)


def test_a_bad_state_is_refused_and_nothing_is_lost(client, world, login_as):
    request = _ask(world.a.students[0])
    login_as(world.a.counsellor, client)
    response = client.post(f"/counsellor/help-requests/{request.id}", data={"status": "deleted", "note": "keep me"})
    assert response.status_code == 400 and "keep me" in response.get_data(as_text=True)
    db.session.refresh(request)
    assert request.status == HelpStatus.NEW


def test_the_inbox_lists_new_requests_first(app, client, world):
    first, second = _ask(world.a.students[0], "satu"), _ask(world.a.students[1], "dua")
    second.status = HelpStatus.HANDLED
    db.session.commit()
    rows = help_inbox.inbox(world.a.school.id)
    assert [row.id for row in rows] == [first.id, second.id]
    assert help_inbox.count_new(world.a.school.id) == 1 and help_inbox.count_new(world.b.school.id) == 0
    assert db.session.scalar(select(HelpRequest.status).where(HelpRequest.id == first.id)) == HelpStatus.NEW
