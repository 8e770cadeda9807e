"""quizzes/schema.json: made from the engine's own field lists, committed as made, true to the banks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.quizbank import bank as engine
from app.quizbank import schema as schema_module
from app.quizbank.errors import Report
from app.quizbank.schema import SCHEMA_FILE, bank_schema, schema_text, tree_data
from app.quizbank.yamlsafe import read_tree
from tests.unit.quizbank.helpers import BANK_TEXT, VALID, edit

ROOT = Path(__file__).resolve().parents[3]
QUIZ_FOLDER = ROOT / "quizzes"
SCHEMA = bank_schema()
DEFS = SCHEMA["$defs"]


def test_the_committed_schema_is_the_one_the_engine_makes():
    committed = (QUIZ_FOLDER / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "quizzes/schema.json is stale: run 'flask quiz schema'"
    assert json.loads(committed) == SCHEMA


def test_the_schema_knows_exactly_the_fields_the_engine_reads():
    assert set(SCHEMA["properties"]) == {*engine.BANK_REQUIRED, *engine.BANK_OPTIONAL}
    assert SCHEMA["required"] == list(engine.BANK_REQUIRED)
    for qtype, (own, low, high) in engine.TYPE_FIELDS.items():
        part = DEFS[f"question-{qtype}"]
        optional = (*engine.QUESTION_OPTIONAL, *engine.TYPE_OPTIONAL.get(qtype, ()))
        assert set(part["properties"]) == {*engine.QUESTION_REQUIRED, own, *optional}, qtype
        assert part["required"] == [*engine.QUESTION_REQUIRED, own]
        assert part["additionalProperties"] is False
        if low is not None:
            assert (part["properties"][own]["minItems"], part["properties"][own]["maxItems"]) == (low, high)
    assert set(DEFS["choice"]["properties"]) == {*engine.CHOICE_REQUIRED, *engine.CHOICE_OPTIONAL}
    assert set(DEFS["item"]["properties"]) == set(engine.ITEM_FIELDS)
    assert set(DEFS["message"]["properties"]) == {*engine.MESSAGE_REQUIRED, *engine.MESSAGE_OPTIONAL}
    assert set(DEFS["resource"]["properties"]) == set(engine.RESOURCE_FIELDS)
    assert DEFS["question-order"]["properties"]["key"] == {
        "const": False,
        "description": DEFS["question-order"]["properties"]["key"]["description"],
    }


def test_a_field_the_engine_gains_must_be_described_before_a_schema_is_made(monkeypatch):
    monkeypatch.setattr(schema_module, "CHOICE_OPTIONAL", (*engine.CHOICE_OPTIONAL, "colour"))
    with pytest.raises(KeyError, match="colour"):
        bank_schema()


def test_every_reference_of_the_schema_resolves():
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMA)
    assert {ref.removeprefix("#/$defs/") for ref in refs} == set(DEFS)  # each resolves, none is unused


def _data(text: str):
    report = Report("bank.yaml")
    tree = read_tree(text.encode(), report)
    assert report.ok
    return tree_data(tree)


def test_tree_data_types_values_as_the_engine_reads_them():
    data = _data('a: true\nb: "true"\nc: no\nd: 3\ne: "3"\nf: 1.10\ng:\nh: [x, 007]\n')
    assert data == {"a": True, "b": "true", "c": "no", "d": 3, "e": "3", "f": "1.10", "g": None, "h": ["x", "007"]}


# --- validating with a JSON Schema library (jsonschema, when installed) ------------------------


@pytest.fixture
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


def _errors(validator, text: str) -> list[str]:
    return [error.message for error in validator.iter_errors(_data(text))]


def test_every_shipped_bank_validates_against_the_schema(validator):
    from app.quizbank.shared import SHARED_FILES

    banks = [path for path in sorted(QUIZ_FOLDER.glob("*.yaml")) if path.name not in SHARED_FILES]
    assert banks
    for path in banks:
        assert _errors(validator, path.read_text(encoding="utf-8")) == [], path.name


def test_the_fixture_bank_validates_and_mistakes_do_not(validator):
    assert _errors(validator, (VALID / "safe-chat.yaml").read_text(encoding="utf-8")) == []
    for old, new in [
        ("        correct: false", "        corect: false"),  # a typo
        ("answer: false", "answer: no"),  # not a boolean
        ("audience: [smp, sma]", "audience: [smp, kuliah]"),
        ("    type: order", "    type: order\n    key: true"),
        ("    answer: false", "    answer: false\n    choices: []"),  # a field of another type
        ("  en: Safe chat\n", ""),  # a missing locale
        ("version: 2", "version: 0"),
    ]:
        assert _errors(validator, edit(BANK_TEXT, old, new)), new
