"""The class report: the grid, one assignment, one student, one attempt; CSV exports.

Read-only pages behind ``report:class``: the class's teachers see them, and so do
the school's counsellors and admins (``load_*`` without ``manage``). A counsellor
opening one student's results leaves an audit event; a teacher reading their own
class does not. Only counsellors tell "opted out" from "not done".
"""
from flask import Response, render_template
from flask_babel import get_locale
from flask_login import current_user

from app.content import get_catalogue
from app.extensions import db
from app.models import Role
from app.reports import class_report, student_answers
from app.security import Permission, can, load_assignment, load_attempt, load_classroom, load_student, requires
from app.services import audit, exports
from app.teacher import bp


def _views() -> dict:
    """What the visitor may see and do on report pages, decided here rather than in templates."""
    return {"show_opt_outs": can(Permission.REPORT_SCHOOL), "manage": can(Permission.CLASSROOM_MANAGE)}


def _csv(content: bytes, filename: str) -> Response:
    return Response(content, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _safe_filename(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)[:60] or "report"


@bp.get("/classes/<int:classroom_id>/report")
@requires(Permission.REPORT_CLASS)
def class_report_page(classroom_id: int):
    classroom = load_classroom(classroom_id)
    grid = class_report.class_grid(classroom, get_catalogue(), str(get_locale()))
    return render_template("teacher/report_class.html", classroom=classroom, grid=grid, **_views())


@bp.get("/classes/<int:classroom_id>/report.csv")
@requires(Permission.REPORT_CLASS)
def class_report_csv(classroom_id: int):
    classroom = load_classroom(classroom_id)
    grid = class_report.class_grid(classroom, get_catalogue(), str(get_locale()))
    return _csv(exports.grid_csv(grid, _views()["show_opt_outs"]), f"{_safe_filename(classroom.name)}.csv")


@bp.get("/assignments/<int:assignment_id>/report")
@requires(Permission.REPORT_CLASS)
def assignment_report(assignment_id: int):
    assignment = load_assignment(assignment_id)
    report = class_report.assignment_report(assignment, get_catalogue(), str(get_locale()))
    return render_template("teacher/report_assignment.html", assignment=assignment, classroom=assignment.classroom,
                           report=report, min_reflections=class_report.MIN_REFLECTION_ANSWERS, **_views())


@bp.get("/assignments/<int:assignment_id>/answers.csv")
@requires(Permission.REPORT_CLASS)
def assignment_answers_csv(assignment_id: int):
    assignment = load_assignment(assignment_id)
    catalogue, locale = get_catalogue(), str(get_locale())
    report = class_report.assignment_report(assignment, catalogue, locale)
    answers = class_report.assignment_answers(assignment, catalogue, locale)
    content = exports.answers_csv(report, answers, _views()["show_opt_outs"])
    return _csv(content, f"{_safe_filename(assignment.classroom.name)}-{_safe_filename(assignment.bank_id)}.csv")


def _audit_read(student) -> None:
    if current_user.role == Role.COUNSELLOR:
        audit.record(current_user, "student_results:read", "student", student.id)
        db.session.commit()


@bp.get("/students/<int:student_id>/results")
@requires(Permission.STUDENT_RESULTS_READ)
def student_results(student_id: int):
    student = load_student(student_id)
    attempts = student_answers.student_attempts(student, get_catalogue(), str(get_locale()))
    _audit_read(student)
    return render_template("teacher/report_student.html", student=student, classroom=student.classroom,
                           attempts=attempts, **_views())


@bp.get("/attempts/<int:attempt_id>")
@requires(Permission.STUDENT_RESULTS_READ)
def attempt_page(attempt_id: int):
    attempt = load_attempt(attempt_id)
    catalogue, locale = get_catalogue(), str(get_locale())
    answers = student_answers.attempt_answers(attempt, catalogue, locale)
    _audit_read(attempt.student)
    return render_template("teacher/report_attempt.html", attempt=attempt, student=attempt.student,
                           title=class_report.bank_title(catalogue, attempt.bank_id, locale), answers=answers,
                           score_percent=class_report.percent(attempt.score),
                           **_views())
