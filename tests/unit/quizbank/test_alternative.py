"""The alternative activity of a sensitive bank: read, checked like every other part, and missed when absent.

A student who presses "Not now" before a module of a sensitive theme gets the bank's
`alternative`: a title, a short reading and 1 to 3 reflection questions. The fixture bank
(safe-chat, theme grooming, which is sensitive) has one; these tests take it away, break
it and change it.
"""

from __future__ import annotations

import pytest

from app.quizbank import Alternative, load_catalogue, parse_bank
from app.quizbank.schema import bank_schema
from tests.unit.quizbank.helpers import BANK_TEXT, edit, line_of

ALTERNATIVE = BANK_TEXT[BANK_TEXT.index("\nalternative:") + 1 :]
WITHOUT = BANK_TEXT.replace(ALTERNATIVE, "")
QUESTION = (
    "    - id: alt-safe-online\n      prompt: {id: Aku tahu cara menjaga akunku., en: I know how to keep my account safe.}\n"
)


def _codes(problems):
    return [(p.code, p.severity, p.line) for p in problems]


def _with_alternative(text: str) -> str:
    """The fixture bank with `text` as its alternative."""
    return WITHOUT + text


def test_the_alternative_is_read_into_the_bank(quiz_folder):
    bank = load_catalogue(quiz_folder).get("safe-chat")
    alternative = bank.alternative
    assert isinstance(alternative, Alternative)
    assert alternative.title["en"] == "Safe online" and alternative.title["id"] == "Aman di internet"
    assert alternative.reading["en"].startswith("The internet can be fun.")
    [question] = alternative.questions
    assert (question.id, question.type, question.scale) == ("alt-safe-online", "reflection", "agree4")
    assert question.prompt["en"] == "I know how to keep my account safe."
    assert all(q.id != "alt-safe-online" for q in bank.questions)  # not one of the module's questions


def test_a_sensitive_bank_without_an_alternative_is_warned_and_told_what_to_add(check_file, quiz_folder):
    problems = check_file("safe-chat.yaml", WITHOUT)
    assert _codes(problems) == [("sensitive_without_alternative", "warning", line_of(WITHOUT, "theme:"))]
    [warning] = problems
    assert warning.message("en").endswith(
        f"safe-chat.yaml:{warning.line}:1: warning: the theme 'grooming' is sensitive, so a student may choose "
        "“Not now”, and this bank has no alternative activity for them; add 'alternative:' with a 'title', a "
        "'reading' (a few short paragraphs) and 'questions': 1 to 3 reflection questions, each with an 'id' and "
        "a 'prompt', on the theme in general (such as online safety), never on its hard part"
    )
    assert "peringatan: tema 'grooming' sensitif, jadi siswa boleh memilih “Lewati dulu”" in warning.message()
    # a warning, not an error: the bank is served, with no alternative
    assert load_catalogue(quiz_folder).get("safe-chat").alternative is None


def test_a_bank_of_an_ordinary_theme_needs_no_alternative(check_file):
    assert check_file("safe-chat.yaml", edit(WITHOUT, "theme: grooming", "theme: basics")) == []
    # and without the shared files (a single bank parsed alone) nothing is known of themes
    assert parse_bank(WITHOUT, "safe-chat.yaml").alternative is None


def test_every_mistake_in_an_alternative_is_reported_at_once_with_its_place(check_file):
    text = _with_alternative(
        "alternative:\n"
        "  title: {id: Aman di internet}\n"  # no English
        "  readng: {id: Bacaan, en: A reading}\n"  # a typo, so 'reading' is missing too
        "  questions:\n"
        "    - id: Alt_One\n"  # not an id
        "      prompt: {id: Satu, en: One}\n"
        "    - id: feel-before\n"  # already a question of the bank
        "      prompt: {id: Dua, en: Two}\n"
        "      type: reflection\n"  # the alternative's questions have only an id and a prompt
    )
    problems = check_file("safe-chat.yaml", text)
    start = line_of(text, "alternative:")
    assert _codes(problems) == [
        ("missing_key", "error", start + 1),  # reported at the mapping: 'reading'
        ("missing_locale", "error", start + 1),
        ("unknown_key_hint", "error", start + 2),
        ("bad_id", "error", start + 4),
        ("duplicate_id", "error", start + 6),
        ("unknown_key", "error", start + 8),
    ]
    messages = [p.message("en").split(": ", 1)[1] for p in problems]
    assert messages == [
        "alternative activity: the field 'reading' is missing; add it",
        "alternative activity: 'title' has no 'en' text; every text needs both id and en",
        "alternative activity: 'readng' is not a known field here; did you mean 'reading'?",
        "alternative activity, question 'Alt_One': 'Alt_One' cannot be used as id: use only lowercase letters a-z, "
        "digits and '-', at most 64 characters",
        f"alternative activity: the id 'feel-before' is already used on line {line_of(text, '- id: feel-before')}; "
        "give each one its own id",
        "alternative activity, question 'feel-before': 'type' is not a known field here; remove it or check the spelling",
    ]
    assert problems[1].message("id").split(": ", 1)[1].startswith("kegiatan pengganti: 'title' belum punya teks 'en'")


@pytest.mark.parametrize("count", [0, 4])
def test_an_alternative_has_one_to_three_questions(check_file, count):
    head = "alternative:\n  title: {id: Judul, en: Title}\n  reading: {id: Bacaan., en: A reading.}\n"
    questions = "".join(QUESTION.replace("alt-safe-online", f"alt-{n}") for n in range(count))
    text = _with_alternative(head + ("  questions: []\n" if count == 0 else "  questions:\n" + questions))
    problems = check_file("safe-chat.yaml", text)
    where = line_of(text, "  questions:") + (1 if count else 0)  # a list starts at its first entry
    assert _codes(problems) == [("count_range", "error", where)]
    assert problems[0].message("en").endswith(f"alternative activity: 'questions' needs 1 to 3 entries, found {count}")


def test_two_questions_of_the_alternative_with_one_id_are_refused(check_file):
    text = ALTERNATIVE + QUESTION
    problems = check_file("safe-chat.yaml", WITHOUT + text)
    assert _codes(problems) == [("duplicate_id", "error", len(BANK_TEXT.splitlines()) + 1)]


def test_an_empty_alternative_is_left_out_and_warned(check_file):
    problems = check_file("safe-chat.yaml", _with_alternative("alternative:\n"))
    assert [p.code for p in problems] == ["sensitive_without_alternative"]


def test_the_content_hash_covers_the_alternative():
    changed = edit(BANK_TEXT, "en: The internet can be fun.", "en: The internet can be great fun.")
    assert parse_bank(changed, "safe-chat.yaml").content_hash != parse_bank(BANK_TEXT, "safe-chat.yaml").content_hash
    assert parse_bank(changed, "safe-chat.yaml").alternative.reading["en"].startswith("The internet can be great")


def test_the_texts_of_an_alternative_for_sd_are_checked_like_the_rest(check_file):
    long = " ".join(["kata"] * 21).capitalize() + "."
    text = edit(
        edit(BANK_TEXT, "audience: [smp, sma]", "audience: [sd]"), "id: Internet bisa seru.", f"id: Internet bisa seru. {long}"
    )
    problems = check_file("safe-chat.yaml", text)
    assert _codes(problems) == [("sd_long_sentence", "warning", line_of(text, long))]
    assert "warning: alternative activity: the 'id' text of 'reading' has a sentence of 21 words" in problems[0].message("en")


def test_the_alternative_is_markdown_checked():
    from app.quizbank import CatalogueInvalid

    with pytest.raises(CatalogueInvalid) as refused:
        parse_bank(edit(BANK_TEXT, "en: The internet can be fun.", "en: The <b>internet</b> can be fun."), "safe-chat.yaml")
    assert [p.code for p in refused.value.problems] == ["md_html"]


def test_the_schema_describes_the_alternative():
    schema = bank_schema()
    assert schema["properties"]["alternative"]["$ref"] == "#/$defs/alternative"
    alternative = schema["$defs"]["alternative"]
    assert alternative["required"] == ["title", "reading", "questions"] and alternative["additionalProperties"] is False
    questions = alternative["properties"]["questions"]
    assert (questions["minItems"], questions["maxItems"], questions["items"]) == (1, 3, {"$ref": "#/$defs/alternative-question"})
    assert set(schema["$defs"]["alternative-question"]["properties"]) == {"id", "prompt"}


def test_a_json_schema_validator_accepts_the_alternative_and_flags_its_typos():
    jsonschema = pytest.importorskip("jsonschema")
    from app.quizbank.errors import Report
    from app.quizbank.schema import tree_data
    from app.quizbank.yamlsafe import read_tree

    validator = jsonschema.Draft202012Validator(bank_schema())

    def errors(text: str) -> list[str]:
        return [error.message for error in validator.iter_errors(tree_data(read_tree(text.encode(), Report("b"))))]

    assert errors(BANK_TEXT) == []
    assert errors(edit(BANK_TEXT, "  reading:", "  readng:"))
    assert errors(edit(BANK_TEXT, "    - id: alt-safe-online", "    - id: alt-safe-online\n      scale: agree4"))
