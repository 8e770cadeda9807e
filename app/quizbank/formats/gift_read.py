"""Reading a GIFT file back the way Moodle's importer does, for round-trip tests.

It follows question/format/gift/format.php step by step for what Waspada writes:
blocks apart by blank lines, `//` comment lines dropped, escaped characters kept aside
until the parts are found, `$CATEGORY:`, the `::name::`, the `[format]`, the first `{`
and `}`, the general feedback after the last `####`, then the type from the answers
(`~` multiple choice, `T`/`F`/`TRUE`/`FALSE` true/false, none a description).
Answer weights are matched against Moodle's grades as the import does, and a
multiple-choice question must pass qtype_multichoice's check of its grades.
Short-answer, numerical, matching and essay questions are recognised, not parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.quizbank.formats.common import grades_problem, moodle_grade

# Moodle's escapedchar_pre / escapedchar_post, with private placeholders.
_ESCAPES = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~", "\\n": "\n"}
_PLACEHOLDER = "\x00{}\x00"
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = ("moodle", "html", "plain", "markdown")


class GiftError(ValueError):
    """Moodle would refuse this block, or keep less of it than was written."""


@dataclass
class GiftAnswer:
    text: str
    fraction: float
    feedback: str = ""


@dataclass
class GiftQuestion:
    type: str  # category, description, multichoice, truefalse, essay, numerical, match, shortanswer
    name: str = ""
    text: str = ""
    text_format: str = "moodle"
    general_feedback: str = ""
    single: bool | None = None  # multichoice: one answer (an "=" present) or several
    answers: list[GiftAnswer] = field(default_factory=list)
    correct: bool | None = None  # truefalse
    category: str = ""


def read(text: str) -> list[GiftQuestion]:
    questions = []
    for block in _blocks(text):
        question = _read_block(block)
        if question is not None:
            questions.append(question)
    return questions


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.lstrip("\ufeff").split("\n"):
        line = line.strip()
        if not line:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _pre(text: str) -> str:
    text = text.replace("\\\\", _PLACEHOLDER.format("bs"))
    for index, escaped in enumerate(_ESCAPES):
        text = text.replace(escaped, _PLACEHOLDER.format(index))
    return text.replace(_PLACEHOLDER.format("bs"), "\\")


def _post(text: str) -> str:
    for index, character in enumerate(_ESCAPES.values()):
        text = text.replace(_PLACEHOLDER.format(index), character)
    return text


def _with_format(text: str, default: str) -> tuple[str, str]:
    """parse_text_with_format: a leading [html], [plain]... names the format."""
    text_format = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in _FORMATS:
            text_format, text = text[1:end], text[end + 1 :]
    return _post(text).strip(), text_format


def _read_block(lines: list[str]) -> GiftQuestion | None:
    lines = [" " if line.startswith("//") else line for line in lines]
    text = "\n".join(lines).strip()
    if not text:
        return None
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return GiftQuestion("category", category=text[10:].strip())
    name = ""
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            name, text = _post(text[2:end]).strip(), text[end + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        question_text, text_format = _with_format(text, "moodle")
        return GiftQuestion("description", name=name, text=question_text, text_format=text_format)
    if start < 0 or finish < 0:
        raise GiftError(f"{name!r}: a '{{' or '}}' is missing (braceerror)")
    answer_text = text[start + 1 : finish].strip()
    # Answers after the text leave it whole; answers inside it leave a blank (missing word).
    question_text = text[:start] if text.endswith("}") else text[:start] + "_____" + text[finish + 1 :]
    question_text, text_format = _with_format(question_text.strip(), "moodle")
    question = GiftQuestion("", name=name, text=question_text, text_format=text_format)
    split = answer_text.rfind("####")
    if split >= 0:
        question.general_feedback, _ = _with_format(answer_text[split + 4 :].strip(), text_format)
        answer_text = answer_text[:split].strip()
    question.type = _type_of(answer_text)
    if question.type == "multichoice":
        _multichoice(question, answer_text)
    elif question.type == "truefalse":
        head = answer_text.split("#", 1)[0].strip()
        question.correct = head in ("T", "TRUE")
    return question


def _type_of(answer_text: str) -> str:
    if answer_text == "":
        return "essay"
    if answer_text.startswith("#"):
        return "numerical"
    if "~" in answer_text:
        return "multichoice"
    if "=" in answer_text and "->" in answer_text:
        return "match"
    head = answer_text.split("#", 1)[0].strip() if answer_text.find("#") > 0 else answer_text
    return "truefalse" if head in ("T", "TRUE", "F", "FALSE") else "shortanswer"


def _multichoice(question: GiftQuestion, answer_text: str) -> None:
    question.single = "=" in answer_text
    parts = answer_text.replace("=", "~=").split("~")
    parts[0] = parts[0].strip()
    if not parts[0]:
        parts = parts[1:]
    if len(parts) < 2:
        raise GiftError(f"{question.name!r}: a multiple-choice question needs two answers (importminerror)")
    for part in parts:
        part = part.strip()
        if part.startswith("="):
            weight, part = 1.0, part[1:]
        elif _WEIGHT.match(part):
            end = part.index("%", 1)
            weight, part = float(part[1:end]) / 100, part[end + 1 :]
        else:
            weight = 0.0
        grade = moodle_grade(weight)
        if grade is None:
            raise GiftError(f"{question.name!r}: the weight {weight:.2%} is not one of Moodle's grades")
        answer, _, feedback = part.partition("#")
        answer_text_, _ = _with_format(answer.strip(), question.text_format)
        feedback_text, _ = _with_format(feedback.strip(), question.text_format)
        question.answers.append(GiftAnswer(answer_text_, grade, feedback_text))
    problem = grades_problem([answer.fraction for answer in question.answers], single=question.single)
    if problem:
        raise GiftError(f"{question.name!r}: {problem}")
