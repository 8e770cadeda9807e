"""A discussion lesson of a class's phones, over HTTP: what issue 16 asks the server to hold.

A teacher signs in (``/login``, the seeded password), opens the class page, starts a
discussion lesson of a module with the form there, and moves the projector on with its
"next" form, a few seconds per question, then ends the lesson; the projector's script
fetches its live part every two seconds meanwhile. Each phone, anonymous, types the
lesson's code (read from the projector) on ``/l``, opens the question, reads, answers
once, and then does what the page's script does: it asks the state URL (the page's
``data-state``) every two seconds and loads the page again when the projector shows
another question (or, while not answering, the explanation). When the lesson ends, the
phone stops.

Nothing is guessed: every URL and field comes from a page (forms, links, ``data-*``
attributes), except the two a person types (``/login`` and ``/l``). The phones' requests
are recorded apart from the teacher's; every answer the app took (the page after it shows
"counted" for the same question) is remembered, so that SQL can check the lesson's
totals afterwards. Import ``bench.load`` first in a process (locust patches gevent in).
"""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import gevent
from gevent.event import Event
from locust.contrib.fasthttp import FastHttpSession

from bench import load, pages

PHONE_REQUESTS = ("lesson join page", "lesson join", "lesson page", "lesson state poll", "lesson answer")
CLASS_LINK = r"/classes/{}$"
CLIENT_OPTIONS = {"network_timeout": 30.0, "connection_timeout": 10.0, "max_retries": 1}


@dataclass
class LessonOutcome:
    """What the phones saw: the answers the app took, by question id, and the ones overtaken by the projector."""

    accepted: Counter = field(default_factory=Counter)
    moved_on: int = 0
    joined: int = 0
    finished: int = 0  # phones that saw the lesson end


def session(host: str, environment) -> FastHttpSession:
    return load.never_follow_redirects(
        FastHttpSession(host, request_event=environment.events.request, user=None, **CLIENT_OPTIONS)
    )


def follow(client: FastHttpSession, response, name: str, limit: int = 5):
    """Follow redirects as a browser does (each step timed under ``name``); returns (response, path)."""
    path = ""
    for _ in range(limit):
        if response.status_code not in (301, 302, 303, 307, 308):
            return response, path
        path = load._location(response)
        response = client.get(path, name=name, allow_redirects=False)
    raise load.FlowError(f"more than {limit} redirects from {path!r}")


def post_form(client: FastHttpSession, form: pages.Form, pairs: list[tuple[str, str]], name: str, page_path: str):
    """Send a form as a browser does: to its action, or to the page's own address when it has none."""
    action = form.action or page_path
    return client.post(action, data=urlencode(pairs), headers=load.FORM_HEADERS, name=name, allow_redirects=False)


class Teacher:
    """A teacher at the projector: signs in, starts the lesson, moves it on, ends it."""

    def __init__(self, host: str, environment) -> None:
        self.client = session(host, environment)
        self.projector_path = ""
        self.projector: pages.Page | None = None

    def sign_in(self, username: str, password: str) -> pages.Page:
        form = pages.read(self.client.get("/login", name="teacher: sign-in page").text).form_with("login", "password")
        if form is None:
            raise load.FlowError("no sign-in form on /login")
        typed = {"login": username, "password": password}
        pairs = [(k, typed.get(k, v)) for k, v in form.fill()]
        response = post_form(self.client, form, pairs, "teacher: sign in", "/login")
        if response.status_code != 302:
            raise load.FlowError(f"the teacher's sign-in was refused ({response.status_code})")
        response, _path = follow(self.client, response, "teacher: dashboard")
        page = pages.read(response.text)
        if page.form_with("login", "password") is not None:
            raise load.FlowError("the teacher is back on the sign-in form")
        return page

    def start_lesson(self, dashboard: pages.Page, classroom_id: int, bank_id: str) -> None:
        link = next((href for href, _c in dashboard.links if re.search(CLASS_LINK.format(classroom_id), href)), None)
        if link is None:
            raise load.FlowError(f"no link to class {classroom_id} on the teacher's dashboard")
        class_path = urlsplit(link).path
        page = pages.read(self.client.get(class_path, name="teacher: class page").text)
        form = next((f for f in page.post_forms() if f.action.endswith("/lessons") and "bank_id" in f.names()), None)
        if form is None:
            raise load.FlowError("no form to start a lesson on the class page")
        select = next(f for f in form.fields if f.name == "bank_id")
        if select.options and bank_id not in select.options:
            raise load.FlowError(f"module {bank_id!r} is not offered for a lesson: {select.options}")
        pairs = [(k, bank_id if k == "bank_id" else v) for k, v in form.fill()]
        response = post_form(self.client, form, pairs, "teacher: start the lesson", class_path)
        self._arrive(response)

    def _arrive(self, response) -> None:
        if response.status_code != 302:
            raise load.FlowError(f"the projector's form was refused ({response.status_code})")
        response, path = follow(self.client, response, "teacher: projector")
        if "/projector" not in path:
            raise load.FlowError(f"expected the projector, got {path!r}")
        self.projector_path, self.projector = path, pages.read(response.text)

    @property
    def code(self) -> str:
        code = self.projector.text_of("lesson-code") if self.projector else None
        if not code:
            raise load.FlowError("no lesson code on the projector")
        return code

    def press(self, action: str) -> None:
        """The projector's button of this action (next, back, reveal, end)."""
        form = next((f for f in self.projector.post_forms() if f.action.rstrip("/").endswith("/" + action)), None)
        if form is None:
            raise load.FlowError(f"no {action!r} button on the projector")
        response = post_form(self.client, form, form.fill(), f"teacher: {action}", self.projector_path)
        if action == "end":
            if response.status_code != 302:
                raise load.FlowError(f"ending the lesson was refused ({response.status_code})")
            follow(self.client, response, "teacher: lesson totals")
            self.projector = None
        else:
            self._arrive(response)

    def watch_live(self, every: float, stop: Event) -> None:
        """The projector's script: its live part (how many phones answered) every ``every`` seconds."""
        box = self.projector.element("live") if self.projector else None
        if not box or not box.get("data-url"):
            return
        url = box["data-url"]
        while not stop.wait(every):
            self.client.get(url, name="teacher: projector live")


class Phone:
    """One phone in the class, anonymous: joins with the code, answers each question once, polls."""

    def __init__(self, host: str, environment, recorder: load.Recorder, outcome: LessonOutcome, rng: random.Random) -> None:
        self.client = session(host, environment)
        self.recorder, self.outcome, self.rng = recorder, outcome, rng
        self.path = ""
        self.page: pages.Page | None = None

    def _load(self, response=None) -> None:
        """The lesson page (again), as after a reload or a redirect to it."""
        if response is None:
            response = self.client.get(self.path, name="lesson page", allow_redirects=False)
        if response.status_code != 200:
            raise load.FlowError(f"the lesson page answered {response.status_code}")
        self.page = pages.read(response.text)
        self.box = self.page.element("lesson-phone")
        if not self.box or not self.box.get("data-state"):
            raise load.FlowError("no lesson-phone element with data-state on the phone's page")
        self.form = next((f for f in self.page.post_forms() if "question-form" in f.classes), None)

    def join(self, code: str) -> None:
        form = pages.read(self.client.get("/l", name="lesson join page").text).form_with("code")
        if form is None:
            raise load.FlowError("no code form on /l")
        response = post_form(self.client, form, [(k, code if k == "code" else v) for k, v in form.fill()], "lesson join", "/l")
        self.path = load._location(response)
        if response.status_code != 302 or not self.path.startswith("/l/"):
            raise load.FlowError(f"joining the lesson was refused ({response.status_code} -> {self.path!r})")
        self._load()
        self.outcome.joined += 1

    def answer(self) -> None:
        form, position = self.form, self.box.get("data-position")
        question = form.value("question") or ""
        response = post_form(self.client, form, form.fill(self.rng), "lesson answer", self.path)
        if response.status_code != 302:
            raise load.FlowError(f"the answer to {question!r} was refused ({response.status_code})")
        response, _path = follow(self.client, response, "lesson page")
        self._load(response)
        if self.form is None and self.box.get("data-position") == position:
            self.outcome.accepted[question] += 1
        elif self.box.get("data-position") != position:
            self.outcome.moved_on += 1  # the projector went on meanwhile: the app shows the new question
        else:
            raise load.FlowError(f"the answer to {question!r} was not taken and the question is still showing")

    def run(self, code: str, think: tuple[float, float], poll: float, stop: Event) -> None:
        try:
            self.join(code)
            self._follow_the_lesson(think, poll, stop)
        except load.FlowError as error:
            self.recorder.flow_error(str(error))

    def _follow_the_lesson(self, think: tuple[float, float], poll: float, stop: Event) -> None:
        def answer_time() -> float | None:
            return time.time() + self.rng.uniform(*think) if self.form is not None else None

        answer_at, next_poll = answer_time(), time.time() + poll
        while not stop.is_set():
            due = next_poll if answer_at is None else min(next_poll, answer_at)
            if stop.wait(max(0.0, due - time.time())):
                return
            if answer_at is not None and time.time() >= answer_at:
                try:
                    self.answer()
                    answer_at = answer_time()
                except load.FlowError as refused:  # told in the figures; the phone waits for the next question
                    self.recorder.flow_error(str(refused))
                    answer_at = None
                next_poll = time.time() + poll
                continue
            response = self.client.get(self.box["data-state"], name="lesson state poll", allow_redirects=False)
            state = response.json() if response.status_code == 200 else None
            if state is None:
                next_poll = time.time() + poll
                continue
            if state.get("ended"):
                self.outcome.finished += 1
                return
            moved = str(state.get("position")) != self.box.get("data-position")
            shown = ("true" if state.get("revealed") else "false") != self.box.get("data-revealed")
            if moved or (shown and self.form is None):
                self._load()
                answer_at = answer_time()
            next_poll = time.time() + poll


def run_lesson(
    host: str,
    *,
    classroom_id: int,
    bank_id: str,
    teacher: str,
    password: str,
    phones: int,
    questions: int,
    gap: float,
    think: tuple[float, float],
    poll: float = 2.0,
    join_within: float = 3.0,
    between_moves=None,
    on_start=None,
) -> dict:
    """The whole lesson; returns its timing, the phones' and the teacher's recorders, and what the phones saw.

    Bounded: the teacher's moves take ``join_within + questions * gap`` seconds, and the
    phones get two polls and a margin to see the end before they are stopped."""
    phone_recorder, teacher_recorder = load.Recorder(), load.Recorder()
    phone_env, teacher_env = load.make_environment(phone_recorder), load.make_environment(teacher_recorder)
    projector = Teacher(host, teacher_env)
    dashboard = projector.sign_in(teacher, password)
    projector.start_lesson(dashboard, classroom_id, bank_id)
    code = projector.code
    outcome, stop = LessonOutcome(), Event()
    began = on_start() if on_start else None
    start = time.time()
    crowd = [
        gevent.spawn_later(
            random.Random(number).uniform(0, join_within),
            Phone(host, phone_env, phone_recorder, outcome, random.Random(1000 + number)).run,
            code,
            think,
            poll,
            stop,
        )
        for number in range(phones)
    ]
    live = gevent.spawn(projector.watch_live, poll, stop)
    shown = 1
    try:
        gevent.sleep(join_within + gap)
        for _ in range(questions - 1):
            if between_moves:
                between_moves()
            projector.press("next")
            shown += 1
            gevent.sleep(gap)
        projector.press("end")
        gevent.joinall(crowd, timeout=2 * poll + 10)
    finally:
        end = time.time()
        stop.set()
        gevent.joinall([*crowd, live], timeout=5)
        gevent.killall([*crowd, live], block=True, timeout=5)
    return {
        "start": start,
        "end": end,
        "seconds": end - start,
        "code": code,
        "phones": phones,
        "questions": shown,
        "outcome": outcome,
        "phone_recorder": phone_recorder,
        "teacher_recorder": teacher_recorder,
        "began": began,
    }
