"""The figures of Waspada, each defined once: every page, export and number format uses these.

A student, a teacher, a counsellor and a spreadsheet must read the same number for
the same thing, so nothing else in the app rounds a score, decides a pass, names a
status or counts questions:

- ``percent``: a score in 0..1 as a whole percent, rounded half up (62.5 % -> 63),
  from the shortest decimal form of the float so that 0.625 is exactly 62.5.
- ``share``: a part of a whole (3 of 8 finished) as a whole percent, the same rule.
- ``passed``: a score passes when its *shown* percent reaches the bank's pass mark,
  so "70 %" never reads as "not passed".
- ``verdict``: right, partly right or wrong; defined by the quiz engine, re-exported.
- ``AttemptStatus``: where a student stands in a module, one word per state, with its
  label in the interface language (``status_label``).
- ``QuestionCounts``: all questions of a module vs. the scored ones (reflections are
  never scored), named the same way on every page (``questions_label``).
- ``help_status_label``, ``role_label``: the other status words, once.
- ``MIN_GROUP``: totals of fewer students than this are never shown (reflections,
  lesson answers), so that no single answer can be traced to a student.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import format_percent as _babel_percent
from flask_babel import lazy_pgettext, ngettext, pgettext

from app.models import HelpStatus, Role
from app.quizbank import Bank, Verdict, verdict

__all__ = [
    "HELP_STATUS_LABELS",
    "MIN_GROUP",
    "AttemptStatus",
    "QuestionCounts",
    "Verdict",
    "format_percent",
    "help_status_label",
    "passed",
    "percent",
    "percent_label",
    "question_counts",
    "questions_label",
    "role_label",
    "share",
    "status_label",
    "verdict",
    "verdict_label",
]

MIN_GROUP = 5


def percent(score: float | None) -> int | None:
    """0.625 -> 63, 0.724 -> 72, None -> None: half up, once, for everyone."""
    if score is None:
        return None
    return int((Decimal(repr(float(score))) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percent (None for an empty whole)."""
    return percent(part / whole) if whole else None


def format_percent(whole_percent: int | None) -> str:
    """A whole percent as the interface language writes it ("63%"); "–" for none."""
    if whole_percent is None:
        return "–"
    return _babel_percent(Decimal(whole_percent) / 100, "#,##0%")


def percent_label(score: float | None) -> str:
    """A score (0..1) as the interface language writes its whole percent: the Jinja filter ``percent``."""
    return format_percent(percent(score))


def passed(score: float | None, pass_percent: int) -> bool | None:
    """The pass rule: the shown percent reaches the pass mark. None when there is no score."""
    shown = percent(score)
    return None if shown is None else shown >= pass_percent


class AttemptStatus(enum.StrEnum):
    """Where a student stands in one assigned module."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FINISHED = "finished"
    OPTED_OUT = "opted_out"  # chose "not now" and has not finished since: only counsellors see it as such
    NOT_DONE = "not_done"  # what a teacher sees for "not started" and "opted out" alike
    OVERDUE = "overdue"  # the student's view: due date past, not finished, still open
    CLOSED = "closed"  # the student's view: the teacher closed it before the student finished


_STATUS_LABELS = {
    AttemptStatus.NOT_STARTED: lazy_pgettext("module status", "not started"),
    AttemptStatus.IN_PROGRESS: lazy_pgettext("module status", "in progress"),
    AttemptStatus.FINISHED: lazy_pgettext("module status", "finished"),
    AttemptStatus.OPTED_OUT: lazy_pgettext("module status", "opted out"),
    AttemptStatus.NOT_DONE: lazy_pgettext("module status", "not done"),
    AttemptStatus.OVERDUE: lazy_pgettext("module status", "overdue"),
    AttemptStatus.CLOSED: lazy_pgettext("module status", "closed"),
}


def status_label(status: AttemptStatus | str) -> str:
    """The status in the interface language, lower case ("sedang dikerjakan")."""
    return str(_STATUS_LABELS[AttemptStatus(status)])


def verdict_label(value: Verdict | str | None) -> str:
    if value is None:
        return ""
    return {
        Verdict.RIGHT: pgettext("verdict", "right"),
        Verdict.PARTLY_RIGHT: pgettext("verdict", "partly right"),
        Verdict.WRONG: pgettext("verdict", "wrong"),
    }[Verdict(value)]


HELP_STATUS_LABELS = {
    HelpStatus.NEW: lazy_pgettext("help request status", "New"),
    HelpStatus.IN_PROGRESS: lazy_pgettext("help request status", "Being handled"),
    HelpStatus.HANDLED: lazy_pgettext("help request status", "Handled"),
}


def help_status_label(status: HelpStatus | str) -> str:
    """A help request's status in the interface language (never a module's: those are ``status_label``)."""
    return str(HELP_STATUS_LABELS[HelpStatus(status)])


_ROLE_LABELS = {
    Role.TEACHER: lazy_pgettext("role", "Teacher"),
    Role.COUNSELLOR: lazy_pgettext("role", "Counsellor (guru BK)"),
    Role.ADMIN: lazy_pgettext("role", "School admin"),
}


def role_label(role: Role | str) -> str:
    return str(_ROLE_LABELS[Role(role)])


@dataclass(frozen=True)
class QuestionCounts:
    total: int  # every question a student goes through, reflections included
    scored: int  # the ones a score is made of

    @property
    def unscored(self) -> int:
        return self.total - self.scored


def question_counts(bank: Bank) -> QuestionCounts:
    return QuestionCounts(total=len(bank.questions), scored=len(bank.scored_questions))


def questions_label(counts: QuestionCounts) -> str:
    """ "14 questions" everywhere a module is described; the scored ones are named only where they differ."""
    text = ngettext("%(num)d question", "%(num)d questions", counts.total)
    if counts.unscored:
        text += " " + ngettext("(%(num)d scored)", "(%(num)d scored)", counts.scored)
    return text
