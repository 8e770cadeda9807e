"""The class report: the grid, one assignment, one student, one attempt; CSV and XLSX exports.

Read-only pages behind ``report:class``: the class's teachers see them, and so do
the school's counsellors and admins (``load_*`` without ``manage``). A counsellor or
an admin opening one student's results leaves an audit event, and so does every
export; a teacher reading their own class on screen does not. Only counsellors tell "opted out" from "not done".
"""

from flask import render_template, request
from flask_babel import get_locale
from flask_login import current_user

from app.content import get_catalogue
from app.extensions import db
from app.models import AuditAction, Role
from app.reports import assignment_report as assignment_reports
from app.reports import exports, student_answers
from app.reports.class_grid import class_grid
from app.reports.counting import bank_title
from app.reports.figures import MIN_GROUP
from app.security import Permission, can, load_assignment, load_attempt, load_classroom, load_student, requires
from app.services import audit
from app.teacher.blueprint import bp
from app.web.downloads import download


def _views() -> dict:
    """What the visitor may see and do on report pages, decided here rather than in templates."""
    return {"show_opt_outs": can(Permission.REPORT_SCHOOL), "manage": can(Permission.CLASSROOM_MANAGE)}


@bp.get("/classes/<int:classroom_id>/report")
@requires(Permission.REPORT_CLASS)
def class_report_page(classroom_id: int):
    classroom = load_classroom(classroom_id)
    grid = class_grid(classroom, get_catalogue(), str(get_locale()))
    return render_template("teacher/report_class.html", classroom=classroom, grid=grid, **_views())


def _class_report_file(classroom_id: int, form: str):
    """The grid as a file: the CSV and the XLSX are the same ``Table``."""
    classroom = load_classroom(classroom_id)
    grid = class_grid(classroom, get_catalogue(), str(get_locale()))
    file = exports.spreadsheet(exports.grid_table(grid, _views()["show_opt_outs"]), form, classroom.name)
    audit.record(
        current_user,
        AuditAction.REPORT_EXPORT,
        "classroom",
        classroom.id,
        name=classroom.name,
        report="class",
        format=file.extension,
    )
    db.session.commit()
    return download(file.content, [classroom.name], file.extension, file.mimetype)


@bp.get("/classes/<int:classroom_id>/report.csv")
@requires(Permission.REPORT_CLASS)
def class_report_csv(classroom_id: int):
    return _class_report_file(classroom_id, exports.csv_form(request.args.get("separator")))


@bp.get("/classes/<int:classroom_id>/report.xlsx")
@requires(Permission.REPORT_CLASS)
def class_report_xlsx(classroom_id: int):
    return _class_report_file(classroom_id, "xlsx")


@bp.get("/assignments/<int:assignment_id>/report")
@requires(Permission.REPORT_CLASS)
def assignment_report(assignment_id: int):
    assignment = load_assignment(assignment_id)
    report = assignment_reports.assignment_report(assignment, get_catalogue(), str(get_locale()))
    return render_template(
        "teacher/report_assignment.html",
        assignment=assignment,
        classroom=assignment.classroom,
        report=report,
        min_reflections=MIN_GROUP,
        **_views(),
    )


def _answers_file(assignment_id: int, form: str):
    """Every counted answer of one assignment as a file (CSV or XLSX, the same ``Table``)."""
    assignment = load_assignment(assignment_id)
    catalogue, locale = get_catalogue(), str(get_locale())
    report = assignment_reports.assignment_report(assignment, catalogue, locale)
    answers = assignment_reports.assignment_answers(assignment, catalogue, locale)
    table = exports.answers_table(report, answers, _views()["show_opt_outs"])
    file = exports.spreadsheet(table, form, report.column.title)
    audit.record(
        current_user,
        AuditAction.REPORT_EXPORT,
        "classroom",
        assignment.classroom_id,
        name=assignment.classroom.name,
        bank=assignment.bank_id,
        report="answers",
        format=file.extension,
    )
    db.session.commit()
    return download(file.content, [assignment.classroom.name, assignment.bank_id], file.extension, file.mimetype)


@bp.get("/assignments/<int:assignment_id>/answers.csv")
@requires(Permission.REPORT_CLASS)
def assignment_answers_csv(assignment_id: int):
    return _answers_file(assignment_id, exports.csv_form(request.args.get("separator")))


@bp.get("/assignments/<int:assignment_id>/answers.xlsx")
@requires(Permission.REPORT_CLASS)
def assignment_answers_xlsx(assignment_id: int):
    return _answers_file(assignment_id, "xlsx")


def _audit_read(student) -> None:
    """A counsellor or an admin opening one student's results leaves an audit event; the class's teacher does not."""
    if current_user.role != Role.TEACHER:
        audit.record(current_user, AuditAction.STUDENT_RESULTS_READ, "student", student.id)
        db.session.commit()


@bp.get("/students/<int:student_id>/results")
@requires(Permission.STUDENT_RESULTS_READ)
def student_results(student_id: int):
    student = load_student(student_id)
    attempts = student_answers.student_attempts(student, get_catalogue(), str(get_locale()))
    _audit_read(student)
    return render_template(
        "teacher/report_student.html", student=student, classroom=student.classroom, attempts=attempts, **_views()
    )


@bp.get("/attempts/<int:attempt_id>")
@requires(Permission.STUDENT_RESULTS_READ)
def attempt_page(attempt_id: int):
    attempt = load_attempt(attempt_id)
    catalogue, locale = get_catalogue(), str(get_locale())
    answers = student_answers.attempt_answers(attempt, catalogue, locale)
    _audit_read(attempt.student)
    return render_template(
        "teacher/report_attempt.html",
        attempt=attempt,
        student=attempt.student,
        title=bank_title(catalogue, attempt.bank_id, locale),
        answers=answers,
        **_views(),
    )
