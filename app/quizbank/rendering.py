"""The small Markdown subset of quiz texts: checked when a bank loads, made safe when shown.

Authors may use *emphasis*, **strong**, lists, line breaks and links to `https:`,
`tel:` or `mailto:` (a help line is a tap away). Nothing else: raw HTML, images,
headings, code, quotes and other link schemes are refused by the validator
(`markdown_problems`), and the renderer, a deliberately tiny markdown-it-py followed by
nh3, would drop or escape them anyway. Two locks, because a child reads the output.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

LINK_SCHEMES = ("https:", "tel:", "mailto:")
_BLOCK_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a"}
_INLINE_TAGS = {"br", "em", "strong", "a"}
_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
_URL_SCHEMES = {scheme.rstrip(":") for scheme in LINK_SCHEMES}


def _link_allowed(url: str) -> bool:
    return url.strip().lower().startswith(LINK_SCHEMES)


class _LinksAllowed(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return _link_allowed(url)  # a refused link stays visible as plain text


class _AnyLink(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        return True


def _renderer() -> MarkdownIt:
    md = _LinksAllowed("zero", {"breaks": True, "html": False})
    md.enable(["emphasis", "list", "newline", "escape", "entity", "link", "autolink"])
    return md


def _checker() -> MarkdownIt:
    # Parses everything CommonMark knows, so that we can name what is not allowed.
    return _AnyLink("commonmark", {"html": True}).enable(["table", "strikethrough"])


_RENDER = _renderer()
_CHECK = _checker()


def _clean(html: str, tags: set[str]) -> Markup:
    safe = nh3.clean(html, tags=tags, attributes=_ATTRIBUTES, url_schemes=_URL_SCHEMES, link_rel="noopener noreferrer")
    return Markup(safe.strip())  # noqa: S704 - nh3 has just sanitised it


@lru_cache(maxsize=8192)
def render_markdown(text: str) -> Markup:
    """Safe HTML for a block of quiz text (paragraphs, lists, line breaks, links)."""
    return _clean(_RENDER.render(text), _BLOCK_TAGS)


@lru_cache(maxsize=8192)
def render_inline(text: str) -> Markup:
    """Safe HTML without the <p> wrapper, for a choice or a chat bubble."""
    return _clean(_RENDER.renderInline(text), _INLINE_TAGS)


# Text without any of these characters, on one line, can only hold emphasis: skip the parser.
_MAYBE_NOT_PLAIN = re.compile(r"[<\[`#>~|\n]|^\s{4}|^\s*[-*_=+](?:\s*[-*_=]){2,}\s*$")

_FORBIDDEN_BLOCKS = {
    "heading_open": "heading",
    "code_block": "code",
    "fence": "code",
    "blockquote_open": "quote",
    "hr": "rule",
    "table_open": "table",
}
_FORBIDDEN_INLINE = {"code_inline": "code", "s_open": "strikethrough"}


@lru_cache(maxsize=16384)
def markdown_problems(text: str) -> tuple[tuple[str, dict], ...]:
    """What in `text` falls outside the subset, as (message code, params) pairs."""
    if not _MAYBE_NOT_PLAIN.search(text):
        return ()
    found: list[tuple[str, dict]] = []
    lines = text.split("\n")
    for token in _CHECK.parse(text):
        if token.type == "html_block":
            found.append(("md_html", {"snippet": _snippet(token.content)}))
        elif token.type in _FORBIDDEN_BLOCKS:
            source = lines[token.map[0]] if token.map else token.content
            found.append(("md_not_allowed", {"what": _FORBIDDEN_BLOCKS[token.type], "snippet": _snippet(source)}))
        for child in token.children or ():
            found.extend(_inline_problem(child))
    first_of_each: dict[tuple[str, object], tuple[str, dict]] = {}
    for code, params in found:  # "<b>bold</b>" is one mistake, not two
        first_of_each.setdefault((code, params.get("what")), (code, params))
    return tuple(first_of_each.values())


def _inline_problem(token) -> list[tuple[str, dict]]:
    if token.type == "html_inline":
        return [("md_html", {"snippet": _snippet(token.content)})]
    if token.type == "image":
        return [("md_image", {})]
    if token.type == "link_open":
        href = str(token.attrGet("href") or "")
        if not _link_allowed(href):
            return [("md_link_scheme", {"url": _snippet(href)})]
    if token.type in _FORBIDDEN_INLINE:
        snippet = f"{token.markup}{token.content}{token.markup}" if token.content else token.markup
        return [("md_not_allowed", {"what": _FORBIDDEN_INLINE[token.type], "snippet": _snippet(snippet)})]
    return []


def _snippet(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
