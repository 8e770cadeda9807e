"""What the three Moodle formats share: the result of an export, question names, grades.

Grades follow Moodle's importer, which refuses a file whose answer grades are not on its
fixed list (`question_bank::fraction_options_full()`, matched within 0.00001) and a
multiple-response question whose right answers do not add up to 100 % (rounded to two
places). A Waspada `multiple` or `chat` question scores (right picks - wrong picks) /
right answers, never below 0: in Moodle that is every right answer worth 1/n of the
mark and every wrong one -1/n, Moodle adding them up and keeping the total within 0..1.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.quizbank.formats.text import shortened
from app.quizbank.formats.words import reason, word
from app.quizbank.model import Bank, Message, Question

# Moodle's grades (fractions of the mark), besides 0, 1 and their negatives.
MOODLE_FRACTIONS = (
    1.0,
    0.9,
    0.8333333,
    0.8,
    0.75,
    0.7,
    0.6666667,
    0.6,
    0.5,
    0.4,
    0.3333333,
    0.3,
    0.25,
    0.2,
    0.1666667,
    0.1428571,
    0.125,
    0.1111111,
    0.1,
    0.05,
)
MATCH_TOLERANCE = 0.00001  # how near a grade must be to one on the list (match_grade_options)


@dataclass(frozen=True)
class LeftOut:
    """A question a format cannot hold, and why (a code of words.REASONS)."""

    position: int  # 1-based, as the question is numbered in the module
    question_id: str
    question_type: str
    reason: str

    def note(self, lang: str) -> str:
        return word(
            "left_out",
            lang,
            position=self.position,
            question=self.question_id,
            type=self.question_type,
            reason=reason(self.reason, lang),
        )


@dataclass(frozen=True)
class Export:
    """A module written in one format and language."""

    text: str
    questions: int  # questions written (the opening and closing descriptions not counted)
    left_out: tuple[LeftOut, ...]

    def notes(self, lang: str) -> list[str]:
        return [item.note(lang) for item in self.left_out]


def header_lines(bank: Bank, lang: str, written: int, left_out: tuple[LeftOut, ...]) -> list[str]:
    """The comment at the top of a file: which module, and what was left out."""
    return [word("made_by", lang, bank=bank.id, version=bank.version, count=written)] + [item.note(lang) for item in left_out]


def question_name(position: int, question: Question, lang: str) -> str:
    """ "07 Someone you just met in an online game keeps…": sorts in module order in Moodle."""
    return f"{position:02d} {shortened(question.prompt.get_text(lang))}"


def category_path(bank: Bank, lang: str) -> str:
    """Where the questions land: a category of their own under Waspada in the course's bank.

    Moodle splits a path at "/" and reads "//" as a slash inside a name.
    """
    title = " ".join(bank.title.get_text(lang).split()).replace("/", "//")
    return f"$course$/top/Waspada/{title}"


def speaker(message: Message, lang: str) -> str:
    """Who says a chat message, as the student's page labels the bubble."""
    if message.name is not None:
        return message.name.get_text(lang)
    return word("me" if message.from_ == "me" else "someone", lang)


def response_grades(right: int, wrong: int) -> tuple[list[float], float]:
    """The grade of each right answer (adding up to 1) and the grade of every wrong one (<= 0)."""
    if right < 1:
        raise ValueError("a multiple-response question needs at least one right answer")
    weights = _split_one(right)
    penalty = -_nearest_fraction(1 / right) if wrong else 0.0
    return weights, penalty


def _split_one(parts: int) -> list[float]:
    """`parts` grades from Moodle's list adding up to 1: equal when 1/parts is on the list."""
    equal = _nearest_fraction(1 / parts)
    if abs(equal - 1 / parts) < MATCH_TOLERANCE:
        return [equal] * parts
    # 1/11, 1/12, ... are not on the list: mix the two nearest grades, a few a little higher.
    best: tuple[float, int, float] | None = None
    for high in MOODLE_FRACTIONS:
        for low in MOODLE_FRACTIONS:
            if low >= high:
                continue
            count_high = round((1 - parts * low) / (high - low))
            exact = abs(count_high * high + (parts - count_high) * low - 1) < MATCH_TOLERANCE
            if 0 < count_high < parts and exact and (best is None or high - low < best[0] - best[2]):
                best = (high, count_high, low)
    if best is None:
        raise ValueError(f"no split of 100 % into {parts} of Moodle's grades")
    high, count_high, low = best
    return [high] * count_high + [low] * (parts - count_high)


def moodle_grade(fraction: float) -> float | None:
    """The grade Moodle's importer keeps for `fraction`, or None when it would refuse it."""
    for value in (0.0, *MOODLE_FRACTIONS, *(-f for f in MOODLE_FRACTIONS)):
        if abs(fraction - value) < MATCH_TOLERANCE:
            return value
    return None


def grades_problem(grades: list[float], single: bool) -> str | None:
    """What qtype_multichoice's save would say of these grades (None: it takes them)."""
    if single:
        return None if max(grades) == 1 else "no answer is worth 100 % (fractionsnomax)"
    total = sum(grade for grade in grades if grade > 0)
    return None if round(total, 2) == 1 else f"the right answers add up to {total:.2%}, not 100 % (fractionsaddwrong)"


def _nearest_fraction(value: float) -> float:
    return min(MOODLE_FRACTIONS, key=lambda fraction: abs(fraction - value))


def percent(fraction: float) -> str:
    """A grade as Moodle writes it in a file: 100, 33.33333, -12.5, 0."""
    text = f"{fraction * 100:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
