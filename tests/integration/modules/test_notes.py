"""Lesson notes as staff read them: the sections of one language, rendered safely."""

from __future__ import annotations

from app.modules.notes import discussion_questions, lesson_notes, split_sections
from tests.integration.modules.conftest import BANK, EN, text

NOTE = """# Judul / Title

An opening line for both languages.

## Bahasa Indonesia

### Tujuan

- satu

### Pertanyaan diskusi

1. Mengapa?

## English

### Goals

- one
- [the other note](README.md) and [a help line](https://example.org/help)

#### A smaller heading

### Discussion questions

1. Why?

### Letter to parents

> Dear parents,
> <script>alert("x")</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))
"""


def test_a_note_is_cut_into_the_sections_of_one_language():
    english = split_sections(NOTE, "en")
    assert [title for title, _body in english] == ["Goals", "Discussion questions", "Letter to parents"]
    assert [title for title, _body in split_sections(NOTE, "id")] == ["Tujuan", "Pertanyaan diskusi"]
    assert "#### A smaller heading" in english[0][1]


def test_the_notes_are_rendered_without_scripts_images_or_unsafe_links(app, tmp_path):
    (tmp_path / "basics.md").write_text(NOTE, encoding="utf-8")
    sections = lesson_notes(app.extensions["waspada.catalogue"].get(BANK), "en", folder=tmp_path)
    html = "".join(section.html for section in sections)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as the text it is, never run
    assert 'href="https://example.org/help"' in html and 'href="README.md"' not in html and "the other note" in html
    assert "<h4>A smaller heading</h4>" in html and "<blockquote>" in html
    assert discussion_questions(sections).title == "Discussion questions"


def test_a_module_without_notes_says_so(app, teacher, tmp_path):
    app.config["LESSON_NOTES_FOLDER"] = str(tmp_path)
    try:
        page = text(teacher.get(f"/modules/{BANK}", headers=EN))
        copy = text(teacher.get(f"/modules/{BANK}/teacher-copy", headers=EN))
    finally:
        del app.config["LESSON_NOTES_FOLDER"]
    assert "This module has no lesson notes yet." in page
    assert "This module has no discussion questions in its lesson notes yet." in copy
