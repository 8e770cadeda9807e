"""Hostile or sloppy YAML is refused with a clear message, and the process carries on.

Each scenario is a file an author (or an attacker) might drop into quizzes/: the
loader must name the problem and its place, never crash, hang or eat the memory.
"""

from __future__ import annotations

import time

import pytest

from app.quizbank import CatalogueInvalid, parse_bank
from app.quizbank.yamlsafe import MAX_BYTES, MAX_DEPTH
from tests.unit.quizbank.helpers import BANK_TEXT, SECONDS_ALLOWED, edit, line_of


def refused(data) -> list:
    with pytest.raises(CatalogueInvalid) as caught:
        parse_bank(data, "quizzes/safe-chat.yaml")
    return list(caught.value.problems)


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_an_alias_bomb_is_refused_without_expanding():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        bomb += f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    started = time.perf_counter()
    problems = refused(bomb)
    assert time.perf_counter() - started < SECONDS_ALLOWED
    assert {"anchor_not_allowed", "alias_not_allowed"} <= set(codes(problems))
    anchor = next(p for p in problems if p.code == "anchor_not_allowed")
    assert anchor.message("en") == ("quizzes/safe-chat.yaml:1:4: the anchor '&a' is not allowed; write the content out in full")
    # thousands of aliases give a readable list, not a flood
    assert len(problems) <= 201


@pytest.mark.parametrize(
    "nested",
    [
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "x" + "}" * 10_000,
        "- " * 10_000 + "x",
        "".join(f"{' ' * i}a:\n" for i in range(1_000)) + " " * 1_000 + "x",  # ~500 KB: the size limit comes first beyond
    ],
    ids=["flow-lists", "flow-maps", "block-lists", "block-maps"],
)
def test_nesting_ten_thousand_levels_deep_stops_early(nested):
    started = time.perf_counter()
    problems = refused(nested)
    assert time.perf_counter() - started < SECONDS_ALLOWED
    assert codes(problems) == ["too_deep"]
    assert f"more than {MAX_DEPTH} levels" in problems[0].message("en")


def test_a_two_mebibyte_file_is_refused_before_parsing(check_file):
    data = ("# padding\n" * (2 * 1024 * 1024 // 10 + 1)).encode()
    for problems in (refused(data), check_file("safe-chat.yaml", data)):
        assert codes(problems) == ["file_too_large"]
        assert "over the limit of 1024 KiB" in problems[0].message("en")


def test_a_file_just_under_the_limit_is_read():
    padding = "# " + "x" * 97 + "\n"
    data = BANK_TEXT + padding * ((MAX_BYTES - len(BANK_TEXT)) // len(padding))
    assert len(data.encode()) <= MAX_BYTES
    assert parse_bank(data, "safe-chat.yaml").id == "safe-chat"


def test_a_latin1_file_is_refused_at_the_first_bad_byte():
    data = edit(BANK_TEXT, "en: Safe chat", "en: Café chat").encode("latin-1")
    problems = refused(data)
    assert codes(problems) == ["not_utf8"]
    assert problems[0].line == line_of(BANK_TEXT, "en: Safe chat")
    assert problems[0].col == len("  en: Caf") + 1
    assert "save it again as UTF-8" in problems[0].message("en")
    assert "simpan ulang sebagai UTF-8" in problems[0].message("id")


def test_a_utf8_byte_order_mark_is_fine():
    assert parse_bank("\ufeff" + BANK_TEXT, "safe-chat.yaml").id == "safe-chat"


def test_tabs_are_refused_on_every_line_that_has_one():
    text = edit(BANK_TEXT, "  en: Safe chat", "\ten: Safe chat")
    text = edit(text, "minutes: 10", "minutes:\t10")
    problems = refused(text)
    assert [(p.code, p.line, p.col) for p in problems] == [
        ("tab_character", line_of(text, "minutes:"), 9),
        ("tab_character", line_of(text, "en: Safe chat"), 1),
    ]
    assert "replace the tab with spaces" in problems[0].message("en")


@pytest.mark.parametrize("word", ["no", "yes", "off", "on", "True", "NO", "'true'", "1", "y"])
def test_answer_must_be_a_real_yaml_boolean(word):
    text = edit(BANK_TEXT, "answer: false", f"answer: {word}")
    problems = refused(text)
    assert [(p.code, p.line, p.col) for p in problems] == [("expected_bool", line_of(text, "answer:"), 13)]
    shown = word.strip("'")
    assert (
        problems[0]
        .message("en")
        .endswith(f"question 'only-strangers': 'answer' must be true or false (lowercase, no quotes), not '{shown}'")
    )


def test_a_python_object_tag_is_refused_and_nothing_is_constructed():
    text = edit(BANK_TEXT, "minutes: 10", "minutes: !!python/object/apply:os.system ['echo pwned']")
    problems = refused(text)
    assert [(p.code, p.line) for p in problems] == [("tag_not_allowed", line_of(text, "minutes:"))]
    assert "'!!python/object/apply:os.system' is not allowed" in problems[0].message("en")


@pytest.mark.parametrize("tagged", ["!!str 10", "!!int 10", "! 10", "!custom 10"])
def test_every_tag_is_refused(tagged):
    text = edit(BANK_TEXT, "minutes: 10", f"minutes: {tagged}")
    assert codes(refused(text)) == ["tag_not_allowed"]


def test_a_duplicated_key_is_refused_not_silently_overwritten():
    text = edit(BANK_TEXT, "minutes: 10\n", "minutes: 10\nminutes: 99\n")
    problems = refused(text)
    assert [(p.code, p.line, p.col) for p in problems] == [("duplicate_key", line_of(text, "minutes: 99"), 1)]
    assert problems[0].message("en").endswith("the field 'minutes' appears twice (first on line 6); keep only one")


def test_a_second_document_is_refused():
    problems = refused(BANK_TEXT + "---\nschema: 1\n")
    assert codes(problems) == ["multiple_documents"]


def test_a_yaml_directive_is_refused():
    assert codes(refused("%YAML 1.1\n---\n" + BANK_TEXT)) == ["directive_not_allowed"]


def test_a_list_as_a_key_is_refused():
    text = edit(BANK_TEXT, "minutes: 10\n", "minutes: 10\n? [a, b]\n: c\n")
    assert codes(refused(text)) == ["complex_key"]


def test_broken_syntax_names_the_line_and_the_parser_problem():
    text = edit(BANK_TEXT, "minutes: 10", "minutes: 10: 12")
    problems = refused(text)
    assert [(p.code, p.line) for p in problems] == [("yaml_syntax", line_of(text, "minutes:"))]
    assert "check the indentation, colons and quotes" in problems[0].message("en")


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_an_empty_file_is_refused(text):
    assert codes(refused(text)) == ["empty_file"]


def test_control_characters_are_a_syntax_problem_not_a_crash():
    assert codes(refused("schema: 1\nid: \x00\x07\n")) == ["yaml_syntax"]


def test_plain_scalars_stay_the_text_the_author_wrote():
    # safe_load would turn these into 1.1, False and a date; here they are text.
    text = edit(BANK_TEXT, "en: Safe chat", "en: 1.10")
    text = edit(text, "id: Chat yang aman", "id: no")
    text = edit(text, "en: Just accept it", "en: 2026-01-01")
    bank = parse_bank(text, "safe-chat.yaml")
    assert bank.title == {"id": "no", "en": "1.10"}
    assert bank.question("gift-offer").choices[1].text["en"] == "2026-01-01"
