"""A module as GIFT, the plain-text format Moodle imports (question/format/gift/format.php).

One question per block, blocks apart by a blank line:

    ::03 Which are warning signs?::[plain]Which are warning signs?{
        ~%50%Asks for secrecy#Secrets cut a child off from help.
        ~%50%Asks to move to WhatsApp
        ~%-50%Says hello
        ####The explanation, shown after answering.
    }

`[plain]` makes the question, its answers and feedback plain text (Markdown is read out
as `text.plain_text`); a newline is written `\\n` and the characters GIFT uses for itself,
`~ = # { } :` and the backslash, get a backslash in front. A single-answer question marks
its answer `=`; a multiple-response one (a `multiple` or a chat) gives every answer a weight
in percent, the right ones adding up to 100 and the wrong ones negative, from Moodle's list
of grades. True/false is `{TRUE}` or `{FALSE}`. GIFT cannot say "do not shuffle", so a
chat's messages are numbered to be read in order. Ordering questions and reflections stay
out, named in the comments at the top; the content note and the help lines are
descriptions (a block without braces).
"""

from __future__ import annotations

from app.quizbank.formats.common import (
    Export,
    LeftOut,
    category_path,
    header_lines,
    percent,
    question_name,
    response_grades,
    speaker,
)
from app.quizbank.formats.gift_read import GiftError, read  # noqa: F401 - read back for tests and tools
from app.quizbank.formats.text import plain_text
from app.quizbank.formats.words import word
from app.quizbank.model import Bank, Helpline, Question

_RESERVED = "~=#{}:"


def escape(text: str) -> str:
    """Text as GIFT holds it literally (Moodle's repchar, and a guard for a leading "[")."""
    text = text.replace("\r", "").replace("\\", "\\\\")
    for character in _RESERVED:
        text = text.replace(character, "\\" + character)
    text = text.replace("\n", "\\n")
    # "[html]Hi" would be read as a format: say the format first, so a "[" of the text stays text.
    return "[plain]" + text if text.startswith("[") else text


def write(bank: Bank, lang: str, helplines: tuple[Helpline, ...] = ()) -> Export:
    blocks: list[str] = []
    left_out: list[LeftOut] = []
    for position, question in enumerate(bank.questions, start=1):
        if question.type in ("reflection", "order"):
            reason = "reflection" if question.type == "reflection" else "order_not_in_format"
            left_out.append(LeftOut(position, question.id, question.type, reason))
            continue
        blocks.append(_question(position, question, lang))
    head = [f"// {line}" for line in header_lines(bank, lang, len(blocks), tuple(left_out))]
    # The category line is read as it stands, without escapes, and must be a block of its own.
    parts = ["\n".join(head), f"$CATEGORY: {category_path(bank, lang)}"]
    opening = [plain_text(text.get_text(lang)) for text in (bank.content_note, bank.intro) if text is not None]
    if opening:
        parts.append(_description("00 " + word("before_you_start", lang), "\n\n".join(opening)))
    parts += blocks
    closing = _closing(bank, lang, helplines)
    if closing:
        parts.append(_description(f"{len(bank.questions) + 1:02d} " + word("help_lines", lang), closing))
    return Export("\n\n".join(parts) + "\n", len(blocks), tuple(left_out))


def _head(name: str, text: str) -> str:
    return f"::{escape(name)}::[plain]{escape(text)}"


def _description(name: str, text: str) -> str:
    return _head(name, text)


def _general_feedback(question: Question, lang: str) -> str:
    return "####" + escape(plain_text(question.explanation.get_text(lang)))


def _question(position: int, question: Question, lang: str) -> str:
    head = _head(question_name(position, question, lang), plain_text(question.prompt.get_text(lang)))
    if question.type == "true_false":
        return f"{head}{{{'TRUE' if question.answer else 'FALSE'}{_general_feedback(question, lang)}}}"
    lines = [head + "{"]
    for mark, text, feedback in _answers(question, lang):
        if mark == "~" and text.startswith("%"):
            mark = "~%0%"  # a wrong answer starting with "%" would be read as a weight
        line = f"\t{mark}{escape(text)}"
        if feedback:
            line += "#" + escape(feedback)
        lines.append(line)
    lines += ["\t" + _general_feedback(question, lang), "}"]
    return "\n".join(lines)


def _answers(question: Question, lang: str) -> list[tuple[str, str, str]]:
    """(mark, text, feedback) of each answer: "=" right, "~" wrong, "~%w%" weighted."""
    if question.type == "single":
        return [
            (
                "=" if choice.correct else "~",
                plain_text(choice.text.get_text(lang)),
                plain_text(choice.feedback.get_text(lang)) if choice.feedback else "",
            )
            for choice in question.choices
        ]
    if question.type == "chat":
        rights, penalty = response_grades(
            sum(m.red_flag for m in question.messages), sum(not m.red_flag for m in question.messages)
        )
        return [
            (
                f"~%{percent(rights.pop(0) if message.red_flag else penalty)}%",
                f"{number}. {speaker(message, lang)}: {plain_text(message.text.get_text(lang))}",
                plain_text(message.why.get_text(lang)) if message.why else "",
            )
            for number, message in enumerate(question.messages, start=1)
        ]
    rights, penalty = response_grades(sum(c.correct for c in question.choices), sum(not c.correct for c in question.choices))
    return [
        (
            f"~%{percent(rights.pop(0) if choice.correct else penalty)}%",
            plain_text(choice.text.get_text(lang)),
            plain_text(choice.feedback.get_text(lang)) if choice.feedback else "",
        )
        for choice in question.choices
    ]


def _closing(bank: Bank, lang: str, helplines: tuple[Helpline, ...]) -> str:
    parts: list[str] = []
    if helplines:
        lines = [word("help_lines", lang) + ":"]
        for line in helplines:
            contacts = ", ".join(contact.label for contact in line.contacts)
            lines.append(f"- {plain_text(line.name.get_text(lang))}: {plain_text(line.description.get_text(lang))} {contacts}")
        parts.append("\n".join(lines))
    if bank.resources:
        lines = [word("to_read_more", lang) + ":"]
        lines += [f"- {plain_text(resource.label.get_text(lang))} ({resource.url})" for resource in bank.resources]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)
