"""Journey 7 of PRODUCT.md, its first half: a teacher previews a module and prints it, in Chromium.

The teacher finds "Recognising grooming" in the module library from the menu, goes
through every question as a student would (the answer key beside each one), sees the
results, and nothing is recorded. Then they print the student worksheet and, for an
English class, the teacher's copy: both pages are printed to PDF by Chromium (its own
Print to PDF, A4) and their text is read back. axe-core checks every page of the
library on a phone and on a school computer, in both languages.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from tests.browser.steps import AxeSweep, fill_answer, follow, send_answer, sign_in

PREVIEW_URL = re.compile(r"/modules/([^/]+)/preview/q/([^/?#]+)")
A4_POINTS = (595, 842)  # 210 x 297 mm


def teacher_in(locale: str) -> str:
    from app.models import Role
    from tests.factories import make_school, make_user

    return make_user(make_school(default_locale=locale), Role.TEACHER, locale=locale).username


def recorded_rows() -> tuple[int, int, int]:
    """Attempts, answers and audit events in the whole database: a preview adds none."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models import Answer, Attempt, AuditEvent

    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in (Attempt, Answer, AuditEvent))


def pdf_text(page) -> tuple[str, list]:
    """The page printed to PDF by Chromium on A4, as its text, and its pages."""
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    return "\n".join(sheet.extract_text() for sheet in reader.pages), reader.pages


def squeezed(text: str) -> str:
    """Text as a reader sees it: ligatures undone ("ﬁ" is "fi") and every run of white space one space,
    as a PDF breaks lines where the page does."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_a_teacher_previews_grooming_then_prints_the_worksheet_and_the_teachers_copy(open_page, live_server):
    username = live_server.seed(teacher_in, "id")
    catalogue = live_server.catalogue()
    bank = catalogue.get("grooming")
    base = live_server.url
    page = open_page(width=1280)
    sign_in(page, base, username, "correct horse battery staple")
    recorded_before = live_server.seed(recorded_rows)  # after signing in, which is audited
    follow(page, "nav a[href='/modules/']")
    page.select_option("#theme", "grooming")
    follow(page, "form.filters button[type=submit]")
    assert page.locator(".library-item").count() == len(catalogue.banks_for(theme="grooming"))
    follow(page, "a[href='/modules/grooming']")
    assert bank.title["id"] in page.locator("h1").inner_text()
    assert page.locator(".notes details").count() >= 5, "the lesson notes are beside the module"

    follow(page, "main a.button[href*='/preview/q/']")
    answered = set()
    while PREVIEW_URL.search(page.url):
        question = bank.question(PREVIEW_URL.search(page.url).group(2))
        key = page.locator(".key-details")
        assert not key.evaluate("node => node.open"), "the key waits until the teacher opens it"
        page.click(".key-details summary")
        assert page.locator(".key-details .explanation").is_visible()
        fill_answer(page, question)
        send_answer(page)
        assert page.url.endswith("/feedback"), page.url
        if question.scored:
            assert page.locator(".question .verdict-right").count() == 1, f"{question.id} was not marked right"
        assert page.locator(".key-panel .explanation").is_visible(), "after an answer the key is open"
        answered.add(question.type)
        follow(page, "main .actions a.button")
    assert answered == {question.type for question in bank.questions}, "every kind of question was gone through"
    assert page.url.endswith("/modules/grooming/preview/end")
    assert "100%" in page.locator(".score").inner_text()
    assert live_server.seed(recorded_rows) == recorded_before, "the preview recorded nothing"

    # The worksheet, in Indonesian, printed as Chromium prints it.
    follow(page, "main a[href*='/modules/grooming/worksheet']")
    text, pages = pdf_text(page)
    flat = squeezed(text)
    assert all(round(float(sheet.mediabox.width)) == A4_POINTS[0] for sheet in pages)
    assert all(round(float(sheet.mediabox.height)) == A4_POINTS[1] for sheet in pages)
    chat = next(question for question in bank.questions if question.type == "chat")
    assert squeezed(chat.messages[0].text["id"])[:30] in flat
    for question in bank.questions:
        assert squeezed(question.explanation["id"])[:40] not in flat, f"the worksheet gives away {question.id}"
    for chrome in ("Keluar", "Module library", "Kelas saya"):
        assert chrome not in flat, f"the site's menu ({chrome}) is not printed"
    page.emulate_media(media="print")
    colours = page.eval_on_selector_all(
        ".sheet h1, .sheet .prompt, .sheet-bubble, .sheet .box",
        "nodes => nodes.map(node => getComputedStyle(node).color + ' ' + getComputedStyle(node).borderTopColor)",
    )
    assert colours and all(set(re.findall(r"rgb\((\d+), (\d+), (\d+)\)", c)) <= {("0", "0", "0")} for c in colours)
    page.emulate_media(media="null")

    # The teacher's copy, for an English class.
    follow(page, "main a[href*='/teacher-copy']")
    follow(page, "a[href$='/teacher-copy?lang=en']")
    assert page.evaluate("document.documentElement.lang") == "en"
    text, _pages = pdf_text(page)
    flat = squeezed(text)
    for question in bank.questions:
        assert squeezed(question.explanation["en"])[:40] in flat, f"the key explains {question.id}"
    assert "Discussion questions" in flat and "Keluar" not in flat


WIDTHS = [360, 1280]
LANGUAGES = {"id-ID": "id", "en-US": "en"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("browser_locale", list(LANGUAGES))
def test_the_module_library_has_no_accessibility_violations(open_page, live_server, width, browser_locale):
    lang = LANGUAGES[browser_locale]
    username = live_server.seed(teacher_in, lang)
    bank = live_server.catalogue().get("grooming")
    base = live_server.url
    sweep = AxeSweep(f"{width}px {browser_locale}")
    page = open_page(width=width, locale=browser_locale)
    sign_in(page, base, username, "correct horse battery staple")

    def visit(name: str, url: str) -> None:
        response = page.goto(base + url)
        assert response is not None and response.status == 200, f"{name}: {url} answered {response and response.status}"
        assert page.evaluate("document.documentElement.lang") in ("id", "en")
        sweep.check(page, name)

    visit("library", "/modules/")
    visit("module with notes", "/modules/grooming")
    first_of_each = {}
    for question in bank.questions:
        first_of_each.setdefault(question.type, question)
    for kind, question in first_of_each.items():
        visit(f"preview question ({kind})", f"/modules/grooming/preview/q/{question.id}")
    page.click(".key-details summary")
    sweep.check(page, "preview question with the key open")
    chat = first_of_each["chat"]
    page.goto(f"{base}/modules/grooming/preview/q/{chat.id}")
    fill_answer(page, chat)
    send_answer(page)
    sweep.check(page, "preview feedback")
    visit("preview results", "/modules/grooming/preview/end")
    visit("student worksheet", f"/modules/grooming/worksheet?lang={lang}")
    visit("teacher's copy", f"/modules/grooming/teacher-copy?lang={lang}")
    visit("module in the other language", f"/modules/grooming?lang={'en' if lang == 'id' else 'id'}")
    assert sweep.pages == 8 + len(first_of_each)
    sweep.assert_clean()
