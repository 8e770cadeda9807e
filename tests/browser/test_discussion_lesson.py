"""A discussion lesson in Chromium: a teacher's projector and six phones, two of them without JavaScript.

The teacher starts the lesson from the class page; the projector shows the code; the
phones open it without signing in and answer the question showing; the projector's
live part updates by itself (every two seconds) and shows the class's totals once five
have answered; the phones without script still get the next question (the page
reloads itself, or a tap fetches it). axe-core checks the projector and the phone pages
at both widths and in both languages, and the assignment report fits a phone's screen.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import scenarios
from tests.browser.steps import AxeSweep, follow, sign_in


def _start_lesson(page, base, world, bank_id="basics"):
    sign_in(page, base, world.teacher, world.password)
    page.goto(f"{base}/teacher/classes/{world.class_id}")
    page.select_option("#lesson-module", bank_id)
    follow(page, "#lessons button[type=submit]")
    assert re.search(r"/teacher/lessons/\d+/projector$", page.url)
    return page.inner_text(".lesson-code").strip()


def test_a_lesson_with_a_projector_and_six_phones_two_without_javascript(open_page, live_server):
    world = live_server.seed(scenarios.school_with_staff)
    base = live_server.url
    projector = open_page(width=1280, locale="en-US")
    code = _start_lesson(projector, base, world)
    follow(projector, "form[action$='/next'] button")  # question 2: the first with answers to count

    phones = [open_page(width=360, locale="en-US", js=index < 4) for index in range(6)]
    for phone in phones:
        phone.goto(f"{base}/l")
        phone.fill("#code", code)
        follow(phone, "form.stack button[type=submit]")
        assert "/l/" in phone.url and phone.locator("#quick-exit").count() == 1
    for index, phone in enumerate(phones[:5]):
        first = phone.locator(".question input").first
        first.check()
        follow(phone, ".question-form button[type=submit]")
        assert phone.locator(".notice").count() == 1
        if index == 3:  # four answers: the projector counts them but shows no totals yet
            expect(projector.locator(".lesson-count")).to_contain_text("4", timeout=8_000)
            assert projector.locator(".lesson-totals").count() == 0
    projector.wait_for_selector(".lesson-totals", timeout=8_000)  # the fifth answer, without reloading
    assert "5" in projector.inner_text(".lesson-count")

    follow(projector, "form[action$='/next'] button")  # the teacher moves on
    with_script, without_script = phones[0], phones[4]
    expect(with_script.locator("h1.progress-label")).to_contain_text("3", timeout=8_000)  # updated by itself
    follow(without_script, "a.button.secondary")  # a tap on "Show the current question"
    assert "3" in without_script.title()
    assert phones[5].locator(".question-form").count() == 1  # the phone that never answered: still answering


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("browser_locale", "lang"), [("id-ID", "id"), ("en-US", "en")])
def test_the_lesson_pages_have_no_accessibility_violations(open_page, live_server, width, browser_locale, lang):
    world = live_server.seed(scenarios.school_with_staff)
    base = live_server.url
    sweep = AxeSweep(f"{width}px {browser_locale}")
    projector = open_page(width=width, locale=browser_locale)
    code = _start_lesson(projector, base, world)
    sweep.check(projector, "projector")
    phone = open_page(width=width, locale=browser_locale)
    phone.goto(f"{base}/l")
    sweep.check(phone, "lesson code")
    phone.goto(f"{base}/l/{code}")
    sweep.check(phone, "lesson question")
    follow(projector, "form[action$='/end'] button")
    sweep.check(projector, "lesson totals")
    sweep.assert_clean()


def test_the_assignment_report_fits_a_phone_screen(open_page, live_server):
    world = live_server.seed(scenarios.class_with_results)
    page = open_page(width=360, locale="en-US")
    sign_in(page, live_server.url, world.teacher, world.password)
    page.goto(f"{live_server.url}/teacher/assignments/{world.assignment_id}/report")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page is {width} px wide on a 360 px screen"
    table = page.locator("table.questions")
    assert table.evaluate("t => t.getBoundingClientRect().width") <= 360
    # The charts' figures are readable: their table shows instead of an SVG shrunk to a few pixels.
    assert page.locator(".chart table").first.is_visible()
