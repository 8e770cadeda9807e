"""A module as Aiken, Moodle's simplest import (question/format/aiken/format.php).

Aiken holds multiple-choice questions with exactly one right answer and nothing else:

    Someone you just met in a game offers you diamonds. What do you do?
    A) Say no and tell an adult
    B) Accept them
    ANSWER: A

The question on one line, then one line per choice ("A) " to "Z) "), then the answer
letter; no feedback, no explanation, no names, no comments. So `single` questions go in
whole but for their feedback, a true/false question becomes the two choices "True" and
"False" in the export's language, and every other question (multiple, chat, order,
reflection) stays out: `Export.left_out` says which, for the command line and the page
to tell, since the file itself has no place for a note.

`read` parses a file back as Moodle's importer does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.quizbank.formats.common import Export, LeftOut
from app.quizbank.formats.text import one_line
from app.quizbank.formats.words import word
from app.quizbank.model import Bank, Helpline, Question

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# A line Moodle reads as a choice or as the answer, were it the question's first line.
_LOOKS_LIKE_CHOICE = re.compile(r"^[A-Z][).]|^ANSWER:")


class AikenError(ValueError):
    """Moodle would refuse or drop part of this file."""


@dataclass
class AikenQuestion:
    text: str
    choices: list[str] = field(default_factory=list)
    answer: int = -1  # index of the right choice


def write(bank: Bank, lang: str, helplines: tuple[Helpline, ...] = ()) -> Export:
    """`helplines` are accepted for a uniform call and left unused: Aiken has no text outside questions."""
    blocks: list[str] = []
    left_out: list[LeftOut] = []
    for position, question in enumerate(bank.questions, start=1):
        if question.type in ("single", "true_false"):
            blocks.append(_question(question, lang))
            continue
        reason = {"reflection": "reflection", "order": "order_not_in_format"}.get(question.type, "aiken_one_answer")
        left_out.append(LeftOut(position, question.id, question.type, reason))
    return Export("\n\n".join(blocks) + "\n", len(blocks), tuple(left_out))


def _question(question: Question, lang: str) -> str:
    if question.type == "true_false":
        choices = [word("true", lang), word("false", lang)]
        right = 0 if question.answer else 1
    else:
        choices = [one_line(choice.text.get_text(lang)) for choice in question.choices]
        right = next(index for index, choice in enumerate(question.choices) if choice.correct)
    text = one_line(question.prompt.get_text(lang))
    if _LOOKS_LIKE_CHOICE.match(text):
        text = "\u00a0" + text  # a no-break space, which Moodle's trim() keeps, so it stays the question
    lines = [text] + [f"{LETTERS[index]}) {choice}" for index, choice in enumerate(choices)]
    lines.append(f"ANSWER: {LETTERS[right]}")
    return "\n".join(lines)


def read(text: str) -> list[AikenQuestion]:
    """The questions Moodle would import; AikenError where it would report an error."""
    questions: list[AikenQuestion] = []
    current: AikenQuestion | None = None
    for number, raw in enumerate(text.lstrip("\ufeff").replace("\r", "\n").split("\n"), start=1):
        line = raw.strip(" \t\n\r\0\x0b")  # PHP's trim()
        if len(line.encode("utf-8")) < 2:
            continue
        if re.match(r"^[A-Z][).][ \t]?", line):
            if current is None:
                raise AikenError(f"line {number}: a choice before any question (questionnotstarted)")
            current.choices.append(line[2:].strip())
        elif line.startswith("ANSWER:"):
            if current is None:
                raise AikenError(f"line {number}: an answer before any question (questionnotstarted)")
            letter = line.split(":", 1)[1].strip()[:1]
            index = LETTERS.find(letter) if letter else -1
            if len(current.choices) < 2 or not 0 <= index < len(current.choices):
                raise AikenError(f"line {number}: the answer does not name one of two or more choices")
            current.answer = index
            questions.append(current)
            current = None
        else:
            if current is not None:
                raise AikenError(f"line {number}: a new question before the last one's ANSWER (questionnotcomplete)")
            current = AikenQuestion(line)
    if current is not None:
        raise AikenError("the file ends inside a question without its ANSWER line")
    return questions
