"""What can go wrong with quiz content, and with a student's answer to it.

A `Problem` is one mistake in one file, at one line and column, told in a sentence the
author can act on. The loader collects every problem of every file before it gives up,
so an author fixes a bank in one pass instead of one error at a time.
`CatalogueInvalid` carries them all. A problem is an error (the bank is refused) or a
warning (a quality check: the bank is served, and its author should look again).
`InvalidResponse` is different: it means a response that does not fit its question (an
unknown choice id, a list where a dict belongs...), which the app rejects instead of
scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from app.quizbank.messages import format_message, severity_word

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    params: Mapping = field(default_factory=lambda: MappingProxyType({}))
    severity: str = ERROR

    def __post_init__(self):
        # Frozen means frozen all the way down: nobody edits a problem after it is found.
        if not isinstance(self.params, MappingProxyType):
            object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    def __hash__(self):
        return hash((self.path, self.line, self.col, self.code, tuple(sorted(self.params.items(), key=str)), self.severity))

    @property
    def is_warning(self) -> bool:
        return self.severity == WARNING

    def message(self, lang: str = "id") -> str:
        """`path:line:col: what is wrong and what to do`, in Indonesian or English.

        A warning says so after the place: `path:line:col: warning: ...`.
        """
        label = f"{severity_word(self.severity, lang)}: " if self.is_warning else ""
        return f"{self.path}:{self.line}:{self.col}: {label}{format_message(self.code, self.params, lang)}"


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if not problem.is_warning]


def warnings_of(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_warning]


class CatalogueInvalid(Exception):
    """The quiz folder has mistakes; `problems` lists every one of them, in file order."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__(self.report())

    def report(self, lang: str = "id") -> str:
        return "\n".join(problem.message(lang) for problem in self.problems)


class InvalidResponse(ValueError):
    """A response that does not fit its question: never scored, never stored."""

    def __init__(self, code: str, detail: str = ""):
        self.code = code
        super().__init__(f"{code}: {detail}" if detail else code)


class Report:
    """The problems found in one file so far.

    Capped, so that a file of ten thousand aliases yields a readable list, not a flood.
    """

    LIMIT = 200

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []

    def add(self, line: int, col: int, code: str, **params) -> None:
        """An error: the file is refused."""
        self._append(line, col, code, params, ERROR)

    def warn(self, line: int, col: int, code: str, **params) -> None:
        """A warning: the file is served, its author should look again."""
        self._append(line, col, code, params, WARNING)

    def _append(self, line: int, col: int, code: str, params: dict, severity: str) -> None:
        if len(self.problems) > self.LIMIT:
            return
        if len(self.problems) == self.LIMIT:
            # Warnings come only once a file has no error: a flood of them refuses nothing.
            self.problems.append(Problem(self.path, line, col, "too_many_problems", {"limit": self.LIMIT}, severity))
            return
        self.problems.append(Problem(self.path, line, col, code, params, severity))

    def in_order(self) -> list[Problem]:
        """Top to bottom, as the author reads the file."""
        return sorted(self.problems, key=lambda p: (p.line, p.col))

    @property
    def ok(self) -> bool:
        """No error so far (warnings do not count)."""
        return not any(not problem.is_warning for problem in self.problems)
