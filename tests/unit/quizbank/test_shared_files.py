"""themes.yaml, misconceptions.yaml and helplines.yaml are checked as strictly as a bank."""

from __future__ import annotations

import datetime

import pytest

from app.quizbank import load_catalogue
from tests.unit.quizbank.helpers import VALID, edit, line_of

THEMES = (VALID / "themes.yaml").read_text(encoding="utf-8")
MISCONCEPTIONS = (VALID / "misconceptions.yaml").read_text(encoding="utf-8")
HELPLINES = (VALID / "helplines.yaml").read_text(encoding="utf-8")

CASES = [
    ("themes.yaml", THEMES, "sensitive: false", "sensitive: no", "expected_bool", "sensitive: no"),
    ("themes.yaml", THEMES, "- key: grooming", "- key: basics", "duplicate_id", "- key: basics\n    title: {id: Grooming"),
    ("themes.yaml", THEMES, "- key: grooming", "- key: Grooming Tips", "bad_id", "- key: Grooming Tips"),
    ("themes.yaml", THEMES, "schema: 1\n", "", "missing_key", "themes:"),
    ("themes.yaml", THEMES, "    title: {id: Grooming, en: Grooming}\n", "", "missing_key", "- key: grooming"),
    ("themes.yaml", THEMES, "    sensitive: true", "    sensitive: true\n    colour: red", "unknown_key", "colour:"),
    (
        "misconceptions.yaml",
        MISCONCEPTIONS,
        "      en: believes gifts from strangers are always kindness\n",
        "",
        "missing_locale",
        "id: mengira hadiah",
    ),
    (
        "misconceptions.yaml",
        MISCONCEPTIONS,
        "- key: secrets-are-normal",
        "- key: gifts-are-kindness",
        "duplicate_id",
        "- key: gifts-are-kindness\n    label:\n      id: mengira rahasia",
    ),
    ("helplines.yaml", HELPLINES, "scope: national", "scope: local", "not_one_of", "scope: local"),
    ("helplines.yaml", HELPLINES, "verified: 2026-11-15", "verified: 2026-13-01", "bad_date", "verified: 2026-13"),
    ("helplines.yaml", HELPLINES, "verified: 2026-11-15", "verified: 15/11/2026", "bad_date", "verified: 15/11"),
    ("helplines.yaml", HELPLINES, 'value: "tel:129"', 'value: "129"', "bad_contact", 'value: "129"'),
    ("helplines.yaml", HELPLINES, 'value: "https://wa.me/628111129129"', 'value: "0811-1129-129"', "bad_contact", 'value: "0811'),
    (
        "helplines.yaml",
        HELPLINES,
        'value: "https://takeitdown.ncmec.org"',
        'value: "http://takeitdown.ncmec.org"',
        "bad_contact",
        "http://takeitdown",
    ),
    (
        "helplines.yaml",
        HELPLINES,
        'value: "mailto:help@example.org"',
        'value: "help@example.org"',
        "bad_contact",
        'value: "help@',
    ),
    ("helplines.yaml", HELPLINES, "- type: mailto", "- type: sms", "not_one_of", "type: sms"),
    (
        "helplines.yaml",
        HELPLINES,
        '    contacts:\n      - type: tel\n        value: "tel:129"\n        label: "129"\n      - type: whatsapp\n'
        '        value: "https://wa.me/628111129129"\n',
        "    contacts: []\n",
        "too_few",
        "contacts: []",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "old", "new", "code", "at"), CASES, ids=[f"{case[0]}-{case[4]}-{n}" for n, case in enumerate(CASES)]
)
def test_each_shared_file_rule_reports_one_problem_at_its_line(check_file, name, text, old, new, code, at):
    broken = edit(text, old, new)
    problems = check_file(name, broken)
    line = broken[: broken.index(at)].count("\n") + 1 if "\n" in at else line_of(broken, at)
    assert [(p.path.rsplit("/", 1)[-1], p.code, p.line) for p in problems] == [(name, code, line)], [
        p.message("en") for p in problems
    ]


def test_the_valid_shared_files_become_themes_misconceptions_and_help_lines():
    catalogue = load_catalogue(VALID)
    assert [(t.key, t.position, t.sensitive) for t in catalogue.themes] == [("basics", 0, False), ("grooming", 1, True)]
    assert catalogue.theme("grooming").title.get_text("en") == "Grooming"
    assert catalogue.theme("nope") is None
    assert set(catalogue.misconceptions) == {"gifts-are-kindness", "secrets-are-normal"}
    sapa, take_it_down = catalogue.helplines
    assert sapa.verified == datetime.date(2026, 11, 15) and sapa.scope == "national"
    assert [(c.kind, c.value, c.label) for c in sapa.contacts] == [
        ("tel", "tel:129", "129"),
        ("whatsapp", "https://wa.me/628111129129", "+628111129129"),  # no label: the number itself
    ]
    assert [(c.kind, c.label) for c in take_it_down.contacts] == [
        ("https", "takeitdown.ncmec.org"),
        ("mailto", "help@example.org"),
    ]


def test_a_bank_naming_an_unknown_theme_is_not_checked_when_themes_yaml_is_broken(quiz_folder):
    # One mistake in themes.yaml should not drown the author in "unknown theme" for every bank.
    (quiz_folder / "themes.yaml").write_text("schema: 1\nthemes: nope\n", encoding="utf-8")
    from app.quizbank import validate_paths

    problems = validate_paths([quiz_folder])
    assert [(p.path.rsplit("/", 1)[-1], p.code) for p in problems] == [("themes.yaml", "expected_list")]
