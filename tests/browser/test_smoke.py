"""The join page in a real browser: it loads from our host only and has no accessibility violations."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("locale", ["id-ID", "en-US"])
def test_the_join_page_has_no_accessibility_violations(browser, live_server, width, locale):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 800}, locale=locale)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/join")
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


def test_the_quick_exit_is_the_first_control_and_leaves_in_one_press(page, live_server):
    page.goto(f"{live_server.url}/join")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id")
    assert focused == "quick-exit"
