"""The rules of a quiz bank file (docs/authoring.md explains them to authors).

`read_bank` walks one file's node tree with a `Section` and returns a `Bank`, or None
once any rule is broken: a bank is served whole or not at all. A bank without error
then goes through the quality checks (`quality`), which only warn. Names that point into
the shared files (a theme, a misconception) are checked against `References`; when a
shared file could not be read itself, those checks are skipped rather than repeated
for every bank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from app.quizbank.fields import Section
from app.quizbank.model import (
    BANDS,
    QUESTION_TYPES,
    Alternative,
    AlternativeQuestion,
    Bank,
    Choice,
    Item,
    Message,
    Question,
    Resource,
)
from app.quizbank.quality import check_quality

# The fields of each part of a bank: the readers below use these, and `schema` turns
# them into the JSON Schema editors use (quizzes/schema.json).
BANK_REQUIRED = ("schema", "id", "version", "theme", "audience", "minutes", "title", "summary", "questions")
BANK_OPTIONAL = ("pass_percent", "intro", "content_note", "resources", "alternative")
RESOURCE_FIELDS = ("label", "url")
# The alternative activity of a sensitive module: a reading and 1 to 3 reflection questions (agree4).
ALTERNATIVE_FIELDS = ("title", "reading", "questions")
ALTERNATIVE_QUESTION_FIELDS = ("id", "prompt")
ALTERNATIVE_QUESTIONS_RANGE = (1, 3)
QUESTION_REQUIRED = ("id", "type", "prompt", "explanation")
QUESTION_OPTIONAL = ("key",)
# Per type: its own fields and how many choices, items or messages it takes.
TYPE_FIELDS = {
    "single": ("choices", 2, 6),
    "multiple": ("choices", 2, 8),
    "true_false": ("answer", None, None),
    "order": ("items", 3, 7),
    "chat": ("messages", 2, 12),
    "reflection": ("scale", None, None),
}
_ALL_TYPE_FIELDS = tuple(sorted({spec[0] for spec in TYPE_FIELDS.values()}))
# Optional question fields that only some types take.
TYPE_OPTIONAL = {"true_false": ("concern_if",)}
_ALL_TYPE_OPTIONAL = tuple(sorted({name for names in TYPE_OPTIONAL.values() for name in names}))
# Types that can never be key items: a reflection is not scored, an order is scored in part.
NEVER_KEY_TYPES = ("order", "reflection")
CHOICE_REQUIRED = ("id", "text")
CHOICE_OPTIONAL = ("correct", "feedback", "misconception", "concern")
ITEM_FIELDS = ("id", "text")
MESSAGE_REQUIRED = ("id", "from", "text", "red_flag")
MESSAGE_OPTIONAL = ("name", "why", "misconception")
SENDERS = ("them", "me")
SCALES = ("agree4",)
VERSION_RANGE = (1, 1_000_000)
MINUTES_RANGE = (1, 300)
PASS_PERCENT_RANGE = (1, 100)
DEFAULT_PASS_PERCENT = 70
HTTPS_URL = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::[0-9]+)?(?:[/?#][^\s]*)?")


@dataclass(frozen=True)
class References:
    """The keys a bank may name. None: that shared file is broken, so do not check against it."""

    themes: tuple[str, ...] | None = None
    misconceptions: frozenset[str] | None = None
    sensitive_themes: frozenset[str] | None = None  # for the quality check of the alternative activity


def read_bank(tree, section: Section, stem: str, refs: References, content_hash: str, path: str) -> Bank | None:
    f = section.fields(tree, "bank", BANK_REQUIRED, BANK_OPTIONAL)
    if f is None:
        return None
    section.schema(f.get("schema"))
    bank_id = section.ident(f.get("id"), "id")
    if bank_id is not None and bank_id != stem:
        section.add(f["id"], "bank_id_mismatch", value=bank_id, stem=stem)
    theme = section.string(f.get("theme"), "theme")
    if theme is not None and refs.themes is not None and theme not in refs.themes:
        section.add(f["theme"], "unknown_theme", value=theme, allowed=", ".join(refs.themes))
    version = section.integer(f.get("version"), "version", *VERSION_RANGE)
    audience = _audience(section, f.get("audience"))
    minutes = section.integer(f.get("minutes"), "minutes", *MINUTES_RANGE)
    pass_percent = (
        section.integer(f["pass_percent"], "pass_percent", *PASS_PERCENT_RANGE) if "pass_percent" in f else DEFAULT_PASS_PERCENT
    )
    title = section.text(f.get("title"), "title")
    summary = section.text(f.get("summary"), "summary")
    intro = section.text(f.get("intro"), "intro")
    content_note = section.text(f.get("content_note"), "content_note")
    resources = _resources(section, f.get("resources"))
    questions = _questions(section, f.get("questions"), refs)
    alternative = _alternative(section, f.get("alternative"), f.get("questions"))
    if not section.report.ok:
        return None
    if (
        bank_id is None
        or version is None
        or theme is None
        or minutes is None
        or pass_percent is None
        or title is None
        or summary is None
    ):
        # The readers return None only after reporting why, so a clean report means every value is there.
        raise AssertionError(f"{path}: a required bank field is missing, yet no error was reported")
    bank = Bank(
        id=bank_id,
        version=version,
        theme=theme,
        audience=audience,
        minutes=minutes,
        pass_percent=pass_percent,
        title=title,
        summary=summary,
        intro=intro,
        content_note=content_note,
        resources=resources,
        questions=questions,
        content_hash=content_hash,
        path=path,
        alternative=alternative,
    )
    sensitive = refs.sensitive_themes is not None and theme in refs.sensitive_themes
    check_quality(bank, tree, section, sensitive=sensitive)  # warnings only: the bank is served all the same
    return bank


def _audience(section: Section, node) -> tuple[str, ...]:
    items = section.seq(node, "audience")
    if items is None:
        return ()
    section.count(node, items, "audience", 1)
    bands = []
    for item in items:
        band = section.one_of(item, "audience", BANDS)
        if band in bands:
            section.add(item, "duplicate_value", field="audience", value=band)
        elif band is not None:
            bands.append(band)
    return tuple(b for b in BANDS if b in bands)  # youngest first, whatever the file order


def _resources(section: Section, node) -> tuple[Resource, ...]:
    resources = []
    for number, item in enumerate(section.seq(node, "resources") or (), start=1):
        place = section.inside("resource", number)
        f = place.fields(item, "resources", RESOURCE_FIELDS)
        if f is None:
            continue
        label = place.text(f.get("label"), "label")
        url = place.string(f.get("url"), "url")
        if url is not None and not HTTPS_URL.fullmatch(url):
            place.add(f["url"], "bad_url", field="url", value=url)
        if label is not None and url is not None:  # else reported: the bank is refused
            resources.append(Resource(label, url))
    return tuple(resources)


def _questions(section: Section, node, refs: References) -> tuple[Question, ...]:
    items = section.seq(node, "questions")
    if items is None:
        return ()
    section.count(node, items, "questions", 1)
    questions, named = [], []
    for number, item in enumerate(items, start=1):
        question = _question(section, item, number, refs)
        if question is not None:
            questions.append(question)
        named.append((_peek_id(item), item))
    section.unique(named)
    return tuple(questions)


def _alternative(section: Section, node, questions_node) -> Alternative | None:
    """The alternative activity: a title, a reading and 1 to 3 reflection questions whose ids
    are unique in the whole bank (its questions included)."""
    if node is None:
        return None
    place = section.inside("alternative", None)
    f = place.fields(node, "alternative", ALTERNATIVE_FIELDS)
    if f is None:
        return None
    title = place.text(f.get("title"), "title")
    reading = place.text(f.get("reading"), "reading")
    entries = place.seq(f.get("questions"), "questions")
    questions = []
    for number, entry in enumerate(entries or (), start=1):
        ident = _peek_id(entry)
        inner = place.inside("question", ident if ident is not None else number)
        q = inner.fields(entry, "questions", ALTERNATIVE_QUESTION_FIELDS)
        if q is None:
            continue
        question_id = inner.ident(q.get("id"), "id")
        prompt = inner.text(q.get("prompt"), "prompt")
        if question_id is not None and prompt is not None:  # else reported: the bank is refused
            questions.append(AlternativeQuestion(id=question_id, prompt=prompt))
    if entries is not None:
        place.count(f["questions"], entries, "questions", *ALTERNATIVE_QUESTIONS_RANGE)
        _unique_after(place, getattr(questions_node, "items", ()), entries)
    if title is None or reading is None or entries is None or len(questions) != len(entries):
        return None  # reported: the bank is refused
    return Alternative(title=title, reading=reading, questions=tuple(questions))


def _unique_after(place: Section, earlier, entries) -> None:
    """Report each entry whose id is already used by an `earlier` node or a previous entry."""
    first: dict[str, int] = {}
    for node in earlier:
        ident = _peek_id(node)
        if ident is not None:
            first.setdefault(ident, node.line)
    for entry in entries:
        ident = _peek_id(entry)
        if ident is None:
            continue
        if ident in first:
            place.add(entry, "duplicate_id", value=ident, first_line=first[ident])
        else:
            first[ident] = entry.line


def _peek_id(node) -> str | None:
    """The id as written, to name the place of later problems (checked separately)."""
    entry = getattr(node, "entries", {}).get("id")
    value = getattr(entry[1], "value", None) if entry else None
    return value if isinstance(value, str) and value else None


def _question(section: Section, node, number: int, refs: References) -> Question | None:
    qid = _peek_id(node)
    place = section.inside("question", qid if qid is not None else number)
    qtype_node = node.entries.get("type", (None, None))[1] if hasattr(node, "entries") else None
    has_type = qtype_node is not None and not getattr(qtype_node, "is_null", False)
    qtype = place.one_of(qtype_node, "type", QUESTION_TYPES) if has_type else None
    if qtype is not None:
        own = TYPE_FIELDS[qtype][0]
        extra = TYPE_OPTIONAL.get(qtype, ())
        foreign = [name for name in (*_ALL_TYPE_FIELDS, *_ALL_TYPE_OPTIONAL) if name != own and name not in extra]
        f = place.fields(
            node, "question", (*QUESTION_REQUIRED, own), (*QUESTION_OPTIONAL, *extra), foreign=foreign, type_name=qtype
        )
    else:  # unknown or missing type: already reported; check the rest, not the type's fields
        f = place.fields(node, "question", QUESTION_REQUIRED, (*QUESTION_OPTIONAL, *_ALL_TYPE_FIELDS, *_ALL_TYPE_OPTIONAL))
    if f is None:
        return None
    key = place.boolean(f["key"], "key") if "key" in f else False
    if key and qtype in NEVER_KEY_TYPES:
        if qtype == "reflection":
            place.add(f["key"], "key_on_reflection")
        else:  # an order is partly right by design: there is no clear miss to follow up
            place.add(f["key"], "key_on_order")
    question_id = place.ident(f.get("id"), "id")
    prompt = place.text(f.get("prompt"), "prompt")
    explanation = place.text(f.get("explanation"), "explanation")
    if qtype is None:
        return None
    own = TYPE_FIELDS[qtype][0]
    answer: bool | None = None
    concern_if: bool | None = None
    scale: str | None = None
    parts: list[Choice | Item | Message] = []
    if own == "answer":
        answer = place.boolean(f.get("answer"), "answer")
        concern_if = _concern_if(place, f, key, answer)
    elif own == "scale":
        scale = place.one_of(f.get("scale"), "scale", SCALES)
    else:
        parts = _parts(place, f, own, qtype, key, refs)
    if question_id is None or prompt is None or explanation is None:
        return None  # reported: the bank is refused
    return Question(
        id=question_id,
        type=qtype,
        key=bool(key),
        prompt=prompt,
        explanation=explanation,
        choices=tuple(part for part in parts if isinstance(part, Choice)),
        answer=answer,
        items=tuple(part for part in parts if isinstance(part, Item)),
        messages=tuple(part for part in parts if isinstance(part, Message)),
        scale=scale,
        concern_if=concern_if,
    )


class _Read(NamedTuple):
    """A choice, item or message as read: what the checks across its list look at, and the
    part itself, None when something it needs is missing (reported: the bank is refused)."""

    part: Choice | Item | Message | None
    id: str | None
    correct: bool = False
    concern: bool = False
    red_flag: bool = False


def _parts(place: Section, f: dict, own: str, qtype: str, key: bool | None, refs: References) -> list[Choice | Item | Message]:
    """The choices, items or messages of a question (`own` names which)."""
    entries = place.seq(f.get(own), own)
    if entries is None:
        return []
    _, low, high = TYPE_FIELDS[qtype]
    assert low is not None, "TYPE_FIELDS gives every list its counts"
    place.count(f[own], entries, own, low, high, type_name=qtype)
    reader = {"choices": _choice, "items": _item, "messages": _message}[own]
    kind = {"choices": "choice", "items": "item", "messages": "message"}[own]
    reads = []
    for index, entry in enumerate(entries, start=1):
        ident = _peek_id(entry)
        read = reader(place.inside(kind, ident if ident is not None else index), entry, refs)
        if read is not None:
            reads.append(read)
    place.unique((_peek_id(entry), entry) for entry in entries)
    if len(reads) == len(entries):
        _check_answers(place, f[own], qtype, reads)
        if own == "choices" and key is False:
            _concerns_need_key(place, entries, reads)
    return [read.part for read in reads if read.part is not None]


def _concern_if(place: Section, f: dict, key: bool | None, answer: bool | None) -> bool | None:
    """The true_false answer that is a concern: only on a key item, never the right answer."""
    if "concern_if" not in f:
        return None
    concern_if = place.boolean(f["concern_if"], "concern_if")
    if concern_if is None:
        return None
    if key is False:
        place.add(f["concern_if"], "concern_not_key", field="concern_if")
    if answer is not None and concern_if == answer:
        place.add(f["concern_if"], "concern_if_is_answer", value=f["concern_if"].value)
    return concern_if


def _concerns_need_key(place: Section, entries, choices: list[_Read]) -> None:
    """A concern is followed up by a counsellor, so only a key item may carry one."""
    for entry, choice in zip(entries, choices, strict=True):
        if choice.concern:
            place.inside("choice", choice.id).add(entry.entries["concern"][1], "concern_not_key", field="concern")


def _check_answers(place: Section, node, qtype: str, parts: list[_Read]) -> None:
    if qtype == "single":
        found = sum(1 for choice in parts if choice.correct)
        if found != 1:
            place.add(node, "single_correct_count", found=found)
    elif qtype == "multiple" and not any(choice.correct for choice in parts):
        place.add(node, "multiple_no_correct")
    elif qtype == "chat" and not any(message.red_flag for message in parts):
        place.add(node, "chat_no_red_flag")


def _misconception(place: Section, node, refs: References) -> str | None:
    key = place.ident(node, "misconception")
    if key is not None and refs.misconceptions is not None and key not in refs.misconceptions:
        place.add(node, "unknown_misconception", value=key)
    return key


def _choice(place: Section, node, refs: References) -> _Read | None:
    f = place.fields(node, "choices", CHOICE_REQUIRED, CHOICE_OPTIONAL)
    if f is None:
        return None
    correct = place.boolean(f["correct"], "correct") if "correct" in f else False
    concern = place.boolean(f["concern"], "concern") if "concern" in f else False
    misconception = _misconception(place, f.get("misconception"), refs)
    if correct and misconception is not None:
        place.add(f["misconception"], "misconception_on_correct")
    if correct and concern:
        place.add(f["concern"], "concern_on_correct")
    choice_id = place.ident(f.get("id"), "id")
    text = place.text(f.get("text"), "text")
    feedback = place.text(f.get("feedback"), "feedback")
    if correct is None or concern is None:
        return None
    choice = None
    if choice_id is not None and text is not None:  # else reported: the bank is refused
        choice = Choice(id=choice_id, text=text, correct=correct, feedback=feedback, misconception=misconception, concern=concern)
    return _Read(choice, choice_id, correct=correct, concern=concern)


def _item(place: Section, node, refs: References) -> _Read | None:
    f = place.fields(node, "items", ITEM_FIELDS)
    if f is None:
        return None
    item_id = place.ident(f.get("id"), "id")
    text = place.text(f.get("text"), "text")
    item = Item(id=item_id, text=text) if item_id is not None and text is not None else None  # else reported
    return _Read(item, item_id)


def _message(place: Section, node, refs: References) -> _Read | None:
    f = place.fields(node, "messages", MESSAGE_REQUIRED, MESSAGE_OPTIONAL)
    if f is None:
        return None
    red_flag = place.boolean(f.get("red_flag"), "red_flag")
    misconception = _misconception(place, f.get("misconception"), refs)
    if red_flag is False and misconception is not None:
        place.add(f["misconception"], "misconception_not_red_flag")
    message_id = place.ident(f.get("id"), "id")
    sender = place.one_of(f.get("from"), "from", SENDERS)
    name = place.text(f.get("name"), "name")
    text = place.text(f.get("text"), "text")
    why = place.text(f.get("why"), "why")
    if red_flag is None:
        return None
    message = None
    if message_id is not None and sender is not None and text is not None:  # else reported: the bank is refused
        message = Message(
            id=message_id, from_=sender, name=name, text=text, red_flag=red_flag, why=why, misconception=misconception
        )
    return _Read(message, message_id, red_flag=red_flag)
