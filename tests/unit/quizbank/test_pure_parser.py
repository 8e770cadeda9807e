"""The loader works without libyaml: the loader tests again, with the C parser hidden.

ruamel.yaml's C extension is missing on some platforms and Python versions; the
loader then falls back to ruamel.yaml's pure-Python parser. That path is chosen once,
when `app.quizbank.yamlsafe` is imported, so it is tested in a fresh interpreter in
which importing `ruamel.yaml.cyaml` fails, running the loader's own tests there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
GUARD = "WASPADA_TEST_PURE_YAML"
LOADER_TESTS = (
    "test_loader.py",
    "test_unsafe_yaml.py",
    "test_bank_rules.py",
    "test_shared_files.py",
    "test_quality.py",
    "test_authoring_guide.py",
    "test_messages.py",
    "test_scoring.py",
)

# Runs in the child interpreter: hide libyaml's parser before anything imports ruamel.yaml.
CHILD = """
import sys
sys.modules["ruamel.yaml.cyaml"] = None  # importing it now raises ImportError
from app.quizbank import yamlsafe
assert getattr(yamlsafe._Parser, "__name__", "") != "CParser", "libyaml is still in use"
import pytest
sys.exit(pytest.main(sys.argv[1:]))
"""


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get(GUARD) == "1", reason="already inside the run without libyaml")
def test_the_loader_tests_pass_with_the_pure_python_parser():
    args = ["--confcutdir", str(HERE.parent), "-p", "no:cacheprovider", "-q", "-x", *(str(HERE / name) for name in LOADER_TESTS)]
    result = subprocess.run(  # noqa: S603 - our own interpreter and test files
        [sys.executable, "-c", CHILD, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, GUARD: "1"},
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "[100%]" in result.stdout


def test_the_parser_is_chosen_by_what_can_be_imported(monkeypatch):
    from app.quizbank import yamlsafe

    monkeypatch.setitem(sys.modules, "ruamel.yaml.cyaml", None)
    assert yamlsafe._choose_parser() is yamlsafe._PureParser
    monkeypatch.setattr(yamlsafe, "_Parser", yamlsafe._PureParser)
    from app.quizbank import load_catalogue
    from tests.unit.quizbank.helpers import VALID

    assert load_catalogue(VALID).get("safe-chat").question("game-chat").messages[2].red_flag
