"""A module's lesson notes for staff: the teacher's guide in docs/lessons/, cut into its sections.

Each note (``<module id>.md``, else ``<theme>.md``) holds an Indonesian half under
"## Bahasa Indonesia" and an English half under "## English", each made of "###"
sections: the goals, what the module covers, how to run the lesson, the discussion
questions, what to do when a student discloses, the letters to parents. The preview
shows every section of the chosen language; the teacher's copy prints the discussion
questions. The Markdown is the authors' own, but it is still made safe: markdown-it
without raw HTML or images, then nh3, with links kept only to https, tel and mailto
(a link to another note of the folder becomes plain text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nh3
from flask import current_app
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.quizbank import Bank

LANGUAGE_HEADINGS = {"id": "bahasa indonesia", "en": "english"}
DISCUSSION_WORDS = {"id": "diskusi", "en": "discussion"}
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_RENDER = MarkdownIt("commonmark", {"html": False}).disable(["image", "html_block", "html_inline"])
_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "h4", "h5", "a"}
_LINK_SCHEMES = ("https:", "tel:", "mailto:")


@dataclass(frozen=True)
class NoteSection:
    title: str
    html: Markup
    discussion: bool  # the discussion questions, which the teacher's copy prints


def notes_folder() -> Path:
    configured = current_app.config.get("LESSON_NOTES_FOLDER")
    return Path(configured) if configured else Path(current_app.root_path).parent / "docs" / "lessons"


def split_sections(markdown: str, locale: str) -> list[tuple[str, str]]:
    """The "###" sections of the ``locale`` half of a note, as (title, Markdown body)."""
    in_language = False
    sections: list[tuple[str, list[str]]] = []
    for line in markdown.splitlines():
        heading = _HEADING.match(line)
        level = len(heading.group(1)) if heading else 0
        if heading and level <= 2:
            in_language = level == 2 and LANGUAGE_HEADINGS[locale] in heading.group(2).casefold()
            continue
        if not in_language:
            continue
        if heading and level == 3:
            sections.append((heading.group(2), []))
        elif sections:
            sections[-1][1].append(line)
    return [(title, "\n".join(body).strip()) for title, body in sections if "\n".join(body).strip()]


def _keep_safe_links(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if value.strip().lower().startswith(_LINK_SCHEMES) else None
    return value


def render_note(markdown: str) -> Markup:
    html = nh3.clean(
        _RENDER.render(markdown),
        tags=_TAGS,
        attributes={"a": {"href"}, "ol": {"start"}},
        attribute_filter=_keep_safe_links,
        link_rel="noopener noreferrer",
    )
    return Markup(html)  # noqa: S704 - nh3 has just sanitised it


@lru_cache(maxsize=64)
def _sections(path: str, mtime: float, locale: str) -> tuple[NoteSection, ...]:
    markdown = Path(path).read_text(encoding="utf-8")
    return tuple(
        NoteSection(title=title, html=render_note(body), discussion=DISCUSSION_WORDS[locale] in title.casefold())
        for title, body in split_sections(markdown, locale)
    )


def lesson_notes(bank: Bank, locale: str, folder: Path | None = None) -> tuple[NoteSection, ...]:
    """The sections of the bank's note in ``locale`` (its module's note, else its theme's); () if none."""
    folder = folder or notes_folder()
    for stem in (bank.id, bank.theme):
        path = folder / f"{stem}.md"
        if path.is_file():
            sections = _sections(str(path), path.stat().st_mtime, locale)
            if sections:
                return sections
    return ()


def discussion_questions(sections: tuple[NoteSection, ...]) -> NoteSection | None:
    return next((section for section in sections if section.discussion), None)
