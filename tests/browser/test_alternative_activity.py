"""A student who chooses "Not now" on a sensitive module does the gentle alternative instead, in Chromium.

The alternative looks like any module page (nothing on a shared screen singles the
student out), keeps the help link and the quick exit, and has no accessibility
violation at 360 and 1280 px in either language. "Done" keeps nothing and leads back to
the dashboard, where the module still waits.
"""

from __future__ import annotations

import pytest

from tests.browser import scenarios
from tests.browser.steps import AxeSweep, follow, join


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(("browser_locale", "lang"), [("id-ID", "id"), ("en-US", "en")])
def test_a_student_who_opts_out_does_the_alternative_activity(open_page, live_server, width, browser_locale, lang):
    world = live_server.seed(scenarios.class_with_module, "grooming", 3, lang)
    base = live_server.url
    student = world.students[0]
    page = open_page(width=width, locale=browser_locale)
    join(page, base, student.class_code, student.personal_code)
    page.goto(f"{base}/s/m/{world.assignment_id}")
    follow(page, "form[action$='/not-now'] button")
    assert page.url.endswith(f"/s/m/{world.assignment_id}/alternative")
    assert page.locator("#quick-exit").count() == 1 and page.locator(".help-link").count() >= 1
    title = live_server.catalogue().get("grooming").alternative.title.get_text(lang)
    assert page.locator("h1").inner_text().strip() == title
    sweep = AxeSweep(f"{width}px {browser_locale}")
    sweep.check(page, "alternative activity")
    page.locator(".question-form input[type=radio]").first.check()
    follow(page, ".question-form button[type=submit]")
    assert page.url.endswith("/s/")
    sweep.check(page, "dashboard after the alternative")
    sweep.assert_clean()
