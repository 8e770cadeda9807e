"""The letters to parents, taken from the lesson notes in docs/lessons/.

Each note (``<module id>.md``, else ``<theme>.md``) is written in Indonesian, then
English, under the headings "## Bahasa Indonesia" and "## English"; the letter is
the "###" section whose heading speaks of a letter ("Surat ...", "... letter ...").
It is quoted Markdown: the quote marks are dropped and the text is rendered with a
small, sanitised Markdown renderer (no raw HTML).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import nh3
from flask import current_app
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.quizbank import Bank

LANGUAGE_HEADINGS = {"id": "bahasa indonesia", "en": "english"}
LETTER_WORDS = {"id": ("surat",), "en": ("letter",)}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_RENDER = MarkdownIt("commonmark", {"html": False}).disable(["image", "html_block", "html_inline"])


def notes_folder() -> Path:
    configured = current_app.config.get("LESSON_NOTES_FOLDER")
    return Path(configured) if configured else Path(current_app.root_path).parent / "docs" / "lessons"


def parents_letter(markdown: str, locale: str) -> str | None:
    """The letter section of a lesson note in ``locale``, as Markdown without quote marks."""
    in_language = False
    collecting = False
    lines: list[str] = []
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), heading.group(2).casefold()
            if collecting and level <= 3:
                break
            if level == 2:
                in_language = LANGUAGE_HEADINGS[locale] in title
            elif level == 3 and in_language and any(word in title for word in LETTER_WORDS[locale]):
                collecting = True
            continue
        if collecting:
            if line.strip() == "---":
                break
            line = re.sub(r"^\s*>\s?", "", line)
            # "Hormat kami," / "Kind regards," keep the signature on its own line (a Markdown hard break).
            lines.append(line + "  " if line.endswith(",") and len(line) <= 30 else line)
    text = "\n".join(lines).strip()
    return text or None


def render_letter(markdown: str) -> Markup:
    html = nh3.clean(_RENDER.render(markdown), tags={"p", "br", "em", "strong", "ul", "ol", "li"}, attributes={})
    return Markup(html)  # noqa: S704 - nh3 has just sanitised it


@lru_cache(maxsize=64)
def _read(path: str, mtime: float) -> str:
    return Path(path).read_text(encoding="utf-8")


def letter_for(bank: Bank, locale: str, folder: Path | None = None) -> Markup | None:
    folder = folder or notes_folder()
    for stem in (bank.id, bank.theme):
        path = folder / f"{stem}.md"
        if path.is_file():
            letter = parents_letter(_read(str(path), path.stat().st_mtime), locale)
            if letter:
                return render_letter(letter)
    return None
