"""When a student sees how they did, and the reviews of an attempt's answers.

Feedback follows the teacher's choice for the assignment (``FeedbackMode``): right
after each answer, once the module is finished, or once the teacher closes it. The
explanation always comes at some point; only the moment changes. The review of one
answer (verdict, picks, order) is ``app.quizbank.review``'s, shared with the staff's
preview; templates receive the verdicts made there and decide nothing about scores.
"""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Answer, Assignment, Attempt, FeedbackMode
from app.quizbank import Bank, Question
from app.quizbank.review import Review, review_response
from app.reports.student_progress import AssignmentView, AttemptState
from app.services.progress import questions_needed


def feedback_after_each_answer(assignment: Assignment | AssignmentView) -> bool:
    return assignment.feedback_mode == FeedbackMode.IMMEDIATE


def feedback_visible(assignment: Assignment | AssignmentView, attempt: Attempt | AttemptState) -> bool:
    """May the student see right answers and explanations for this attempt now?"""
    if assignment.feedback_mode == FeedbackMode.IMMEDIATE:
        return True
    if assignment.feedback_mode == FeedbackMode.AFTER_FINISH:
        return attempt.finished or assignment.closed
    return assignment.closed


def review(question: Question, number: int, answer: Answer | None) -> Review:
    """The review of a student's stored answer (None: not answered)."""
    if answer is None:
        return review_response(question, number, None, None)
    return review_response(question, number, answer.response, answer.score)


def review_attempt(bank: Bank, attempt: Attempt | AttemptState) -> list[Review]:
    """Every question the attempt asked, in order, with its answers (one query); a retry asked no "before"."""
    answers = {answer.question_id: answer for answer in db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id))}
    asked = questions_needed(bank, attempt)
    return [review(question, number, answers.get(question.id)) for number, question in enumerate(asked, 1)]
