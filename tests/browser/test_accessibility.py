"""axe-core finds no accessibility violation on any page type, on a phone and on a school computer, in both languages.

One long walk per (width, language): anonymous pages, then a student, a teacher, a
counsellor and an admin of a school where every page has something to show (see
``scenarios.every_page``). Every page is visited once; every violation is collected
and reported together, with the page and the element.
"""

from __future__ import annotations

import pytest

from tests.browser import scenarios
from tests.browser.steps import AxeSweep, follow, join, sign_in

WIDTHS = [360, 1280]
LANGUAGES = {"id-ID": "id", "en-US": "en"}


def visit(page, sweep: AxeSweep, name: str, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None and response.status == status, f"{name}: {url} answered {response and response.status}"
    sweep.check(page, name)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("browser_locale", list(LANGUAGES))
def test_every_page_type_has_no_accessibility_violations(open_page, live_server, width, browser_locale):
    lang = LANGUAGES[browser_locale]
    world = live_server.seed(scenarios.every_page, lang)
    base = live_server.url
    sweep = AxeSweep(f"{width}px {browser_locale}")

    # Anyone
    page = open_page(width=width, locale=browser_locale)
    visit(page, sweep, "join", f"{base}/join")
    assert page.evaluate("document.documentElement.lang") == lang
    visit(page, sweep, "staff sign-in", f"{base}/login")
    visit(page, sweep, "help, not signed in", f"{base}/s/help")
    visit(page, sweep, "not found", f"{base}/no-such-page", status=404)

    # A student (their class speaks the language)
    page = open_page(width=width, locale=browser_locale)
    join(page, base, world.me.class_code, world.me.personal_code)
    assert page.evaluate("document.documentElement.lang") == lang
    sweep.check(page, "student dashboard")
    module = f"{base}/s/m/{world.grooming_id}"
    visit(page, sweep, "module with a content note", f"{base}/s/m/{world.sextortion_id}")
    for kind, question_id in world.grooming_questions.items():
        if kind != "reflection":  # the first question, a reflection, is answered: its feedback is next
            visit(page, sweep, f"question ({kind})", f"{module}/q/{question_id}")
    visit(page, sweep, "feedback", f"{module}/q/{world.grooming_questions['reflection']}/feedback")
    visit(page, sweep, "results", f"{base}/s/m/{world.basics_id}/results")
    visit(page, sweep, "help", f"{base}/s/help")
    page.fill("#text", "Boleh saya bicara dengan guru BK?")
    follow(page, "#write button[type=submit]")
    assert page.url.endswith("/s/help/sent")
    sweep.check(page, "help sent")
    visit(page, sweep, "not found, signed in", f"{base}/s/m/999999", status=404)

    # The teacher
    page = open_page(width=width, locale=browser_locale)
    sign_in(page, base, world.teacher, world.password)
    classroom = f"{base}/teacher/classes/{world.class_id}"
    for name, url in [
        ("teacher dashboard", f"{base}/teacher/"),
        ("new class", f"{base}/teacher/classes/new"),
        ("class", classroom),
        ("roster: add students", f"{classroom}/students"),
        ("login cards", f"{classroom}/cards"),
        ("consent", f"{classroom}/consent"),
        ("assign a module", f"{classroom}/assign"),
        ("class report", f"{classroom}/report"),
        ("module report", f"{base}/teacher/assignments/{world.grooming_id}/report"),
        ("student report", f"{base}/teacher/students/{world.student_id}/results"),
        ("one attempt", f"{base}/teacher/attempts/{world.finished_attempt_id}"),
        ("own password", f"{base}/account/password"),
        ("rename the class", f"{classroom}/edit"),
        ("letters to parents", f"{classroom}/letters"),
        ("rename a student", f"{base}/teacher/students/{world.student_id}/edit"),
        ("delete a student", f"{base}/teacher/students/{world.student_id}/delete"),
        ("module settings", f"{base}/teacher/assignments/{world.grooming_id}/edit"),
    ]:
        visit(page, sweep, name, url)

    # The counsellor
    page = open_page(width=width, locale=browser_locale)
    sign_in(page, base, world.counsellor, world.password)
    for name, url in [
        ("counsellor overview", f"{base}/counsellor/"),
        ("key items", f"{base}/counsellor/key-items"),
        ("opt-outs", f"{base}/counsellor/opt-outs"),
        ("help requests", f"{base}/counsellor/help-requests"),
        ("one help request", f"{base}/counsellor/help-requests/{world.help_request_id}"),
    ]:
        visit(page, sweep, name, url)

    # The admin
    page = open_page(width=width, locale=browser_locale)
    sign_in(page, base, world.admin, world.password)
    for name, url in [
        ("admin: staff", f"{base}/admin/"),
        ("admin: classes", f"{base}/admin/classes"),
        ("admin: settings", f"{base}/admin/settings"),
        ("admin: audit", f"{base}/admin/audit"),
        ("admin: consent", f"{base}/admin/classes/{world.class_id}/consent"),
        ("admin: delete a class", f"{base}/admin/classes/{world.class_id}/delete"),
        ("admin: not found", f"{base}/counsellor/help-requests/{world.help_request_id}"),
    ]:
        visit(page, sweep, name, url, status=404 if "not found" in name else 200)

    assert sweep.pages >= 35
    sweep.assert_clean()
