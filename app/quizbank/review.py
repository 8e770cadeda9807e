"""How one answer went, as the person who gave it is shown it: verdict, picks, order, and the module's score.

Pure functions of a question and a stored response (``{"choice": "b"}``), so that a
student's recorded answer and a teacher's preview, which records nothing, are judged
and shown alike. ``shown_options`` gives the order in which a run through a module
shows the choices (stable for one seed). Templates receive the verdicts made here
and decide nothing about scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.quizbank.model import Bank, Choice, Item, Message, Question
from app.quizbank.presentation import presentation_order
from app.quizbank.verdicts import verdict

# Besides the quiz engine's verdicts (right, partly_right, wrong), what a review may say.
REFLECTION, UNANSWERED = "reflection", "unanswered"


def shown_options(question: Question, seed: str) -> list[Choice | Item | Message]:
    """The choices, items or messages in the order a run with ``seed`` shows them (stable on reload)."""
    options: tuple[Choice | Item | Message, ...] = (*question.choices, *question.items, *question.messages)
    pool = {option.id: option for option in options}
    return [pool[option_id] for option_id in presentation_order(question, seed)]


@dataclass
class Review:
    """One question and what was answered to it."""

    question: Question
    number: int
    verdict: str
    picked: set[str] = field(default_factory=set)  # choice ids, flagged message ids, "true"/"false", "1".."4"
    order: list[Item] = field(default_factory=list)  # the order given to an `order` question

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


def picked_of(question: Question, response: Mapping | None) -> set[str]:
    """The ids or values a response picked, as strings (what a form would have sent)."""
    value = next(iter(response.values()), None) if isinstance(response, Mapping) else None
    if question.type in ("multiple", "chat"):
        return {str(v) for v in value} if isinstance(value, list) else set()
    if question.type == "true_false":
        return {"true" if value else "false"} if isinstance(value, bool) else set()
    return set() if value is None or question.type == "order" else {str(value)}


def review_response(question: Question, number: int, response: Mapping | None, score: float | None) -> Review:
    """The review of ``response`` (None: not answered) that scored ``score`` (None for a reflection)."""
    if response is None:
        return Review(question, number, UNANSWERED)
    shown = REFLECTION if score is None else str(verdict(score))
    items = {item.id: item for item in question.items}
    order = [items[i] for i in response.get("order", []) if i in items] if question.type == "order" else []
    return Review(question, number, shown, picked_of(question, response), order)


def module_score(bank: Bank, scores: Mapping[str, float | None]) -> float:
    """The module's score from each question's score: the mean over its scored questions,
    an unanswered one counting 0 (how ``services.progress`` scores a finished attempt)."""
    scored = bank.scored_questions
    if not scored:
        return 1.0
    return sum(scores.get(question.id) or 0.0 for question in scored) / len(scored)


@dataclass(frozen=True)
class ReviewSummary:
    """How a run through a module went, in a line: "9 of 12 right, 2 partly right" (reflections not counted)."""

    right: int
    partly_right: int
    scored: int


def summarise(reviews: list[Review]) -> ReviewSummary:
    scored = [item for item in reviews if item.question.scored]
    return ReviewSummary(
        right=sum(1 for item in scored if item.verdict == "right"),
        partly_right=sum(1 for item in scored if item.verdict == "partly_right"),
        scored=len(scored),
    )
