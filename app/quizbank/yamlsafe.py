"""Reading YAML the strict way: plain data, every node with its line and column.

`yaml.safe_load` is not enough for files written by hand: `no` turns into false, `1.10`
into 1.1, a duplicated key silently wins, an alias bomb expands into gigabytes, and deep
nesting ends in RecursionError. So we never let a YAML library build Python values.
We read ruamel.yaml's *event stream* (a flat sequence of "mapping starts", "scalar",
"sequence ends"...) and build a small tree ourselves, iteratively:

* scalars stay the exact text the author wrote (plus whether it was quoted); the schema
  decides later what a boolean or a number is, so `answer: no` can be reported as such;
* tags, anchors, aliases, directives, duplicate keys and tabs are refused, with a place;
* nesting deeper than MAX_DEPTH stops the reader at once, so 10,000 brackets cost nothing;
* size and UTF-8 are checked on the raw bytes, before any parsing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from ruamel.yaml import events as ev
from ruamel.yaml.error import YAMLError

from app.quizbank.errors import Report


class _PureParser:
    """ruamel.yaml's own Python parser, with the one method we use of libyaml's: get_event.

    `YAML.parse` yields the events of the pure-Python reader, scanner and parser (it is
    iterative, like libyaml's). Used where the C extension is missing (some platforms,
    some Python versions): slower, the same events.
    """

    __slots__ = ("_events",)

    def __init__(self, text: str):
        from ruamel.yaml.main import YAML

        self._events = YAML(typ="safe", pure=True).parse(text)

    def get_event(self):
        return next(self._events)


def _choose_parser():
    """libyaml's parser when it can be imported (fast, not recursive either), else the pure one."""
    try:
        from ruamel.yaml.cyaml import CParser
    except ImportError:
        return _PureParser
    return CParser


_Parser = _choose_parser()


MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
_NULLS = ("", "~", "null")


@dataclass(frozen=True, slots=True)
class Scalar:
    value: str
    plain: bool  # written without quotes or block markers: only then can it be true/false/3
    line: int
    col: int

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS


@dataclass(frozen=True, slots=True)
class Map:
    entries: dict[str, tuple[Scalar, Node]]  # key text -> (key Scalar, value node), in file order
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Node, ...]
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Broken:
    """A node already reported (a tag, an alias): the schema skips it without a word."""

    line: int
    col: int


Node: TypeAlias = Scalar | Map | Seq | Broken


def decode(data: bytes, report: Report) -> str | None:
    """Size limit and strict UTF-8, before a parser ever sees the bytes."""
    if len(data) > MAX_BYTES:
        report.add(1, 1, "file_too_large", size_kib=-(-len(data) // 1024), limit_kib=MAX_BYTES // 1024)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        report.add(line, col, "not_utf8", byte=f"{data[err.start]:02x}")
        return None
    return text.removeprefix("\ufeff")


def find_tabs(text: str, report: Report) -> bool:
    """Report every line holding a tab; True when there was one."""
    found = False
    for number, line in enumerate(text.split("\n"), start=1):
        if "\t" in line:
            report.add(number, line.index("\t") + 1, "tab_character")
            found = True
    return found


def read_tree(data: bytes, report: Report) -> Node | None:
    """The file's node tree, or None when it cannot be read at all (the report says why)."""
    text = decode(data, report)
    if text is None or find_tabs(text, report):
        return None
    if not text.strip():
        report.add(1, 1, "empty_file")
        return None
    try:
        tree = _build(_Parser(text), report)
        if tree is None and report.ok:  # only comments: no document at all
            report.add(1, 1, "empty_file")
        return tree
    except YAMLError as err:
        line, col, detail = _error_place(err, text)
        report.add(line, col, "yaml_syntax", detail=detail)
    except Exception as err:  # noqa: BLE001 - a parser bug must not crash start-up
        report.add(1, 1, "yaml_syntax", detail=type(err).__name__)
    return None


def _error_place(err: YAMLError, text: str) -> tuple[int, int, str]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    detail = getattr(err, "problem", None) or getattr(err, "reason", None) or str(err).split("\n")[0]
    if mark is not None:
        return mark.line + 1, mark.column + 1, detail
    position = getattr(err, "position", None)
    if isinstance(position, int):
        before = text[: max(0, position)]
        return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1, detail
    return 1, 1, detail


def _place(event) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


class _Frame:
    """A mapping or sequence being read: its place, its children so far, a key waiting."""

    __slots__ = ("is_map", "line", "col", "children", "broken", "key", "has_key")

    def __init__(self, is_map: bool, line: int, col: int, broken: bool):
        self.is_map, self.line, self.col, self.broken = is_map, line, col, broken
        # a mapping's entries (key text -> (key Scalar, value node)) or a sequence's items
        self.children: dict[str, tuple[Scalar, Node]] | list[Node] = {} if is_map else []
        self.key: Node | None = None
        self.has_key = False


def _build(parser, report: Report) -> Node | None:
    stack: list[_Frame] = []
    root: Node | None = None
    documents = 0
    node: Node
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is ev.ScalarEvent:
            line, col = _place(event)
            plain = event.style in (None, "")
            node = Scalar(event.value, plain, line, col)
            if _refused(event, line, col, report):
                node = Broken(line, col)
            root = _attach(stack, node, report, root)
        elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
            line, col = _place(event)
            if len(stack) >= MAX_DEPTH:
                report.add(line, col, "too_deep", limit=MAX_DEPTH)
                return None
            broken = _refused(event, line, col, report)
            stack.append(_Frame(kind is ev.MappingStartEvent, line, col, broken))
        elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
            frame = stack.pop()
            if frame.broken:
                node = Broken(frame.line, frame.col)
            elif isinstance(frame.children, dict):  # a mapping's frame (is_map)
                node = Map(frame.children, frame.line, frame.col)
            else:
                node = Seq(tuple(frame.children), frame.line, frame.col)
            root = _attach(stack, node, report, root)
        elif kind is ev.AliasEvent:
            line, col = _place(event)
            report.add(line, col, "alias_not_allowed", alias=event.anchor)
            root = _attach(stack, Broken(line, col), report, root)
        elif kind is ev.DocumentStartEvent:
            documents += 1
            line, col = _place(event)
            if documents > 1:
                report.add(line, col, "multiple_documents")
                return root
            if event.version or event.tags:
                report.add(line, col, "directive_not_allowed")
        elif kind is ev.StreamEndEvent:
            return root


def _refused(event, line: int, col: int, report: Report) -> bool:
    """Anchors are reported (the node stays); a tag makes the node Broken."""
    if event.anchor is not None:
        report.add(line, col, "anchor_not_allowed", anchor=event.anchor)
    if event.tag is not None:
        report.add(line, col, "tag_not_allowed", tag=event.tag.replace("tag:yaml.org,2002:", "!!"))
        return True
    return False


def _attach(stack: list[_Frame], node: Node, report: Report, root: Node | None) -> Node | None:
    if not stack:
        return node
    frame = stack[-1]
    children = frame.children
    if isinstance(children, list):  # a sequence's frame (not is_map)
        children.append(node)
        return root
    if not frame.has_key:
        frame.key, frame.has_key = node, True
        return root
    key = frame.key
    frame.key, frame.has_key = None, False
    assert key is not None, "has_key is set only together with a key node"
    if isinstance(key, Broken):
        return root
    if not isinstance(key, Scalar):
        report.add(key.line, key.col, "complex_key")
        return root
    first = children.get(key.value)
    if first is not None:
        report.add(key.line, key.col, "duplicate_key", key=key.value, first_line=first[0].line)
        return root
    children[key.value] = (key, node)
    return root
