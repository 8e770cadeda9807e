"""bench/run: how Waspada holds up when whole classes open a module at the same minute.

One run, on this machine, on loopback only (127.0.0.1), with the configuration of
``make run`` (gunicorn, 2 workers x 4 threads):

1. The ceiling: a bare Flask page (bench/bare_app.py) as fast as it goes.
2. Waspada on a fresh database (SQLite in a temporary folder, or a new PostgreSQL
   database with ``--db postgres``), migrated with ``flask db upgrade`` and seeded
   through the app's services (bench/seed.py). Then, through HTTP with CSRF on:
   a scout walks every module (and learns each question's form);
   page views as fast as they go (question page and dashboard);
   answers as fast as they go (students sending five modules back to back);
   the real thing: classes of 30-40 students (200 by default) join, open the
   dashboard and the module, answer every question with reading time, see each
   feedback and the results, and now and then double-tap;
   the bell rings: 30 signed-in students send 20 answers each in the same instant;
   a discussion lesson of 40 phones (bench/lesson_load.py): a teacher signed in over
   HTTP moves the projector through 10 questions, a few seconds each, while the
   phones, anonymous, poll the lesson's state every 2 s and answer each question once.
   Afterwards SQL checks that every answer the server accepted is stored exactly
   once (and every phone's answer counted once in the lesson's totals), and the
   reports are timed for the class of 40.
3. A district (bench/generate_district.py) and the reports timed on it.

Every process it starts is stopped (process groups, ``finally`` and ``atexit``);
the PostgreSQL database it made is dropped. ``--smoke`` does it all in seconds
with a tiny load. Results: a table on stdout, JSON and logs in ``--out``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import gevent

from bench import database, lesson_load, load, procs  # load: locust patches the standard library for gevent

DOCS = procs.ROOT / "docs" / "performance.md"
MiB = 1024
CANNOT_SERVE = 77  # the exit status when gunicorn cannot start (tests skip on it)
LESSON_BANK = "grooming"  # 14 questions, offered to SMP classes


@dataclass
class Settings:
    db: str = "sqlite"
    smoke: bool = False
    ceiling_users: int = 16
    ceiling_seconds: float = 20.0
    replay_students: int = 200
    think: tuple[float, float] = (1.0, 3.0)
    replay_max_seconds: float = 240.0
    bell_students: int = 30
    bell_answers: int = 20
    double_tap_share: float = 0.05
    sprint_students: int = 420
    lesson_phones: int = 40
    lesson_questions: int = 10
    lesson_gap: float = 5.0  # seconds the teacher spends on each question
    lesson_think: tuple[float, float] = (1.0, 2.5)  # a phone reading the question before it answers
    lesson_poll: float = 2.0  # what the phone's script waits between two polls
    lesson_join: float = 3.0  # the phones type the code within this many seconds
    district_scale: float = 0.0
    report_repeat: int = 7
    profile: bool = False

    @classmethod
    def from_args(cls, args) -> Settings:
        if args.smoke:
            settings = cls(
                db=args.db,
                smoke=True,
                ceiling_users=4,
                ceiling_seconds=1.0,
                replay_students=6,
                think=(0.0, 0.0),
                replay_max_seconds=20.0,
                bell_students=5,
                bell_answers=20,
                double_tap_share=0.2,
                sprint_students=4,
                lesson_phones=6,
                lesson_questions=2,
                lesson_gap=1.0,
                lesson_think=(0.0, 0.3),
                lesson_poll=0.5,
                lesson_join=0.5,
                district_scale=0.002,
                report_repeat=3,
            )
        else:
            settings = cls(db=args.db, district_scale=1.0 if args.db == "postgres" else 0.2)
        for name in ("ceiling_users", "ceiling_seconds", "replay_students", "bell_students", "lesson_phones", "district_scale"):
            value = getattr(args, name, None)
            if value is not None:
                setattr(settings, name, value)
        if args.think is not None:
            settings.think = tuple(args.think)
        settings.profile = args.profile
        return settings


@dataclass
class Phase:
    name: str
    start: float
    end: float
    users: int
    figures: dict = field(default_factory=dict)
    cpu: dict = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return self.end - self.start


# --- Measuring ---------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (all their threads), from /proc/<pid>/stat."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / ticks


class Meter:
    """CPU of the server and of the load generator over a phase, and the server's memory all along."""

    def __init__(self, server: procs.Server) -> None:
        self.server = server
        self._sampler = gevent.spawn(self._sample)

    def _sample(self) -> None:
        while True:
            self.server.sample_memory()
            gevent.sleep(0.5)

    def pids(self) -> list[int]:
        return [self.server.process.pid, *self.server.workers()]

    def begin(self) -> tuple[float, float, float, float]:
        return time.time(), cpu_seconds(self.pids()), cpu_seconds([os.getpid()]), machine_busy_seconds()

    def end(self, began: tuple[float, float, float], requests: int = 0) -> dict:
        """Cores used by the server and by the load generator, the machine's load, and the
        server's CPU time per request: the figure least disturbed by whatever else runs here."""
        wall = time.time() - began[0]
        server = cpu_seconds(self.pids()) - began[1]
        client = cpu_seconds([os.getpid()]) - began[2]
        others = max(0.0, machine_busy_seconds() - began[3] - server - client)
        return {
            "server_cores": server / wall if wall else 0.0,
            "client_cores": client / wall if wall else 0.0,
            "other_cores": others / wall if wall else 0.0,
            "server_cpu_ms_per_request": (server * 1000 / requests) if requests else None,
            "loadavg_1min": load_average(),
        }

    def stop(self) -> None:
        self._sampler.kill(block=True)


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy (every core), from the first line of /proc/stat."""
    with contextlib.suppress(OSError, ValueError):
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        busy = sum(fields[:8]) - idle
        return busy / os.sysconf("SC_CLK_TCK")
    return 0.0


def load_average() -> float:
    """The machine's 1-minute load average: above ~2.5 on 2 cores, something else competes with the run."""
    with contextlib.suppress(OSError, ValueError):
        return float(Path("/proc/loadavg").read_text().split()[0])
    return 0.0


def requests_between(recorder: load.Recorder, start: float, end: float) -> int:
    return len(recorder.between(start, end + 60))


def steady(recorder: load.Recorder, start: float, end: float, names: tuple[str, ...], warmup: float) -> dict:
    """The figures of ``names`` once every user is running (after ``warmup`` seconds)."""
    begin = min(start + warmup, end - 0.5)
    return load.summarise(recorder.between(begin, end, names), seconds=end - begin)


def clear_rate_limits(url: str) -> None:
    """All simulated students share 127.0.0.1, which a school's router never would; start each phase fresh."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM rate_limit_counters"))
    finally:
        engine.dispose()


# --- The phases --------------------------------------------------------------------------


def run_bare(settings: Settings, folder: Path, log) -> Phase:
    env = database.app_env("sqlite://", folder / "bare-instance")
    server = procs.start_gunicorn("bare", "bench.bare_app:app", env, folder, ready_path="/healthz")
    try:
        meter = Meter(server)
        recorder = load.Recorder()
        began = meter.begin()
        start, end = load.run_users(
            load.visitor_class(server.url), settings.ceiling_users, 100, settings.ceiling_seconds, recorder
        )
        phase = Phase(
            "bare Flask page", start, end, settings.ceiling_users, cpu=meter.end(began, requests_between(recorder, start, end))
        )
        phase.figures["bare page"] = steady(recorder, start, end, ("bare page",), warmup=min(2, settings.ceiling_seconds / 4))
        phase.figures["memory_kib"] = dict(server.peak_workers_kib)
        meter.stop()
        log(f"  bare Flask: {phase.figures['bare page']['per_second']:.0f} requests/s")
        return phase
    finally:
        server.stop()


def class_sizes(total: int) -> list[int]:
    """Classes of 30 to 40 adding up to ``total``, the first one of 40 (the report's class)."""
    if total <= 40:
        return [total]
    count = max(2, round(total / 34))
    rest = total - 40
    base, extra = divmod(rest, count - 1)
    return [40] + [base + (1 if i < extra else 0) for i in range(count - 1)]


def seed_plan(settings: Settings, banks: list[str]) -> dict:
    """Who the simulated students are: a group of classes per phase, each with its modules."""
    sprint_sizes = class_sizes(settings.sprint_students) if settings.sprint_students > 40 else [settings.sprint_students]
    return {
        "groups": [
            {"name": "scout", "sizes": [1], "banks": banks},
            {"name": "viewers", "sizes": [settings.ceiling_users], "banks": ["grooming"]},
            {"name": "sprint", "sizes": sprint_sizes, "banks": banks},
            {"name": "replay", "sizes": class_sizes(settings.replay_students), "banks": ["grooming"]},
            {"name": "bell", "sizes": [settings.bell_students], "banks": ["grooming", "basics"]},
            {"name": "lesson", "sizes": [settings.lesson_phones], "banks": []},  # phones are anonymous
        ]
    }


def run_waspada(settings: Settings, folder: Path, log) -> dict:
    from app.quizbank import load_catalogue

    banks = sorted(load_catalogue(str(procs.ROOT / "quizzes")).banks)
    if settings.smoke:  # two modules (the bell's) are enough to prove the flow
        banks = ["basics", "grooming"]
    result: dict = {"phases": []}
    fresh = database.create(settings.db, folder)
    server = None
    try:
        env = database.app_env(fresh.url, folder / "instance")
        started = time.perf_counter()
        if not settings.smoke:
            database.migrate(env)
            log("  migrated (flask db upgrade)")
        plan_path, seed_path = folder / "seed-plan.json", folder / "seed.json"
        plan_path.write_text(json.dumps(seed_plan(settings, banks)))
        log("  " + database.seed(env, plan_path, seed_path, migrate_first=settings.smoke).strip().splitlines()[-1])
        seeded = json.loads(seed_path.read_text())
        result["setup_seconds"] = time.perf_counter() - started
        server = procs.start_gunicorn("waspada", "run:app", env, folder, ready_path="/healthz")
        result["server_start_seconds"] = server.started_in
        log(f"  gunicorn up in {server.started_in:.1f} s")
        meter = Meter(server)
        groups = seeded["groups"]
        shared = load.Shared(recorder=load.Recorder(), questions=seeded["questions"], think=(0.0, 0.0))

        # A scout walks every module once: the whole flow works, and each question's form is learnt.
        scout = load.Recorder()
        shared.recorder = scout
        load.run_users(
            load.class_student_class(server.url, shared, load.Roster(groups["scout"])), 1, 1, 120, scout, until_done=True
        )
        missing = [(b, q) for b in banks for q in seeded["questions"][b] if (b, q) not in shared.forms.pairs]
        if scout.errors or missing:
            raise RuntimeError(
                f"the scout could not walk every module: {dict(scout.errors)} "
                f"{scout.error_examples[:3]} missing forms: {missing[:5]}\n{server.log_tail()}"
            )
        result["scout_answers"] = len(scout.accepted)
        log(f"  the scout walked {len(banks)} modules ({len(scout.accepted)} answers)")
        accepted = list(scout.accepted)
        recorder = load.Recorder()
        shared.recorder = recorder
        warmup = min(2, settings.ceiling_seconds / 4)

        clear_rate_limits(fresh.url)
        sampler = start_profile(settings, server, folder, "page-views")
        began = meter.begin()
        start, end = load.run_users(
            load.page_viewer_class(server.url, shared, load.Roster(groups["viewers"])),
            settings.ceiling_users,
            100,
            settings.ceiling_seconds + warmup,
            recorder,
            stopping=shared.stopping,
        )
        phase = Phase(
            "page views, as fast as they go",
            start,
            end,
            settings.ceiling_users,
            cpu=meter.end(began, requests_between(recorder, start, end)),
        )
        phase.figures["question page"] = steady(recorder, start, end, ("question page",), warmup + 0.5)
        phase.figures["dashboard"] = steady(recorder, start, end, ("dashboard",), warmup + 0.5)
        phase.figures["page views"] = steady(recorder, start, end, ("question page", "dashboard"), warmup + 0.5)
        result["phases"].append(phase)
        log(f"  page views: {phase.figures['page views']['per_second']:.0f}/s")
        stop_profile(sampler, log)

        clear_rate_limits(fresh.url)
        sampler = start_profile(settings, server, folder, "answers")
        began = meter.begin()
        start, end = load.run_users(
            load.sprinter_class(server.url, shared, load.Roster(groups["sprint"])),
            settings.ceiling_users,
            100,
            settings.ceiling_seconds + warmup,
            recorder,
            until_done=True,
            stopping=shared.stopping,
        )
        phase = Phase(
            "answers, as fast as they go",
            start,
            end,
            settings.ceiling_users,
            cpu=meter.end(began, requests_between(recorder, start, end)),
        )
        phase.figures["answer"] = steady(recorder, start, end, ("answer",), warmup)
        result["phases"].append(phase)
        log(f"  answers: {phase.figures['answer']['per_second']:.0f}/s")
        stop_profile(sampler, log)

        clear_rate_limits(fresh.url)
        shared.think, shared.double_tap_share = settings.think, settings.double_tap_share
        replay = load.Recorder()
        shared.recorder = replay
        students = sum(len(c["students"]) for c in groups["replay"])
        began = meter.begin()
        # A class opens the module at the same minute: everybody within a few seconds.
        start, end = load.run_users(
            load.class_student_class(server.url, shared, load.Roster(groups["replay"])),
            students,
            max(10, students / 5),
            settings.replay_max_seconds,
            replay,
            until_done=True,
            stopping=shared.stopping,
        )
        phase = Phase(
            f"{students} students in {len(groups['replay'])} classes",
            start,
            end,
            students,
            cpu=meter.end(began, requests_between(replay, start, end)),
        )
        for name in ("answer", "answer (double tap)", "join", *load.PAGE_VIEWS):
            if replay.samples.get(name):
                phase.figures[name] = load.summarise(replay.samples[name], seconds=phase.seconds)
        phase.figures["page views"] = load.summarise(
            [s for n in load.PAGE_VIEWS for s in replay.samples.get(n, [])], seconds=phase.seconds
        )
        phase.figures["all requests"] = load.summarise(
            [s for samples in replay.samples.values() for s in samples], seconds=phase.seconds
        )
        phase.figures["errors"] = dict(replay.errors)
        phase.figures["error_examples"] = replay.error_examples
        phase.figures["double_taps"] = replay.double_taps
        phase.figures["finished_students"] = len({a[0] for a in replay.accepted})
        result["phases"].append(phase)
        log(
            f"  replay: {students} students, answer p95 {phase.figures['answer']['p95']:.0f} ms, "
            f"errors {dict(replay.errors) or 'none'}"
        )
        accepted += replay.accepted

        clear_rate_limits(fresh.url)
        shared.think, shared.double_tap_share = (0.0, 0.0), 0.0
        bell = load.Recorder()
        shared.recorder = bell
        students_of_bell = [
            {**s, "class_code": c["class_code"], "assignments": c["assignments"]} for c in groups["bell"] for s in c["students"]
        ]
        burst = load.bell_rings(server.url, shared, students_of_bell, settings.bell_answers, on_ring=meter.begin)
        phase = Phase(
            f"the bell rings: {len(students_of_bell)} students x {settings.bell_answers} answers",
            burst["rang"],
            burst["end"],
            len(students_of_bell),
            cpu=meter.end(burst["ring"], len(bell.samples.get("bell answer", []))),
        )
        phase.figures["bell answer"] = load.summarise(bell.samples.get("bell answer", []), seconds=burst["seconds"])
        phase.figures["errors"] = dict(bell.errors)
        phase.figures["error_examples"] = bell.error_examples
        result["phases"].append(phase)
        log(
            f"  bell: {phase.figures['bell answer']['per_second']:.0f} answers/s, "
            f"p99 {phase.figures['bell answer']['p99']:.0f} ms"
        )
        accepted += recorder.accepted + bell.accepted

        clear_rate_limits(fresh.url)
        phase, lesson = run_lesson_phase(settings, server, meter, fresh.url, seeded)
        result["phases"].append(phase)
        lesson_figures = phase.figures["all phone requests"]
        log(
            f"  lesson: {phase.users} phones, {phase.figures['questions']} questions, phone requests p99 "
            f"{fmt(lesson_figures['p99'], ' ms')}, errors {phase.figures['errors'] or 'none'}"
        )

        result["memory_kib"] = dict(server.peak_workers_kib)
        result["memory_now_kib"] = server.sample_memory()
        meter.stop()
        server.stop()
        server = None
        result["check"] = check_answers(fresh.url, accepted)
        result["lesson_check"] = check_lesson(fresh.url, lesson)
        log(
            f"  SQL check: {result['check']['sent']} answers sent, {result['check']['stored']} stored, "
            f"{'OK' if result['check']['ok'] else 'FAILED'}; lesson: {result['lesson_check']['taken']} answers taken, "
            f"{result['lesson_check']['counted']} counted, {'OK' if result['lesson_check']['ok'] else 'FAILED'}"
        )
        replay_40 = groups["replay"][0]
        result["reports"] = run_report_timing(env, replay_40["classroom_id"], settings.report_repeat, folder)
    finally:
        if server is not None:
            server.stop()
        fresh.drop()
    return result


LESSON_FIGURES = {
    "state poll": ("lesson state poll",),
    "lesson page": ("lesson page",),
    "answer": ("lesson answer",),
    "join (page and code)": ("lesson join page", "lesson join"),
    "all phone requests": lesson_load.PHONE_REQUESTS,
}


def run_lesson_phase(settings: Settings, server: procs.Server, meter: Meter, url: str, seeded: dict) -> tuple[Phase, dict]:
    """A discussion lesson of ``lesson_phones`` phones while the teacher moves through the module (issue 16).

    The app allows 240 lesson answers a minute from one address, a class of 40 at a real
    lesson's pace (a question every half minute or more). The bench moves on every few
    seconds, and all its phones share 127.0.0.1, so the counters are cleared at each move,
    as at the start of every phase; each answer still checks and counts its limit."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    bank_id, classroom = LESSON_BANK, seeded["groups"]["lesson"][0]
    engine = create_engine(url, poolclass=NullPool)  # a connection of its own in whichever thread clears
    threadpool = gevent.get_hub().threadpool

    def clear() -> None:  # in a thread: the phones' requests go on meanwhile
        def delete() -> None:
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM rate_limit_counters"))

        threadpool.apply(delete)

    try:
        lesson = lesson_load.run_lesson(
            server.url,
            classroom_id=classroom["classroom_id"],
            bank_id=bank_id,
            teacher=classroom["teacher"],
            password=seeded["teacher_password"],
            phones=settings.lesson_phones,
            questions=min(settings.lesson_questions, len(seeded["questions"][bank_id])),
            gap=settings.lesson_gap,
            think=settings.lesson_think,
            poll=settings.lesson_poll,
            join_within=settings.lesson_join,
            between_moves=clear,
            on_start=meter.begin,
        )
    finally:
        engine.dispose()
    phones, teacher = lesson["phone_recorder"], lesson["teacher_recorder"]
    requests = sum(len(v) for v in phones.samples.values()) + len(teacher.between(lesson["start"], lesson["end"]))
    phase = Phase(
        f"lesson of {lesson['phones']} phones, {lesson['questions']} questions",
        lesson["start"],
        lesson["end"],
        lesson["phones"],
        cpu=meter.end(lesson["began"], requests),
    )
    for name, recorded in LESSON_FIGURES.items():
        phase.figures[name] = load.summarise([s for n in recorded for s in phones.samples.get(n, [])], seconds=lesson["seconds"])
    outcome = lesson["outcome"]
    phase.figures["questions"] = lesson["questions"]
    phase.figures["phones_joined"] = outcome.joined
    phase.figures["phones_saw_the_end"] = outcome.finished
    phase.figures["answers_taken"] = sum(outcome.accepted.values())
    phase.figures["answers_overtaken_by_the_projector"] = outcome.moved_on
    phase.figures["errors"] = dict(phones.errors)
    phase.figures["error_examples"] = phones.error_examples
    phase.figures["teacher"] = {name: load.summarise(samples) for name, samples in teacher.samples.items() if samples}
    phase.figures["teacher_errors"] = dict(teacher.errors)
    return phase, {"code": lesson["code"], "accepted": dict(outcome.accepted)}


def check_lesson(url: str, lesson: dict) -> dict:
    """Every answer a phone saw taken is in the lesson's totals exactly once, question by question."""
    from sqlalchemy import create_engine, text

    from app.models import LessonTally

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            counted = {
                row[0]: row[1]
                for row in connection.execute(
                    text(
                        "SELECT lesson_tallies.question_id, lesson_tallies.count FROM lesson_tallies "
                        "JOIN lessons ON lessons.id = lesson_tallies.lesson_id "
                        "WHERE lessons.code = :code AND lesson_tallies.option = :answered"
                    ),
                    {"code": lesson["code"], "answered": LessonTally.ANSWERED},
                )
            }
    finally:
        engine.dispose()
    taken = lesson["accepted"]
    wrong = {q: (taken.get(q, 0), counted.get(q, 0)) for q in set(taken) | set(counted) if taken.get(q, 0) != counted.get(q, 0)}
    return {
        "ok": not wrong and sum(taken.values()) > 0,
        "taken": sum(taken.values()),
        "counted": sum(counted.values()),
        "questions_wrong": {q: {"taken": t, "counted": c} for q, (t, c) in wrong.items()},
    }


def start_profile(settings: Settings, server: procs.Server, folder: Path, label: str):
    if not settings.profile:
        return None
    from bench import profiling

    if profiling.available() is None:
        print("  --profile: py-spy is not installed (pip install py-spy); not profiling")
        return None
    return label, profiling.Sampler(server.workers(), folder, label)


def stop_profile(sampler, log) -> None:
    if sampler is None:
        return
    from bench import profiling

    label, running = sampler
    running.stop()
    text = profiling.summary(running.outputs)
    (running.outputs[0].parent / f"profile-{label}.txt").write_text(text)
    log(f"  profile of the {label} phase:\n{text}")


def check_answers(url: str, accepted: list[tuple[int, int, str]]) -> dict:
    """Every answer the server accepted is in the database exactly once, and nothing else is."""
    from sqlalchemy import create_engine, text

    sent = Counter(accepted)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            stored = Counter(
                {
                    (row[0], row[1], row[2]): row[3]
                    for row in connection.execute(
                        text(
                            "SELECT attempts.student_id, attempts.assignment_id, answers.question_id, count(*) "
                            "FROM answers JOIN attempts ON attempts.id = answers.attempt_id "
                            "GROUP BY attempts.student_id, attempts.assignment_id, answers.question_id"
                        )
                    )
                }
            )
            attempts_twice = connection.execute(
                text(
                    "SELECT count(*) FROM (SELECT student_id, assignment_id FROM attempts "
                    "GROUP BY student_id, assignment_id HAVING count(*) > 1) AS twice"
                )
            ).scalar()
            unfinished_complete = connection.execute(
                text(
                    "SELECT count(*) FROM attempts WHERE finished_at IS NULL AND "
                    "(SELECT count(*) FROM answers WHERE answers.attempt_id = attempts.id) >= 14"
                )
            ).scalar()
    finally:
        engine.dispose()
    missing = [key for key in sent if key not in stored]
    extra = [key for key in stored if key not in sent]
    stored_twice = [key for key, count in stored.items() if count > 1]
    sent_twice = [key for key, count in sent.items() if count > 1]
    ok = not (missing or extra or stored_twice or sent_twice or attempts_twice)
    return {
        "ok": ok,
        "sent": sum(sent.values()),
        "stored": sum(stored.values()),
        "missing": len(missing),
        "not_sent_but_stored": len(extra),
        "stored_twice": len(stored_twice),
        "sent_twice": len(sent_twice),
        "attempts_twice": attempts_twice,
        "unfinished_with_every_answer": unfinished_complete,
        "examples": [str(k) for k in (missing + extra + stored_twice)[:5]],
    }


def run_report_timing(env: dict, class_id: int, repeat: int, folder: Path) -> dict:
    out = folder / "reports-class-of-40.json"
    text = procs.run_checked(
        [procs.PYTHON, "-m", "bench.report_timing", "--class-id", str(class_id), "--repeat", str(repeat), "--json", str(out)],
        env,
        "report timing",
        timeout=300,
    )
    (folder / "reports-class-of-40.txt").write_text(text)
    return json.loads(out.read_text())


def run_request_cost(settings: Settings, folder: Path) -> dict:
    """CPU per request of each student page, in one process without HTTP (bench/request_cost.py)."""
    out = folder / "request-cost.json"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("WASPADA_", "DATABASE_URL"))}
    text = procs.run_checked(
        [procs.PYTHON, "-m", "bench.request_cost", "--students", "20", "--json", str(out)], env, "request cost", timeout=300
    )
    (folder / "request-cost.txt").write_text(text)
    return json.loads(out.read_text())


def start_district(settings: Settings, folder: Path) -> subprocess.Popen:
    """bench/generate_district.py in a child process of its own, its output to a file."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    with (folder / "district.txt").open("wb") as out:
        process = subprocess.Popen(
            [
                procs.PYTHON,
                "-m",
                "bench.generate_district",
                "--db",
                settings.db,
                "--scale",
                str(settings.district_scale),
                "--repeat",
                str(settings.report_repeat),
                "--json",
                str(folder / "district.json"),
            ],
            cwd=procs.ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    procs._running.append(process)
    return process


def finish_district(process: subprocess.Popen, folder: Path, timeout: float = 900) -> dict:
    try:
        process.wait(timeout=timeout)
    finally:
        procs.stop(process)
    if process.returncode != 0:
        raise RuntimeError(f"district failed ({process.returncode}):\n{(folder / 'district.txt').read_text()[-3000:]}")
    return json.loads((folder / "district.json").read_text())


# --- Judging and telling -----------------------------------------------------------------


def fmt(value, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def of_bare(rate: float | None, bare: float) -> str:
    """A rate as a ratio to the bare-Flask ceiling of the same run."""
    if rate is None:
        return "n/a"
    return f"{rate:,.0f}/s = {rate / bare:.2f} x {bare:,.0f}/s"


def targets(results: dict) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for each target of issues 10, 16 and 19; None when this run cannot tell.

    Rates are judged as ratios to the bare-Flask ceiling measured in the same run (issue 19)."""
    out = []
    bare = results["bare"].figures["bare page"]["per_second"]
    w = results["waspada"]
    phases = {p.name.split(",")[0].split(":")[0]: p for p in w["phases"]}
    answers = phases["answers"].figures["answer"]["per_second"]
    out.append(("answers/s >= 1/2 of the bare ceiling", of_bare(answers, bare), answers >= bare / 2))
    # The page-view phase reloads the question page three times for each dashboard; its
    # rate of page views is what the server sustains for pages of that kind.
    views = phases["page views"].figures["page views"]["per_second"]
    out.append(
        (
            "question pages/s >= 2/3 of the bare ceiling",
            of_bare(views, bare) + " (page views: 3 question pages to 1 dashboard)",
            views >= bare * 2 / 3,
        )
    )
    bell = next(p for p in w["phases"] if p.name.startswith("the bell")).figures["bell answer"]
    out.append(
        (
            "bell rings: p99 < 100 ms",
            f"{fmt(bell['p99'], ' ms')} (answers at {of_bare(bell.get('per_second'), bare)})",
            bell["p99"] is not None and bell["p99"] < 100,
        )
    )
    lesson = next((p for p in w["phases"] if p.name.startswith("lesson of")), None)
    if lesson is not None:
        phone = lesson.figures["all phone requests"]
        out.append(
            (
                f"lesson of {lesson.users} phones: p99 < 100 ms",
                f"{fmt(phone['p99'], ' ms')} (all phone requests, {lesson.figures['questions']} questions; "
                f"state poll {fmt(lesson.figures['state poll']['p99'], ' ms')}, answer "
                f"{fmt(lesson.figures['answer']['p99'], ' ms')})"
                + (f"; errors: {lesson.figures['errors']}" if lesson.figures["errors"] else ""),
                (phone["p99"] is not None and phone["p99"] < 100 and not lesson.figures["errors"])
                if lesson.users >= 40
                else None,
            )
        )
    replay = next(p for p in w["phases"] if "students in" in p.name)
    answer = replay.figures.get("answer", {})
    out.append(
        (
            f"answer p95 < 100 ms with {replay.users} students",
            fmt(answer.get("p95"), " ms"),
            answer.get("p95") is not None and answer["p95"] < 100 if replay.users >= 200 else None,
        )
    )
    grid = w["reports"]["reports"].get("class report (grid)", {})
    out.append(
        (
            f"class report < 20 ms (class of {w['reports']['class_students']})",
            fmt(grid.get("median_ms"), " ms", 1),
            grid.get("median_ms") is not None and grid["median_ms"] < 20,
        )
    )
    district = results.get("district")
    if district:
        reports = district["reports"]["reports"]
        full = district["district"]["scale"] >= 1 and district["reports"]["dialect"] == "postgresql"
        grid = reports.get("class report (grid)", {}).get("median_ms")
        overview = reports.get("school overview", {}).get("median_ms")
        where = f"district x{district['district']['scale']:g}, {district['reports']['dialect']}"
        out.append((f"class report < 100 ms ({where})", fmt(grid, " ms", 1), (grid is not None and grid < 100) if full else None))
        out.append(
            (
                f"school overview < 300 ms ({where})",
                fmt(overview, " ms", 1),
                (overview is not None and overview < 300) if full else None,
            )
        )
    rss = w["memory_kib"]["rss"] / MiB
    out.append(("2 workers < 150 MiB RSS (peak)", f"{rss:.0f} MiB (PSS {w['memory_kib']['pss'] / MiB:.0f} MiB)", rss < 150))
    out.append(
        ("every answer stored exactly once", f"{w['check']['sent']:,} sent, {w['check']['stored']:,} stored", w["check"]["ok"])
    )
    if "lesson_check" in w:
        check = w["lesson_check"]
        out.append(
            (
                "lesson: every phone's answer counted exactly once",
                f"{check['taken']:,} taken, {check['counted']:,} counted",
                check["ok"],
            )
        )
    return out


def table(results: dict, settings: Settings) -> str:
    bare = results["bare"].figures["bare page"]
    w = results["waspada"]
    lines = [
        f"Run of {results['date']} on {results['machine']}; database: {settings.db}; gunicorn 2 workers x 4 threads; "
        f"load generator on the same machine (locust, {settings.ceiling_users} users for the ceilings)."
        + (" SMOKE RUN: tiny load, figures mean nothing." if settings.smoke else ""),
        "",
        "| load | figure | p50 | p95 | p99 | per second | vs bare |",
        "|---|---|---:|---:|---:|---:|---:|",
        f"| bare Flask page, {results['bare'].users} users | GET / | {fmt(bare['p50'], ' ms', 1)} | "
        f"{fmt(bare['p95'], ' ms', 1)} | {fmt(bare['p99'], ' ms', 1)} | {fmt(bare['per_second'])} | 1.00 |",
    ]
    for phase in w["phases"]:
        for name, figures in phase.figures.items():
            if not isinstance(figures, dict) or "p50" not in figures or not figures["count"]:
                continue
            if "students in" in phase.name and name not in (
                "answer",
                "page views",
                "question page",
                "join",
                "results page",
                "all requests",
            ):
                continue
            ratio = ""
            if "as fast" in phase.name or phase.name.startswith("the bell"):
                ratio = f"{figures['per_second'] / bare['per_second']:.2f}"
            lines.append(
                f"| {phase.name} | {name} | {fmt(figures['p50'], ' ms', 1)} | {fmt(figures['p95'], ' ms', 1)} "
                f"| {fmt(figures['p99'], ' ms', 1)} | {fmt(figures.get('per_second'))} | {ratio} |"
            )
    cost = results.get("request_cost")
    if cost:
        bare_cost = cost["bare page"]["cpu_ms"]
        lines += [
            "",
            "CPU per request in one process, no HTTP (bench/request_cost.py, SQLite; the figure that moves "
            "only when the code does):",
            "",
            "| request | SQL statements | CPU | x bare | at best on 2 cores |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, figures in cost.items():
            lines.append(
                f"| {name} | {figures['sql_each']:.1f} | {figures['cpu_ms']:.2f} ms | "
                f"{figures['cpu_ms'] / bare_cost:.0f} | {2000 / figures['cpu_ms']:,.0f}/s |"
            )
    lines += ["", "| report | where | median | queries |", "|---|---|---:|---:|"]
    for label, source in (("bench class", w.get("reports")), ("district", (results.get("district") or {}).get("reports"))):
        if not source:
            continue
        where = f"{label}: class of {source['class_students']}, {source['dialect']}"
        if label == "district":
            scale = results["district"]["district"]["scale"]
            counts = results["district"]["district"]["counts"]
            where = (
                f"district x{scale:g} ({counts.get('schools', 0)} schools, {counts.get('students', 0):,} students, "
                f"{counts.get('answers', 0):,} answers), {source['dialect']}"
            )
        for name, figures in source["reports"].items():
            value = "FAILED: " + figures["error"] if figures.get("error") else fmt(figures["median_ms"], " ms", 1)
            scans = " (seq scan)" if figures.get("seq_scans") else ""
            lines.append(f"| {name} | {where} | {value}{scans} | {figures['queries']} |")
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for target, measured, met in targets(results):
        lines.append(f"| {target} | {measured} | {'yes' if met else ('not measured' if met is None else '**no**')} |")
    lines += [
        "",
        "| phase | server (gunicorn) cores | load generator cores | everything else (incl. PostgreSQL) cores "
        "| server CPU per request |",
        "|---|---:|---:|---:|---:|",
    ]
    for p in [results["bare"], *w["phases"]]:
        lines.append(
            f"| {p.name} | {p.cpu.get('server_cores', 0):.2f} | {p.cpu.get('client_cores', 0):.2f} | "
            f"{p.cpu.get('other_cores', 0):.2f} | {fmt(p.cpu.get('server_cpu_ms_per_request'), ' ms', 2)} |"
        )
    return "\n".join(lines)


def record(markdown: str, settings: Settings) -> None:
    """Put the table into docs/performance.md between this database's markers."""
    begin, end = f"<!-- bench:{settings.db}:begin -->", f"<!-- bench:{settings.db}:end -->"
    text = DOCS.read_text()
    if begin not in text:
        text += f"\n{begin}\n{end}\n"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    DOCS.write_text(pattern.sub(lambda _m: f"{begin}\n{markdown}\n{end}", text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--smoke", action="store_true", help="a few seconds, a tiny load: does it all work?")
    parser.add_argument("--ceiling-users", type=int, dest="ceiling_users")
    parser.add_argument("--ceiling-seconds", type=float, dest="ceiling_seconds")
    parser.add_argument("--students", type=int, dest="replay_students", help="students replaying (default 200)")
    parser.add_argument("--bell-students", type=int, dest="bell_students")
    parser.add_argument("--lesson-phones", type=int, dest="lesson_phones", help="phones in the discussion lesson (default 40)")
    parser.add_argument("--think", type=float, nargs=2, metavar=("MIN", "MAX"), help="reading time per tap, seconds")
    parser.add_argument(
        "--district-scale",
        type=float,
        dest="district_scale",
        help="1 = 50 schools, 5 million answers; 0 skips the district (default: 1 on postgres, 0.2 on sqlite)",
    )
    parser.add_argument("--out", type=Path, help="folder for the logs and results.json (default: a new temporary one)")
    parser.add_argument("--record", action="store_true", help="write the table into docs/performance.md")
    parser.add_argument("--profile", action="store_true", help="sample the workers with py-spy during the ceilings")
    args = parser.parse_args(argv)
    settings = Settings.from_args(args)
    # Ctrl-C or a SIGTERM: end the run through the ``finally`` blocks, which stop every
    # server and drop the database (gevent would otherwise leave the signal to a greenlet).
    main_greenlet = gevent.getcurrent()
    for number in (signal.SIGINT, signal.SIGTERM):
        gevent.signal_handler(number, gevent.kill, main_greenlet, KeyboardInterrupt)

    started = time.perf_counter()
    folder = args.out or Path(tempfile.mkdtemp(prefix="waspada-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="waspada-bench-work-"))

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f} s] {message}", flush=True)

    results: dict = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "settings": asdict(settings),
    }
    try:
        log(f"bench/run {'(smoke) ' if settings.smoke else ''}on {settings.db}; logs in {folder}")
        district = None
        if settings.smoke and settings.district_scale > 0:
            # A smoke run's figures mean nothing, so its tiny district is built alongside.
            district = start_district(settings, work)
        results["bare"] = run_bare(settings, work, log)
        log("Waspada:")
        results["waspada"] = run_waspada(settings, work, log)
        if not settings.smoke:
            results["request_cost"] = run_request_cost(settings, work)
            log(
                "CPU per request, in process: "
                + ", ".join(f"{name} {figures['cpu_ms']:.2f} ms" for name, figures in results["request_cost"].items())
            )
        if district is None and settings.district_scale > 0:
            log(f"district at scale {settings.district_scale:g} ...")
            district = start_district(settings, work)
        if district is not None:
            results["district"] = finish_district(district, work)
    except procs.ServerFailed as failed:
        print(f"bench/run: cannot serve here, so nothing was measured: {failed}", flush=True)
        return CANNOT_SERVE
    finally:
        procs._stop_all()
        for log_file in work.glob("*.log"):
            shutil.copy(log_file, folder / log_file.name)
        for text_file in work.glob("*.txt"):
            shutil.copy(text_file, folder / text_file.name)
        shutil.rmtree(work, ignore_errors=True)
    results["seconds"] = time.perf_counter() - started
    markdown = table(results, settings)
    print("\n" + markdown + f"\n\nbench/run took {results['seconds']:.0f} s; details in {folder}")
    (folder / "results.json").write_text(json.dumps(results, indent=2, default=_jsonable))
    if args.record:
        record(markdown, settings)
    # Missed targets are findings, told in the table; a lost or doubled answer is a failure.
    return 0 if results["waspada"]["check"]["ok"] and results["waspada"]["lesson_check"]["ok"] else 1


def _jsonable(value):
    if isinstance(value, Phase):
        return {**asdict(value), "seconds": value.seconds}
    return str(value)


if __name__ == "__main__":
    try:
        code = main()
    except SystemExit as leaving:  # --help, or a clear refusal (no PostgreSQL ...)
        if isinstance(leaving.code, str):
            print(leaving.code, file=sys.stderr)
        code = leaving.code if isinstance(leaving.code, int) else (0 if leaving.code is None else 2)
    except KeyboardInterrupt:
        print("bench/run: interrupted; every process it started is stopped, its database dropped.", file=sys.stderr)
        code = 130
    except BaseException:  # noqa: BLE001 - told in full, then every process stopped
        traceback.print_exc()
        code = 1
    finally:
        procs._stop_all()
    sys.stdout.flush()
    sys.stderr.flush()
    # Every process is stopped and the database dropped by now; skip the interpreter's
    # teardown, where gevent's patched locks make logging print spurious errors.
    os._exit(code)
