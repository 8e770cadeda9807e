"""The admin's view of the school's classes: keeper, archive, consent, results export (CSV, XLSX), login cards
of every open class, and deletion."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.blueprint import bp
from app.admin.forms import ActionForm, DeleteClassForm, HandOverForm
from app.content import get_catalogue
from app.extensions import db
from app.models import AuditAction
from app.reports import exports
from app.reports.class_grid import class_grid
from app.reports.login_cards import open_classes_with_students
from app.reports.school_classes import school_classes
from app.security import Permission, can, load_classroom, requires
from app.services import audit, data_care, staff
from app.services.errors import ServiceError
from app.web.consent import consent_view
from app.web.downloads import download
from app.web.login_cards import card_sheet, render_cards


def class_message(code: str) -> str:
    return {
        "bad_teacher": _("Choose an active teacher of this school."),
        "same_teacher": _("This teacher already has the class."),
    }.get(code, _("That did not work. Please try again."))


# --- Classes: keeper, archive, consent, export and deletion ---------------------------


@bp.get("/classes")
@requires(Permission.CLASSROOM_ADMINISTER)
def classes():
    teachers = staff.active_teachers(current_user.school_id)
    hand_over_form = HandOverForm()
    hand_over_form.teacher.choices = [(teacher.id, teacher.display_name) for teacher in teachers]
    return render_template(
        "admin/classes.html",
        lines=school_classes(current_user.school_id),
        hand_over_form=hand_over_form,
        teachers=teachers,
        action_form=ActionForm(),
    )


@bp.post("/classes/<int:classroom_id>/hand-over")
@requires(Permission.CLASSROOM_ADMINISTER)
def hand_over(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    teachers = {teacher.id: teacher for teacher in staff.active_teachers(current_user.school_id)}
    form = HandOverForm()
    form.teacher.choices = [(teacher.id, teacher.display_name) for teacher in teachers.values()]
    if not form.validate_on_submit():  # not a teacher of this school, or not active
        flash(class_message("bad_teacher"), "error")
        return redirect(url_for("admin.classes"))
    teacher = teachers[form.teacher.data]
    try:
        data_care.hand_over(current_user, classroom, teacher)
    except ServiceError as error:
        db.session.rollback()
        flash(class_message(error.code), "error")
    else:
        db.session.commit()
        flash(_("%(classroom)s now belongs to %(name)s.", classroom=classroom.name, name=teacher.display_name), "success")
    return redirect(url_for("admin.classes"))


@bp.post("/classes/<int:classroom_id>/archive")
@requires(Permission.CLASSROOM_ADMINISTER)
def archive_class(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    if ActionForm().validate_on_submit():
        data_care.archive(current_user, classroom)
        db.session.commit()
        flash(_("%(classroom)s is archived: its students can no longer sign in.", classroom=classroom.name), "success")
    return redirect(url_for("admin.classes"))


@bp.post("/classes/<int:classroom_id>/unarchive")
@requires(Permission.CLASSROOM_ADMINISTER)
def unarchive_class(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    if ActionForm().validate_on_submit():
        data_care.unarchive(current_user, classroom)
        db.session.commit()
        flash(_("%(classroom)s is open again.", classroom=classroom.name), "success")
    return redirect(url_for("admin.classes"))


@bp.route("/classes/<int:classroom_id>/consent", methods=["GET", "POST"])
@requires(Permission.CONSENT_RECORD, Permission.CLASSROOM_ADMINISTER)
def record_consent(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    return consent_view(classroom, "admin/consent.html", url_for("admin.classes"))


def _results_file(classroom_id: int, form: str):
    """The year-end export of a class (CSV or XLSX, the same ``Table``)."""
    classroom = load_classroom(classroom_id, administer=True)
    grid = class_grid(classroom, get_catalogue(), str(get_locale()))
    table = exports.year_end_table(classroom, grid, can(Permission.REPORT_SCHOOL))
    file = exports.spreadsheet(table, form, classroom.name)
    audit.record(
        current_user, AuditAction.CLASSROOM_EXPORT, "classroom", classroom.id, name=classroom.name, format=file.extension
    )
    db.session.commit()
    return download(file.content, [_("results"), classroom.name], file.extension, file.mimetype)


@bp.get("/classes/<int:classroom_id>/results.csv")
@requires(Permission.CLASSROOM_ADMINISTER)
def export_class(classroom_id: int):
    return _results_file(classroom_id, exports.csv_form(request.args.get("separator")))


@bp.get("/classes/<int:classroom_id>/results.xlsx")
@requires(Permission.CLASSROOM_ADMINISTER)
def export_class_xlsx(classroom_id: int):
    return _results_file(classroom_id, "xlsx")


@bp.get("/classes/cards")
@requires(Permission.CLASSROOM_ADMINISTER)
def cards_all():
    """Every open class's login cards, class after class, each class from a new printed page."""
    sheets = [
        (line, render_cards(card_sheet(line, line.students))) for line in open_classes_with_students(current_user.school_id)
    ]
    return render_template("admin/cards_all.html", sheets=sheets)


@bp.route("/classes/<int:classroom_id>/delete", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_ADMINISTER)
def delete_class(classroom_id: int):
    classroom = load_classroom(classroom_id, administer=True)
    form = DeleteClassForm()
    if form.validate_on_submit():
        name = classroom.name
        data_care.delete_classrooms([classroom], actor=current_user)
        db.session.commit()
        flash(_("%(classroom)s and everything recorded of its students have been deleted.", classroom=name), "success")
        return redirect(url_for("admin.classes"))
    summary = data_care.deletion_summary([classroom.id])
    return render_template("admin/delete_class.html", classroom=classroom, form=form, summary=summary)
