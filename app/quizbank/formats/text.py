"""A bank text as Moodle wants it: safe HTML for Moodle XML, plain text for GIFT and Aiken.

Both start from the quizbank's own safe renderer (`render_markdown`, `render_inline`), so
an export can never carry more than a student's page does. Plain text is that HTML read
back as a reader would say it: paragraphs apart, list items on lines of their own with
"- " or "1. ", a link as "label (address)", emphasis dropped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from app.quizbank.rendering import render_inline, render_markdown

_SCHEMES_SHOWN_BARE = ("tel:", "mailto:")
_SPACES = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")


def block_html(text: str) -> str:
    """Paragraphs, lists, line breaks and links, as the student sees them."""
    return str(render_markdown(text))


def inline_html(text: str) -> str:
    """One line of HTML without <p>: a choice, an item, a chat bubble."""
    return str(render_inline(text))


def plain_text(text: str) -> str:
    """The text without markup; paragraphs separated by a blank line."""
    reader = _TextReader()
    reader.feed(block_html(text))
    reader.close()
    return reader.result()


def one_line(text: str) -> str:
    """The plain text on a single line (Aiken has one line per question and per choice)."""
    return " ".join(plain_text(text).split())


class _TextReader(HTMLParser):
    """Reads the few tags the safe renderer can produce (p, br, em, strong, ul, ol, li, a)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._lists: list[list] = []  # per open list: [ordered, next number]
        self._link: tuple[str, int] | None = None  # href, where its label starts in _out

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "p":
            self._break(2)
        elif tag == "br":
            self._out.append("\n")
        elif tag in ("ul", "ol"):
            self._break(2 if not self._lists else 1)
            self._lists.append([tag == "ol", int(attributes.get("start") or 1)])
        elif tag == "li":
            self._break(1)
            indent = "  " * (len(self._lists) - 1)
            if self._lists and self._lists[-1][0]:
                self._out.append(f"{indent}{self._lists[-1][1]}. ")
                self._lists[-1][1] += 1
            else:
                self._out.append(f"{indent}- ")
        elif tag == "a":
            self._link = (attributes.get("href") or "", len(self._out))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self._lists:
            self._lists.pop()
            self._break(2 if not self._lists else 1)
        elif tag == "p":
            self._break(2)
        elif tag == "a" and self._link is not None:
            href, start = self._link
            self._link = None
            label = "".join(self._out[start:]).strip()
            target = href
            for scheme in _SCHEMES_SHOWN_BARE:
                if href.lower().startswith(scheme):
                    target = href[len(scheme) :]
            if href and label not in (href, target):
                self._out.append(f" ({target})")

    def handle_data(self, data):
        data = _SPACES.sub(" ", data)  # in HTML a newline between tags is only a space
        if not self._out or "".join(self._out[-1:]).endswith("\n"):
            data = data.lstrip(" ")
        if data:
            self._out.append(data)

    def _break(self, newlines: int) -> None:
        text = "".join(self._out)
        if not text.strip():
            self._out = []
            return
        stripped = text.rstrip(" ")
        have = len(stripped) - len(stripped.rstrip("\n"))
        self._out = [stripped + "\n" * max(0, newlines - have)]

    def result(self) -> str:
        lines = [line.rstrip() for line in "".join(self._out).strip().split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines))


def shortened(text: str, limit: int = 60) -> str:
    """The start of a text, cut at a word, for a question's name in Moodle's question bank."""
    words = one_line(text)
    if len(words) <= limit:
        return words
    cut = words[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:") + "…"
