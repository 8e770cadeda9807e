"""Every rule of the bank format (docs/authoring.md), one broken bank each: exactly one message, at the right line.

Each case edits the valid fixture bank (tests/unit/quizbank/fixtures/valid/safe-chat.yaml)
in one place. `at` is text on the line where the author must look.
"""

from __future__ import annotations

import pytest

from tests.unit.quizbank.helpers import BANK_TEXT, edit, line_of

GIFT_CHOICE_B = """      - id: b
        text: {id: Terima saja, en: Just accept it}
        feedback: {id: Hadiah bisa jadi jebakan., en: A gift can be a trap.}
        misconception: gifts-are-kindness
"""
GIFT_CHOICE_C = """      - id: c
        text: {id: "Terima, tapi simpan sebagai rahasia", en: Accept it and keep it a secret}
        misconception: secrets-are-normal
"""

# (case id, old text, new text, expected code, text on the expected line)
CASES = [
    # the bank's own fields
    ("schema-2", "schema: 1", "schema: 2", "schema_version", "schema: 2"),
    ("schema-missing", "schema: 1\n", "", "missing_key", "id: safe-chat"),
    ("id-not-file-name", "id: safe-chat", "id: safer-chat", "bank_id_mismatch", "id: safer-chat"),
    ("id-pattern", "id: safe-chat", "id: Safe_Chat", "bad_id", "id: Safe_Chat"),
    ("version-float", "version: 2", "version: 1.10", "expected_int", "version:"),
    ("version-quoted", "version: 2", 'version: "2"', "expected_int", "version:"),
    ("version-zero", "version: 2", "version: 0", "int_range", "version:"),
    ("minutes-word", "minutes: 10", "minutes: ten", "expected_int", "minutes:"),
    ("minutes-empty", "minutes: 10", "minutes:", "empty_value", "minutes:"),
    ("pass-percent-150", "minutes: 10", "minutes: 10\npass_percent: 150", "int_range", "pass_percent"),
    ("theme-unknown", "theme: grooming", "theme: fashion", "unknown_theme", "theme: fashion"),
    ("audience-unknown-band", "audience: [smp, sma]", "audience: [smp, kuliah]", "not_one_of", "audience:"),
    ("audience-twice", "audience: [smp, sma]", "audience: [smp, smp]", "duplicate_value", "audience:"),
    ("audience-empty", "audience: [smp, sma]", "audience: []", "too_few", "audience:"),
    ("audience-not-list", "audience: [smp, sma]", "audience: smp", "expected_list", "audience:"),
    ("unknown-key", "minutes: 10", "minutes: 10\nauthor: Bu Sari", "unknown_key", "author:"),
    ("typo-key", "minutes: 10", "minutes: 10\nsumary: {id: a, en: b}", "unknown_key_hint", "sumary:"),
    ("resource-http", 'url: "https://aduankonten.id"', 'url: "http://aduankonten.id"', "bad_url", "url:"),
    # localised text
    ("locale-missing", "  en: Safe chat\n", "", "missing_locale", "id: Chat yang aman"),
    ("locale-empty", "  en: Safe chat", '  en: ""', "empty_locale", 'en: ""'),
    ("locale-unknown", "  en: Safe chat", "  en: Safe chat\n  fr: Chat sûr", "unknown_locale", "fr:"),
    (
        "text-not-localised",
        "title:\n  id: Chat yang aman\n  en: Safe chat",
        "title: Chat yang aman",
        "expected_local_text",
        "title:",
    ),
    ("markdown-html", "en: Spot the warning signs in a chat.", "en: Spot the <script>x</script> signs.", "md_html", "<script>"),
    ("markdown-image", "en: Rina (14) loves online games.", "en: Rina ![photo](https://x.id/r.png)", "md_image", "![photo]"),
    (
        "markdown-link-scheme",
        "en: Rina (14) loves online games.",
        "en: Rina [site](javascript:alert(1))",
        "md_link_scheme",
        "javascript:",
    ),
    ("markdown-heading", "en: This module talks about online grooming.", "en: '# Warning'", "md_not_allowed", "# Warning"),
    # questions
    ("question-type-unknown", "type: true_false", "type: essay", "not_one_of", "type: essay"),
    (
        "question-explanation-missing",
        "    explanation:\n      id: Pelaku bisa orang yang dekat.\n      en: Offenders can be people close to you.\n",
        "",
        "missing_key",
        "- id: only-strangers",
    ),
    ("question-id-twice", "- id: signs", "- id: gift-offer", "duplicate_id", "- id: gift-offer\n    type: multiple"),
    ("question-id-pattern", "- id: signs", "- id: Signs!", "bad_id", "- id: Signs!"),
    (
        "key-yes",
        "    key: true\n    prompt:\n      id: Teman",
        "    key: yes\n    prompt:\n      id: Teman",
        "expected_bool",
        "key: yes",
    ),
    ("field-of-another-type", "    answer: false", "    answer: false\n    choices: []", "field_not_for_type", "choices: []"),
    (
        "single-two-correct",
        "        misconception: gifts-are-kindness\n",
        "        correct: true\n",
        "single_correct_count",
        "- id: a\n        text: {id: Tolak",
    ),
    ("single-one-choice", GIFT_CHOICE_B + GIFT_CHOICE_C, "", "type_count_range", "- id: a\n        text: {id: Tolak"),
    (
        "multiple-none-correct",
        "secrecy}\n        correct: true\n      - id: b\n        text: {id: Minta pindah aplikasi, en: Asks to move apps}"
        "\n        correct: true",
        "secrecy}\n      - id: b\n        text: {id: Minta pindah aplikasi, en: Asks to move apps}",
        "multiple_no_correct",
        "- id: a\n        text: {id: Minta rahasia",
    ),
    (
        "choice-id-twice",
        '      - id: c\n        text: {id: "Terima',
        '      - id: a\n        text: {id: "Terima',
        "duplicate_id",
        '- id: a\n        text: {id: "Terima',
    ),
    ("choice-typo", "        correct: false", "        corect: false", "unknown_key_hint", "corect:"),
    ("correct-quoted", "        correct: false", '        correct: "false"', "expected_bool", 'correct: "false"'),
    (
        "misconception-unknown",
        "misconception: secrets-are-normal\n    explanation:\n      id: Hadiah",
        "misconception: secrets-are-fine\n    explanation:\n      id: Hadiah",
        "unknown_misconception",
        "secrets-are-fine",
    ),
    (
        "misconception-on-correct",
        "en: Say no and tell an adult}\n        correct: true",
        "en: Say no and tell an adult}\n        correct: true\n        misconception: gifts-are-kindness",
        "misconception_on_correct",
        "misconception: gifts-are-kindness\n      - id: b",
    ),
    (
        "order-two-items",
        "      - id: tell\n        text: {id: Cerita ke orang dewasa, en: Tell an adult}\n",
        "",
        "type_count_range",
        "- id: save",
    ),
    (
        "misconception-not-red-flag",
        'en: "Hi, let\'s play!"}\n        red_flag: false',
        'en: "Hi, let\'s play!"}\n        red_flag: false\n        misconception: secrets-are-normal',
        "misconception_not_red_flag",
        "misconception: secrets-are-normal\n      - id: m2",
    ),
    ("chat-from", "        from: me", "        from: bot", "not_one_of", "from: bot"),
    (
        "chat-red-flag-missing",
        "        text: {id: Oke, en: OK}\n        red_flag: false\n",
        "        text: {id: Oke, en: OK}\n",
        "missing_key",
        "- id: m2",
    ),
    ("reflection-scale", "scale: agree4", "scale: agree5", "not_one_of", "scale: agree5"),
    ("reflection-key", "    scale: agree4", "    scale: agree4\n    key: true", "key_on_reflection", "key: true"),
    ("reflection-no-scale", "    scale: agree4\n", "", "missing_key", "- id: feel-before"),
    (
        "key-on-order",
        "    type: order",
        "    type: order\n    key: true",
        "key_on_order",
        "key: true\n    prompt:\n      id: Urutkan",
    ),
    # concerns: unsafe answers of key items
    (
        "concern-on-correct",
        "en: Say no and tell an adult}\n        correct: true",
        "en: Say no and tell an adult}\n        correct: true\n        concern: true",
        "concern_on_correct",
        "concern: true",
    ),
    ("concern-yes", "en: Just accept it}", "en: Just accept it}\n        concern: yes", "expected_bool", "concern: yes"),
    (
        "concern-not-key",
        "en: Says hello}\n        correct: false",
        "en: Says hello}\n        correct: false\n        concern: true",
        "concern_not_key",
        "concern: true",
    ),
    ("concern-on-message", "        from: me", "        from: me\n        concern: true", "unknown_key", "concern: true"),
    ("concern-if-not-key", "    answer: false", "    answer: false\n    concern_if: true", "concern_not_key", "concern_if: true"),
    (
        "concern-if-is-answer",
        "    answer: false",
        "    key: true\n    answer: false\n    concern_if: false",
        "concern_if_is_answer",
        "concern_if: false",
    ),
    (
        "concern-if-not-bool",
        "    answer: false",
        "    key: true\n    answer: false\n    concern_if: ya",
        "expected_bool",
        "concern_if: ya",
    ),
    (
        "concern-if-on-single",
        "    key: true\n    prompt:\n      id: Teman",
        "    key: true\n    concern_if: true\n    prompt:\n      id: Teman",
        "field_not_for_type",
        "concern_if: true",
    ),
]


def _expected_line(text: str, at: str) -> int:
    if "\n" in at:  # a multi-line anchor: the line where it starts
        return text[: text.index(at)].count("\n") + 1
    return line_of(text, at)


@pytest.mark.parametrize(("old", "new", "code", "at"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_each_rule_reports_exactly_one_problem_at_its_line(check_file, old, new, code, at):
    text = edit(BANK_TEXT, old, new)
    problems = check_file("safe-chat.yaml", text)
    assert [(p.code, p.line) for p in problems] == [(code, _expected_line(text, at))], [p.message("en") for p in problems]
    assert problems[0].path.endswith("safe-chat.yaml")


def test_the_valid_fixture_bank_has_no_problems(check_file):
    assert check_file("safe-chat.yaml", BANK_TEXT) == []


def test_a_chat_without_any_red_flag_is_refused(check_file):
    text = edit(BANK_TEXT, "        red_flag: true\n", "        red_flag: false\n")
    text = edit(
        text,
        "        misconception: secrets-are-normal\n    explanation:\n      id: Meminta",
        "    explanation:\n      id: Meminta",
    )
    problems = check_file("safe-chat.yaml", text)
    assert [(p.code, p.line) for p in problems] == [("chat_no_red_flag", line_of(text, "    messages:") + 1)]


def test_the_example_message_of_the_spec(check_file):
    text = edit(BANK_TEXT, "        misconception: gifts-are-kindness\n", "        correct: true\n")
    [problem] = check_file("safe-chat.yaml", text)
    where = f"safe-chat.yaml:{problem.line}:{problem.col}: "
    assert problem.message("en").endswith(
        where + "question 'gift-offer': a 'single' question needs exactly one correct choice, found 2"
    )
    assert problem.message("id").endswith(
        where + "pertanyaan 'gift-offer': pertanyaan 'single' harus punya tepat satu pilihan benar, ditemukan 2"
    )


def test_a_typo_gets_a_suggestion(check_file):
    text = edit(BANK_TEXT, "        correct: false", "        corect: false")
    [problem] = check_file("safe-chat.yaml", text)
    assert problem.message("en").endswith(
        "question 'signs', choice 'c': 'corect' is not a known field here; did you mean 'correct'?"
    )
    assert problem.message("id").endswith("'corect' bukan kolom yang dikenal di sini; maksud kamu 'correct'?")


def test_every_error_of_a_file_is_reported_at_once(check_file):
    text = edit(BANK_TEXT, "version: 2", "version: 1.10")
    text = edit(text, "theme: grooming", "theme: fashion")
    text = edit(text, "answer: false", "answer: no")
    text = edit(text, "scale: agree4", "scale: agree5")
    text = edit(text, "        from: me", "        from: bot")
    problems = check_file("safe-chat.yaml", text)
    assert [p.code for p in problems] == [
        "expected_int",
        "unknown_theme",
        "not_one_of",
        "expected_bool",
        "not_one_of",
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_problems_name_the_column_of_the_wrong_value(check_file):
    text = edit(BANK_TEXT, "answer: false", "answer: no")
    [problem] = check_file("safe-chat.yaml", text)
    assert (problem.line, problem.col) == (line_of(text, "answer: no"), len("    answer: ") + 1)


def test_optional_fields_may_be_left_out(check_file):
    text = edit(BANK_TEXT, "intro:\n  id: Rina (14) suka main game online.\n  en: Rina (14) loves online games.\n", "")
    text = edit(text, 'resources:\n  - label: {id: Bantuan, en: Help}\n    url: "https://aduankonten.id"\n', "")
    assert check_file("safe-chat.yaml", text) == []


def test_a_bank_needs_at_least_one_question(check_file):
    text = BANK_TEXT[: BANK_TEXT.index("questions:")] + "questions: []\n"
    problems = check_file("safe-chat.yaml", text)
    assert [(p.code, p.line) for p in problems] == [("too_few", line_of(text, "questions: []"))]


def test_concerns_are_read_into_the_model(check_file, quiz_folder):
    from app.quizbank import load_catalogue

    text = edit(BANK_TEXT, "en: Just accept it}", "en: Just accept it}\n        concern: true")
    text = edit(text, "    answer: false", "    key: true\n    answer: false\n    concern_if: true")
    assert check_file("safe-chat.yaml", text) == []
    bank = load_catalogue(quiz_folder).get("safe-chat")
    assert [c.concern for c in bank.question("gift-offer").choices] == [False, True, False]
    assert bank.question("only-strangers").concern_if is True
    assert bank.question("signs").choices[0].concern is False  # the default
    assert bank.question("game-chat").concern_if is None


def test_a_concern_on_a_correct_choice_of_a_question_that_is_not_key_is_two_mistakes(check_file):
    text = edit(
        BANK_TEXT,
        "en: Asks for secrecy}\n        correct: true",
        "en: Asks for secrecy}\n        correct: true\n        concern: true",
    )
    problems = check_file("safe-chat.yaml", text)
    assert sorted(p.code for p in problems) == ["concern_not_key", "concern_on_correct"]
    assert {p.line for p in problems} == {line_of(text, "concern: true")}
    not_key = next(p for p in problems if p.code == "concern_not_key")
    assert not_key.message("en").endswith(
        "question 'signs', choice 'a': 'concern' is only for a key safety item (counsellors follow those up); "
        "add 'key: true' to the question or remove 'concern'"
    )
