"""`flask quiz validate` and `flask quiz list`, as an author and an operator use them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

VALID = Path(__file__).parents[1] / "unit" / "quizbank" / "fixtures" / "valid"


@pytest.fixture
def quiz_folder(tmp_path) -> Path:
    folder = tmp_path / "quizzes"
    shutil.copytree(VALID, folder)
    return folder


def _break(folder: Path) -> None:
    bank = folder / "safe-chat.yaml"
    text = bank.read_text(encoding="utf-8")
    bank.write_text(text.replace("answer: false", "answer: no").replace("version: 2", "version: 1.10"),
                    encoding="utf-8")


def test_validate_checks_the_configured_folder_by_default(app, runner):
    result = runner.invoke(args=["quiz", "validate"])
    assert result.exit_code == 0, result.output
    assert "Semua beres" in result.output


def test_validate_a_good_folder_in_english(runner, quiz_folder):
    result = runner.invoke(args=["quiz", "validate", "--lang", "en", str(quiz_folder)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "All good: 4 file(s) checked, no problems."


def test_validate_lists_every_problem_in_indonesian_and_exits_1(runner, quiz_folder):
    _break(quiz_folder)
    result = runner.invoke(args=["quiz", "validate", str(quiz_folder)])
    assert result.exit_code == 1
    lines = result.output.strip().split("\n")
    assert len(lines) == 3
    assert lines[0].endswith("safe-chat.yaml:3:10: 'version' harus bilangan bulat tanpa tanda kutip, misalnya 3, "
                             "bukan '1.10'")
    assert "pertanyaan 'only-strangers': 'answer' harus true atau false" in lines[1]
    assert lines[2] == "Ditemukan 2 masalah di 1 berkas."
    assert "Traceback" not in result.output


def test_validate_in_english_and_for_a_single_file(runner, quiz_folder):
    _break(quiz_folder)
    result = runner.invoke(args=["quiz", "validate", "--lang", "en", str(quiz_folder / "safe-chat.yaml")])
    assert result.exit_code == 1
    assert "question 'only-strangers': 'answer' must be true or false (lowercase, no quotes), not 'no'" in result.output
    assert result.output.strip().endswith("2 problem(s) found in 1 file(s).")


def test_validate_refuses_a_missing_path(runner, tmp_path):
    result = runner.invoke(args=["quiz", "validate", "--lang", "en", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "there is no file or folder here" in result.output


def test_list_shows_id_theme_bands_questions_version_and_hash(app, runner, quiz_folder, monkeypatch):
    from app.quizbank import load_catalogue

    monkeypatch.setitem(app.config, "QUIZ_FOLDER", str(quiz_folder))
    result = runner.invoke(args=["quiz", "list", "--lang", "en"])
    assert result.exit_code == 0, result.output
    header, row = result.output.strip().split("\n")
    assert header.split("\t") == ["id", "theme", "bands", "questions", "version", "hash"]
    bank = load_catalogue(quiz_folder).get("safe-chat")
    assert row.split("\t") == ["safe-chat", "grooming", "smp,sma", "6", "2", bank.content_hash]


def test_list_refuses_an_invalid_folder_with_every_problem(app, runner, quiz_folder, monkeypatch):
    _break(quiz_folder)
    monkeypatch.setitem(app.config, "QUIZ_FOLDER", str(quiz_folder))
    result = runner.invoke(args=["quiz", "list"])
    assert result.exit_code == 1
    assert result.output.count("safe-chat.yaml:") == 2
