"""Helpers for the quiz bank tests: a valid quiz folder to copy and break."""

from __future__ import annotations

import os
from pathlib import Path

VALID = Path(__file__).parent / "fixtures" / "valid"
BANK_TEXT = (VALID / "safe-chat.yaml").read_text(encoding="utf-8")
# Seconds a hostile file may cost: one with libyaml, more for the pure-Python parser
# (test_pure_parser.py runs the loader tests again without libyaml).
SECONDS_ALLOWED = 3.0 if os.environ.get("WASPADA_TEST_PURE_YAML") == "1" else 1.0


def line_of(text: str, needle: str) -> int:
    """1-based number of the first line containing `needle`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} must appear exactly once"
    return text.replace(old, new)
