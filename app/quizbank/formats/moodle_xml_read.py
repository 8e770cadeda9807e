"""Reading a Moodle XML file back, checking what Moodle's importer needs to take it whole.

The checks follow question/format/xml/format.php and qtype_ordering's import_from_xml:
a `<quiz>` of `<question type="...">`; a category path; every question with a name
(else "xmlimportnoname") and texts that are text only (else "invalidxml"), in a format
Moodle names; answer grades on Moodle's list, a single-answer question with a 100 %
answer and a multiple-response one whose right answers add up to 100 %
(qtype_multichoice's save); true/false answered by the words `true` and `false`; an
ordering question's layout, selection and grading among the names the plugin reads.
A file that breaks one of them raises MoodleXmlError naming the question.

Only for Waspada's own exports (tests and tools): it parses with the standard library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - reads files this package has just written
from dataclasses import dataclass, field

from app.quizbank.formats.common import grades_problem, moodle_grade

TEXT_FORMATS = ("moodle_auto_format", "html", "plain_text", "wiki_like", "markdown")
ANSWER_NUMBERING = ("abc", "ABCD", "123", "iii", "IIII", "none")
ORDERING_LAYOUTS = ("VERTICAL", "VERT", "V", "0", "HORIZONTAL", "HORI", "H", "1")
ORDERING_SELECTS = ("ALL", "EXACT", "RANDOM", "REL", "CONTIGUOUS", "CONTIG")
ORDERING_GRADINGS = (
    "ALL_OR_NOTHING",
    "ABSOLUTE_POSITION",
    "ABSOLUTE",
    "ABS",
    "RELATIVE_NEXT_EXCLUDE_LAST",
    "RELATIVE",
    "REL",
    "RELATIVE_NEXT_INCLUDE_LAST",
    "RELATIVE_ONE_PREVIOUS_AND_NEXT",
    "RELATIVE_ALL_PREVIOUS_AND_NEXT",
    "LONGEST_ORDERED_SUBSET",
    "LONGEST_CONTIGUOUS_SUBSET",
    "RELATIVE_TO_CORRECT",
)
ORDERING_MIN_ITEMS = 2  # qtype_ordering_question::MIN_SUBSET_ITEMS
QUESTION_TYPES = ("category", "multichoice", "truefalse", "ordering", "description")


class MoodleXmlError(ValueError):
    """The file would not import whole into Moodle."""


@dataclass
class Answer:
    text: str
    fraction: float  # for ordering: the place, 1 first
    feedback: str = ""
    text_format: str = "html"


@dataclass
class ParsedQuestion:
    type: str
    name: str = ""
    text: str = ""
    text_format: str = ""
    general_feedback: str = ""
    idnumber: str = ""
    answers: list[Answer] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    category: str = ""  # for type "category": the path
    info: str = ""


def read(text: str) -> list[ParsedQuestion]:
    """Every <question> of the file, in order; MoodleXmlError at the first thing Moodle would refuse."""
    try:
        root = ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output
    except ET.ParseError as error:
        raise MoodleXmlError(f"not well-formed XML: {error}") from None
    if root.tag != "quiz":
        raise MoodleXmlError(f"the root element is <{root.tag}>, Moodle reads <quiz>")
    questions = [_question(element, number) for number, element in enumerate(root.findall("question"), start=1)]
    idnumbers = [q.idnumber for q in questions if q.idnumber]
    if len(idnumbers) != len(set(idnumbers)):
        raise MoodleXmlError("two questions share an idnumber (Moodle keeps them unique in a category)")
    return questions


def _question(element: ET.Element, number: int) -> ParsedQuestion:
    kind = element.get("type")
    if kind not in QUESTION_TYPES:
        raise MoodleXmlError(f"question {number}: type {kind!r} is not one Moodle's importer reads here")
    if kind == "category":
        path = _text(element.find("category"), f"question {number}: category")
        if not path.startswith("$course$/top/"):
            raise MoodleXmlError(f"category {path!r} does not start with $course$/top/")
        info = element.find("info")
        return ParsedQuestion("category", category=path, info=_text(info, "category info") if info is not None else "")
    name = _text(element.find("name"), f"question {number}: name")
    where = f"question {number} ({name!r})"
    if not name.strip():
        raise MoodleXmlError(f"question {number} has no name (xmlimportnoname)")
    parsed = ParsedQuestion(kind, name=name, idnumber=(element.findtext("idnumber") or "").strip())
    parsed.text, parsed.text_format = _formatted(element.find("questiontext"), f"{where}: questiontext")
    general = element.find("generalfeedback")
    if general is not None:
        parsed.general_feedback, _ = _formatted(general, f"{where}: generalfeedback")
    _number(element.findtext("defaultgrade"), f"{where}: defaultgrade", low=0)
    _number(element.findtext("penalty"), f"{where}: penalty", low=0, high=1)
    parsed.tags = [_text(tag, f"{where}: tag") for tag in element.findall("tags/tag")]
    if kind == "multichoice":
        _multichoice(element, parsed, where)
    elif kind == "truefalse":
        _truefalse(element, parsed, where)
    elif kind == "ordering":
        _ordering(element, parsed, where)
    return parsed


def _text(element: ET.Element | None, where: str) -> str:
    """The content of <text>: text only, as Moodle's getpath(..., istext) demands."""
    holder = element.find("text") if element is not None else None
    if holder is None:
        raise MoodleXmlError(f"{where}: <text> is missing")
    if len(holder):
        raise MoodleXmlError(f"{where}: <text> holds elements, not only text (invalidxml)")
    return (holder.text or "").strip()


def _formatted(element: ET.Element | None, where: str) -> tuple[str, str]:
    if element is None:
        raise MoodleXmlError(f"{where} is missing")
    text_format = element.get("format", "html")
    if text_format not in TEXT_FORMATS:
        raise MoodleXmlError(f"{where}: format {text_format!r} is not one Moodle names")
    return _text(element, where), text_format


def _number(value: str | None, where: str, low: float | None = None, high: float | None = None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        raise MoodleXmlError(f"{where}: {value!r} is not a number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise MoodleXmlError(f"{where}: {number} is out of range")
    return number


def _answers(element: ET.Element, where: str) -> list[Answer]:
    answers = []
    for index, node in enumerate(element.findall("answer"), start=1):
        fraction = _number(node.get("fraction"), f"{where}, answer {index}: fraction")
        if fraction is None:
            raise MoodleXmlError(f"{where}, answer {index} has no fraction")
        text_format = node.get("format", "html")
        if text_format not in TEXT_FORMATS:
            raise MoodleXmlError(f"{where}, answer {index}: format {text_format!r} is not one Moodle names")
        text = _text(node, f"{where}, answer {index}")
        feedback = node.find("feedback")
        answers.append(
            Answer(
                text,
                fraction,
                _formatted(feedback, f"{where}, answer {index}: feedback")[0] if feedback is not None else "",
                text_format,
            )
        )
    return answers


def _grade(percent: float, where: str) -> float:
    """The grade Moodle keeps for a fraction attribute, or MoodleXmlError (match_grade_options, 'error')."""
    grade = moodle_grade(percent / 100)
    if grade is None:
        raise MoodleXmlError(f"{where}: the grade {percent} % is not one of Moodle's grades")
    return grade


def _multichoice(element: ET.Element, parsed: ParsedQuestion, where: str) -> None:
    for tag in ("single", "shuffleanswers", "answernumbering", "showstandardinstruction"):
        parsed.options[tag] = (element.findtext(tag) or "").strip()
    if parsed.options["single"] not in ("true", "false"):
        raise MoodleXmlError(f"{where}: <single> must be true or false")
    if parsed.options["shuffleanswers"] not in ("true", "false", "1", "0"):
        raise MoodleXmlError(f"{where}: <shuffleanswers> must be true or false")
    if parsed.options["answernumbering"] not in ANSWER_NUMBERING:
        raise MoodleXmlError(f"{where}: <answernumbering> {parsed.options['answernumbering']!r} is unknown")
    parsed.answers = _answers(element, where)
    if len(parsed.answers) < 2:
        raise MoodleXmlError(f"{where}: a multiple-choice question needs at least two answers")
    grades = [_grade(answer.fraction, f"{where}, answer {n}") for n, answer in enumerate(parsed.answers, start=1)]
    if any(not answer.text for answer in parsed.answers):
        raise MoodleXmlError(f"{where}: an answer is empty (Moodle drops it)")
    problem = grades_problem(grades, single=parsed.options["single"] == "true")
    if problem:
        raise MoodleXmlError(f"{where}: {problem}")


def _truefalse(element: ET.Element, parsed: ParsedQuestion, where: str) -> None:
    parsed.answers = _answers(element, where)
    by_text = {answer.text: answer for answer in parsed.answers}
    if len(parsed.answers) != 2 or set(by_text) != {"true", "false"}:
        raise MoodleXmlError(f"{where}: a true/false question has two answers, 'true' and 'false'")
    if sorted(answer.fraction for answer in parsed.answers) != [0, 100]:
        raise MoodleXmlError(f"{where}: one answer is worth 100 and the other 0")


def _ordering(element: ET.Element, parsed: ParsedQuestion, where: str) -> None:
    for tag in ("layouttype", "selecttype", "selectcount", "gradingtype", "showgrading", "numberingstyle"):
        parsed.options[tag] = (element.findtext(tag) or "").strip()
    checks = (("layouttype", ORDERING_LAYOUTS), ("selecttype", ORDERING_SELECTS), ("gradingtype", ORDERING_GRADINGS))
    for tag, known in checks:
        if parsed.options[tag].upper() not in known:
            raise MoodleXmlError(f"{where}: <{tag}> {parsed.options[tag]!r} is not one qtype_ordering reads")
    parsed.answers = _answers(element, where)
    count = parsed.options["selectcount"]
    if not count.isdigit() or not ORDERING_MIN_ITEMS <= int(count) <= len(parsed.answers):
        raise MoodleXmlError(f"{where}: <selectcount> must be a number of items between 2 and {len(parsed.answers)}")
    if len(parsed.answers) < ORDERING_MIN_ITEMS or any(not answer.text for answer in parsed.answers):
        raise MoodleXmlError(f"{where}: an ordering question needs at least two items, none empty")
    if [answer.fraction for answer in parsed.answers] != list(range(1, len(parsed.answers) + 1)):
        raise MoodleXmlError(f"{where}: the items must come in their right order, numbered 1, 2, 3...")
