"""Fixtures for the quiz bank tests: a valid quiz folder to copy and break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.quizbank import validate_paths
from tests.unit.quizbank.helpers import VALID


@pytest.fixture
def quiz_folder(tmp_path) -> Path:
    """A copy of the valid fixture folder, free to break."""
    folder = tmp_path / "quizzes"
    shutil.copytree(VALID, folder)
    return folder


@pytest.fixture
def check_file(quiz_folder):
    """Write a file into the folder and return the problems `validate_paths` finds in it."""

    def check(name: str, text: str | bytes):
        path = quiz_folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return validate_paths([path])

    return check
