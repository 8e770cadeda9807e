"""The bank format as a JSON Schema (draft 2020-12), made from the engine's own field lists.

Editors that know JSON Schema (VS Code with the YAML extension, for one) then complete
field names and flag a typo while an author writes, before `flask quiz validate` runs:
a bank that starts with `# yaml-language-server: $schema=schema.json` is checked
against quizzes/schema.json, which `flask quiz schema` writes from `bank_schema()`.

Every field name, which fields are required, the fields of each question type, the
counts, ranges, bands, types, scales and id pattern come from `bank` and `fields`, the
same definitions the checker reads banks with, so the schema cannot drift from them.
What a field holds (a text in every locale, a whole number, a list of choices) is said
once per field name in `_FIELD`; a field the engine knows and this table does not is an
error when the schema is made. The checker remains the judge: it also checks what a
schema cannot say (exactly one correct choice, ids unique, a theme that exists, ...).

`tree_data` turns a bank's node tree into the plain data a schema validator reads,
typed as the engine types it: only a plain `true`/`false` is a boolean, only a plain
decimal a number.
"""

from __future__ import annotations

import json

from app.quizbank.bank import (
    ALTERNATIVE_FIELDS,
    ALTERNATIVE_QUESTION_FIELDS,
    ALTERNATIVE_QUESTIONS_RANGE,
    BANK_OPTIONAL,
    BANK_REQUIRED,
    CHOICE_OPTIONAL,
    CHOICE_REQUIRED,
    DEFAULT_PASS_PERCENT,
    HTTPS_URL,
    ITEM_FIELDS,
    MESSAGE_OPTIONAL,
    MESSAGE_REQUIRED,
    MINUTES_RANGE,
    NEVER_KEY_TYPES,
    PASS_PERCENT_RANGE,
    QUESTION_OPTIONAL,
    QUESTION_REQUIRED,
    RESOURCE_FIELDS,
    SCALES,
    SENDERS,
    TYPE_FIELDS,
    TYPE_OPTIONAL,
    VERSION_RANGE,
)
from app.quizbank.fields import _INT, ID_MAX, ID_PATTERN, SCHEMA_VERSION
from app.quizbank.model import BANDS, LOCALES, QUESTION_TYPES
from app.quizbank.yamlsafe import Broken, Map, Scalar, Seq

SCHEMA_FILE = "schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def _integer(low_high: tuple[int, int], description: str) -> dict:
    low, high = low_high
    return {"type": "integer", "minimum": low, "maximum": high, "description": description}


def _text(description: str) -> dict:
    return {**_ref("text"), "description": description}


def _list_of(part: str, description: str, low: int | None = None, high: int | None = None) -> dict:
    schema: dict[str, object] = {"type": "array", "items": _ref(part), "description": description}
    if low is not None:
        schema["minItems"] = low
    if high is not None:
        schema["maxItems"] = high
    return schema


_BOOLEAN = {"type": "boolean"}

# What each field holds, by name (the same name means the same thing in every part).
_FIELD: dict[str, dict] = {
    # the bank
    "schema": {"const": SCHEMA_VERSION, "description": "The format version: always 1."},
    "id": {**_ref("id"), "description": "Unique where it is used; for a bank, the file name without .yaml."},
    "version": _integer(VERSION_RANGE, "Raise it when a question changes meaning."),
    "theme": {"type": "string", "description": "A key of quizzes/themes.yaml."},
    "audience": {
        "type": "array",
        "items": {"enum": list(BANDS)},
        "minItems": 1,
        "uniqueItems": True,
        "description": "School bands: sd (10-12 years), smp (12-15), sma (15-18).",
    },
    "minutes": _integer(MINUTES_RANGE, "About how long the module takes."),
    "pass_percent": {**_integer(PASS_PERCENT_RANGE, "The share of points that passes."), "default": DEFAULT_PASS_PERCENT},
    "title": _text("The module's name."),
    "summary": _text("One or two sentences on what the module teaches."),
    "intro": _text("A short story or explanation shown before the first question."),
    "content_note": _text(
        "A gentle note shown before the first question: what the module talks about, that the student may stop, where help is."
    ),
    "resources": _list_of("resource", "Extra links shown at the end (help lines come from helplines.yaml)."),
    "questions": _list_of("question", "The questions, in the order students meet them.", 1),
    "alternative": {
        **_ref("alternative"),
        "description": 'What a student who chose "Not now" does instead: a reading and 1 to 3 '
        "reflection questions on the theme in general. Expected for a sensitive theme.",
    },
    # the alternative activity
    "reading": _text("A few short paragraphs the student reads."),
    # a resource
    "label": _text("What the link says."),
    "url": {"type": "string", "pattern": f"^{HTTPS_URL.pattern}$", "description": "A full https:// address."},
    # a question
    "type": {"enum": list(QUESTION_TYPES)},
    "key": {"type": "boolean", "description": "A key safety item, followed up by counsellors."},
    "prompt": _text("The question."),
    "explanation": _text("What the question teaches, shown after answering."),
    "answer": {"type": "boolean", "description": "The right answer: true or false."},
    "concern_if": {"type": "boolean", "description": "Key items only: the answer that is a concern (never the right answer)."},
    "scale": {"enum": list(SCALES), "description": "agree4: strongly disagree .. strongly agree."},
    # a choice
    "text": _text("What the student reads."),
    "correct": {"type": "boolean", "description": "true on the right choice (or choices)."},
    "feedback": _text("Shown when this choice is picked."),
    "misconception": {
        **_ref("id"),
        "description": "A key of quizzes/misconceptions.yaml: what picking this wrong choice (or missing this red flag) reveals.",
    },
    "concern": {
        "type": "boolean",
        "description": "Key items only, wrong choices only: an unsafe answer (pay, send a photo, keep the secret, meet alone).",
    },
    # a chat message
    "from": {"enum": list(SENDERS), "description": "them: the other person; me: the character the student follows."},
    "name": _text("Who speaks."),
    "red_flag": {"type": "boolean", "description": "Whether this message is a warning sign."},
    "why": _text("Why it is (or is not) a warning sign, shown after answering."),
}
# The list fields of question types, whose counts depend on the type.
_TYPE_LISTS = {"choices": "choice", "items": "item", "messages": "message"}
_TYPE_LIST_WORDS = {
    "choices": "The choices.",
    "items": "The steps, in the right order (shown shuffled).",
    "messages": "The conversation, top to bottom.",
}


def _part(required, optional=(), overrides=None) -> dict:
    overrides = overrides or {}
    return {
        "type": "object",
        "required": list(required),
        "additionalProperties": False,
        "properties": {name: overrides.get(name) or _FIELD[name] for name in (*required, *optional)},
    }


def _question_of_type(qtype: str) -> dict:
    own, low, high = TYPE_FIELDS[qtype]
    overrides: dict[str, dict] = {"type": {"const": qtype}}
    if own in _TYPE_LISTS:
        overrides[own] = _list_of(_TYPE_LISTS[own], _TYPE_LIST_WORDS[own], low, high)
    if qtype in NEVER_KEY_TYPES:
        overrides["key"] = {"const": False, "description": f"A '{qtype}' question is never a key item."}
    return _part((*QUESTION_REQUIRED, own), (*QUESTION_OPTIONAL, *TYPE_OPTIONAL.get(qtype, ())), overrides)


def bank_schema() -> dict:
    """The JSON Schema of a quiz bank file, as a plain dict (always the same for the same engine)."""
    question = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(QUESTION_TYPES)}},
        "allOf": [
            {"if": {"properties": {"type": {"const": qtype}}, "required": ["type"]}, "then": _ref(f"question-{qtype}")}
            for qtype in QUESTION_TYPES
        ],
    }
    defs = {
        "id": {
            # A plain number is a valid id too: the checker reads `id: 1` as the text "1".
            "type": ["string", "integer"],
            "pattern": f"^{ID_PATTERN.pattern}$",
            "maxLength": ID_MAX,
            "minimum": 0,
        },
        "text": {
            "type": "object",
            "description": "A text in every language of the app, Indonesian (id) first.",
            "required": list(LOCALES),
            "additionalProperties": False,
            # Any plain value is text to the checker ("129" as much as 129); never empty.
            "properties": {locale: {"type": ["string", "number", "boolean"], "pattern": r"\S"} for locale in LOCALES},
        },
        "resource": _part(RESOURCE_FIELDS),
        "question": question,
        **{f"question-{qtype}": _question_of_type(qtype) for qtype in QUESTION_TYPES},
        "choice": _part(CHOICE_REQUIRED, CHOICE_OPTIONAL),
        "item": _part(ITEM_FIELDS),
        "message": _part(MESSAGE_REQUIRED, MESSAGE_OPTIONAL),
        "alternative": _part(
            ALTERNATIVE_FIELDS,
            overrides={
                "title": _text("The activity's name, shown like a module's."),
                "questions": _list_of(
                    "alternative-question",
                    "Reflection questions (strongly disagree .. strongly agree); the answers are never saved.",
                    *ALTERNATIVE_QUESTIONS_RANGE,
                ),
            },
        ),
        "alternative-question": _part(
            ALTERNATIVE_QUESTION_FIELDS,
            overrides={
                "id": {**_ref("id"), "description": "Unique in the bank, its questions included."},
                "prompt": _text("A statement the student agrees or disagrees with."),
            },
        ),
    }
    return {
        "$schema": DIALECT,
        "title": f"Waspada quiz bank, format version {SCHEMA_VERSION}",
        "description": (
            "Made by `flask quiz schema` from the quiz engine (app/quizbank); do not edit it by hand. "
            "docs/authoring.md explains every field. `flask quiz validate` checks more than this schema "
            "can say: exactly one correct choice, unique ids, known themes and misconceptions, ..."
        ),
        **_part(BANK_REQUIRED, BANK_OPTIONAL),
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as it is written to quizzes/schema.json: stable, indented, ending in a new line."""
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"


def tree_data(node):
    """A node tree as plain data, typed as the engine reads it (for a schema validator)."""
    if isinstance(node, Map):
        return {key: tree_data(value) for key, (_key_node, value) in node.entries.items()}
    if isinstance(node, Seq):
        return [tree_data(item) for item in node.items]
    if isinstance(node, Broken) or node is None:
        return None
    if isinstance(node, Scalar) and node.plain:
        if node.is_null:
            return None
        if node.value in ("true", "false"):
            return node.value == "true"
        if _INT.fullmatch(node.value):
            return int(node.value)
    return node.value
