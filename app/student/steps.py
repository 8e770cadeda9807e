"""Where a student is in a module, and where the next tap takes them.

A student always lands somewhere sensible: on the first unanswered question when
they come back (``progress.next_question``), on the feedback of a question they
answered already (a double tap, a reload, a second tab), on the results once the
module is finished or closed. A retry never shows the opening reflection: the
student gave their "before" on the first try (``progress.questions_needed``), so the
retry's questions are numbered without it. The routes ask here instead of deciding
each time.
"""

from __future__ import annotations

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.content import get_catalogue
from app.models import Assignment, Attempt
from app.quizbank import Bank, Question
from app.reports.student_progress import AssignmentView, AttemptState
from app.security import load_student_assignment, load_student_progress
from app.services import progress
from app.signed_in import SignedInStudent
from app.student.review import feedback_after_each_answer


def the_student() -> SignedInStudent:
    return current_user._get_current_object()


def load_module(assignment_id: int) -> tuple[Assignment, Bank]:
    """An assignment of the student's own class and its bank (404 otherwise)."""
    assignment = load_student_assignment(assignment_id)
    bank = get_catalogue().get(assignment.bank_id)
    if bank is None:
        abort(404)
    return assignment, bank


def load_progress(assignment_id: int) -> tuple[AssignmentView, Bank, AttemptState | None]:
    """An assignment of the student's own class, its bank and the student's latest attempt (one query; 404 otherwise)."""
    assignment, attempt = load_student_progress(assignment_id)
    bank = get_catalogue().get(assignment.bank_id)
    if bank is None:
        abort(404)
    return assignment, bank, attempt


def load_question(assignment_id: int, question_id: str) -> tuple[AssignmentView, Bank, Question, AttemptState | None]:
    """As ``load_progress``, and the question (404 when the module has no such question)."""
    assignment, bank, attempt = load_progress(assignment_id)
    question = bank.question(question_id)
    if question is None:
        abort(404)
    return assignment, bank, question, attempt


def module_url(assignment: Assignment) -> str:
    return url_for("student.module", assignment_id=assignment.id)


def results_url(assignment: Assignment) -> str:
    return url_for("student.results", assignment_id=assignment.id)


def question_url(assignment: Assignment, question_id: str, **args) -> str:
    return url_for("student.question", assignment_id=assignment.id, question_id=question_id, **args)


def feedback_url(assignment: Assignment, question_id: str, **args) -> str:
    return url_for("student.feedback", assignment_id=assignment.id, question_id=question_id, **args)


def next_step_url(assignment: Assignment, bank: Bank, attempt: Attempt) -> str:
    """The first unanswered question, or the results when there is none (or none may be answered)."""
    if attempt.finished or assignment.closed:
        return results_url(assignment)
    question = progress.next_question(bank, attempt)
    return question_url(assignment, question.id) if question else results_url(assignment)


def after_answer_url(assignment: Assignment, bank: Bank, attempt: Attempt, question_id: str, **args) -> str:
    """Feedback right away where the teacher chose it; otherwise on to the next step."""
    if feedback_after_each_answer(assignment):
        return feedback_url(assignment, question_id, **args)
    return next_step_url(assignment, bank, attempt)


def place_of(bank: Bank, attempt: Attempt, question: Question) -> tuple[int, int]:
    """The question's number and the number of questions, as this attempt asks them."""
    asked = [q.id for q in progress.questions_needed(bank, attempt)]
    return (asked.index(question.id) + 1 if question.id in asked else bank.questions.index(question) + 1), len(asked)


def blocked(assignment: Assignment, bank: Bank, attempt: Attempt | None, question: Question) -> tuple[str, str] | None:
    """Why this question cannot be answered now, and where to go instead; None when it can."""
    if attempt is None:
        return module_url(assignment), _("Start the module first.")
    if question.id not in {q.id for q in progress.questions_needed(bank, attempt)}:  # a retry's opening reflection
        return next_step_url(assignment, bank, attempt), _("You answered this question on your first try.")
    if question.id in attempt.answered:
        return (
            after_answer_url(assignment, bank, attempt, question.id),
            _("You had already answered this question. Your first answer stays."),
        )
    if attempt.finished:
        return results_url(assignment), _("You have finished this module already.")
    if assignment.closed:
        return results_url(assignment), _("Your teacher has closed this module, so no more answers can be sent.")
    return None
