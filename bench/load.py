"""Simulated students, driven by locust: what they do, and what the benchmark records of it.

Import this module first in a process (locust patches the standard library for
gevent on import). Each kind of visitor is a locust ``FastHttpUser``:

  Visitor       the bare ceiling: GET / again and again
  PageViewer    a signed-in student reloading a question page and the dashboard
  Sprinter      a student sending the answers of five modules back to back (no reading time)
  ClassStudent  the real thing: join, dashboard, module page, start, then for each
                question the page, the answer and its feedback, then the results,
                with reading time between taps and the occasional double tap

``bell_rings`` is not a locust run: 30 students sign in and open their modules,
wait at a barrier, and then all send their answers in the same instant.

Every request lands in a ``Recorder`` (exact latencies, not locust's rounded
buckets), and every answer the server accepted is remembered, so that the SQL check
afterwards can prove it is in the database exactly once.
"""

from __future__ import annotations

import math
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import gevent
from gevent.event import Event
from gevent.queue import Empty, Queue
from locust import FastHttpUser, between, task
from locust.contrib.fasthttp import FastHttpSession
from locust.env import Environment
from locust.exception import StopUser

from bench import pages

FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
QUESTION_ACTION = re.compile(r"^/s/m/(\d+)/q/([^/?#]+)$")
ASSIGNMENT_LINK = re.compile(r"^/s/m/(\d+)$")
PAGE_VIEWS = ("join page", "dashboard", "module page", "question page", "feedback page", "results page")


class Student(FastHttpUser):
    """What every simulated student's browser has in common."""

    abstract = True
    wait_time = between(0, 0)
    network_timeout = 30.0
    connection_timeout = 10.0
    # gunicorn closes a connection idle for 2 s; a phone just opens a new one.
    max_retries = 1

    def __init__(self, environment) -> None:
        super().__init__(environment)
        never_follow_redirects(self.client)


def never_follow_redirects(session: FastHttpSession) -> FastHttpSession:
    """The students follow each redirect themselves, to time each step and check where it leads.

    (locust 2.41's ``allow_redirects=False`` reads a misspelt attribute that
    geventhttpclient 2.5 no longer has; defining it makes that path work too.)
    """
    session.client.redirect_response_codes = frozenset()
    session.client.redirect_resonse_codes = frozenset()
    return session


class FlowError(RuntimeError):
    """A page did not lead where a student's tap should lead (the app changed, or refused)."""


# --- What is recorded --------------------------------------------------------------------


@dataclass
class Sample:
    end: float  # time.time() when the response was complete
    ms: float
    ok: bool


class Recorder:
    """Every request of the run, by name, with its exact latency."""

    def __init__(self) -> None:
        self.samples: dict[str, list[Sample]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.error_examples: list[str] = []
        self.accepted: list[tuple[int, int, str]] = []  # (student id, assignment id, question id)
        self.double_taps = 0

    def on_request(self, request_type, name, response_time, response_length, exception=None, **_kw) -> None:
        self.samples[name].append(Sample(time.time(), float(response_time), exception is None))
        if exception is not None:
            self.errors[name] += 1
            if len(self.error_examples) < 10:
                self.error_examples.append(f"{request_type} {name}: {exception!r}"[:300])

    def flow_error(self, what: str) -> None:
        self.errors["flow"] += 1
        if len(self.error_examples) < 10:
            self.error_examples.append(what[:300])

    def between(self, start: float, end: float, names: tuple[str, ...] | None = None) -> list[Sample]:
        wanted = names or tuple(self.samples)
        return [s for name in wanted for s in self.samples.get(name, ()) if start <= s.end <= end]


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (share in 0..100)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share / 100 * len(ordered))))
    return ordered[rank - 1]


def summarise(samples: list[Sample], seconds: float | None = None) -> dict:
    times = [s.ms for s in samples]
    out = {
        "count": len(samples),
        "failed": sum(1 for s in samples if not s.ok),
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "max": max(times) if times else None,
        "mean": (sum(times) / len(times)) if times else None,
    }
    if seconds:
        out["per_second"] = len(samples) / seconds
    return out


# --- What the students share -----------------------------------------------------------


class Roster:
    """The seeded students still waiting for a simulated student to play them."""

    def __init__(self, classes: list[dict]) -> None:
        self.queue: Queue = Queue()
        for classroom in classes:
            for student in classroom["students"]:
                self.queue.put({**student, "class_code": classroom["class_code"], "assignments": classroom["assignments"]})

    def take(self) -> dict | None:
        try:
            return self.queue.get_nowait()
        except Empty:
            return None


class FormCache:
    """The answer each question's form sends, learnt from the real page once (ids, not places).

    Keyed by bank and question: two banks may use the same question id."""

    def __init__(self) -> None:
        self.pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def learn(self, bank_id: str, question_id: str, form: pages.Form) -> None:
        if (bank_id, question_id) not in self.pairs:
            self.pairs[(bank_id, question_id)] = [(k, v) for k, v in form.fill() if k != "csrf_token"]

    def body(self, bank_id: str, question_id: str, token: str) -> str:
        return urlencode([("csrf_token", token), *self.pairs[(bank_id, question_id)]])


@dataclass
class Shared:
    """What every simulated student of a run can see: the plan, the caches, the recorder."""

    recorder: Recorder
    questions: dict[str, list[str]]  # bank id -> question ids in bank order
    forms: FormCache = field(default_factory=FormCache)
    think: tuple[float, float] = (0.0, 0.0)
    double_tap_share: float = 0.0
    # Set at the end of a phase: each student stops after the request in flight, so no
    # answer is left half sent (stored by the server but never heard of by the bench).
    stopping: Event = field(default_factory=Event)

    def check_stop(self) -> None:
        if self.stopping.is_set():
            raise StopUser()


def _location(response) -> str:
    location = response.headers.get("Location") or response.headers.get("location") or ""
    return urlsplit(location).path + (f"?{urlsplit(location).query}" if urlsplit(location).query else "")


def csrf_token(page: pages.Page) -> str:
    for form in page.forms:
        token = form.value("csrf_token")
        if token:
            return token
    raise FlowError("no form with a csrf_token on the page")


def join(client: FastHttpSession, student: dict) -> str:
    """Type the two codes on /join (CSRF on, as on a real server); returns the page the app sends the student to."""
    response = client.get("/join", name="join page")
    form = pages.read(response.text).form_with("class_code", "personal_code")
    if form is None:
        raise FlowError("no join form on /join")
    body = urlencode(
        [
            ("csrf_token", form.value("csrf_token") or ""),
            ("class_code", student["class_code"]),
            ("personal_code", student["code"]),
        ]
    )
    response = client.post("/join", data=body, headers=FORM_HEADERS, name="join", allow_redirects=False)
    target = _location(response)
    if response.status_code != 302 or not target.startswith("/s/"):
        raise FlowError(f"join refused ({response.status_code}); rate-limited or wrong codes?")
    return target


def post_answer(
    client: FastHttpSession, shared: Shared, student: dict, assignment_id: int, question_id: str, body: str, name: str = "answer"
) -> str:
    """Send one answer; remember it when the app accepted it (a redirect onwards, not the form again)."""
    response = client.post(
        f"/s/m/{assignment_id}/q/{question_id}", data=body, headers=FORM_HEADERS, name=name, allow_redirects=False
    )
    target = _location(response)
    path = target.split("?")[0]
    onwards = path.endswith((f"/q/{question_id}/feedback", "/results")) or QUESTION_ACTION.match(path)
    if response.status_code != 302 or not onwards:
        raise FlowError(f"answer to {question_id} not accepted ({response.status_code} -> {target!r})")
    if name != "answer (double tap)":
        shared.recorder.accepted.append((student["id"], assignment_id, question_id))
    return target


# --- The users ---------------------------------------------------------------------------


def make_environment(recorder: Recorder, user_classes: list[type] | None = None) -> Environment:
    """A locust environment of its own (its own event hooks) whose requests land in ``recorder``."""
    env = Environment(user_classes=user_classes or [])
    env.events.request.add_listener(recorder.on_request)
    return env


def run_users(
    user_class: type,
    count: int,
    spawn_rate: float,
    max_seconds: float,
    recorder: Recorder,
    until_done: bool = False,
    stopping: Event | None = None,
    grace: float = 10.0,
) -> tuple[float, float]:
    """Run ``count`` users for at most ``max_seconds`` (stopping early when all are done); returns (start, end).

    At the end, ``stopping`` is set and the users get ``grace`` seconds to finish the
    request in flight before the rest are killed.
    """
    env = make_environment(recorder, [user_class])
    runner = env.create_local_runner()
    start = time.time()
    runner.start(count, spawn_rate=spawn_rate)
    try:
        gevent.sleep(min(1.0, max_seconds))
        deadline = start + max_seconds
        while time.time() < deadline:
            if until_done and runner.user_count == 0:
                break
            gevent.sleep(0.1)
    finally:
        end = time.time()
        if stopping is not None:
            stopping.set()
            waited = time.time() + grace
            while runner.user_count and time.time() < waited:
                gevent.sleep(0.05)
            stopping.clear()
        runner.stop()
        runner.quit()
    return start, end


def visitor_class(host: str) -> type:
    class Visitor(Student):
        """The bare ceiling: one small page, again and again."""

        @task
        def page(self):
            self.client.get("/", name="bare page")

    Visitor.host = host
    return Visitor


def page_viewer_class(host: str, shared: Shared, roster: Roster) -> type:
    class PageViewer(Student):
        """A signed-in student reloading the question page and the dashboard."""

        def on_start(self):
            self.student = roster.take()
            if self.student is None:
                raise StopUser()
            join(self.client, self.student)
            token = csrf_token(pages.read(self.client.get("/s/", name="setup").text))
            assignment_id = next(iter(self.student["assignments"].values()))
            response = self.client.post(
                f"/s/m/{assignment_id}/start",
                data=urlencode({"csrf_token": token}),
                headers=FORM_HEADERS,
                name="setup",
                allow_redirects=False,
            )
            self.question_url = _location(response)

        @task(3)
        def question_page(self):
            shared.check_stop()
            self.client.get(self.question_url, name="question page")

        @task(1)
        def dashboard(self):
            self.client.get("/s/", name="dashboard")

    PageViewer.host = host
    return PageViewer


def sprinter_class(host: str, shared: Shared, roster: Roster) -> type:
    class Sprinter(Student):
        """Students with five modules each, answering as fast as the server lets them."""

        @task
        def one_student(self):
            student = roster.take()
            if student is None:
                raise StopUser()
            self.client.cookiejar.clear()
            try:
                join(self.client, student)
                token = csrf_token(pages.read(self.client.get("/s/", name="setup").text))
                for bank_id, assignment_id in student["assignments"].items():
                    self.client.post(
                        f"/s/m/{assignment_id}/start",
                        data=urlencode({"csrf_token": token}),
                        headers=FORM_HEADERS,
                        name="start",
                        allow_redirects=False,
                    )
                    for question_id in shared.questions[bank_id]:
                        shared.check_stop()
                        post_answer(
                            self.client,
                            shared,
                            student,
                            assignment_id,
                            question_id,
                            shared.forms.body(bank_id, question_id, token),
                        )
            except FlowError as error:
                shared.recorder.flow_error(str(error))

    Sprinter.host = host
    return Sprinter


def walk_module(
    client: FastHttpSession, shared: Shared, student: dict, bank_id: str, assignment_id: int, rng: random.Random | None = None
) -> int:
    """One student through one module, as on a phone: module page, start, question pages, answers,
    feedback, results. Returns the number of answers sent."""
    think = shared.think

    def pause():
        if think[1] > 0:
            gevent.sleep(random.uniform(*think))
        shared.check_stop()

    page = pages.read(client.get(f"/s/m/{assignment_id}", name="module page").text)
    start_form = next((f for f in page.post_forms() if f.action.endswith("/start")), None)
    if start_form is None:
        raise FlowError(f"no start form on module {assignment_id}")
    pause()
    response = client.post(
        start_form.action, data=urlencode(start_form.fill()), headers=FORM_HEADERS, name="start", allow_redirects=False
    )
    target = _location(response)
    for answered in range(100):  # a module has at most a few dozen questions; never loop for ever
        if target.endswith("/results"):
            client.get(target, name="results page")
            return answered
        match = QUESTION_ACTION.match(target.split("?")[0])
        if match is None:
            raise FlowError(f"expected a question or the results, got {target!r}")
        question_id = match.group(2)
        page = pages.read(client.get(target, name="question page").text)
        form = next((f for f in page.post_forms() if "question-form" in f.classes), None)
        if form is None:
            raise FlowError(f"no question form at {target}")
        shared.forms.learn(bank_id, question_id, form)
        pause()
        body = urlencode(form.fill(rng))
        twin = None
        if shared.double_tap_share and random.random() < shared.double_tap_share:
            # A double tap: the same answer twice at the same moment; the app must keep one.
            shared.recorder.double_taps += 1
            twin = gevent.spawn(post_answer, client, shared, student, assignment_id, question_id, body, "answer (double tap)")
        target = post_answer(client, shared, student, assignment_id, question_id, body)
        if twin is not None:
            twin.join()
            if twin.exception is not None:
                shared.recorder.flow_error(f"double tap: {twin.exception}")
        if "/feedback" in target:
            page = pages.read(client.get(target, name="feedback page").text)
            onward = [href for href, classes in page.links if "button" in classes and href.startswith(f"/s/m/{assignment_id}/")]
            if not onward:
                raise FlowError(f"no next link on the feedback of {question_id}")
            pause()
            target = urlsplit(onward[0]).path
    raise FlowError("a module that never ends")


def class_student_class(host: str, shared: Shared, roster: Roster) -> type:
    class ClassStudent(Student):
        """A student of a class opening the module at the same minute as the rest of the class."""

        @task
        def do_the_module(self):
            student = roster.take()
            if student is None:
                raise StopUser()
            try:
                join(self.client, student)
                page = pages.read(self.client.get("/s/", name="dashboard").text)
                links = {int(m.group(1)) for href, _c in page.links if (m := ASSIGNMENT_LINK.match(href))}
                for bank_id, assignment_id in student["assignments"].items():
                    if assignment_id not in links:
                        raise FlowError(f"assignment {assignment_id} missing from the dashboard")
                    walk_module(self.client, shared, student, bank_id, assignment_id, rng=random.Random(student["id"]))
            except FlowError as error:
                shared.recorder.flow_error(str(error))
            raise StopUser()

    ClassStudent.host = host
    return ClassStudent


# --- The bell rings ----------------------------------------------------------------------


def bell_rings(host: str, shared: Shared, students: list[dict], answers_each: int, timeout: float = 60.0, on_ring=None) -> dict:
    """Everyone signed in and on the first question; the bell rings; every student sends
    ``answers_each`` answers as fast as they can. Returns the timing of that burst."""
    recorder = shared.recorder
    setup = make_environment(Recorder())  # signing in and opening the modules are not part of the figures
    sessions, plans = [], []
    for student in students:
        client = never_follow_redirects(FastHttpSession(host, request_event=setup.events.request, user=None))
        join(client, student)
        token = csrf_token(pages.read(client.get("/s/").text))
        plan = []
        for bank_id, assignment_id in student["assignments"].items():
            client.post(
                f"/s/m/{assignment_id}/start", data=urlencode({"csrf_token": token}), headers=FORM_HEADERS, allow_redirects=False
            )
            plan += [(assignment_id, q, shared.forms.body(bank_id, q, token)) for q in shared.questions[bank_id]]
        if len(plan) < answers_each:
            raise FlowError(f"only {len(plan)} questions assigned; the bell wants {answers_each}")
        sessions.append(client)
        plans.append(plan[:answers_each])
    fire = Event()
    finished_at: list[float] = []

    def one(client, student, plan):
        fire.wait()
        for assignment_id, question_id, body in plan:
            try:
                post_answer(client, shared, student, assignment_id, question_id, body, name="bell answer")
            except FlowError as error:
                recorder.flow_error(str(error))
        finished_at.append(time.time())

    measured = make_environment(recorder)
    for client in sessions:
        client.request_event = measured.events.request
    greenlets = [gevent.spawn(one, c, s, p) for c, s, p in zip(sessions, students, plans, strict=True)]
    gevent.sleep(0.2)
    rang = time.time()
    ring = on_ring() if on_ring else None
    fire.set()
    gevent.joinall(greenlets, timeout=timeout)
    gevent.killall(greenlets, block=True)
    end = max(finished_at) if finished_at else time.time()
    return {
        "rang": rang,
        "end": end,
        "seconds": end - rang,
        "students": len(students),
        "answers_each": answers_each,
        "ring": ring,
    }
