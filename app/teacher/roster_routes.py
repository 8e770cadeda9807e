"""The roster: add students (one, or a pasted list), rename, new personal code, delete; login cards."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import AuditAction
from app.security import Permission, load_classroom, load_student, requires
from app.services import audit, rosters
from app.services.codes import pretty
from app.services.errors import ServiceError
from app.teacher.blueprint import bp
from app.teacher.cards import join_url, qr_svg
from app.teacher.forms import AddStudentForm, PasteNamesForm, RenameStudentForm


def _roster_error(error: ServiceError) -> str:
    names = ", ".join(error.names[:5])
    return {
        "no_names": _("Type or paste at least one name."),
        "too_many": ngettext("At most %(num)d name at a time. Paste the list in parts.",
                             "At most %(num)d names at a time. Paste the list in parts.", rosters.MAX_PASTE),
        "name_too_long": _("These names are too long (at most %(num)d characters): %(names)s",
                           num=rosters.MAX_NAME_LENGTH, names=names),
        "bad_name": _("A name has 1 to %(num)d characters.", num=rosters.MAX_NAME_LENGTH),
        "name_taken": _("There is already a student called %(names)s in this class. Add an initial, e.g. \"Budi S.\"",
                        names=names),
    }.get(error.code, _("That did not work. Please check the form."))


def _report_added(result: rosters.AddResult) -> None:
    if result.added:
        flash(ngettext("%(num)d student added.", "%(num)d students added.", len(result.added)), "success")
    if result.skipped:
        flash(ngettext("%(num)d name skipped because it is already in the class or twice in the list: %(names)s",
                       "%(num)d names skipped because they are already in the class or twice in the list: %(names)s",
                       len(result.skipped), names=", ".join(result.skipped)), "info")


@bp.route("/classes/<int:classroom_id>/students", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def add_students(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    one, many = AddStudentForm(prefix="one"), PasteNamesForm(prefix="many")
    submitted = one if request.form.get("one-name") is not None else many
    if request.method == "POST" and submitted.validate():
        field = submitted.name if submitted is one else submitted.names
        names = [one.name.data] if submitted is one else rosters.parse_names(many.names.data)
        try:
            result = rosters.add_students(classroom, names)
            if result.added:
                audit.record(current_user, AuditAction.STUDENT_ADD, "classroom", classroom.id, classroom=classroom.name,
                             count=len(result.added))
        except ServiceError as error:
            db.session.rollback()
            field.errors.append(_roster_error(error))
        else:
            db.session.commit()
            _report_added(result)
            if submitted is one and result.skipped:
                one.name.errors.append(_roster_error(ServiceError("name_taken", result.skipped)))
            else:
                return redirect(url_for("teacher.class_page", classroom_id=classroom.id) + "#roster")
    return render_template("teacher/students_add.html", classroom=classroom, one=one, many=many,
                           max_paste=rosters.MAX_PASTE)


@bp.route("/students/<int:student_id>/edit", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def edit_student(student_id: int):
    student = load_student(student_id, manage=True)
    form = RenameStudentForm(name=student.display_name)
    if form.validate_on_submit():
        try:
            rosters.rename_student(student, form.name.data)
            audit.record(current_user, AuditAction.STUDENT_RENAME, "student", student.id,
                         classroom=student.classroom.name)
        except ServiceError as error:
            db.session.rollback()
            form.name.errors.append(_roster_error(error))
        else:
            db.session.commit()
            flash(_("Saved: %(name)s.", name=student.display_name), "success")
            return redirect(url_for("teacher.class_page", classroom_id=student.classroom_id) + "#roster")
    return render_template("teacher/student_edit.html", student=student, form=form)


@bp.post("/students/<int:student_id>/reset-code")
@requires(Permission.CLASSROOM_MANAGE)
def reset_code(student_id: int):
    student = load_student(student_id, manage=True)
    code = rosters.reset_personal_code(student)
    audit.record(current_user, AuditAction.STUDENT_NEW_CODE, "student", student.id, classroom=student.classroom.name)
    db.session.commit()
    flash(_("%(name)s has a new personal code: %(code)s. The old code no longer works; print a new card.",
            name=student.display_name, code=pretty(code)), "success")
    return redirect(url_for("teacher.class_page", classroom_id=student.classroom_id) + "#roster")


@bp.route("/students/<int:student_id>/delete", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def delete_student(student_id: int):
    student = load_student(student_id, manage=True)
    classroom_id, name = student.classroom_id, student.display_name
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            flash(_("Tick the box to confirm the deletion."), "error")
            return redirect(url_for("teacher.delete_student", student_id=student.id))
        audit.record(current_user, AuditAction.STUDENT_DELETE, "student", student.id, classroom=student.classroom.name)
        rosters.delete_student(student)
        db.session.commit()
        flash(_("%(name)s and everything recorded of them have been deleted.", name=name), "success")
        return redirect(url_for("teacher.class_page", classroom_id=classroom_id) + "#roster")
    return render_template("teacher/student_delete.html", student=student, records=rosters.records_of(student))


@bp.get("/classes/<int:classroom_id>/cards")
@requires(Permission.CLASSROOM_MANAGE)
def cards(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    students = classroom.students
    only = request.args.get("student", type=int)
    if only is not None:
        students = [s for s in students if s.id == only]
        if not students:
            abort(404)
    url = join_url(classroom.join_code)
    with force_locale(classroom.locale):  # the cards go to the students: in the class's language
        return render_template(
            "teacher/cards.html", classroom=classroom, students=students, join_url=url,
            join_address=url.rsplit("/", 1)[0], class_code=pretty(classroom.join_code), pretty=pretty,
            qr=qr_svg(url, title=_("QR code: open the join page of %(name)s", name=classroom.name)),
        )
