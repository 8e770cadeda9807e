"""The server refuses to start with an invalid quiz bank and prints every error; it never serves half a bank."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"


def _import_run(quiz_folder: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "WASPADA_QUIZ_FOLDER": str(quiz_folder),
        "WASPADA_INSTANCE_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-c", "import run"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )


def test_the_server_starts_with_the_shipped_banks(tmp_path):
    # How fast it starts is measured in bench/catalogue_bench.py, not here: a busy machine must not fail a test.
    result = _import_run(ROOT / "quizzes", tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_server_refuses_to_start_and_lists_every_error(tmp_path):
    broken = tmp_path / "quizzes"
    shutil.copytree(FIXTURES, broken)
    bank = broken / "sample-basics.yaml"
    bank.write_text(bank.read_text().replace("answer: false", "answer: no").replace("scale: agree4", "scale: five"))
    result = _import_run(broken, tmp_path)
    assert result.returncode == 1
    assert "sample-basics.yaml:" in result.stderr and "not starting" in result.stderr
    assert result.stderr.count("sample-basics.yaml:") >= 2  # every error, not only the first


def test_the_real_catalogue_loads_every_bank_of_the_curriculum():
    from app.quizbank import load_catalogue

    catalogue = load_catalogue(ROOT / "quizzes")
    assert len(catalogue.banks) == 10
