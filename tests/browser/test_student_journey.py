"""Journey 3: a student on a small phone joins with their card, takes "Grooming tactics" and comes back the next day.

The module has every question type (reflection, single, chat, multiple, true/false,
order). Half-way the student reloads the page, then closes the browser; in a new
browser they type their codes again and land on the question where they stopped.
The same journey passes once more with JavaScript turned off: every page is a plain
form. Each student page is saved as a screenshot at 360 px in tests/artifacts/.
"""

from __future__ import annotations

import re

from tests.browser import scenarios
from tests.browser.steps import answer_and_continue, current_question, follow, join

BANK = "grooming"
EVERY_TYPE = {"reflection", "single", "chat", "multiple", "true_false", "order"}


def test_a_student_joins_takes_the_module_stops_half_way_and_resumes_the_next_day(open_page, live_server, artifacts):
    world = live_server.seed(scenarios.class_with_module, BANK)
    card = world.students[0]
    catalogue = live_server.catalogue()
    total = len(catalogue.get(BANK).questions)
    shots = artifacts / "student"
    shots.mkdir(exist_ok=True)

    every_url: list[str] = []
    page = open_page(width=360)
    page.context.on("request", lambda request: every_url.append(request.url))
    page.goto(f"{live_server.url}/join")
    page.screenshot(path=shots / "01-join.png", full_page=True)
    join(page, live_server.url, card.class_code, card.personal_code)
    assert card.name in page.locator("h1").inner_text()
    page.screenshot(path=shots / "02-dashboard.png", full_page=True)

    follow(page, f"a[href='/s/m/{world.assignment_id}']")
    assert page.locator(".content-note").is_visible(), "a sensitive module shows its content note first"
    page.screenshot(path=shots / "03-module-content-note.png", full_page=True)
    follow(page, f"form[action$='/m/{world.assignment_id}/start'] button")

    seen: list[str] = []
    half = total // 2
    while len(seen) < half:
        kind = current_question(page, catalogue, BANK).type
        if kind not in seen:
            page.screenshot(path=shots / f"04-question-{kind}.png", full_page=True)
        seen.append(answer_and_continue(page, catalogue, BANK))
        if len(seen) == 2:  # the feedback on a scored question
            page.go_back()
            page.screenshot(path=shots / "05-feedback.png", full_page=True)
            page.go_forward()

    stopped_at = current_question(page, catalogue, BANK).id
    page.reload()
    assert current_question(page, catalogue, BANK).id == stopped_at, "a reload keeps the student on the same question"
    page.context.close()  # the browser is closed half-way

    page = open_page(width=360)  # the next day: no cookie, a new session
    page.context.on("request", lambda request: every_url.append(request.url))
    join(page, live_server.url, card.class_code, card.personal_code)
    state = page.locator(".module-card .state").inner_text()
    assert re.search(rf"\b{half}\b.*\b{total}\b", state), f"the dashboard shows how far they got: {state}"
    follow(page, f"a[href='/s/m/{world.assignment_id}']")
    follow(page, "main .actions a.button")  # "Continue"
    assert current_question(page, catalogue, BANK).id == stopped_at, "they continue where they stopped"

    while "/results" not in page.url:
        kind = current_question(page, catalogue, BANK).type
        if kind not in seen:
            page.screenshot(path=shots / f"04-question-{kind}.png", full_page=True)
        seen.append(answer_and_continue(page, catalogue, BANK))
    assert len(seen) == total
    assert set(seen) == EVERY_TYPE
    assert page.locator(".score").inner_text().endswith("100%"), page.locator(".score").inner_text()
    assert page.locator(".review").count() == total, "the results explain every question"
    page.screenshot(path=shots / "06-results.png", full_page=True)

    follow(page, "header .help-link")
    page.screenshot(path=shots / "07-help.png", full_page=True)
    page.fill("#text", "Saya mau bicara dengan guru BK.")
    follow(page, "#write button[type=submit]")
    assert page.url.split("?")[0].endswith("/s/help/sent")
    page.screenshot(path=shots / "08-help-sent.png", full_page=True)
    assert every_url and all(url.startswith(live_server.url + "/") for url in every_url), "nothing from other hosts"


def test_the_whole_student_journey_works_with_javascript_turned_off(open_page, live_server):
    world = live_server.seed(scenarios.class_with_module, BANK)
    card = world.students[1]
    catalogue = live_server.catalogue()
    total = len(catalogue.get(BANK).questions)

    page = open_page(width=360, js=False)
    join(page, live_server.url, card.class_code, card.personal_code)
    follow(page, f"a[href='/s/m/{world.assignment_id}']")
    follow(page, f"form[action$='/m/{world.assignment_id}/start'] button")
    seen = [answer_and_continue(page, catalogue, BANK) for _ in range(3)]

    page.context.close()
    page = open_page(width=360, js=False)
    join(page, live_server.url, card.class_code, card.personal_code)
    follow(page, f"a[href='/s/m/{world.assignment_id}']")
    follow(page, "main .actions a.button")
    while "/results" not in page.url:
        seen.append(answer_and_continue(page, catalogue, BANK))
    assert len(seen) == total and set(seen) == EVERY_TYPE
    assert page.locator(".score").inner_text().endswith("100%")

    follow(page, "header .help-link")
    page.fill("#text", "Tolong, ada yang mengancam saya.")
    follow(page, "#write button[type=submit]")
    assert page.url.split("?")[0].endswith("/s/help/sent")
