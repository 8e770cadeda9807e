"""Quality checks on a bank that has no error: warnings, never refusals.

A bank can follow every rule and still teach badly: when the right answer is usually
the longest, students learn to pick the longest; when every message in a chat is a
red flag, they learn to mark everything; a long sentence loses a ten-year-old. These
checks find such things and report them as warnings (`Report.warn`), with the place
to look. And a bank of a sensitive theme without an alternative activity leaves a
student who chose "Not now" with nothing to do while the class works. The bank is
still served; `flask quiz validate` shows the warnings and exits 0 when there is
nothing else, and the shipped banks have none.

Runs only on a bank that was read without error, so the node tree and the `Bank`
line up one to one (the n-th question node is the n-th question, and so on).
"""

from __future__ import annotations

import re

from app.quizbank.fields import Section
from app.quizbank.model import LOCALES, Bank, Question
from app.quizbank.yamlsafe import Map, Scalar, Seq

# The right choice may be the longest in at most this share of a bank's `single` questions.
LONGEST_CORRECT_SHARE = 1 / 3
# sd banks (ages 10-12): short sentences, short chats, and words kept for older students.
SD_BAND = "sd"
SD_SENTENCE_WORDS = 20
SD_CHAT_MESSAGES = 5
SD_WORDS = (
    "sekstorsi",
    "perdagangan",
    "eksploitasi seksual",
    # the same ideas in the English texts
    "sextortion",
    "traffick",
    "sexual exploitation",
)
_SD_WORD_PATTERNS = tuple((word, re.compile(r"\b" + re.escape(word), re.IGNORECASE)) for word in SD_WORDS)

# A sentence ends at . ! ? or … (perhaps followed by a closing quote or bracket), or at a line break.
_SENTENCE_END = re.compile(r"(?<=[.!?…][\"'”’)\]])\s+|(?<=[.!?…])\s+|\n+")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"\w", re.UNICODE)
_KINDS = {"questions": "question", "choices": "choice", "items": "item", "messages": "message"}


def check_quality(bank: Bank, tree: Map, section: Section, sensitive: bool = False) -> None:
    """Add a warning to `section` for every quality check the bank misses (`sensitive`: of its theme)."""
    questions_key, questions_node = tree.entries["questions"]
    assert isinstance(questions_node, Seq), "a bank without error lists its questions"
    if sensitive and bank.alternative is None:
        section.warn(tree.entries["theme"][0], "sensitive_without_alternative", theme=bank.theme)
    _longest_correct(bank.questions, questions_key, section)
    sd = SD_BAND in bank.audience
    for question, node in zip(bank.questions, questions_node.items, strict=True):
        if question.type != "chat":
            continue
        place = section.inside("question", question.id)
        assert isinstance(node, Map), "a bank without error has each question as a mapping"
        messages_key = node.entries["messages"][0]
        if not any(m.from_ == "them" and not m.red_flag for m in question.messages):
            place.warn(messages_key, "chat_no_harmless_message")
        if sd and len(question.messages) > SD_CHAT_MESSAGES:
            place.warn(messages_key, "sd_chat_too_long", found=len(question.messages), max=SD_CHAT_MESSAGES)
    if sd:
        for field, text_node, place in _texts(tree, section, "bank"):
            for locale, (_key, scalar) in text_node.entries.items():
                _sd_text(scalar, field, locale, place)


def correct_is_longest(question: Question) -> bool:
    """Whether the right choice of a `single` question is longer than every other, in either locale."""
    right = [c for c in question.choices if c.correct]
    if question.type != "single" or len(right) != 1:
        return False
    others = [c for c in question.choices if not c.correct]
    return any(all(len(right[0].text[locale]) > len(c.text[locale]) for c in others) for locale in LOCALES)


def _longest_correct(questions, key_node: Scalar, section: Section) -> None:
    singles = [q for q in questions if q.type == "single"]
    longest = [q.id for q in singles if correct_is_longest(q)]
    if len(longest) > len(singles) * LONGEST_CORRECT_SHARE:
        section.warn(key_node, "correct_often_longest", found=len(longest), total=len(singles), ids=", ".join(longest))


def _texts(node, section: Section, field: str):
    """Every localised text under `node`: (field name, its mapping node, its place)."""
    if isinstance(node, Map):
        if set(node.entries) == set(LOCALES) and all(isinstance(v, Scalar) for _k, v in node.entries.values()):
            yield field, node, section
            return
        for key, (_key_node, value) in node.entries.items():
            yield from _texts(value, section.inside("alternative", None) if key == "alternative" else section, key)
    elif isinstance(node, Seq):
        for number, item in enumerate(node.items, start=1):
            kind = _KINDS.get(field)
            if kind is None:
                yield from _texts(item, section.inside("resource", number) if field == "resources" else section, field)
                continue
            id_node = item.entries["id"][1] if isinstance(item, Map) and "id" in item.entries else None
            ident = id_node.value if isinstance(id_node, Scalar) else number  # a bank without error: ids are text
            yield from _texts(item, section.inside(kind, ident), field)


def sentences(text: str) -> list[str]:
    """The sentences of a text, Markdown link targets and emphasis left out."""
    plain = _LINK_TARGET.sub("]", text).replace("*", "")
    return [part.strip() for part in _SENTENCE_END.split(plain) if part.strip()]


def words(sentence: str) -> list[str]:
    """The words of a sentence: pieces between spaces holding a letter or a digit (not '-' of a list)."""
    return [piece for piece in sentence.split() if _WORD.search(piece)]


def _sd_text(scalar: Scalar, field: str, locale: str, place: Section) -> None:
    for sentence in sentences(scalar.value):
        found = words(sentence)
        if len(found) > SD_SENTENCE_WORDS:
            start = " ".join(found[:6]) + " …"
            place.warn(
                scalar, "sd_long_sentence", field=field, locale=locale, words=len(found), start=start, limit=SD_SENTENCE_WORDS
            )
    for word, pattern in _SD_WORD_PATTERNS:
        if pattern.search(scalar.value):
            place.warn(scalar, "sd_word", field=field, locale=locale, word=word)
