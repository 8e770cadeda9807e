"""The roster: add students (one, a pasted list, a class list file), rename, new personal code, delete; login cards.

A plain list (one name a line) is added at once. A class list file, or rows pasted
from a spreadsheet (columns, a header row, numbers in front of the names), is read by
``roster_files`` and shown on a preview first (``roster_pages``); only the teacher's
confirmation adds the names it lists.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.models import AuditAction
from app.security import Permission, load_classroom, load_student, requires
from app.services import audit, roster_files, rosters
from app.services.codes import pretty
from app.services.errors import ServiceError
from app.teacher.blueprint import bp
from app.teacher.forms import AddStudentForm, ConfirmNamesForm, PasteNamesForm, RenameStudentForm, RosterFileForm
from app.teacher.roster_pages import (
    add_page,
    column_index,
    import_error,
    preview_page,
    previewed_names,
    report_added,
    roster_error,
    ticked,
)
from app.web.login_cards import card_sheet, render_cards


def _spreadsheet_paste(many: PasteNamesForm) -> roster_files.ClassList | None:
    """The paste read as a class list when it is more than one name a line (or comes from the preview page)."""
    try:
        reading = roster_files.read_paste(many.names.data, column_index(many.column.data))
    except ServiceError:  # too long to be a class list: the plain path refuses it in its own words
        return None
    return reading if reading.reinterpreted or "many-column" in request.form else None


@bp.route("/classes/<int:classroom_id>/students", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def add_students(classroom_id: int):
    classroom = load_classroom(classroom_id, manage=True)
    one, many = AddStudentForm(prefix="one"), PasteNamesForm(prefix="many")
    submitted = one if request.form.get("one-name") is not None else many
    if request.method == "POST" and submitted.validate():
        if submitted is many and (reading := _spreadsheet_paste(many)) is not None:
            return preview_page(classroom, reading, paste=many)
        field = submitted.name if submitted is one else submitted.names
        names = [one.name.data] if submitted is one else rosters.parse_names(many.names.data)
        try:
            result = rosters.add_students(current_user, classroom, names)
        except ServiceError as error:
            db.session.rollback()
            field.errors.append(roster_error(error))
        else:
            db.session.commit()
            report_added(result)
            if submitted is one and result.skipped:
                one.name.errors.append(roster_error(ServiceError("name_taken", result.skipped)))
            else:
                return redirect(url_for("teacher.class_page", classroom_id=classroom.id) + "#roster")
    return add_page(classroom, one, many)


@bp.post("/classes/<int:classroom_id>/students/import")
@requires(Permission.CLASSROOM_MANAGE)
def import_students(classroom_id: int):
    """Read a class list file and show what it would add; nothing is stored, not even the file."""
    classroom = load_classroom(classroom_id, manage=True)
    upload = RosterFileForm(prefix="upload")
    if upload.validate():
        file = upload.file.data
        try:
            reading = roster_files.read_file(
                file.read(roster_files.MAX_FILE_BYTES + 1),
                file.filename or "",
                upload.sheet.data or None,
                column_index(upload.column.data),
            )
        except ServiceError as error:
            upload.file.errors = [import_error(error.code)]
        else:
            return preview_page(classroom, reading, upload=upload)
    return add_page(classroom, upload=upload)


@bp.post("/classes/<int:classroom_id>/students/confirm")
@requires(Permission.CLASSROOM_MANAGE)
def confirm_students(classroom_id: int):
    """Add the ticked names of a preview: the names come signed from the preview page, never from the form."""
    classroom = load_classroom(classroom_id, manage=True)
    form = ConfirmNamesForm()
    names = previewed_names(form.names.data, classroom, current_user) if form.validate() else None
    if names is None:
        flash(_("This list was read too long ago, or for another class. Please send it again."), "error")
        return redirect(url_for("teacher.add_students", classroom_id=classroom.id))
    chosen = [names[index] for index in ticked(request.form.getlist("keep"), len(names))]
    if not chosen:
        flash(_("No name was ticked: nobody was added."), "info")
        return redirect(url_for("teacher.class_page", classroom_id=classroom.id) + "#roster")
    try:
        result = rosters.add_students(current_user, classroom, chosen, limit=rosters.MAX_IMPORT)
    except ServiceError as error:
        db.session.rollback()
        flash(roster_error(error), "error")
        return redirect(url_for("teacher.add_students", classroom_id=classroom.id))
    db.session.commit()
    report_added(result)
    return redirect(url_for("teacher.class_page", classroom_id=classroom.id) + "#roster")


@bp.route("/students/<int:student_id>/edit", methods=["GET", "POST"])
@requires(Permission.CLASSROOM_MANAGE)
def edit_student(student_id: int):
    student = load_student(student_id, manage=True)
    form = RenameStudentForm(name=student.display_name)
    if form.validate_on_submit():
        try:
            rosters.rename_student(student, form.name.data)
            audit.record(current_user, AuditAction.STUDENT_RENAME, "student", student.id, classroom=student.classroom.name)
        except ServiceError as error:
            db.session.rollback()
            form.name.errors.append(roster_error(error))
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
    flash(
        _(
            "%(name)s has a new personal code: %(code)s. The old code no longer works; print a new card.",
            name=student.display_name,
            code=pretty(code),
        ),
        "success",
    )
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
    # The page stays in the teacher's language; the cards go to the students, in the class's.
    sheet = card_sheet(classroom, students)
    return render_template("teacher/cards.html", classroom=classroom, sheet=sheet, cards=render_cards(sheet))
