"""What a student is shown about a question: in which order, and, once feedback is due, how they did.

Feedback follows the teacher's choice for the assignment (``FeedbackMode``): right
after each answer, once the module is finished, or once the teacher closes it. The
explanation always comes at some point; only the moment changes. Templates receive
the verdicts made here and decide nothing about scores.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.models import Answer, Assignment, Attempt, FeedbackMode
from app.quizbank import Bank, Choice, Item, Message, Question, presentation_order, verdict

# Besides the quiz engine's verdicts (right, partly_right, wrong), what a review may say.
REFLECTION, UNANSWERED = "reflection", "unanswered"


def feedback_after_each_answer(assignment: Assignment) -> bool:
    return assignment.feedback_mode == FeedbackMode.IMMEDIATE


def feedback_visible(assignment: Assignment, attempt: Attempt) -> bool:
    """May the student see right answers and explanations for this attempt now?"""
    if assignment.feedback_mode == FeedbackMode.IMMEDIATE:
        return True
    if assignment.feedback_mode == FeedbackMode.AFTER_FINISH:
        return attempt.finished or assignment.closed
    return assignment.closed


def shown_options(question: Question, seed: str) -> list[Choice | Item | Message]:
    """The choices, items or messages in the order this attempt shows them (stable on reload)."""
    pool = {option.id: option for option in (*question.choices, *question.items, *question.messages)}
    return [pool[option_id] for option_id in presentation_order(question, seed)]


@dataclass
class Review:
    """One question and what the student answered to it."""

    question: Question
    number: int
    answer: Answer | None
    verdict: str
    picked: set[str] = field(default_factory=set)  # choice ids, flagged message ids, "true"/"false", "1".."4"
    order: list[Item] = field(default_factory=list)  # the student's order of an `order` question

    @property
    def correct_choices(self) -> list[Choice]:
        return [choice for choice in self.question.choices if choice.correct]

    @property
    def picked_feedback(self) -> list[Choice]:
        """The picked choices that carry their own feedback."""
        return [choice for choice in self.question.choices if choice.id in self.picked and choice.feedback]

    @property
    def red_flags(self) -> list[Message]:
        return [message for message in self.question.messages if message.red_flag]

    @property
    def wrongly_flagged(self) -> list[Message]:
        return [message for message in self.question.messages if message.id in self.picked and not message.red_flag]

    @property
    def items_in_place(self) -> list[bool]:
        return [mine.id == right.id for mine, right in zip(self.order, self.question.items, strict=False)]


def picked_of(question: Question, response: dict) -> set[str]:
    """The ids or values a response picked, as strings (what a form would have sent)."""
    value = next(iter(response.values()), None) if isinstance(response, dict) else None
    if question.type in ("multiple", "chat"):
        return {str(v) for v in value} if isinstance(value, list) else set()
    if question.type == "true_false":
        return {"true" if value else "false"} if isinstance(value, bool) else set()
    return set() if value is None or question.type == "order" else {str(value)}


def review(question: Question, number: int, answer: Answer | None) -> Review:
    if answer is None:
        return Review(question, number, None, UNANSWERED)
    shown = REFLECTION if answer.score is None else str(verdict(answer.score))
    items = {item.id: item for item in question.items}
    order = [items[i] for i in answer.response.get("order", []) if i in items] if question.type == "order" else []
    return Review(question, number, answer, shown, picked_of(question, answer.response), order)


@dataclass(frozen=True)
class ReviewSummary:
    """How an attempt went, in a line: "9 of 12 right, 2 partly right" (reflections are not counted)."""

    right: int
    partly_right: int
    scored: int


def summarise(reviews: list[Review]) -> ReviewSummary:
    scored = [item for item in reviews if item.question.scored]
    return ReviewSummary(right=sum(1 for item in scored if item.verdict == "right"),
                         partly_right=sum(1 for item in scored if item.verdict == "partly_right"), scored=len(scored))


def review_attempt(bank: Bank, attempt: Attempt) -> list[Review]:
    """Every question of the module, in order, with the attempt's answers (one query)."""
    answers = {answer.question_id: answer for answer in attempt.answers}
    return [review(question, number, answers.get(question.id)) for number, question in enumerate(bank.questions, 1)]
