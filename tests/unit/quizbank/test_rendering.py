"""Quiz text becomes safe HTML: the small Markdown subset survives, nothing else does."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from app.quizbank import render_inline, render_markdown


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Kamu *tidak* salah", "<p>Kamu <em>tidak</em> salah</p>"),
        ("**Jangan** bayar", "<p><strong>Jangan</strong> bayar</p>"),
        ("satu\ndua", "<p>satu<br>\ndua</p>"),
        ("- simpan bukti\n- blokir", "<ul>\n<li>simpan bukti</li>\n<li>blokir</li>\n</ul>"),
        ("1. simpan\n2. lapor", "<ol>\n<li>simpan</li>\n<li>lapor</li>\n</ol>"),
        ("[SAPA](tel:129)", '<p><a href="tel:129" rel="noopener noreferrer">SAPA</a></p>'),
        ("[x](https://aduankonten.id)", '<p><a href="https://aduankonten.id" rel="noopener noreferrer">x</a></p>'),
        ("[m](mailto:a@kpai.go.id)", '<p><a href="mailto:a@kpai.go.id" rel="noopener noreferrer">m</a></p>'),
    ],
)
def test_the_subset_renders(text, html):
    assert render_markdown(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[x](javascript:alert(1))",
        "[x](JAVASCRIPT:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](http://example.com)",
        "![x](https://example.com/a.png)",
        '<a href="https://x.id" onclick="evil()">x</a>',
        "<iframe src='https://x.id'></iframe>",
        "# heading\n\n```\ncode\n```",
    ],
)
def test_nothing_else_survives(text):
    for html in (render_markdown(text), render_inline(text)):
        for tag, attrs in _elements(html):
            assert tag in {"p", "br", "em", "strong", "ul", "ol", "li", "a"}, html
            for name, value in attrs:
                assert name in {"href", "rel", "start"}, html
                if name == "href":
                    assert value.startswith(("https:", "tel:", "mailto:")), html


def _elements(html: str) -> list[tuple[str, list]]:
    """Every element the browser would build from `html`."""
    found = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collect().feed(html)
    return found


def test_inline_rendering_has_no_paragraph():
    assert render_inline("Tolak *dan* cerita\nke orang tua") == "Tolak <em>dan</em> cerita<br>\nke orang tua"


def test_output_is_markup_so_templates_do_not_escape_it_twice():
    assert hasattr(render_markdown("x"), "__html__")
