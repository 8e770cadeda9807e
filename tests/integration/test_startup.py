"""The server refuses to start with an invalid quiz bank and prints every error; it never serves half a bank."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "quizzes"


def _import_run(quiz_folder: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WASPADA_QUIZ_FOLDER": str(quiz_folder), "WASPADA_INSTANCE_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite3'}", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", "import run"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def test_the_server_starts_with_valid_banks_in_under_a_second(tmp_path):
    started = time.perf_counter()
    result = _import_run(ROOT / "quizzes", tmp_path)
    assert result.returncode == 0, result.stderr
    # the whole interpreter start, imports and all five banks parsed and validated
    assert time.perf_counter() - started < 5


def test_the_server_refuses_to_start_and_lists_every_error(tmp_path):
    broken = tmp_path / "quizzes"
    shutil.copytree(FIXTURES, broken)
    bank = broken / "sample-basics.yaml"
    bank.write_text(bank.read_text().replace("answer: false", "answer: no").replace("scale: agree4", "scale: five"))
    result = _import_run(broken, tmp_path)
    assert result.returncode == 1
    assert "sample-basics.yaml:" in result.stderr and "not starting" in result.stderr
    assert result.stderr.count("sample-basics.yaml:") >= 2  # every error, not only the first


def test_loading_the_real_catalogue_takes_under_a_second():
    from app.quizbank import load_catalogue

    started = time.perf_counter()
    catalogue = load_catalogue(ROOT / "quizzes")
    assert time.perf_counter() - started < 1.0
    assert len(catalogue.banks) == 5
