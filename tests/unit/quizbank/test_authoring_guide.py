"""docs/authoring.md stays true: its examples pass the checker, and it explains every message."""

from __future__ import annotations

import re
from pathlib import Path

from app.quizbank import load_catalogue, parse_bank
from app.quizbank.bank import References
from app.quizbank.messages import MESSAGES
from tests.unit.quizbank.helpers import VALID
from tests.unit.standalone import leads_outside

GUIDE = (Path(__file__).parents[3] / "docs" / "authoring.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```yaml\n(.*?)```", GUIDE, flags=re.S)
CATALOGUE = load_catalogue(VALID)
REFS = References(themes=("grooming",), misconceptions=frozenset(CATALOGUE.misconceptions))


def test_every_question_example_of_the_guide_is_a_valid_question():
    questions = [block for block in BLOCKS if block.startswith("  - id:")]
    assert len(questions) == 6
    whole_bank = next(block for block in BLOCKS if "\nid: grooming " in block)
    head = re.split(r"^questions:", whole_bank, flags=re.M)[0]  # the bank's own (an alternative has some too)
    bank = parse_bank(head + "questions:\n" + "".join(questions), "grooming.yaml", REFS)
    assert [q.type for q in bank.questions] == ["single", "multiple", "true_false", "order", "chat", "reflection"]


def test_the_shared_file_examples_of_the_guide_are_valid(tmp_path):
    for name in ("themes", "misconceptions", "helplines"):
        block = next(b for b in BLOCKS if b.startswith(f"schema: 1\n{name}:"))
        (tmp_path / f"{name}.yaml").write_text(block, encoding="utf-8")
    catalogue = load_catalogue(tmp_path)
    assert catalogue.theme("grooming") and catalogue.helplines[0].contacts[1].kind == "whatsapp"


def test_the_guide_explains_every_message():
    missing = [code for code in MESSAGES if f"`{code}`" not in GUIDE]
    assert missing == []


def test_the_examples_of_the_guide_have_no_warning_either(quiz_folder):
    from app.quizbank import validate_paths

    questions = [block for block in BLOCKS if block.startswith("  - id:")]
    whole_bank = next(block for block in BLOCKS if "\nid: grooming " in block)
    bank = re.split(r"^questions:", whole_bank, flags=re.M)[0] + "questions:\n" + "".join(questions)
    (quiz_folder / "grooming.yaml").write_text(bank, encoding="utf-8")
    assert [p.message("en") for p in validate_paths([quiz_folder / "grooming.yaml"])] == []


def test_the_guide_stands_alone():
    assert leads_outside(GUIDE) == []
