"""A student who uses only the keyboard: Tab, Space, Enter and the arrow keys.

They join, open "Grooming tactics" and answer all of it, the chat (tick red flags)
and the order question (move steps with their buttons) included. On every page the
first Tab lands on "Quick exit", and whatever has the focus shows a visible outline.
"""

from __future__ import annotations

import re

from tests.browser import scenarios
from tests.browser.steps import current_question, right_answer

BANK = "grooming"
MAX_TABS = 80

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), value: el.value,
          type: el.getAttribute('type'), checked: !!el.checked, text: (el.innerText || '').trim().slice(0, 40),
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
          item: el.closest('li') && el.closest('li').querySelector('select') ? el.closest('li').querySelector('select').id : null,
          up: !!(el.closest('.order-pos') && el === el.closest('.order-pos').querySelectorAll('button')[0]),
          form: el.form ? el.form.className : null, inActions: !!el.closest('main .actions')};
}"""


class Keyboard:
    """Tab through the page like a person, and check every stop shows where the focus is."""

    def __init__(self, page):
        self.page = page
        self.stops = 0

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)

    def tab(self) -> dict:
        self.page.keyboard.press("Tab")
        self.stops += 1
        now = self.focused()
        assert now is not None, "Tab left the page"
        assert now["outline"] != "none" and now["outlineWidth"] >= 2, f"no visible focus on {now} at {self.page.url}"
        return now

    def new_page(self) -> None:
        """The first Tab of every page reaches the quick exit."""
        self.page.wait_for_load_state()
        first = self.tab()
        assert first["id"] == "quick-exit", f"the first Tab reached {first} on {self.page.url}"

    def tab_to(self, wanted) -> dict:
        for _ in range(MAX_TABS):
            now = self.tab()
            if wanted(now):
                return now
        raise AssertionError(f"Tab never reached the control on {self.page.url}")

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        return self.focused()

    def go(self, key: str = "Enter") -> None:
        """Press a link or button that opens the next page."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.new_page()


def choose_radio(keys: Keyboard, name: str, value: str) -> None:
    """Tab into the radio group, then arrow keys until the wanted one is chosen (arrows choose as they move)."""
    now = keys.tab_to(lambda f: f["name"] == name)
    if not now["checked"]:
        now = keys.press("Space")
    for _ in range(10):
        if now["value"] == value and now["checked"]:
            return
        now = keys.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached {name}={value}")


def tick(keys: Keyboard, name: str, values: list[str]) -> None:
    """Tab from box to box and tick the wanted ones with Space (in page order)."""
    remaining = set(values)
    while remaining:
        now = keys.tab_to(lambda f: f["name"] == name and f["value"] in remaining)
        keys.press("Space")
        remaining.discard(now["value"])
        assert keys.focused()["checked"], "Space ticks the box"


def order_steps(keys: Keyboard, page, wanted: list[str]) -> None:
    """Put each step in its place with its 'move up' button, pressed with Enter."""
    for place, item_id in enumerate(wanted):
        ids = page.eval_on_selector_all(".order-list select", "els => els.map(e => e.id)")
        current = ids.index(f"pos-{item_id}")
        if current == place:
            continue
        keys.tab_to(lambda f, target=f"pos-{item_id}": f["up"] and f["item"] == target)
        for _ in range(current - place):
            assert keys.press("Enter")["up"], "the moved step keeps the focus on its button"
    shown = page.eval_on_selector_all(".order-list select", "els => els.map(e => [e.id, e.value])")
    assert shown == [[f"pos-{item}", str(place)] for place, item in enumerate(wanted, 1)], shown


def answer_by_keyboard(keys: Keyboard, page, question) -> None:
    wanted = right_answer(question)
    if question.type in ("single", "true_false", "reflection"):
        [(name, [value])] = wanted.items()
        choose_radio(keys, name, value)
    elif question.type in ("multiple", "chat"):
        [(name, values)] = wanted.items()
        tick(keys, name, values)
    else:
        order_steps(keys, page, wanted["order"])
    keys.tab_to(lambda f: f["tag"] == "button" and f["type"] == "submit" and f["form"] == "question-form")
    keys.go("Enter")


def test_a_module_can_be_done_with_the_keyboard_alone(open_page, live_server):
    world = live_server.seed(scenarios.class_with_module, BANK)
    card = world.students[0]
    catalogue = live_server.catalogue()
    page = open_page(width=360)
    keys = Keyboard(page)

    page.goto(f"{live_server.url}/join")
    keys.new_page()
    keys.tab_to(lambda f: f["id"] == "class_code")
    page.keyboard.type(card.class_code.lower())
    keys.tab()
    assert keys.focused()["id"] == "personal_code"
    page.keyboard.type(card.personal_code)
    keys.go("Enter")
    assert page.url.endswith("/s/")

    keys.tab_to(lambda f: f["tag"] == "a" and f"/m/{world.assignment_id}" in page.evaluate("document.activeElement.href"))
    keys.go("Enter")
    keys.tab_to(lambda f: f["tag"] == "button" and f["inActions"])  # "Start", after the content note
    keys.go("Enter")

    types = []
    while "/results" not in page.url:
        question = current_question(page, catalogue, BANK)
        answer_by_keyboard(keys, page, question)
        assert "/feedback" in page.url
        if question.type != "reflection":
            assert page.locator(".verdict-right").count() == 1, f"{question.type} answered by keyboard was not right"
        types.append(question.type)
        keys.tab_to(lambda f: f["tag"] == "a" and f["inActions"])  # "Next question" / "See your results"
        keys.go("Enter")
    assert {"order", "chat", "single", "multiple", "true_false", "reflection"} <= set(types)
    assert page.locator(".score").inner_text().endswith("100%")


def test_quick_exit_is_the_first_tab_and_leaves_in_one_press_without_a_way_back(page, live_server):
    page.route(
        re.compile(r"^https://www\.google\.com/.*"),
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Cuaca</title>"),
    )
    page.goto(f"{live_server.url}/join")
    keys = Keyboard(page)
    keys.new_page()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith("https://www.google.com/")
    page.go_back()  # to the page before Waspada (here the blank start page), never back to Waspada
    assert not page.url.startswith(live_server.url), "the quick exit replaced the page in the history"
