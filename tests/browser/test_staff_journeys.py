"""The staff's journeys of PRODUCT.md, clicked and typed as a person would, on a school computer (1280 px).

1. A new school: the admin signs in with the one-time password from set-up, chooses
   their own, and adds a teacher and a counsellor, who can then sign in.
2. A teacher creates class VIII-B, pastes 32 names, prints the login cards (32, each
   with a QR code), records the parents' consent and assigns "Grooming tactics" due
   Friday; a student then joins with a printed card and finds the module.
4. The teacher opens the class report and the module's report, and downloads the CSV.
5. A student asks for help; only the school's counsellors see it; a counsellor marks it handled.
6. The counsellor compares classes by theme and follows up the students who missed key items.
(Journey 3, the student's, is in test_student_journey.py.)
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from tests.browser import scenarios
from tests.browser.steps import follow, join, sign_in

WIDE = 1280
ONE_TIME = "satu-kali-saja-2024"
NEW_PASSWORD = "kopi tubruk di ruang guru"


def change_password(page, current: str, new: str) -> None:
    assert page.url.endswith("/account/password"), f"a one-time password must be changed first ({page.url})"
    page.fill("#current_password", current)
    page.fill("#new_password", new)
    page.fill("#confirm", new)
    follow(page, "main form button[type=submit]")
    page.wait_for_load_state()


def refused(page, url: str) -> bool:
    response = page.goto(url)
    return response is not None and response.status in (403, 404)


def next_friday() -> date:
    today = date.today()
    return today + timedelta(days=(4 - today.weekday()) % 7 or 7)


def test_1_a_new_schools_admin_sets_up_a_teacher_and_a_counsellor(open_page, live_server):
    world = live_server.seed(scenarios.new_school_admin, ONE_TIME)
    base = live_server.url
    page = open_page(width=WIDE)
    sign_in(page, base, world.admin, ONE_TIME)
    change_password(page, ONE_TIME, NEW_PASSWORD)
    assert page.url.endswith("/admin/")

    accounts = {}
    for role, name in [("teacher", "Bu Sari"), ("counsellor", "Pak Anton")]:
        username = f"{role}-{world.school_id}"
        page.select_option("#role", role)
        page.fill("#display_name", name)
        page.fill("#username", username)
        follow(page, "form[action$='/admin/staff'] button[type=submit]")
        one_time = page.locator("code.password").inner_text().strip()
        assert len(one_time) >= 10, "the new account's one-time password is shown once"
        accounts[role] = (username, one_time)
        follow(page, "main a.button")  # Done
    staff = page.locator("main table").inner_text()
    assert "Bu Sari" in staff and "Pak Anton" in staff
    # The actions stay in their column (the walk found them shifted when the cell was a flex box):
    # every row's action cell starts where the "Actions" heading does.
    edges = page.evaluate(
        """() => {
        const table = document.querySelector("main table");
        const heading = table.querySelector("thead th:last-child").getBoundingClientRect().left;
        const cells = [...table.querySelectorAll("td.actions")];
        return {heading, cells: cells.map(c => c.getBoundingClientRect().left),
                displays: cells.map(c => getComputedStyle(c).display)};
    }"""
    )
    assert edges["cells"] and set(edges["displays"]) == {"table-cell"}
    assert all(abs(left - edges["heading"]) < 1 for left in edges["cells"]), edges

    for role, home in [("teacher", "/teacher/"), ("counsellor", "/counsellor/")]:
        username, one_time = accounts[role]
        person = open_page(width=WIDE)
        sign_in(person, base, username, one_time)
        change_password(person, one_time, NEW_PASSWORD)
        assert person.url.endswith(home), f"the {role} lands on {person.url}"
    assert refused(page, f"{base}/counsellor/help-requests"), "the admin cannot read help requests"


def test_2_a_teacher_creates_a_class_pastes_32_names_prints_cards_and_assigns_grooming(open_page, live_server):
    world = live_server.seed(scenarios.new_school_admin, ONE_TIME)
    teacher = live_server.seed(_teacher_of, world.school_id)
    base = live_server.url
    page = open_page(width=WIDE)
    sign_in(page, base, teacher, scenarios.PASSWORD)
    assert page.url.endswith("/teacher/")

    follow(page, "main a[href$='/teacher/classes/new']")
    page.fill("#name", "VIII-B")
    page.select_option("#band", "smp")
    page.select_option("#locale", "id")
    follow(page, "main form button[type=submit]")
    assert "VIII-B" in page.locator("h1").inner_text()
    class_page = page.url

    names = [f"Siswa {number:02d}" for number in range(1, 33)]
    follow(page, "#roster a[href$='/students']")
    page.fill("textarea[id$='names']", "\n".join(names))
    follow(page, "form:has(textarea[id$='names']) button[type=submit]")
    page.goto(class_page)
    assert page.locator("#roster tbody tr").count() == 32

    follow(page, "a[href$='/cards']")
    cards = page.locator("article.login-card")
    assert cards.count() == 32
    assert page.locator("article.login-card .login-card-qr svg").count() == 32, "each card has its QR code"
    first_card = cards.first
    class_code = first_card.locator("dd.code").nth(0).inner_text().strip()
    personal_code = first_card.locator("dd.code").nth(1).inner_text().strip()

    page.goto(class_page)
    follow(page, "a[href$='/consent']")
    page.fill("#informed_on", (date.today() - timedelta(days=1)).isoformat())
    page.fill("#method", "Surat untuk orang tua, ditandatangani")
    follow(page, "main form button[type=submit]")
    page.goto(class_page)
    assert page.locator("section:has(#consent-heading) .badge.ok").count() == 1, "consent is recorded"

    follow(page, "#assignments a[href$='/assign']")
    page.check("input[name=modules][value=grooming]")
    page.check("#sensitive_ok")
    friday = next_friday()
    page.fill("#due_on", friday.isoformat())
    follow(page, "form:has(#due_on) button[type=submit]")
    page.goto(class_page)
    assignments = page.locator("#assignments tbody tr")
    assert assignments.count() == 1
    row = assignments.first.inner_text()
    assert "grooming" in row.lower() and re.search(rf"\b{friday.day}\b.*\b{friday.year}\b", row), f"due Friday: {row}"

    student = open_page(width=360)  # a student of the class, with the first printed card
    join(student, base, class_code, personal_code.replace(" ", "").replace("-", ""))
    assert "Siswa 01" in student.locator("h1").inner_text()
    assert student.locator(".module-card").count() == 1
    assert "grooming" in student.locator(".module-card h2").inner_text().lower()


def _teacher_of(school_id: int) -> str:
    from app.extensions import db
    from app.models import Role, School
    from tests.factories import make_user

    return make_user(db.session.get(School, school_id), Role.TEACHER).username


def test_4_the_teacher_reads_the_class_report_and_downloads_it_as_csv(open_page, live_server):
    world = live_server.seed(scenarios.class_with_results)
    base = live_server.url
    page = open_page(width=WIDE)
    sign_in(page, base, world.teacher, world.password)
    follow(page, f"main a[href$='/teacher/classes/{world.class_id}/report']")
    grid = page.locator("table.grid")
    assert grid.locator("tbody tr").count() == 5
    assert "3/5" in grid.locator("tfoot").inner_text(), "three of five finished"

    follow(page, f"table.grid thead a[href$='/assignments/{world.assignment_id}/report']")
    assert re.search(r"\b3\b.*\b5\b", page.locator("p.summary").inner_text())
    wrong_most = page.locator("table.questions tbody tr td:last-child").all_inner_texts()
    assert any(text.strip() for text in wrong_most), "the report shows the wrong answer chosen most"
    assert page.locator("table.questions .badge.warn").count() >= 1, "key safety items are marked"

    page.go_back()
    with page.expect_download() as download:
        page.click("a[href$='/report.csv']")
    content = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert len(rows) >= 6, rows
    assert {card.name for card in world.students} <= {cell for row in rows for cell in row}
    assert any(world.wrong_student in row for row in rows)


def test_5_a_help_request_reaches_only_the_schools_counsellors_who_mark_it_handled(open_page, live_server):
    world = live_server.seed(scenarios.school_with_staff)
    base = live_server.url
    card = world.students[0]
    message = f"Ada yang mengancam saya di DM ({card.personal_code[:4]})."

    student = open_page(width=360)
    join(student, base, card.class_code, card.personal_code)
    follow(student, "header .help-link")
    student.fill("#text", message)
    follow(student, "#write button[type=submit]")
    assert student.url.split("?")[0].endswith("/s/help/sent")
    [request_id] = live_server.seed(scenarios.help_request_ids, card.id)

    for username in (world.teacher, world.admin, world.other_counsellor):
        other = open_page(width=WIDE)
        sign_in(other, base, username, world.password)
        assert message not in other.content()
        assert refused(other, f"{base}/counsellor/help-requests/{request_id}"), f"{username} was not refused"
        if username == world.other_counsellor:
            other.goto(f"{base}/counsellor/help-requests")
            assert message not in other.content() and card.name not in other.locator("main").inner_text()
        elif username == world.teacher:
            other.goto(f"{base}/teacher/students/{card.id}/results")
            assert message not in other.content()

    page = open_page(width=WIDE)
    sign_in(page, base, world.counsellor, world.password)
    follow(page, "nav a[href$='/counsellor/help-requests']")
    row = page.locator("main tbody tr", has_text=card.name)
    assert row.count() == 1
    follow(page, row.locator("a"))
    assert message in page.locator("blockquote.request-text").inner_text()
    page.select_option("#status", "handled")
    page.fill("#note", "Sudah bicara di ruang BK.")
    follow(page, "main form button[type=submit]")
    page.goto(f"{base}/counsellor/help-requests")
    assert page.locator("main tbody tr.status-handled", has_text=card.name).count() == 1


def test_6_the_counsellor_compares_classes_by_theme_and_follows_up_missed_key_items(open_page, live_server):
    world = live_server.seed(scenarios.two_classes_by_theme)
    base = live_server.url
    page = open_page(width=WIDE)
    sign_in(page, base, world.counsellor, world.password)
    assert page.url.endswith("/counsellor/")
    overview = page.locator("table.overview")
    classes = overview.locator("tbody th[scope=row]").all_inner_texts()
    assert any(name.startswith("VIII-A") for name in classes) and any(name.startswith("VIII-B") for name in classes)
    header = overview.locator("thead").inner_text()
    assert "Grooming" in header or "grooming" in header.lower()
    row_a = overview.locator("tbody tr", has_text="VIII-A").inner_text()
    row_b = overview.locator("tbody tr", has_text="VIII-B").inner_text()
    assert "100%" in row_a and row_a != row_b, "the classes can be compared theme by theme"

    follow(page, "nav a[href$='/counsellor/key-items']")
    # One group per student who needs follow-up, with the class beside the name.
    section = page.locator("main section.key-student", has_text=world.wrong_student)
    assert section.count() == 1, "the student who missed key items is named, once"
    assert "VIII-B" in section.inner_text()
    assert page.locator("main section.key-student", has_text="VIII-A").count() == 0, "VIII-A missed none"
    missed = section.locator(".key-item")
    assert missed.count() >= 1, "with the key items to follow up"
    first = missed.first
    first.locator("textarea").fill("Sudah diajak bicara.")
    follow(page, first.locator("button[type=submit]"))
    page.goto(f"{base}/counsellor/key-items?show=all")
    assert page.locator("main .badge.ok").count() >= 1, "the follow-up is recorded"
