"""A module as Moodle XML, the one format that holds every scored Waspada question.

Moodle's importer (question/format/xml/format.php) reads `<quiz>` with one `<question
type="...">` per question: first a `category` (where the questions go), then
`multichoice` (single, multiple and chat questions), `truefalse`, `ordering` (the
qtype_ordering plugin, standard since Moodle 4.4) and `description` (the content note
and the help lines, which carry no mark). Every text is the safe HTML a student sees,
`format="html"` and in CDATA; the explanation is the general feedback, a choice's
feedback (a chat message's "why") the feedback of its answer. Reflections have no right
answer and stay out, named in the comment at the top.

`read` parses a file back and checks what the importer needs (see `moodle_xml_read`).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

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
from app.quizbank.formats.moodle_xml_read import MoodleXmlError, read  # noqa: F401 - read back for tests and tools
from app.quizbank.formats.text import block_html, inline_html
from app.quizbank.formats.words import word
from app.quizbank.model import Bank, Helpline, Question

# Characters XML 1.0 cannot hold at all (YAML lets a few through in quoted strings).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write(bank: Bank, lang: str, helplines: tuple[Helpline, ...] = ()) -> Export:
    questions: list[str] = []
    left_out: list[LeftOut] = []
    for position, question in enumerate(bank.questions, start=1):
        if question.type == "reflection":
            left_out.append(LeftOut(position, question.id, question.type, "reflection"))
            continue
        questions.append(_question(position, question, lang))
    parts = ['<?xml version="1.0" encoding="UTF-8"?>']
    parts += [f"<!-- {_comment(line)} -->" for line in header_lines(bank, lang, len(questions), tuple(left_out))]
    parts.append("<quiz>")
    parts.append(_category(bank, lang))
    opening = _opening(bank, lang)
    if opening:
        parts.append(_description("00 " + word("before_you_start", lang), opening))
    parts += questions
    closing = _closing(bank, lang, helplines)
    if closing:
        parts.append(_description(f"{len(bank.questions) + 1:02d} " + word("help_lines", lang), closing))
    parts.append("</quiz>")
    return Export("\n".join(parts) + "\n", len(questions), tuple(left_out))


# --- pieces of XML -------------------------------------------------------------------


def _cdata(text: str) -> str:
    text = _NOT_XML.sub("", text)
    if not text:
        return ""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _plain(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _comment(text: str) -> str:
    # "--" may not appear inside an XML comment.
    return _NOT_XML.sub("", text).replace("--", "- -")


def _html(tag: str, html: str, indent: str = "    ") -> str:
    return f'{indent}<{tag} format="html"><text>{_cdata(html)}</text></{tag}>'


def _category(bank: Bank, lang: str) -> str:
    return "\n".join(
        [
            '  <question type="category">',
            f"    <category><text>{_plain(category_path(bank, lang))}</text></category>",
            _html("info", block_html(bank.summary.get_text(lang))),
            "  </question>",
        ]
    )


def _head(kind: str, name: str, text: str, feedback: str, grade: str, penalty: str, idnumber: str = "") -> list[str]:
    lines = [
        f"  <question type={quoteattr(kind)}>",
        f"    <name><text>{_plain(name)}</text></name>",
        _html("questiontext", text),
        _html("generalfeedback", feedback),
        f"    <defaultgrade>{grade}</defaultgrade>",
        f"    <penalty>{penalty}</penalty>",
        "    <hidden>0</hidden>",
    ]
    if idnumber:
        lines.append(f"    <idnumber>{_plain(idnumber)}</idnumber>")
    return lines


def _description(name: str, html: str) -> str:
    return "\n".join(_head("description", name, html, "", "0", "0") + ["  </question>"])


def _answer(fraction: str, html: str, feedback_html: str = "", text_format: str = "html") -> list[str]:
    return [
        f'    <answer fraction="{fraction}" format="{text_format}">',
        f"      <text>{_cdata(html) if text_format == 'html' else _plain(html)}</text>",
        f'      <feedback format="html"><text>{_cdata(feedback_html)}</text></feedback>',
        "    </answer>",
    ]


def _combined_feedback(with_parts: bool) -> list[str]:
    lines = [_html(tag, "") for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback")]
    if with_parts:
        lines.append("    <shownumcorrect/>")
    return lines


def _tags(question: Question) -> list[str]:
    if not question.key:
        return []
    return ["    <tags>", "      <tag><text>key-item</text></tag>", "    </tags>"]


# --- questions -------------------------------------------------------------------------


def _question(position: int, question: Question, lang: str) -> str:
    name = question_name(position, question, lang)
    text = block_html(question.prompt.get_text(lang))
    feedback = block_html(question.explanation.get_text(lang))
    if question.type == "true_false":
        lines = _head("truefalse", name, text, feedback, "1", "1", question.id) + _true_false(question)
    elif question.type == "order":
        lines = _head("ordering", name, text, feedback, "1", "0.3333333", question.id) + _ordering(question, lang)
    else:
        lines = _head("multichoice", name, text, feedback, "1", "0.3333333", question.id)
        lines += _multichoice(question, lang)
    return "\n".join(lines + _tags(question) + ["  </question>"])


def _true_false(question: Question) -> list[str]:
    right, wrong = ("true", "false") if question.answer else ("false", "true")
    return _answer("100", right, text_format="moodle_auto_format") + _answer("0", wrong, text_format="moodle_auto_format")


def _multichoice(question: Question, lang: str) -> list[str]:
    single = question.type == "single"
    options = [
        f"    <single>{'true' if single else 'false'}</single>",
        # A conversation is read top to bottom; choices are shuffled, as in Waspada.
        f"    <shuffleanswers>{'false' if question.type == 'chat' else 'true'}</shuffleanswers>",
        f"    <answernumbering>{'none' if question.type == 'chat' else 'abc'}</answernumbering>",
        "    <showstandardinstruction>1</showstandardinstruction>",
    ] + _combined_feedback(with_parts=not single)
    answers: list[str] = []
    if question.type == "chat":
        rights, penalty = response_grades(
            sum(m.red_flag for m in question.messages), sum(not m.red_flag for m in question.messages)
        )
        for message in question.messages:
            fraction = percent(rights.pop(0)) if message.red_flag else percent(penalty)
            bubble = f"<strong>{escape(speaker(message, lang))}:</strong> {inline_html(message.text.get_text(lang))}"
            why = block_html(message.why.get_text(lang)) if message.why else ""
            answers += _answer(fraction, bubble, why)
        return options + answers
    if single:
        grades = {choice.id: (1.0 if choice.correct else 0.0) for choice in question.choices}
    else:
        rights, penalty = response_grades(sum(c.correct for c in question.choices), sum(not c.correct for c in question.choices))
        grades = {choice.id: (rights.pop(0) if choice.correct else penalty) for choice in question.choices}
    for choice in question.choices:
        feedback = block_html(choice.feedback.get_text(lang)) if choice.feedback else ""
        answers += _answer(percent(grades[choice.id]), inline_html(choice.text.get_text(lang)), feedback)
    return options + answers


def _ordering(question: Question, lang: str) -> list[str]:
    # All items, shown shuffled; graded like Waspada, by the share of pairs in the right
    # order (RELATIVE_ALL_PREVIOUS_AND_NEXT counts each pair from both of its items).
    lines = (
        [
            "    <layouttype>VERTICAL</layouttype>",
            "    <selecttype>ALL</selecttype>",
            f"    <selectcount>{len(question.items)}</selectcount>",
            "    <gradingtype>RELATIVE_ALL_PREVIOUS_AND_NEXT</gradingtype>",
            "    <showgrading>SHOW</showgrading>",
            "    <numberingstyle>none</numberingstyle>",
        ]
        + _combined_feedback(with_parts=False)
        + ["    <shownumcorrect>1</shownumcorrect>"]
    )
    for place, item in enumerate(question.items, start=1):
        lines += [
            f'    <answer fraction="{place}" format="html">',
            f"      <text>{_cdata(inline_html(item.text.get_text(lang)))}</text>",
            "    </answer>",
        ]
    return lines


# --- the opening and closing descriptions -----------------------------------------------


def _opening(bank: Bank, lang: str) -> str:
    parts = [block_html(text.get_text(lang)) for text in (bank.content_note, bank.intro) if text is not None]
    return "\n".join(parts)


def _closing(bank: Bank, lang: str, helplines: tuple[Helpline, ...]) -> str:
    parts: list[str] = []
    if helplines:
        parts.append(f"<p><strong>{escape(word('help_lines', lang))}</strong></p>")
        items = []
        for line in helplines:
            contacts = ", ".join(f"<a href={quoteattr(contact.value)}>{escape(contact.label)}</a>" for contact in line.contacts)
            items.append(
                f"<li><strong>{inline_html(line.name.get_text(lang))}</strong>: "
                f"{inline_html(line.description.get_text(lang))} {contacts}</li>"
            )
        parts.append("<ul>" + "".join(items) + "</ul>")
    if bank.resources:
        parts.append(f"<p><strong>{escape(word('to_read_more', lang))}</strong></p>")
        links = "".join(
            f"<li><a href={quoteattr(resource.url)}>{inline_html(resource.label.get_text(lang))}</a></li>"
            for resource in bank.resources
        )
        parts.append("<ul>" + links + "</ul>")
    return "\n".join(parts)
