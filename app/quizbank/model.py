"""The quiz content as the app sees it: themes, help lines, banks, questions.

Everything here is immutable (frozen dataclasses, tuples, read-only mappings): the
catalogue is built once at start-up and shared by every request, so nobody may change
a question under a student's feet. Texts are `LocalText`, one string per locale.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

LOCALES = ("id", "en")
BANDS = ("sd", "smp", "sma")
QUESTION_TYPES = ("single", "multiple", "true_false", "order", "chat", "reflection")


class LocalText(Mapping[str, str]):
    """A text in every supported locale; `get_text` falls back to Indonesian."""

    __slots__ = ("_texts",)
    _texts: dict[str, str]

    def __init__(self, texts: Mapping[str, str]):
        object.__setattr__(self, "_texts", dict(texts))

    def __setattr__(self, name, value):
        raise AttributeError("LocalText is immutable")

    def __getitem__(self, locale: str) -> str:
        return self._texts[locale]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts.items()))

    def __repr__(self) -> str:
        return f"LocalText({self._texts!r})"

    def __reduce__(self):  # copy and pickle rebuild it through __init__, never by setting attributes
        return (LocalText, (self._texts,))

    def get_text(self, locale: str) -> str:
        return self._texts.get(locale) or self._texts.get("id", "")


@dataclass(frozen=True)
class Theme:
    key: str
    title: LocalText
    summary: LocalText
    sensitive: bool
    position: int


@dataclass(frozen=True)
class Misconception:
    key: str
    label: LocalText


@dataclass(frozen=True)
class HelplineContact:
    kind: str  # tel | https | whatsapp | mailto
    value: str  # the URL a link points to: "tel:129", "https://wa.me/628111129129"
    label: str  # what a student reads: "129", "0811-1129-129"


@dataclass(frozen=True)
class Helpline:
    key: str
    name: LocalText
    description: LocalText
    contacts: tuple[HelplineContact, ...]
    scope: str  # national | international
    verified: datetime.date


@dataclass(frozen=True)
class Choice:
    id: str
    text: LocalText
    correct: bool
    feedback: LocalText | None = None
    misconception: str | None = None
    concern: bool = False  # picking it says the student might do something unsafe (pay, send, keep the secret)


@dataclass(frozen=True)
class Item:
    """One step of an `order` question; a question lists its items in the correct order."""

    id: str
    text: LocalText


@dataclass(frozen=True)
class Message:
    """One bubble of a `chat` question."""

    id: str
    from_: str  # them | me
    name: LocalText | None
    text: LocalText
    red_flag: bool
    why: LocalText | None = None
    misconception: str | None = None  # what missing this red flag reveals


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    key: bool
    prompt: LocalText
    explanation: LocalText
    choices: tuple[Choice, ...] = ()
    answer: bool | None = None
    items: tuple[Item, ...] = ()
    messages: tuple[Message, ...] = ()
    scale: str | None = None
    concern_if: bool | None = None  # true_false: the answer that is a concern

    @property
    def scored(self) -> bool:
        # Reflections are how a student feels: reported as class totals, never scored.
        return self.type != "reflection"


class Resource(NamedTuple):
    label: LocalText
    url: str


@dataclass(frozen=True)
class AlternativeQuestion:
    """A reflection question of an alternative activity: how much the student agrees (agree4).

    Never stored per student and never scored: the answers are the student's own.
    """

    id: str
    prompt: LocalText
    scale: str = "agree4"

    @property
    def type(self) -> str:
        return "reflection"


@dataclass(frozen=True)
class Alternative:
    """What a student who chose "Not now" on a sensitive module does instead.

    A short reading and one to three reflection questions on the same theme, kept
    general (online safety, whom to trust): the student is not left waiting, and looks
    busy with a module like everyone else.
    """

    title: LocalText
    reading: LocalText
    questions: tuple[AlternativeQuestion, ...]


@dataclass(frozen=True)
class Bank:
    id: str
    version: int
    theme: str
    audience: tuple[str, ...]
    minutes: int
    pass_percent: int
    title: LocalText
    summary: LocalText
    intro: LocalText | None
    content_note: LocalText | None
    resources: tuple[Resource, ...]
    questions: tuple[Question, ...]
    content_hash: str
    path: str
    alternative: Alternative | None = None  # for a student who leaves a sensitive module for now

    @cached_property
    def _by_id(self) -> dict[str, Question]:
        # A private index, not a field: equality, hashing and copies see only the content.
        return {q.id: q for q in self.questions}

    def question(self, qid: str) -> Question | None:
        return self._by_id.get(qid)

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)

    @property
    def opening_reflection(self) -> Question | None:
        """The reflection the module opens with ("before"), when it opens with one and has more to it.

        A class compares it with the closing reflection ("after"); a retry does not ask it again.
        """
        first = self.questions[0] if len(self.questions) > 1 else None
        return first if first is not None and first.type == "reflection" else None

    @property
    def closing_reflection(self) -> Question | None:
        """The reflection the module closes with ("after"), when it closes with one and has more to it."""
        last = self.questions[-1] if len(self.questions) > 1 else None
        return last if last is not None and last.type == "reflection" else None
