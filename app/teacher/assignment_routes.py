"""Assignments: choose modules from the catalogue, set their rules, close and reopen them.

A due date is a day: the assignment is due at the end of that day in the school's
time zone, stored as naive UTC.
"""

from datetime import date, datetime, time

from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale, to_user_timezone, to_utc
from flask_babel import gettext as _
from flask_login import current_user

from app.content import get_catalogue
from app.extensions import db
from app.models import AuditAction
from app.quizbank import BANDS
from app.reports.class_grid import assignments_of
from app.reports.counting import bank_title
from app.reports.figures import question_counts
from app.security import Permission, load_assignment, load_classroom, requires
from app.services import assignments, audit
from app.services.errors import ServiceError
from app.teacher.blueprint import bp
from app.teacher.forms import AssignForm, AssignmentSettingsForm


def due_at(day: date | None) -> datetime | None:
    return to_utc(datetime.combine(day, time(23, 59))) if day else None


def _assignment_error(code: str) -> tuple[str, str]:
    """(field, message) for a refused assignment."""
    return {
        "unknown_module": ("modules", _("This module does not exist (any more). Choose one from the list.")),
        "needs_confirmation": ("sensitive_ok", _("A module on a sensitive theme needs your confirmation: tick the box.")),
        "due_in_past": ("due_on", _("The due date is in the past. Choose today or a later day.")),
        "already_assigned": ("modules", _("This module is already assigned to the class.")),
        "bad_feedback_mode": ("feedback_mode", _("Choose when students see the explanations.")),
    }.get(code, ("modules", _("That did not work. Please check the form.")))


@bp.route("/classes/<int:classroom_id>/assign", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def assign(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    catalogue, locale = get_catalogue(), str(get_locale())
    band = request.args.get("band", str(classroom.band))
    band = band if band in BANDS else None  # "all" shows every band
    theme = request.args.get("theme") or None
    theme = theme if theme and catalogue.theme(theme) else None
    assigned = {assignment.bank_id for assignment in assignments_of(classroom.id)}
    form = AssignForm()
    form.modules.choices = [(bank.id, bank.title.get_text(locale)) for bank in catalogue.banks.values()]
    if form.validate_on_submit():
        try:
            for bank_id in form.modules.data:
                created = assignments.create_assignment(
                    catalogue,
                    classroom,
                    bank_id,
                    current_user,
                    feedback_mode=form.feedback_mode.data,
                    allow_retries=form.retries.data == "yes",
                    due_at=due_at(form.due_on.data),
                    sensitive_confirmed=bool(form.sensitive_ok.data) and assignments.needs_confirmation(catalogue, bank_id),
                )
                audit.record(
                    current_user, AuditAction.ASSIGNMENT_CREATE, "assignment", created.id, classroom=classroom.name, bank=bank_id
                )
        except ServiceError as error:
            db.session.rollback()  # all or nothing: no module of the list is assigned
            name, message = _assignment_error(error.code)
            getattr(form, name).errors.append(message)
        else:
            db.session.commit()
            flash(
                _("Assigned: %(titles)s.", titles=", ".join(bank_title(catalogue, b, locale) for b in form.modules.data)),
                "success",
            )
            return redirect(url_for("teacher.class_page", classroom_id=classroom.id) + "#assignments")
    banks = catalogue.banks_for(theme=theme, band=band)
    modules = [
        {
            "bank": bank,
            "title": bank.title.get_text(locale),
            "summary": bank.summary.get_text(locale),
            "theme": catalogue.theme(bank.theme),
            "questions": question_counts(bank),
            "assigned": bank.id in assigned,
            "sensitive": assignments.needs_confirmation(catalogue, bank.id),
        }
        for bank in banks
    ]
    return render_template(
        "teacher/assign.html",
        classroom=classroom,
        form=form,
        modules=modules,
        themes=catalogue.themes,
        band=band or "all",
        theme=theme,
        locale=locale,
    )


@bp.route("/assignments/<int:assignment_id>/edit", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def edit_assignment(assignment_id: int):
    assignment = load_assignment(assignment_id, manage=True)
    form = AssignmentSettingsForm(
        due_on=to_user_timezone(assignment.due_at).date() if assignment.due_at else None,
        feedback_mode=str(assignment.feedback_mode.value),
        retries="yes" if assignment.allow_retries else "no",
    )
    if form.validate_on_submit():
        # An unchanged day keeps the stored moment, so a date already past may stay.
        same_day = assignment.due_at and form.due_on.data == to_user_timezone(assignment.due_at).date()
        try:
            assignments.update_assignment(
                assignment,
                feedback_mode=form.feedback_mode.data,
                allow_retries=form.retries.data == "yes",
                due_at=assignment.due_at if same_day else due_at(form.due_on.data),
            )
            audit.record(
                current_user,
                AuditAction.ASSIGNMENT_CHANGE,
                "assignment",
                assignment.id,
                classroom=assignment.classroom.name,
                bank=assignment.bank_id,
            )
        except ServiceError as error:
            db.session.rollback()
            name, message = _assignment_error(error.code)
            getattr(form, name).errors.append(message)
        else:
            db.session.commit()
            flash(_("The assignment's settings are saved."), "success")
            return redirect(url_for("teacher.class_page", classroom_id=assignment.classroom_id) + "#assignments")
    title = bank_title(get_catalogue(), assignment.bank_id, str(get_locale()))
    return render_template("teacher/assignment_edit.html", assignment=assignment, title=title, form=form)


@bp.post("/assignments/<int:assignment_id>/close")
@requires(Permission.CLASSROOM_MANAGE)
def close_assignment(assignment_id: int):
    assignment = load_assignment(assignment_id, manage=True)
    assignments.close_assignment(assignment)
    audit.record(
        current_user,
        AuditAction.ASSIGNMENT_CLOSE,
        "assignment",
        assignment.id,
        classroom=assignment.classroom.name,
        bank=assignment.bank_id,
    )
    db.session.commit()
    flash(_("The assignment is closed: students can no longer answer."), "success")
    return redirect(url_for("teacher.class_page", classroom_id=assignment.classroom_id) + "#assignments")


@bp.post("/assignments/<int:assignment_id>/reopen")
@requires(Permission.CLASSROOM_MANAGE)
def reopen_assignment(assignment_id: int):
    assignment = load_assignment(assignment_id, manage=True)
    assignments.reopen_assignment(assignment)
    audit.record(
        current_user,
        AuditAction.ASSIGNMENT_REOPEN,
        "assignment",
        assignment.id,
        classroom=assignment.classroom.name,
        bank=assignment.bank_id,
    )
    db.session.commit()
    flash(_("The assignment is open again."), "success")
    return redirect(url_for("teacher.class_page", classroom_id=assignment.classroom_id) + "#assignments")
