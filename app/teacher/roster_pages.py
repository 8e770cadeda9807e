"""The pages of adding students: the add page (one name, a list, a file) and the preview of a class list.

A class list read from a file or from rows pasted from a spreadsheet is never added
at once: the preview shows the names that would become students (each with a tick),
what was left out and why, and which sheet and column were read. The names to add
travel in a signed hidden field (``app.web.signed``): the file is never stored, NIS
and NISN never leave ``roster_files``, and nothing is created until the teacher
confirms; cancelling is leaving the page. The messages for every refusal are here too.
"""

from __future__ import annotations

from flask import flash, render_template
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.services import roster_files, rosters
from app.services.errors import ServiceError
from app.teacher.forms import AddStudentForm, ConfirmNamesForm, PasteNamesForm, RosterFileForm
from app.web.signed import sign, unsign

PREVIEW = "roster-preview"
PREVIEW_MAX_AGE = 2 * 3600  # time enough to check a list, not to keep it for another day


def roster_error(error: ServiceError) -> str:
    names = ", ".join(error.names[:5])
    return {
        "no_names": _("Type or paste at least one name."),
        "too_many": ngettext(
            "At most %(num)d name at a time. Paste the list in parts.",
            "At most %(num)d names at a time. Paste the list in parts.",
            rosters.MAX_PASTE,
        ),
        "name_too_long": _(
            "These names are too long (at most %(num)d characters): %(names)s", num=rosters.MAX_NAME_LENGTH, names=names
        ),
        "bad_name": _("A name has 1 to %(num)d characters.", num=rosters.MAX_NAME_LENGTH),
        "name_taken": _('There is already a student called %(names)s in this class. Add an initial, e.g. "Budi S."', names=names),
    }.get(error.code, _("That did not work. Please check the form."))


def import_error(code: str) -> str:
    """Why a class list file was refused, and what to do instead."""
    return {
        "file_too_big": _(
            "The file is larger than 1 MB. A class list is much smaller: save just the sheet with the "
            "names as a new file, or copy the names and paste them."
        ),
        "too_many_rows": ngettext(
            "The list has more than %(num)d row of names. Import one class at a time.",
            "The list has more than %(num)d rows of names. Import one class at a time.",
            roster_files.MAX_ROWS,
        ),
        "old_excel": _(
            "Waspada reads Excel files in the .xlsx format and CSV files. Open the file in Excel or "
            'LibreOffice, choose "Save as" and pick .xlsx or CSV.'
        ),
        "no_names": _("No names were found in this file."),
    }.get(
        code, _("This file could not be read as a spreadsheet. Save it again as .xlsx or CSV, or copy the names and paste them.")
    )


def report_added(result: rosters.AddResult) -> None:
    if result.added:
        flash(ngettext("%(num)d student added.", "%(num)d students added.", len(result.added)), "success")
    if result.skipped:
        flash(
            ngettext(
                "%(num)d name skipped because it is already in the class or twice in the list: %(names)s",
                "%(num)d names skipped because they are already in the class or twice in the list: %(names)s",
                len(result.skipped),
                names=", ".join(result.skipped),
            ),
            "info",
        )


def column_index(value) -> int | None:
    """The column a select sent ("3"), or None for "find it"."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def add_page(classroom, one=None, many=None, upload=None, status: int = 200):
    return render_template(
        "teacher/students_add.html",
        classroom=classroom,
        one=one or AddStudentForm(prefix="one", formdata=None),
        many=many or PasteNamesForm(prefix="many", formdata=None),
        upload=upload or RosterFileForm(prefix="upload", formdata=None),
        max_paste=rosters.MAX_PASTE,
        max_rows=roster_files.MAX_ROWS,
    ), status


def _column_choices(reading: roster_files.ClassList) -> list[tuple[str, str]]:
    return [("", _("Found by Waspada"))] + [
        (str(choice.index), f"{choice.letter}: {choice.label}" if choice.label else choice.letter) for choice in reading.columns
    ]


def preview_page(
    classroom, reading: roster_files.ClassList, *, paste: PasteNamesForm | None = None, upload: RosterFileForm | None = None
):
    """What the list would add, for the teacher to check; ``paste`` or ``upload`` is the form to change the reading."""
    preview = rosters.preview(classroom, reading.names)
    confirm = ConfirmNamesForm(formdata=None)
    confirm.names.data = sign({"classroom": classroom.id, "by": current_user.id, "names": preview.new}, PREVIEW)
    change = paste if paste is not None else upload
    change.column.choices = _column_choices(reading)
    change.column.data = "" if change.column.data in (None, "") else str(reading.column)
    if upload is not None:
        upload.sheet.choices = [(name, name) for name in reading.sheets]
        upload.sheet.data = reading.sheet
    column = next((choice for choice in reading.columns if choice.index == reading.column), None)
    return render_template(
        "teacher/roster_preview.html",
        classroom=classroom,
        reading=reading,
        preview=preview,
        confirm=confirm,
        column=column,
        paste=paste,
        upload=upload,
        max_name=rosters.MAX_NAME_LENGTH,
    )


def previewed_names(token: str, classroom, user) -> list[str] | None:
    """The names a preview page signed for this class and this teacher, or None if it is stale or not theirs."""
    value = unsign(token, PREVIEW, PREVIEW_MAX_AGE)
    if not isinstance(value, dict) or value.get("classroom") != classroom.id or value.get("by") != user.id:
        return None
    names = value.get("names")
    return [str(name) for name in names] if isinstance(names, list) else None


def ticked(values: list[str], count: int) -> list[int]:
    """The ticked rows of the preview, in order, each once; anything else is ignored."""
    return sorted({index for index in (column_index(value) for value in values) if index is not None and 0 <= index < count})
