"""What a person does in the browser, in small steps the tests share.

Controls are found the way the pages name them for every language: by the form
field ids WTForms gives them, by the answer values, by the landmark classes. The
texts themselves change with the language, so tests only look for them where the
language is the point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from axe_playwright_python.base import AXE_SCRIPT, AxeResults

QUESTION_URL = re.compile(r"/s/m/(\d+)/q/([^/?#]+)")


# --- accessibility ---------------------------------------------------------------------------------------------------


@dataclass
class AxeSweep:
    """axe-core on page after page; every violation kept with the page it was on, to report them all at once."""

    label: str
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    _ready: set = field(default_factory=set)

    def check(self, page, name: str) -> None:
        if id(page.context) not in self._ready:  # axe-core comes with every page of this browser from now on
            page.context.add_init_script(AXE_SCRIPT)
            self._ready.add(id(page.context))
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.evaluate(AXE_SCRIPT)
        results = AxeResults(page.evaluate("axe.run({resultTypes: ['violations']})"))
        self.pages += 1
        for violation in results.response["violations"]:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5]
            self.problems.append(
                f"[{self.label}] {name} ({page.url}): {violation['id']} ({violation['impact']}) {violation['help']} -> {targets}"
            )

    def assert_clean(self) -> None:
        assert not self.problems, f"{len(self.problems)} axe violations:\n" + "\n".join(self.problems)


# --- signing in --------------------------------------------------------------------------------------------------------


def join(page, base_url: str, class_code: str, personal_code: str) -> None:
    """A student types the two codes from their card (in small letters, as people do) and joins."""
    page.goto(f"{base_url}/join")
    page.fill("#class_code", class_code.lower())
    page.fill("#personal_code", personal_code.lower())
    follow(page, "main form button[type=submit]")
    page.wait_for_url(re.compile(r"/s/$"))


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("#login", username)
    page.fill("#password", password)
    follow(page, "main form button[type=submit]")


def sign_out(page) -> None:
    follow(page, "form[action$='/logout'] button")


# --- answering ---------------------------------------------------------------------------------------------------------


def current_question(page, catalogue, bank_id: str):
    """The question this page shows (from its address)."""
    match = QUESTION_URL.search(page.url)
    assert match, f"not on a question page: {page.url}"
    return catalogue.get(bank_id).question(match.group(2))


def right_answer(question) -> dict:
    """What a student who knows the answer picks, as form values."""
    if question.type == "single":
        return {"choice": [next(choice.id for choice in question.choices if choice.correct)]}
    if question.type == "multiple":
        return {"choice": [choice.id for choice in question.choices if choice.correct]}
    if question.type == "true_false":
        return {"answer": ["true" if question.answer else "false"]}
    if question.type == "chat":
        return {"flag": [message.id for message in question.messages if message.red_flag]}
    if question.type == "order":
        return {"order": [item.id for item in question.items]}
    return {"value": ["3"]}


def fill_answer(page, question) -> None:
    """Tick, choose or place the right answer with the mouse (or the finger)."""
    wanted = right_answer(question)
    if question.type == "order":
        for place, item_id in enumerate(wanted["order"], 1):
            page.select_option(f"#pos-{item_id}", str(place))
        return
    for name, values in wanted.items():
        for value in values:
            page.check(f"input[name={name}][value='{value}']")


def send_answer(page) -> None:
    follow(page, "form.question-form button[type=submit]")


def answer_and_continue(page, catalogue, bank_id: str) -> str:
    """Answer the question on screen rightly, check the feedback says so, go on. Returns the question type."""
    question = current_question(page, catalogue, bank_id)
    fill_answer(page, question)
    send_answer(page)
    assert "/feedback" in page.url, page.url
    if question.type != "reflection":  # a reflection has no right answer, only a view
        assert page.locator(".verdict-right").count() == 1, f"{question.id} ({question.type}) was not marked right"
    follow(page, "main .actions a.button")
    return question.type


def follow(page, target) -> None:
    """Click a link or a submit button and wait until the page it leads to has loaded.

    ``page.click`` returns once the navigation has started, not when it has ended: a check
    made right after it may still see the old page, and a ``goto`` right after a form
    submit may cancel the POST in flight.
    """
    with page.expect_navigation():
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()
