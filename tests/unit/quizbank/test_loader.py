"""From a folder to a catalogue: all problems of all files at once, or an immutable catalogue."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import pickle
import shutil

import pytest

from app.quizbank import CatalogueInvalid, check_paths, load_catalogue, validate_paths
from tests.unit.quizbank.helpers import BANK_TEXT, edit


def _second_bank(folder, bank_id="sd-basics", theme="basics", audience="[sd]"):
    text = edit(BANK_TEXT, "id: safe-chat", f"id: {bank_id}")
    text = edit(text, "theme: grooming", f"theme: {theme}")
    text = edit(text, "audience: [smp, sma]", f"audience: {audience}")
    (folder / f"{bank_id}.yaml").write_text(text, encoding="utf-8")


def test_the_catalogue_indexes_banks_by_id_theme_and_band(quiz_folder):
    _second_bank(quiz_folder)
    _second_bank(quiz_folder, "all-grooming", "grooming", "[sma, sd, smp]")
    catalogue = load_catalogue(quiz_folder)
    assert list(catalogue.banks) == ["sd-basics", "all-grooming", "safe-chat"]  # theme order, then id
    assert catalogue.get("safe-chat").version == 2
    assert catalogue.get("missing") is None
    assert [b.id for b in catalogue.banks_for(theme="grooming")] == ["all-grooming", "safe-chat"]
    assert [b.id for b in catalogue.banks_for(band="sd")] == ["sd-basics", "all-grooming"]
    assert [b.id for b in catalogue.banks_for(theme="grooming", band="smp")] == ["all-grooming", "safe-chat"]
    assert catalogue.get("all-grooming").audience == ("sd", "smp", "sma")  # youngest first


def test_a_bank_carries_the_hash_of_its_bytes_and_its_path(quiz_folder):
    bank = load_catalogue(quiz_folder).get("safe-chat")
    data = (quiz_folder / "safe-chat.yaml").read_bytes()
    assert bank.content_hash == hashlib.sha256(data).hexdigest()[:16]
    assert bank.path.endswith("safe-chat.yaml")
    (quiz_folder / "safe-chat.yaml").write_bytes(data + b"# a comment changes the hash\n")
    assert load_catalogue(quiz_folder).get("safe-chat").content_hash != bank.content_hash


def test_the_catalogue_and_its_content_are_immutable(quiz_folder):
    catalogue = load_catalogue(quiz_folder)
    bank = catalogue.get("safe-chat")
    with pytest.raises(AttributeError):
        catalogue.banks = {}
    with pytest.raises(TypeError):
        catalogue.banks["x"] = bank
    with pytest.raises(AttributeError):
        bank.version = 3
    with pytest.raises(TypeError):
        bank.title["en"] = "changed"
    assert isinstance(bank.questions, tuple) and isinstance(bank.questions[1].choices, tuple)
    assert hash(bank) == hash(load_catalogue(quiz_folder).get("safe-chat"))


def test_questions_are_found_by_id_and_reflections_are_not_scored(quiz_folder):
    bank = load_catalogue(quiz_folder).get("safe-chat")
    assert bank.question("game-chat").type == "chat"
    assert bank.question("nope") is None
    assert [q.id for q in bank.scored_questions] == ["gift-offer", "signs", "only-strangers", "report-steps", "game-chat"]
    assert bank.pass_percent == 70  # the default
    assert bank.intro.get_text("en") == "Rina (14) loves online games."
    assert bank.intro.get_text("fr") == "Rina (14) suka main game online."  # falls back to Indonesian


def test_every_problem_of_every_file_is_listed_before_refusing(quiz_folder):
    (quiz_folder / "safe-chat.yaml").write_text(edit(BANK_TEXT, "answer: false", "answer: no"), encoding="utf-8")
    (quiz_folder / "broken.yaml").write_bytes(b"schema: 1\nid: \xff\n")
    (quiz_folder / "helplines.yaml").write_text("schema: 1\nhelplines: []\n", encoding="utf-8")
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(quiz_folder)
    found = [(p.path.rsplit("/", 1)[-1], p.code) for p in caught.value.problems]
    assert found == [
        ("helplines.yaml", "too_few"),
        ("broken.yaml", "not_utf8"),
        ("safe-chat.yaml", "expected_bool"),
    ]
    assert str(caught.value).count("\n") == 2  # the exception text lists them all


def test_missing_shared_files_and_yml_files_are_reported(quiz_folder):
    (quiz_folder / "misconceptions.yaml").unlink()
    shutil.copy(quiz_folder / "safe-chat.yaml", quiz_folder / "other.yml")
    problems = validate_paths([quiz_folder])
    assert sorted(p.code for p in problems) == ["shared_file_missing", "yml_extension"]


def test_a_missing_folder_is_refused_with_a_clear_problem(tmp_path):
    with pytest.raises(CatalogueInvalid) as caught:
        load_catalogue(tmp_path / "nowhere")
    assert [p.code for p in caught.value.problems] == ["path_missing"]


def test_a_single_bank_file_is_checked_against_its_own_folder(quiz_folder):
    text = edit(BANK_TEXT, "theme: grooming", "theme: fashion")
    (quiz_folder / "safe-chat.yaml").write_text(text, encoding="utf-8")
    checked = check_paths([quiz_folder / "safe-chat.yaml"])
    assert [p.code for p in checked.problems] == ["unknown_theme"]
    assert checked.files == 4  # the bank and the three shared files


def test_the_same_bank_id_in_two_folders_is_reported(quiz_folder, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(quiz_folder, other)
    problems = validate_paths([quiz_folder, other])
    assert [p.code for p in problems] == ["duplicate_bank"]
    assert "also used by" in problems[0].message("en")


def test_a_file_named_twice_is_checked_once(quiz_folder):
    assert validate_paths([quiz_folder, quiz_folder / "safe-chat.yaml", quiz_folder]) == []


def test_paths_that_are_not_banks(quiz_folder, tmp_path):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    problems = validate_paths([tmp_path / "nothing.yaml", tmp_path / "notes.txt"])
    assert [p.code for p in problems] == ["path_missing", "not_a_bank_file"]


def test_a_shared_file_given_alone_is_checked(quiz_folder):
    (quiz_folder / "themes.yaml").write_text("schema: 1\nthemes: []\n", encoding="utf-8")
    problems = validate_paths([quiz_folder / "themes.yaml"])
    assert [(p.path.rsplit("/", 1)[-1], p.code) for p in problems] == [("themes.yaml", "too_few")]


def test_banks_and_catalogues_survive_copying_and_pickling(quiz_folder):
    catalogue = load_catalogue(quiz_folder)
    bank = catalogue.get("safe-chat")
    assert copy.deepcopy(bank) == bank and pickle.loads(pickle.dumps(bank)) == bank  # noqa: S301 - our own bytes
    assert dataclasses.asdict(bank)["questions"][1]["choices"][0]["text"] == {
        "id": "Tolak dan cerita ke orang dewasa",
        "en": "Say no and tell an adult",
    }
    again = pickle.loads(pickle.dumps(catalogue))  # noqa: S301 - our own bytes
    assert again.get("safe-chat") == bank and again.get("safe-chat").question("signs") == bank.question("signs")
    assert copy.deepcopy(catalogue).themes == catalogue.themes
