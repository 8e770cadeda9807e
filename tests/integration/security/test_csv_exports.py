"""Every CSV export is safe to open in a spreadsheet: no cell runs as a formula.

A student may be called "=HYPERLINK(...)", "+1", "-2" or "@SUM(A1)" (typed through
the roster form), or carry a leading tab or carriage return (a roster restored from
an older export: the form itself trims them). In the teacher's grid, the assignment's
answers and the admin's class export alike, such a cell starts with an apostrophe,
so Excel and LibreOffice show it as text.
"""

from __future__ import annotations

import csv
import io

from sqlalchemy import select, update

from app.extensions import db
from app.models import Student
from tests import factories

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TYPED = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)"]
RESTORED = {"Tab": "\tx", "Return": "\rx"}  # set in the database: the roster form trims whitespace
CLASS_NAME = "=cmd|' /C calc'!A0"


def cells_of(response) -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_formula_names_are_neutralised_in_every_csv_export(login_as):
    world = factories.make_world(students=0)
    a = world.a
    teacher, admin = login_as(a.teacher), login_as(a.admin)
    class_id = a.classroom.id
    assert teacher.post(f"/teacher/classes/{class_id}/edit", data={"name": CLASS_NAME}).status_code == 302
    assert (
        teacher.post(f"/teacher/classes/{class_id}/students", data={"many-names": "\n".join([*TYPED, *RESTORED])}).status_code
        == 302
    )
    for placeholder, name in RESTORED.items():
        db.session.execute(update(Student).where(Student.display_name == placeholder).values(display_name=name))
    db.session.commit()
    students = db.session.scalars(select(Student).where(Student.classroom_id == class_id)).all()
    assert sorted(student.display_name for student in students) == sorted([*TYPED, *RESTORED.values()])
    assignment = factories.make_assignment(a.classroom, "sample-basics")
    for student in students:  # everyone answers, so that everyone has rows in the answers export
        factories.answer_all(student, assignment, wrong=student.display_name.startswith("+"))

    exports = {
        "teacher grid": cells_of(teacher.get(f"/teacher/classes/{class_id}/report.csv")),
        "assignment answers": cells_of(teacher.get(f"/teacher/assignments/{assignment.id}/answers.csv")),
        "admin class export": cells_of(admin.get(f"/admin/classes/{class_id}/results.csv")),
    }
    expected = {"'" + name for name in [*TYPED, *RESTORED.values()]}
    for export, rows in exports.items():
        cells = [cell for row in rows for cell in row]
        risky = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
        assert not risky, f"{export}: cells that would run as formulas: {risky}"
        names = {row[0] if export != "admin class export" else row[1] for row in rows[1:]}
        assert expected <= names, f"{export}: {sorted(expected - names)} missing"
    assert "'" + CLASS_NAME in {row[0] for row in exports["admin class export"][1:]}
