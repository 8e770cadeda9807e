"""Every message an author can meet exists in Indonesian and English, with the same blanks."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from app.quizbank import Problem
from app.quizbank.messages import CLI_TEXT, KINDS, LANGS, MESSAGES, PLACES, SEVERITY_WORDS

SOURCES = sorted((Path(__file__).parents[3] / "app" / "quizbank").glob("*.py"))


def _blanks(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize(
    "table", [MESSAGES, PLACES, KINDS, CLI_TEXT, SEVERITY_WORDS], ids=["messages", "places", "kinds", "cli", "severities"]
)
def test_every_entry_has_indonesian_and_english(table):
    for code, texts in table.items():
        assert set(texts) == set(LANGS), code
        assert all(text.strip() for text in texts.values()), code
        assert _blanks(texts["id"]) == _blanks(texts["en"]), code


def _reported_codes() -> set[str]:
    """The code of every `.add(...)`, `.warn(...)` and `Problem(...)` call, and the Markdown checker's codes."""
    codes = set()
    for source in SOURCES:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                if name in ("add", "warn", "Problem"):
                    strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                    codes.update(strings[:1])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("md_"):
                codes.add(node.value)
    return codes


def test_every_code_the_code_reports_has_a_message_and_no_message_is_dead():
    used = _reported_codes()
    assert used - set(MESSAGES) == set()
    assert set(MESSAGES) - used == set()


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_formats_in_both_languages(code):
    params = dict.fromkeys(_blanks(MESSAGES[code]["en"]), "x")
    problem = Problem("quizzes/a.yaml", 3, 5, code, {**params, "where": (("question", "q1"), ("choice", 2))})
    english, indonesian = problem.message("en"), problem.message("id")
    assert english.startswith("quizzes/a.yaml:3:5: question 'q1', choice no. 2: ")
    assert indonesian.startswith("quizzes/a.yaml:3:5: pertanyaan 'q1', pilihan ke-2: ")
    assert english != indonesian
    assert "{" not in english and "{" not in indonesian


def test_indonesian_speaks_to_the_author_as_kamu():
    indonesian = " ".join(texts["id"] for texts in MESSAGES.values())
    assert " kamu" in indonesian
    assert " anda " not in indonesian.lower()


def test_indonesian_is_the_default_language():
    problem = Problem("quizzes/a.yaml", 1, 1, "missing_key", {"key": "id"})
    assert problem.message() == "quizzes/a.yaml:1:1: kolom 'id' belum ada; tambahkan"
    assert problem.message("fr") == problem.message("id")


def test_kinds_found_are_translated():
    problem = Problem("a.yaml", 1, 1, "expected_list", {"field": "audience", "found": "text"})
    assert problem.message("en").endswith("'audience' must be a list (lines starting with '- '), not a piece of text")
    assert problem.message("id").endswith("'audience' harus berupa daftar (baris yang diawali '- '), bukan teks")


def test_the_parsers_own_words_are_translated_for_indonesian_authors():
    from app.quizbank import CatalogueInvalid, parse_bank

    with pytest.raises(CatalogueInvalid) as caught:
        parse_bank("schema: 1\nid: a: b\n", "a.yaml")
    [problem] = caught.value.problems
    # libyaml's words, or ruamel.yaml's pure-Python parser's where libyaml is missing
    assert "(mapping values are not allowed in this context)" in problem.message(
        "en"
    ) or "(mapping values are not allowed here)" in problem.message("en")
    assert "(ada titik dua ':' yang tidak pada tempatnya)" in problem.message("id")


@pytest.mark.parametrize(
    ("detail", "indonesian"),
    [
        ("mapping values are not allowed here", "ada titik dua ':' yang tidak pada tempatnya"),
        ("found character '@' that cannot start any token", "ada karakter yang tidak boleh mengawali nilai"),
        ("expected ',' or ']', but got '<scalar>'", "tanda ',' atau ']' yang diharapkan tidak ditemukan"),
        ("expected <block end>, but found '<block mapping start>'", "periksa indentasinya"),
        ("found unknown escape character 'q'", "karakter escape"),
    ],
)
def test_the_pure_python_parsers_words_are_translated_too(detail, indonesian):
    problem = Problem("a.yaml", 1, 1, "yaml_syntax", {"detail": detail})
    assert indonesian in problem.message("id")
    assert detail in problem.message("en")


def test_unknown_parser_words_are_shown_as_they_are():
    assert "(something new)" in Problem("a.yaml", 1, 1, "yaml_syntax", {"detail": "something new"}).message("id")


def test_a_warning_says_so_after_its_place_in_both_languages():
    problem = Problem(
        "quizzes/a.yaml", 7, 3, "sd_chat_too_long", {"found": 6, "max": 5, "where": (("question", "q1"),)}, "warning"
    )
    assert problem.message("en") == (
        "quizzes/a.yaml:7:3: warning: question 'q1': a chat for sd students has 6 messages; keep it to at most 5"
    )
    assert problem.message("id") == (
        "quizzes/a.yaml:7:3: peringatan: pertanyaan 'q1': chat untuk siswa SD berisi 6 pesan; buat paling banyak 5 pesan"
    )
