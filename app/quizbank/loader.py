"""From a folder of YAML files to a checked catalogue, or to the list of what is wrong.

The shared files are read first, so that every bank can be checked against them; then
every other `*.yaml` file in the folder is a bank. Nothing stops at the first mistake:
`load_catalogue` raises `CatalogueInvalid` with every error of every file, and the
app refuses to start rather than serve half a bank. Warnings (quality checks) never
stop it; `check_paths` reports them beside the errors. `validate_paths` is the same check
for `flask quiz validate`: whole folders, or single banks judged against the shared
files of their own folder.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from app.quizbank.bank import References, read_bank
from app.quizbank.catalogue import Catalogue
from app.quizbank.errors import CatalogueInvalid, Problem, Report, errors_of, warnings_of
from app.quizbank.fields import Section
from app.quizbank.model import Bank, Helpline, Misconception, Theme
from app.quizbank.shared import (
    HELPLINES_FILE,
    MISCONCEPTIONS_FILE,
    SHARED_FILES,
    THEMES_FILE,
    read_helplines,
    read_misconceptions,
    read_themes,
)
from app.quizbank.yamlsafe import MAX_BYTES, read_tree

_SHARED_READERS = {THEMES_FILE: read_themes, MISCONCEPTIONS_FILE: read_misconceptions, HELPLINES_FILE: read_helplines}


def display_path(path: Path) -> str:
    """The path as an author knows it: relative to the working folder when inside it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _read_bytes(path: Path, report: Report) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # refused before a byte is read or parsed
            report.add(1, 1, "file_too_large", size_kib=-(-size // 1024), limit_kib=MAX_BYTES // 1024)
            return None
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError as err:
        report.add(1, 1, "unreadable_file", detail=err.strerror or type(err).__name__)
        return None


@dataclass
class Shared:
    """The shared files of one folder, each None when missing or broken."""

    themes: tuple[Theme, ...] | None = None
    misconceptions: tuple[Misconception, ...] | None = None
    helplines: tuple[Helpline, ...] | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def references(self) -> References:
        return References(
            themes=tuple(t.key for t in self.themes) if self.themes is not None else None,
            misconceptions=frozenset(m.key for m in self.misconceptions) if self.misconceptions is not None else None,
            sensitive_themes=(frozenset(t.key for t in self.themes if t.sensitive) if self.themes is not None else None),
        )


def read_shared(folder: Path) -> Shared:
    shared = Shared()
    for name in SHARED_FILES:
        path = folder / name
        report = Report(display_path(path))
        if not path.is_file():
            report.add(1, 1, "shared_file_missing", name=name)
        else:
            data = _read_bytes(path, report)
            tree = read_tree(data, report) if data is not None else None
            if tree is not None:
                value = _SHARED_READERS[name](tree, Section(report))
                setattr(shared, name.removesuffix(".yaml"), value)
        shared.problems.extend(report.in_order())
    return shared


def parse_bank(data: bytes | str, path: str = "bank.yaml", refs: References | None = None) -> Bank:
    """One bank from its bytes; raises CatalogueInvalid listing every error (warnings are not raised).

    Without `refs`, theme and misconception keys are not checked (no shared files).
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    report = Report(path)
    bank = _bank_from_bytes(data, report, Path(path).stem, refs or References(), path)
    if bank is None:
        raise CatalogueInvalid(report.in_order())
    return bank


def _bank_from_bytes(data: bytes, report: Report, stem: str, refs: References, path: str) -> Bank | None:
    tree = read_tree(data, report)
    if tree is None:
        return None
    return read_bank(tree, Section(report), stem, refs, content_hash(data), path)


def _read_bank_file(path: Path, refs: References) -> tuple[Bank | None, list[Problem]]:
    report = Report(display_path(path))
    data = _read_bytes(path, report)
    bank = None if data is None else _bank_from_bytes(data, report, path.stem, refs, report.path)
    return bank, report.in_order()


def _bank_files(folder: Path) -> tuple[list[Path], list[Problem]]:
    banks, problems = [], []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file():
            continue
        if path.suffix == ".yml":
            problems.append(Problem(display_path(path), 1, 1, "yml_extension"))
        elif path.suffix == ".yaml" and path.name not in SHARED_FILES:
            banks.append(path)
    return banks, problems


@dataclass
class Checked:
    """The outcome of a check: every problem, the banks that passed, how many files were read."""

    problems: list[Problem] = field(default_factory=list)
    banks: list[Bank] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return errors_of(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings_of(self.problems)

    def add_banks(self, results) -> None:
        seen = {bank.id: bank.path for bank in self.banks}
        for bank, problems in results:
            self.files += 1
            self.problems.extend(problems)
            if bank is None:
                continue
            if seen.get(bank.id) == bank.path:
                continue  # the same file named twice, e.g. alone and inside its folder
            if bank.id in seen:
                params = {"value": bank.id, "other": seen[bank.id]}
                self.problems.append(Problem(bank.path, 1, 1, "duplicate_bank", params))
                continue
            seen[bank.id] = bank.path
            self.banks.append(bank)


def _check_folder(folder: Path, checked: Checked) -> Shared:
    shared = read_shared(folder)
    checked.problems.extend(shared.problems)
    checked.files += len(SHARED_FILES)
    paths, problems = _bank_files(folder)
    checked.problems.extend(problems)
    refs = shared.references
    checked.add_banks([_read_bank_file(path, refs) for path in paths])
    return shared


def load_catalogue(folder: str | Path) -> Catalogue:
    """The immutable catalogue of a quiz folder; raises CatalogueInvalid with every problem."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CatalogueInvalid([Problem(display_path(folder), 1, 1, "path_missing")])
    checked = Checked()
    shared = _check_folder(folder, checked)
    errors = errors_of(checked.problems)
    if errors:  # warnings never stop the catalogue from loading
        raise CatalogueInvalid(errors)
    if shared.themes is None or shared.misconceptions is None or shared.helplines is None:
        # A shared file is None only when missing or broken, which is an error reported just above.
        raise AssertionError("a shared file was not read, yet no error was reported")
    return Catalogue(shared.themes, shared.misconceptions, shared.helplines, tuple(checked.banks))


def check_paths(paths: list[Path]) -> Checked:
    """Every problem of the given folders and bank files, with how many files were read."""
    checked = Checked()
    shared_of: dict[Path, Shared] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            key = path.resolve()
            if key not in shared_of:
                shared_of[key] = _check_folder(path, checked)
            continue
        if not path.is_file():
            checked.problems.append(Problem(display_path(path), 1, 1, "path_missing"))
            continue
        if path.suffix != ".yaml":
            checked.problems.append(Problem(display_path(path), 1, 1, "not_a_bank_file"))
            continue
        folder = path.parent.resolve()
        if folder not in shared_of:
            shared_of[folder] = read_shared(path.parent)
            checked.problems.extend(shared_of[folder].problems)
            checked.files += len(SHARED_FILES)
        if path.name in SHARED_FILES:
            continue  # checked with its folder's shared files just above
        checked.add_banks([_read_bank_file(path, shared_of[folder].references)])
    return _without_repeats(checked)


def _without_repeats(checked: Checked) -> Checked:
    # A bank named twice (as a file and inside its folder) is reported once.
    unique = list(dict.fromkeys(checked.problems))
    checked.problems = unique
    return checked


def validate_paths(paths: list[Path]) -> list[Problem]:
    """Every problem of the given folders and bank files, errors and warnings (see Problem.severity)."""
    return check_paths(paths).problems
