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
    bank.write_text(text.replace("answer: false", "answer: no").replace("version: 2", "version: 1.10"), encoding="utf-8")


def test_validate_checks_the_configured_folder_by_default(app, runner):
    result = runner.invoke(args=["quiz", "validate"])
    assert result.exit_code == 0, result.output  # the test fixtures may carry warnings, never errors
    last = result.output.strip().split("\n")[-1]
    assert last.startswith(("Semua beres: 5 berkas diperiksa", "Tidak ada kesalahan: 5 berkas diperiksa")), last


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
    assert lines[0].endswith("safe-chat.yaml:3:10: 'version' harus bilangan bulat tanpa tanda kutip, misalnya 3, bukan '1.10'")
    assert "pertanyaan 'only-strangers': 'answer' harus true atau false" in lines[1]
    assert lines[2] == "Ditemukan 2 masalah di 1 berkas."
    assert "Traceback" not in result.output


def test_validate_in_english_and_for_a_single_file(runner, quiz_folder):
    _break(quiz_folder)
    result = runner.invoke(args=["quiz", "validate", "--lang", "en", str(quiz_folder / "safe-chat.yaml")])
    assert result.exit_code == 1
    assert "question 'only-strangers': 'answer' must be true or false (lowercase, no quotes), not 'no'" in result.output
    assert result.output.strip().endswith("2 problem(s) found in 1 file(s).")


def _warn(folder: Path) -> None:
    """A second bank, valid but for sd students, with a word kept from them: one warning."""
    text = (folder / "safe-chat.yaml").read_text(encoding="utf-8")
    text = text.replace("id: safe-chat", "id: sd-chat").replace("audience: [smp, sma]", "audience: [sd]")
    text = text.replace("id: Pelaku selalu orang asing.", "id: Pelaku perdagangan orang selalu orang asing.")
    (folder / "sd-chat.yaml").write_text(text, encoding="utf-8")


def test_validate_prints_warnings_and_exits_0_when_there_is_no_error(runner, quiz_folder):
    _warn(quiz_folder)
    result = runner.invoke(args=["quiz", "validate", "--lang", "en", str(quiz_folder)])
    assert result.exit_code == 0, result.output
    warning, summary = result.output.strip().split("\n")
    assert "sd-chat.yaml:" in warning
    assert ": warning: question 'only-strangers': the 'id' text of 'prompt' uses 'perdagangan'" in warning
    assert summary == "No errors: 5 file(s) checked; 1 warning(s) to look at (the banks can be served)."


def test_validate_strict_exits_1_on_warnings(runner, quiz_folder):
    _warn(quiz_folder)
    result = runner.invoke(args=["quiz", "validate", "--strict", str(quiz_folder)])
    assert result.exit_code == 1
    assert ": peringatan: pertanyaan 'only-strangers'" in result.output
    assert "Tidak ada kesalahan: 5 berkas diperiksa; 1 peringatan perlu dilihat" in result.output


def test_validate_counts_errors_and_warnings_apart_and_exits_1(runner, quiz_folder):
    _warn(quiz_folder)
    _break(quiz_folder)
    result = runner.invoke(args=["quiz", "validate", str(quiz_folder)])
    assert result.exit_code == 1
    lines = result.output.strip().split("\n")
    assert len(lines) == 4
    assert sum(": peringatan: " in line for line in lines) == 1
    assert lines[-1] == "Ditemukan 2 masalah dan 1 peringatan di 2 berkas."


def test_list_serves_a_bank_with_warnings(app, runner, quiz_folder, monkeypatch):
    _warn(quiz_folder)
    monkeypatch.setitem(app.config, "QUIZ_FOLDER", str(quiz_folder))
    result = runner.invoke(args=["quiz", "list", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "sd-chat\tgrooming\tsd\t6\t2\t" in result.output


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


def test_schema_writes_the_engines_schema_and_checks_it(app, runner, tmp_path, monkeypatch):
    from app.quizbank.schema import schema_text

    monkeypatch.setitem(app.config, "QUIZ_FOLDER", str(tmp_path))
    result = runner.invoke(args=["quiz", "schema", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == schema_text()
    assert result.output.strip() == f"Wrote the bank schema to {tmp_path / 'schema.json'}."
    assert runner.invoke(args=["quiz", "schema", "--check"]).exit_code == 0
    (tmp_path / "schema.json").write_text("{}\n", encoding="utf-8")
    stale = runner.invoke(args=["quiz", "schema", "--check", "--lang", "en"])
    assert stale.exit_code == 1 and "run 'flask quiz schema'" in stale.output
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == "{}\n"  # --check writes nothing
    assert runner.invoke(args=["quiz", "schema", "--output", "-"]).output == schema_text()


def test_the_committed_schema_is_current(runner):
    committed = Path(__file__).parents[2] / "quizzes" / "schema.json"
    result = runner.invoke(args=["quiz", "schema", "--check", "--output", str(committed)])
    assert result.exit_code == 0, result.output
