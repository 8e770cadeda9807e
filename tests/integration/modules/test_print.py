"""A module on paper: a worksheet with no names and no answers, and a teacher's copy with the key, in either language."""

from __future__ import annotations

import re

from tests.integration.modules.conftest import BANK, EN, text


def sheet(page: str) -> str:
    """The printed sheet itself, without the tools above it and the site's menus."""
    return page.split('<article class="sheet', 1)[1].split("</article>", 1)[0]


def test_the_worksheet_has_every_question_and_no_answer(teacher, catalogue):
    bank = catalogue.get(BANK)
    page = sheet(text(teacher.get(f"/modules/{BANK}/worksheet", headers=EN)))
    for question in bank.questions:
        assert question.prompt["en"] in page
        assert question.explanation["en"] not in page
    for marker in ("right answer", "✓", "⚑", "Reveals", "Explanation", "Not only strangers.", "Key safety item"):
        assert marker not in page, marker
    assert "Do not write your name on this sheet." in page and "name=" not in page  # nothing to fill in but boxes


def test_chats_are_laid_out_as_chats_and_order_items_have_boxes_to_number(teacher, catalogue):
    page = sheet(text(teacher.get(f"/modules/{BANK}/worksheet", headers=EN)))
    chat = page.split('class="sheet-chat"', 1)[1].split("</ol>", 1)[0]
    assert chat.count('class="sheet-bubble them"') == 2 and chat.count('class="sheet-bubble me"') == 1
    assert "Rey" in chat and chat.count('class="box"') == 3  # a box to tick by every message
    steps = page.split('class="sheet-order"', 1)[1].split("</ul>", 1)[0]
    assert steps.count('class="box number-box"') == len(catalogue.get(BANK).question("steps").items)
    assert "Number the boxes: 1 comes first." in page


def test_the_teacher_copy_has_the_key_with_the_worksheets_letters_and_the_discussion_questions(teacher, catalogue):
    worksheet = sheet(text(teacher.get(f"/modules/{BANK}/worksheet", headers=EN)))
    copy = sheet(text(teacher.get(f"/modules/{BANK}/teacher-copy", headers=EN)))
    question = catalogue.get(BANK).question("who-does-it")
    right = next(choice for choice in question.choices if choice.correct).text["en"]
    on_sheet = re.search(r'choice-letter">([A-J])\.</span> <span>' + re.escape(right), worksheet).group(1)
    assert re.search(r'choice-letter">' + on_sheet + r"\.</span> " + re.escape(right) + r"\s*<span class=\"mark\">✓", copy)
    for question in catalogue.get(BANK).questions:
        assert question.explanation["en"] in copy
    assert "believes only strangers do this" in copy and "A gift plus a secret is the grooming pattern." in copy
    assert "Discussion questions" in copy  # from docs/lessons/basics.md, the note of the bank's theme


def test_each_copy_prints_wholly_in_the_language_asked_for(teacher):
    indonesian = text(teacher.get(f"/modules/{BANK}/worksheet?lang=id", headers=EN))
    assert '<html lang="id">' in indonesian and "Siapa yang bisa menjadi pelaku?" in sheet(indonesian)
    assert "Who can be an offender?" not in sheet(indonesian)
    english = text(teacher.get(f"/modules/{BANK}/teacher-copy?lang=en", headers=EN))
    assert '<html lang="en">' in english and "An offender can be anyone." in sheet(english)
    assert f'href="/modules/{BANK}/teacher-copy?lang=id"' in english  # the switch to the other language


def test_printed_pages_use_the_print_stylesheet(teacher):
    for copy in ("worksheet", "teacher-copy"):
        assert "/static/css/print.css" in text(teacher.get(f"/modules/{BANK}/{copy}"))
