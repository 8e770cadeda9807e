"""Reading one part of a quiz file field by field, reporting every mistake on the way.

A `Section` knows its file's report and where it is in the file (question 'x', choice
'b'), so each problem names its place. Its readers return a Python value, or None
after reporting why there is none; they never raise, so one pass finds every mistake.
Types are decided here, not by YAML: only a plain `true`/`false` is a boolean, only a
plain decimal is a number, and anything else where a text belongs is the text written.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from app.quizbank.errors import Report
from app.quizbank.model import LOCALES, LocalText
from app.quizbank.rendering import markdown_problems
from app.quizbank.yamlsafe import Broken, Map, Node, Scalar, Seq

SCHEMA_VERSION = 1  # the only format version of quiz files this app reads
ID_PATTERN = re.compile(r"[a-z0-9-]+")
ID_MAX = 64
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")


def kind_of(node) -> str:
    if isinstance(node, Map):
        return "mapping"
    if isinstance(node, Seq):
        return "list"
    if node is None or (isinstance(node, Scalar) and node.is_null):
        return "nothing"
    return "text"


def shown(node) -> str:
    """How a wrong value is quoted back to its author."""
    if isinstance(node, Scalar):
        return node.value
    return "[...]" if isinstance(node, Seq) else "{...}"


class Section:
    def __init__(self, report: Report, where: tuple = ()):
        self.report = report
        self.where = where

    def inside(self, kind: str, ident) -> Section:
        return Section(self.report, (*self.where, (kind, ident)))

    def add(self, node, code: str, **params) -> None:
        if self.where:
            params["where"] = self.where
        self.report.add(node.line, node.col, code, **params)

    def warn(self, node, code: str, **params) -> None:
        if self.where:
            params["where"] = self.where
        self.report.warn(node.line, node.col, code, **params)

    # --- mappings ---------------------------------------------------------------------
    def fields(
        self,
        node,
        name: str,
        required: Iterable[str],
        optional: Iterable[str] = (),
        foreign: Iterable[str] = (),
        type_name: str | None = None,
    ) -> dict | None:
        """The present, non-empty fields of a mapping, by name; reports unknown and missing ones."""
        if isinstance(node, Broken):
            return None
        if not isinstance(node, Map):
            self.add(node, "expected_mapping", field=name, found=kind_of(node))
            return None
        required, optional, foreign = tuple(required), tuple(optional), tuple(foreign)
        known = required + optional
        values = {}
        for key, (key_node, value) in node.entries.items():
            if key not in known:
                self._unknown(key_node, key, known, foreign, type_name)
            elif isinstance(value, Scalar) and value.is_null:
                if key in required:
                    self.add(value if value.value else key_node, "empty_value", key=key)
            else:
                values[key] = value
        for key in required:
            if key not in node.entries:
                self.add(node, "missing_key", key=key)
        return values

    def _unknown(self, key_node, key, known, foreign, type_name):
        if key in foreign:
            self.add(key_node, "field_not_for_type", key=key, type=type_name)
            return
        hint = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if hint:
            self.add(key_node, "unknown_key_hint", key=key, hint=hint[0])
        else:
            self.add(key_node, "unknown_key", key=key)

    # --- scalars ----------------------------------------------------------------------
    def string(self, node, name: str) -> str | None:
        if node is None or isinstance(node, Broken):
            return None
        if not isinstance(node, Scalar):
            self.add(node, "expected_text", field=name, found=kind_of(node))
            return None
        return node.value

    def ident(self, node, name: str) -> str | None:
        value = self.string(node, name)
        if value is None:
            return None
        if not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX:
            self.add(node, "bad_id", field=name, value=value, max=ID_MAX)
            return None
        return value

    def boolean(self, node, name: str) -> bool | None:
        if node is None or isinstance(node, Broken):
            return None
        if isinstance(node, Scalar) and node.plain and node.value in ("true", "false"):
            return node.value == "true"
        self.add(node, "expected_bool", field=name, value=shown(node))
        return None

    def integer(self, node, name: str, low: int, high: int) -> int | None:
        if node is None or isinstance(node, Broken):
            return None
        if not (isinstance(node, Scalar) and node.plain and _INT.fullmatch(node.value)):
            self.add(node, "expected_int", field=name, value=shown(node))
            return None
        value = int(node.value)
        if not low <= value <= high:
            self.add(node, "int_range", field=name, value=value, min=low, max=high)
            return None
        return value

    def one_of(self, node, name: str, allowed: Iterable[str]) -> str | None:
        value = self.string(node, name)
        allowed = tuple(allowed)
        if value is not None and value not in allowed:
            self.add(node, "not_one_of", field=name, value=value, allowed=", ".join(allowed))
            return None
        return value

    def schema(self, node) -> None:
        value = self.integer(node, "schema", -(10**9), 10**9)
        if value is not None and value != SCHEMA_VERSION:
            self.add(node, "schema_version", value=value)

    # --- lists ------------------------------------------------------------------------
    def seq(self, node, name: str) -> tuple | None:
        if node is None or isinstance(node, Broken):
            return None
        if not isinstance(node, Seq):
            self.add(node, "expected_list", field=name, found=kind_of(node))
            return None
        return node.items

    def count(self, node, items: tuple, name: str, low: int, high: int | None = None, type_name: str | None = None) -> None:
        found = len(items)
        if low <= found and (high is None or found <= high):
            return
        if high is None:
            self.add(node, "too_few", field=name, min=low, found=found)
        elif type_name:
            self.add(node, "type_count_range", type=type_name, field=name, min=low, max=high, found=found)
        else:
            self.add(node, "count_range", field=name, min=low, max=high, found=found)

    def unique(self, named: Iterable[tuple[str | None, Node]]) -> None:
        """Report every id already used earlier in the same list."""
        first: dict[str, int] = {}
        for ident, node in named:
            if ident is None:
                continue
            if ident in first:
                self.add(node, "duplicate_id", value=ident, first_line=first[ident])
            else:
                first[ident] = node.line

    # --- localised text ---------------------------------------------------------------
    def text(self, node, name: str) -> LocalText | None:
        if node is None or isinstance(node, Broken):
            return None
        if not isinstance(node, Map):
            self.add(node, "expected_local_text", field=name)
            return None
        texts = {}
        for locale, (key_node, value) in node.entries.items():
            if locale not in LOCALES:
                self.add(key_node, "unknown_locale", field=name, locale=locale, allowed=", ".join(LOCALES))
                continue
            if isinstance(value, Broken):
                continue
            if not isinstance(value, Scalar):
                self.add(value, "expected_text", field=f"{name}.{locale}", found=kind_of(value))
                continue
            content = "" if value.is_null else value.value.strip()
            if not content:
                self.add(value if value.value else key_node, "empty_locale", field=name, locale=locale)
                continue
            for code, params in markdown_problems(content):
                self.add(value, code, field=name, locale=locale, **params)
            texts[locale] = content
        for locale in LOCALES:
            if locale not in node.entries:
                self.add(node, "missing_locale", field=name, locale=locale)
        return LocalText(texts) if len(texts) == len(LOCALES) else None
