"""A class: create it, rename it, archive it, issue a new join code, record consent, print letters."""

from flask import flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from app.content import get_catalogue
from app.extensions import db
from app.models import AuditAction
from app.reports.class_grid import assignments_of
from app.reports.counting import bank_title
from app.reports.lessons import lessons_of_class
from app.security import Permission, load_classroom, requires
from app.services import audit, classes, consent
from app.services.codes import pretty
from app.services.errors import ServiceError
from app.teacher.blueprint import bp
from app.teacher.forms import AddStudentForm, ClassForm, RenameClassForm
from app.teacher.letters import letter_for
from app.web.consent import consent_view


def _class_error(code: str) -> str:
    return {
        "bad_name": _("A class name has 1 to 80 characters."),
        "bad_band": _("Choose SD, SMP or SMA."),
        "bad_locale": _("Choose Indonesian or English."),
    }.get(code, _("That did not work. Please check the form."))


@bp.route("/classes/new", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def new_class():
    form = ClassForm()
    if form.validate_on_submit():
        try:
            classroom = classes.create_classroom(current_user, form.name.data, form.band.data, form.locale.data)
            audit.record(current_user, AuditAction.CLASSROOM_CREATE, "classroom", classroom.id, name=classroom.name)
        except ServiceError as error:
            form.name.errors.append(_class_error(error.code))
        else:
            db.session.commit()
            flash(
                _("Class %(name)s created. Next: record the parents' consent and add the students.", name=classroom.name),
                "success",
            )
            return redirect(url_for("teacher.class_page", classroom_id=classroom.id))
    return render_template("teacher/class_new.html", form=form)


@bp.get("/classes/<int:classroom_id>")
@requires(Permission.CLASSROOM_MANAGE)
def class_page(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    catalogue, locale = get_catalogue(), str(get_locale())
    assignments = assignments_of(classroom.id)
    return render_template(
        "teacher/class.html",
        classroom=classroom,
        consent=consent.consent_of(classroom),
        students=classroom.students,
        join_code=pretty(classroom.join_code),
        pretty=pretty,
        assignments=[(a, bank_title(catalogue, a.bank_id, locale)) for a in assignments],
        add_form=AddStudentForm(prefix="one"),
        lesson_modules=[(bank.id, bank.title.get_text(locale)) for bank in catalogue.banks_for(band=str(classroom.band))],
        lessons=lessons_of_class(classroom.id),
    )


@bp.route("/classes/<int:classroom_id>/edit", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def edit_class(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    form = RenameClassForm(obj=classroom)
    if form.validate_on_submit():
        try:
            classes.rename_classroom(classroom, form.name.data)
        except ServiceError as error:
            db.session.rollback()
            form.name.errors.append(_class_error(error.code))
        else:
            db.session.commit()
            flash(_("The class is now called %(name)s.", name=classroom.name), "success")
            return redirect(url_for("teacher.class_page", classroom_id=classroom.id))
    return render_template("teacher/class_edit.html", classroom=classroom, form=form)


@bp.post("/classes/<int:classroom_id>/archive")
@requires(Permission.CLASSROOM_MANAGE)
def archive_class(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    classes.archive_classroom(classroom)
    db.session.commit()
    flash(_("Class %(name)s is archived: its students can no longer sign in. Its results stay.", name=classroom.name), "success")
    return redirect(url_for("teacher.dashboard"))


@bp.post("/classes/<int:classroom_id>/restore")
@requires(Permission.CLASSROOM_MANAGE)
def restore_class(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    classes.restore_classroom(classroom)
    db.session.commit()
    flash(_("Class %(name)s is open again.", name=classroom.name), "success")
    return redirect(url_for("teacher.class_page", classroom_id=classroom.id))


@bp.post("/classes/<int:classroom_id>/join-code")
@requires(Permission.CLASSROOM_MANAGE)
def new_join_code(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    code = classes.new_join_code(classroom)
    db.session.commit()
    flash(
        _("The new class code is %(code)s. The old code no longer works: print the login cards again.", code=pretty(code)),
        "success",
    )
    return redirect(url_for("teacher.class_page", classroom_id=classroom.id))


@bp.route("/classes/<int:classroom_id>/consent", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE, Permission.CONSENT_RECORD)
def consent_page(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    return consent_view(classroom, "teacher/consent.html", url_for("teacher.class_page", classroom_id=classroom.id))


@bp.get("/classes/<int:classroom_id>/letters")
@requires(Permission.CLASSROOM_MANAGE)
def letters(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    catalogue = get_catalogue()
    banks = [bank for bank in (catalogue.get(a.bank_id) for a in assignments_of(classroom.id)) if bank is not None]
    # The letters go home in the class's language; the page around them stays in the teacher's.
    letters = [(bank.title.get_text(classroom.locale), letter_for(bank, classroom.locale)) for bank in banks]
    return render_template("teacher/letters.html", classroom=classroom, letters=letters)
