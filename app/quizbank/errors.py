"""What can go wrong with quiz content, and with a student's answer to it.

A `Problem` is one mistake in one file, at one line and column, told in a sentence the
author can act on. The loader collects every problem of every file before it gives up,
so an author fixes a bank in one pass instead of one error at a time.
`CatalogueInvalid` carries them all. `InvalidResponse` is different: it means a response
that does not fit its question (an unknown choice id, a list where a dict belongs...),
which the app rejects instead of scoring.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from app.quizbank.messages import format_message


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    params: Mapping = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self):
        # Frozen means frozen all the way down: nobody edits a problem after it is found.
        if not isinstance(self.params, MappingProxyType):
            object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __hash__(self):
        return hash((self.path, self.line, self.col, self.code, tuple(sorted(self.params.items(), key=str))))

    def message(self, lang: str = "id") -> str:
        """`path:line:col: what is wrong and what to do`, in Indonesian or English."""
        return f"{self.path}:{self.line}:{self.col}: {format_message(self.code, self.params, lang)}"


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
        if len(self.problems) > self.LIMIT:
            return
        if len(self.problems) == self.LIMIT:
            self.problems.append(Problem(self.path, line, col, "too_many_problems", {"limit": self.LIMIT}))
            return
        self.problems.append(Problem(self.path, line, col, code, params))

    def in_order(self) -> list[Problem]:
        """Top to bottom, as the author reads the file."""
        return sorted(self.problems, key=lambda p: (p.line, p.col))

    @property
    def ok(self) -> bool:
        return not self.problems
