"""The admin looks after the school's classes: keeper, archive, consent, export and deletion."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Answer,
    Attempt,
    AuditEvent,
    Classroom,
    ConsentRecord,
    HelpRequest,
    OptOut,
    Student,
    utcnow,
)
from app.services import help_requests, progress
from tests import factories
from tests.integration.counsellor.scenario import record_results

# Every staff sign-in is audited too; these scenarios look at what was done after signing in.
NOT_SIGN_IN = AuditEvent.action.not_in(("staff:sign_in", "staff:sign_in_failed"))

EN = {"Accept-Language": "en"}


def _student_home(app) -> str:
    from flask import url_for

    with app.test_request_context():
        return url_for("student.dashboard")


def test_the_class_list_shows_keeper_students_and_consent(app, world, login_as):
    no_consent = factories.make_class(world.a.teacher, "IX-C", students=2, consent=False)
    page = login_as(world.a.admin).get("/admin/classes", headers=EN).get_data(as_text=True)
    assert "VIII-A" in page and "IX-C" in page and world.a.teacher.display_name in page
    assert "not recorded" in page and "recorded" in page
    assert f"/admin/classes/{no_consent.id}/consent" in page
    assert "VIII-A" in page and world.b.teacher.display_name not in page


def test_the_admin_hands_a_class_to_another_teacher_of_the_school(app, world, login_as):
    client = login_as(world.a.admin)
    classroom = world.a.classroom
    assert client.post(f"/admin/classes/{classroom.id}/hand-over", data={"teacher": world.a.other_teacher.id}).status_code == 302
    db.session.refresh(classroom)
    assert classroom.teacher_id == world.a.other_teacher.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "classroom:hand_over"))
    assert event.details["to_user"] == world.a.other_teacher.id

    # Never to a teacher of another school, nor to a counsellor.
    for wrong in (world.b.teacher, world.a.counsellor):
        client.post(f"/admin/classes/{classroom.id}/hand-over", data={"teacher": wrong.id})
        db.session.refresh(classroom)
        assert classroom.teacher_id == world.a.other_teacher.id


def test_an_archived_class_is_closed_to_its_students_until_reopened(app, world, login_as):
    client = login_as(world.a.admin)
    classroom, student = world.a.classroom, world.a.students[0]
    pupil = login_as(student)
    client.post(f"/admin/classes/{classroom.id}/archive")
    db.session.refresh(classroom)
    assert classroom.archived
    assert pupil.get(_student_home(app)).status_code == 302  # signed out: the class has ended
    assert "This class has ended" in app.test_client().post(
        "/join",
        data={"class_code": classroom.join_code, "personal_code": student.personal_code},
        headers=EN,
        follow_redirects=True,
    ).get_data(as_text=True)
    client.post(f"/admin/classes/{classroom.id}/unarchive")
    db.session.refresh(classroom)
    assert not classroom.archived
    assert login_as(student).get(_student_home(app)).status_code == 200
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "classroom")).all()
    assert actions == ["classroom:archive", "classroom:unarchive"]


def test_the_admin_records_parents_consent_and_the_class_opens(app, world, login_as):
    classroom = factories.make_class(world.a.teacher, "IX-C", students=1, consent=False)
    student = classroom.students[0]
    refused = app.test_client().post("/join", data={"class_code": classroom.join_code, "personal_code": student.personal_code})
    assert refused.status_code == 200  # refused: no consent yet
    client = login_as(world.a.admin)
    assert client.get(f"/admin/classes/{classroom.id}/consent", headers=EN).status_code == 200
    future = client.post(
        f"/admin/classes/{classroom.id}/consent",
        headers=EN,
        data={"informed_on": (date.today() + timedelta(days=5)).isoformat(), "method": "Surat"},
    )
    assert "This date is in the future." in future.get_data(as_text=True)
    response = client.post(
        f"/admin/classes/{classroom.id}/consent",
        data={"informed_on": date.today().isoformat(), "method": "Rapat orang tua", "notes": "Semua setuju"},
    )
    assert response.status_code == 302
    record = db.session.scalar(select(ConsentRecord).where(ConsentRecord.classroom_id == classroom.id))
    assert record.method == "Rapat orang tua" and record.recorded_by_id == world.a.admin.id
    assert login_as(student).get(_student_home(app)).status_code == 200
    assert (
        db.session.scalar(select(AuditEvent.action).where(AuditEvent.actor_id == world.a.admin.id, NOT_SIGN_IN))
        == "consent:record"
    )


def test_the_results_export_is_safe_to_open_in_a_spreadsheet(app, world, login_as):
    classroom = world.a.classroom
    factories.make_student(classroom, "=HYPERLINK(1)")
    assignment = factories.make_assignment(classroom, "sample-basics")
    ayu, budi, _citra = world.a.students
    factories.answer_all(ayu, assignment)
    factories.answer_all(budi, assignment, stop_after=2)
    response = login_as(world.a.admin).get(f"/admin/classes/{classroom.id}/results.csv", headers=EN)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["Class", "Student", "Module", "Status", "Best score (%)", "Attempts"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Ayu"][2:] == ["Sample basics", "finished", "100", "1"]
    assert by_name["Budi"][3:] == ["in progress", "", "1"]
    assert by_name["Citra"][3:] == ["not done", "", "0"]  # as on the class report: only counsellors see opt-outs
    assert "'=HYPERLINK(1)" in by_name and "=HYPERLINK(1)" not in by_name
    assert db.session.scalar(select(AuditEvent.action).where(NOT_SIGN_IN)) == "classroom:export"


def test_deleting_a_class_says_what_goes_and_keeps_help_requests(app, world, login_as):
    classroom = world.a.classroom
    assignment = factories.make_assignment(classroom, "sample-grooming")
    ayu, budi, citra = world.a.students
    record_results(assignment, [ayu, budi])
    progress.opt_out(citra, assignment)
    request = help_requests.submit(budi, "Tolong")
    db.session.commit()
    client = login_as(world.a.admin)

    confirm = client.get(f"/admin/classes/{classroom.id}/delete", headers=EN).get_data(as_text=True)
    assert "3 students" in confirm and "2 attempts" in confirm and "4 answers" in confirm
    assert "1 help request stays with the counsellors" in confirm

    unconfirmed = client.post(f"/admin/classes/{classroom.id}/delete", data={})
    assert unconfirmed.status_code == 200 and db.session.get(Classroom, classroom.id) is not None

    classroom_id, request_id = classroom.id, request.id
    assert client.post(f"/admin/classes/{classroom_id}/delete", data={"confirm": "y"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Classroom, classroom_id) is None
    assert db.session.scalar(select(func.count()).select_from(Student).where(Student.classroom_id == classroom_id)) == 0
    for table in (Attempt, Answer, OptOut):
        assert db.session.scalar(select(func.count()).select_from(table)) == 0, table
    kept = db.session.get(HelpRequest, request_id)
    assert kept.from_deleted_student and kept.student_id is None and kept.classroom_id is None
    assert db.session.scalar(select(func.count()).select_from(Student)) == 9  # the other classes are untouched
    assert db.session.scalar(select(AuditEvent.details).where(AuditEvent.action == "classroom:delete")) == {"name": "VIII-A"}


def test_an_admin_of_school_a_cannot_touch_the_classes_of_school_b(app, world, login_as):
    client = login_as(world.a.admin)
    theirs = world.b.classroom
    for method, path in (
        ("post", "hand-over"),
        ("post", "archive"),
        ("post", "unarchive"),
        ("get", "results.csv"),
        ("get", "delete"),
        ("post", "delete"),
        ("get", "consent"),
        ("post", "consent"),
    ):
        response = getattr(client, method)(
            f"/admin/classes/{theirs.id}/{path}",
            data={"confirm": "y", "teacher": world.a.teacher.id} if method == "post" else None,
        )
        assert response.status_code == 404, path
    db.session.refresh(theirs)
    assert not theirs.archived and theirs.teacher_id == world.b.teacher.id


def test_teachers_and_counsellors_cannot_administer_classes(app, world, login_as):
    for user in (world.a.teacher, world.a.counsellor):
        client = login_as(user)
        classroom = world.a.classroom
        assert client.get("/admin/classes").status_code == 403
        assert client.post(f"/admin/classes/{classroom.id}/archive").status_code == 403
        assert client.post(f"/admin/classes/{classroom.id}/delete", data={"confirm": "y"}).status_code == 403
        assert client.get(f"/admin/classes/{classroom.id}/results.csv").status_code == 403
        assert (
            client.post(
                f"/admin/classes/{classroom.id}/consent", data={"informed_on": date.today().isoformat(), "method": "x"}
            ).status_code
            == 403
        )
    assert db.session.get(Classroom, world.a.classroom.id).archived_at is None


def test_flask_data_purge_deletes_the_classes_archived_before_a_date(app, runner, world):
    old, recent = world.a.classroom, world.b.classroom
    old_id, recent_id = old.id, recent.id
    old.archived_at = utcnow() - timedelta(days=400)
    recent.archived_at = utcnow() - timedelta(days=10)
    assignment = factories.make_assignment(old, "sample-basics")
    record_results(assignment, world.a.students[:1])
    help_requests.submit(world.a.students[0], "Tolong")
    db.session.commit()
    cutoff = (utcnow() - timedelta(days=100)).strftime("%Y-%m-%d")

    declined = runner.invoke(args=["data", "purge", "--before", cutoff], input="n\n")
    assert declined.exit_code == 0 and "Nothing deleted." in declined.output
    assert "SMP Negeri A: VIII-A" in declined.output
    assert "students: 3" in declined.output and "attempts: 1" in declined.output
    assert "answers:  7" in declined.output and "deleted student: 1." in declined.output
    db.session.expire_all()
    assert db.session.get(Classroom, old_id) is not None

    done = runner.invoke(args=["data", "purge", "--before", cutoff, "--yes"])
    assert done.exit_code == 0, done.output
    db.session.expire_all()
    assert db.session.get(Classroom, old_id) is None and db.session.get(Classroom, recent_id) is not None
    assert db.session.scalar(select(HelpRequest)).from_deleted_student
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "classroom:delete"))
    assert event.actor_id is None and event.target_id == old_id

    nothing = runner.invoke(args=["data", "purge", "--before", cutoff])
    assert "nothing to delete" in nothing.output
    assert runner.invoke(args=["data", "purge", "--before", "last year"]).exit_code != 0
