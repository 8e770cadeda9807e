"""The alternative activity: what a student does after "Not now" on a sensitive module.

A student who leaves a sensitive module for now is not left waiting while the class
works, and is not singled out on a shared screen: they get the bank's alternative
activity, a page laid out like any module page (title, a short reading, reflection
questions as a plain form, "Done"), with the help link and the quick exit of every
student page. Its answers are the student's own: the form is sent so that the page
behaves like any other, but nothing of it is read or stored, not even as class
totals, and the page says so. The teacher still sees the module as not done, and
the counsellor counts the "Not now" as before.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.security import Permission, requires
from app.student.blueprint import bp
from app.student.steps import load_module, module_url
from app.web.question_texts import question_labels


def alternative_url(assignment_id: int) -> str:
    return url_for("student.alternative", assignment_id=assignment_id)


@bp.get("/m/<int:assignment_id>/alternative")
@requires(Permission.MODULE_TAKE)
def alternative(assignment_id: int):
    assignment, bank = load_module(assignment_id)
    if bank.alternative is None:  # a module without one: its own page says what the student can do
        return redirect(module_url(assignment))
    return render_template(
        "student/alternative.html", assignment=assignment, bank=bank, alternative=bank.alternative, labels=question_labels()
    )


@bp.post("/m/<int:assignment_id>/alternative")
@requires(Permission.MODULE_TAKE)
def alternative_done(assignment_id: int):
    """ "Done": back to the student's modules. The answers sent with it are not read, let alone kept."""
    load_module(assignment_id)  # another class's module answers 404, as everywhere
    flash(_("Thank you for taking the time. The module will wait for you whenever you feel ready."), "info")
    return redirect(url_for("student.dashboard"))
