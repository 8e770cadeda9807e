"""A Waspada module written out for Moodle: Moodle XML, GIFT and Aiken.

A school that runs Moodle can take a module's questions into its course's question bank
(Question bank > Import). Each format holds less than Waspada does, and says what it
left out (`Export.left_out`, and a comment at the top of the file where the format has
comments):

| question    | Moodle XML                           | GIFT                        | Aiken                  |
| single      | multichoice, one answer              | multichoice, `=`            | yes, without feedback  |
| multiple    | multichoice, several answers         | multichoice, weights        | left out               |
| true_false  | truefalse                            | `{TRUE}` / `{FALSE}`        | two choices            |
| order       | ordering (qtype_ordering)            | left out                    | left out               |
| chat        | multichoice over the messages        | multichoice, numbered       | left out               |
| reflection  | left out: no right answer            | left out                    | left out               |

The explanation is Moodle's general feedback and a choice's feedback (a message's
"why") the feedback of that answer, where the format has them. Misconceptions,
concerns and the follow-up of key items stay in Waspada: Moodle has nothing like them
(a key item carries the tag `key-item` in Moodle XML). Texts are the bank's Markdown
rendered by the quizbank's safe renderer: HTML for Moodle XML, plain text for the others.

Pure Python like the rest of `quizbank`: the CLI (`flask quiz export`) and the teacher's
download both call `export_bank`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.quizbank.formats import aiken, gift, moodle_xml
from app.quizbank.formats.common import Export, LeftOut
from app.quizbank.model import Bank, Helpline


@dataclass(frozen=True)
class Format:
    name: str  # as the command line and the URL say it
    extension: str  # of the downloaded file
    mimetype: str
    write: Callable[..., Export]


FORMATS: dict[str, Format] = {
    "moodle-xml": Format("moodle-xml", "xml", "application/xml; charset=utf-8", moodle_xml.write),
    "gift": Format("gift", "txt", "text/plain; charset=utf-8", gift.write),
    "aiken": Format("aiken", "txt", "text/plain; charset=utf-8", aiken.write),
}


def export_bank(bank: Bank, format_name: str, lang: str, helplines: tuple[Helpline, ...] = ()) -> Export:
    """`bank` in one of FORMATS and one language; `helplines` close the module where the format can."""
    return FORMATS[format_name].write(bank, lang, helplines)


def file_stem(bank: Bank, format_name: str, lang: str) -> list[str]:
    """The parts of the downloaded file's name: grooming-en-moodle.xml, grooming-id-gift.txt."""
    return [bank.id, lang, "moodle" if format_name == "moodle-xml" else format_name]


__all__ = ["FORMATS", "Export", "Format", "LeftOut", "export_bank", "file_stem"]
