"""The benchmark still runs: `bench/run --smoke` serves Waspada under gunicorn, replays a tiny
class through every page a student sees, rings the bell, holds a discussion lesson of
6 phones, checks every answer in SQL, times the reports and builds a tiny district,
all in a few seconds.

The figures of a smoke run mean nothing; what this proves is that the benchmark and
the app still fit together (a renamed field or a changed redirect breaks it here, not
on the day someone needs the figures).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
CANNOT_SERVE = 77  # bench/run's exit status when gunicorn cannot start here


def _loopback_works() -> bool:
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
        return True
    except OSError:
        return False


@pytest.mark.slow
def test_the_smoke_benchmark_replays_a_class_and_finds_every_answer_stored_once(tmp_path):
    if not GUNICORN.exists():
        pytest.skip(f"gunicorn is not installed in the venv ({GUNICORN}); the benchmark needs it")
    if not _loopback_works():
        pytest.skip("cannot bind a socket on 127.0.0.1 here; the benchmark serves on loopback")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("WASPADA_", "DATABASE_URL"))}
    finished = subprocess.run(
        [str(ROOT / "bench" / "run"), "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if finished.returncode == CANNOT_SERVE:
        pytest.skip(f"gunicorn could not start here: {finished.stdout[-500:]}")
    assert finished.returncode == 0, finished.stdout[-3000:] + finished.stderr[-3000:]

    results = json.loads((tmp_path / "results.json").read_text())
    waspada = results["waspada"]
    check = waspada["check"]
    assert check["ok"], check
    assert check["sent"] == check["stored"] > 0
    phases = {phase["name"]: phase for phase in waspada["phases"]}
    replay = next(p for name, p in phases.items() if "students in" in name)
    assert replay["figures"]["errors"] == {}, replay["figures"]["error_examples"]
    assert replay["figures"]["answer"]["count"] > 0 and replay["figures"]["results page"]["count"] > 0
    bell = next(p for name, p in phases.items() if name.startswith("the bell"))
    assert bell["figures"]["bell answer"]["count"] == 5 * 20 and bell["figures"]["errors"] == {}
    lesson = next(p for name, p in phases.items() if name.startswith("lesson of 6 phones"))
    assert lesson["figures"]["errors"] == {}, lesson["figures"]["error_examples"]
    assert lesson["figures"]["phones_joined"] == lesson["figures"]["phones_saw_the_end"] == 6
    assert lesson["figures"]["state poll"]["count"] > 0 and lesson["figures"]["answers_taken"] > 0
    assert waspada["lesson_check"]["ok"], waspada["lesson_check"]
    assert results["bare"]["figures"]["bare page"]["count"] > 0
    assert "class report (grid)" in waspada["reports"]["reports"]
    assert results["district"]["district"]["counts"]["answers"] > 0
    assert "| target | measured | met |" in finished.stdout
    assert "| lesson of 6 phones: p99 < 100 ms |" in finished.stdout
