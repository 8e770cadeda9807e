"""The page-weight budget, measured in the browser: a question page costs under 30 KB in all, from our host only.

A student on a cheap phone with little data opens each student page with an empty
cache (the worst case: the first page of the day), one question of each type of
"Grooming tactics" among them. Every byte the browser receives for a page is
counted: the HTML, the CSS, the scripts, any image (the server does not compress,
so the bodies are what travels; the headers are counted too). Every request is
recorded, and none may go to another host. The figures go to
tests/artifacts/page-weight.txt and into the README's performance section.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.browser import scenarios
from tests.browser.steps import join

BANK = "grooming"
BUDGET = 30 * 1024


class Scale:
    """A browser window whose cache is emptied before each page it weighs; every request it makes is kept."""

    def __init__(self, page):
        self.page = page
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.send("Network.enable")
        self.requests: list = []
        self.every_url: list[str] = []
        page.on("request", lambda request: self.requests.append(request))
        page.on("request", lambda request: self.every_url.append(request.url))
        self.rows: list[tuple[str, int, int, list[tuple[str, int]]]] = []

    def weigh(self, name: str, url: str) -> None:
        self.cdp.send("Network.clearBrowserCache")
        self.requests.clear()
        self.page.goto(url, wait_until="load")
        assert self.page.url == url, f"{url} was not shown (went to {self.page.url})"
        body = headers = 0
        parts = []
        for request in self.requests:
            sizes = request.sizes()
            body += sizes["responseBodySize"]
            headers += sizes["responseHeadersSize"]
            parts.append((urlsplit(request.url).path.rsplit("/", 1)[-1] or "/", sizes["responseBodySize"]))
        self.rows.append((name, body, headers, parts))

    def report(self) -> str:
        lines = [
            "Page weight of the student pages (module: grooming), empty cache, no compression, 360 px wide",
            f"{'page':<28}{'body KB':>8}{'with headers KB':>17}  files (body KB)",
        ]
        for name, body, headers, parts in self.rows:
            files = ", ".join(f"{file} {size / 1024:.1f}" for file, size in parts)
            lines.append(f"{name:<28}{body / 1024:>8.1f}{(body + headers) / 1024:>17.1f}  {files}")
        return "\n".join(lines) + "\n"


def test_every_student_page_is_light_and_asks_nothing_of_other_hosts(open_page, live_server, artifacts):
    world = live_server.seed(scenarios.module_in_progress, BANK)
    started, finished = world.students
    base = f"{live_server.url}/s/m/{world.assignment_id}"

    page = open_page(width=360)
    scale = Scale(page)
    scale.weigh("join", f"{live_server.url}/join")
    join(page, live_server.url, started.class_code, started.personal_code)
    scale.weigh("dashboard", f"{live_server.url}/s/")
    scale.weigh("module (content note)", base)
    for kind, (number, question_id) in sorted(world.first_of_type.items(), key=lambda item: item[1]):
        scale.weigh(f"question {number} ({kind})", f"{base}/q/{question_id}")
    scale.weigh("feedback", f"{base}/q/{world.first_question}/feedback")
    scale.weigh("help", f"{live_server.url}/s/help")
    page.context.clear_cookies()
    join(page, live_server.url, finished.class_code, finished.personal_code)
    scale.weigh("results (14 explained)", f"{base}/results")

    report = scale.report()
    (artifacts / "page-weight.txt").write_text(report)
    print(report)
    assert len(world.first_of_type) == 6, "one page of each question type was weighed"
    heavy = [
        (name, body + headers)
        for name, body, headers, _files in scale.rows
        if name.startswith("question") and body + headers >= BUDGET
    ]
    assert not heavy, f"question pages over {BUDGET} bytes: {heavy}\n{report}"
    ours = urlsplit(live_server.url).netloc
    elsewhere = sorted({url for url in scale.every_url if not url.startswith("data:") and urlsplit(url).netloc != ours})
    assert not elsewhere, f"requests left the app's host: {elsewhere}"
