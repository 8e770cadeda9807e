"""What one request of each student page costs in CPU, without HTTP and without neighbours.

bench/run measures through a real server, so its throughput depends on everything
else the machine runs. This measures the CPU time (``time.process_time``) the app
spends per request, in one process, through Flask's test client with CSRF on: the
figure that says how many requests two cores can serve at best, and that moves
only when the code does. ``--profile`` adds cProfile's view of where the time goes.

    python -m bench.request_cost                       # SQLite in a temporary folder
    python -m bench.request_cost --students 30 --profile answer
    python -m bench.request_cost --app-root ../waspada-copy  # an edited copy of the app: before/after figures
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--bank", default="grooming")
    parser.add_argument("--url", help="a database URL (default: a new SQLite file); it must be empty")
    parser.add_argument(
        "--profile",
        choices=["answer", "question page", "feedback page", "dashboard"],
        help="print cProfile's top functions for this request",
    )
    parser.add_argument("--app-root", type=Path, default=ROOT, help="where the app package lives (an edited copy, to compare)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="waspada-cost-"))
    os.environ["DATABASE_URL"] = args.url or f"sqlite:///{folder / 'cost.sqlite3'}"
    os.environ["WASPADA_INSTANCE_DIR"] = str(folder / "instance")
    os.environ.setdefault("SECRET_KEY", "bench-only-" + os.urandom(8).hex())
    sys.path.insert(0, str(args.app_root))
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))

    from flask_migrate import upgrade
    from werkzeug.datastructures import MultiDict

    from app import create_app
    from app.content import load_content
    from bench import pages
    from bench.bare_app import app as bare
    from bench.seed import seed

    app = create_app()
    load_content(app)
    with app.app_context():
        upgrade(directory=str(args.app_root / "migrations"))
        plan = {"groups": [{"name": "cost", "sizes": [args.students], "banks": [args.bank]}]}
        classroom = seed(plan, app)["groups"]["cost"][0]
    print(
        f"app from {args.app_root}; database {os.environ['DATABASE_URL'].split(':')[0]}; {args.students} students x {args.bank}"
    )

    costs: dict[str, list[float]] = defaultdict(list)
    queries: dict[str, int] = defaultdict(int)
    statements = [0]
    profiler = cProfile.Profile()
    with app.app_context():
        from sqlalchemy import event

        from app.extensions import db

        event.listen(db.engine, "before_cursor_execute", lambda *_a: statements.__setitem__(0, statements[0] + 1))

    def timed(name, call):
        if args.profile == name:
            profiler.enable()
        before = statements[0]
        started = time.process_time()
        response = call()
        costs[name].append(time.process_time() - started)
        queries[name] += statements[0] - before
        if args.profile == name:
            profiler.disable()
        return response

    bare_client = bare.test_client()
    for _ in range(500):
        timed("bare page", lambda: bare_client.get("/"))

    assignment_id = classroom["assignments"][args.bank]
    for student in classroom["students"]:
        client = app.test_client()
        form = pages.read(timed("join page", lambda c=client: c.get("/join")).text).form_with("class_code")
        timed(
            "join",
            lambda c=client, f=form, s=student: c.post(
                "/join",
                data={"csrf_token": f.value("csrf_token"), "class_code": classroom["class_code"], "personal_code": s["code"]},
            ),
        )
        timed("dashboard", lambda c=client: c.get("/s/"))
        page = pages.read(timed("module page", lambda c=client: c.get(f"/s/m/{assignment_id}")).text)
        start = next(f for f in page.post_forms() if f.action.endswith("/start"))
        target = urlsplit(
            timed("start", lambda c=client, f=start: c.post(f.action, data=dict(f.fill()))).headers["Location"]
        ).path
        for _ in range(100):
            if target.endswith("/results"):
                timed("results page", lambda c=client, t=target: c.get(t))
                break
            page = pages.read(timed("question page", lambda c=client, t=target: c.get(t)).text)
            form = next(f for f in page.post_forms() if "question-form" in f.classes)
            response = timed("answer", lambda c=client, t=target, f=form: c.post(t, data=MultiDict(f.fill())))
            if response.status_code != 302:
                raise SystemExit(f"answer refused: {response.status_code}")
            feedback = response.headers["Location"]
            page = pages.read(timed("feedback page", lambda c=client, t=feedback: c.get(t)).text)
            target = next(
                urlsplit(href).path
                for href, classes in page.links
                if "button" in classes and href.startswith(f"/s/m/{assignment_id}/")
            )

    # A discussion lesson of the same class: each phone opens it, polls for the next question
    # (what a phone's script does every two seconds) and answers. A poll must cost no more
    # than a question page (issue 16).
    with app.app_context():
        from app.content import get_catalogue
        from app.models import Classroom, User
        from app.services import lessons

        room = db.session.get(Classroom, classroom["classroom_id"])
        lesson = lessons.start_lesson(get_catalogue(), room, args.bank, db.session.get(User, room.teacher_id))
        lessons.move(get_catalogue(), lesson, 1)
        db.session.commit()
        code = lesson.code
    for _student in classroom["students"]:
        phone = app.test_client()
        page = pages.read(timed("lesson phone page", lambda c=phone: c.get(f"/l/{code}")).text)
        for _ in range(5):
            timed("lesson state poll", lambda c=phone: c.get(f"/l/{code}/state"))
        form = next(f for f in page.post_forms() if "question-form" in f.classes)
        timed("lesson answer", lambda c=phone, f=form: c.post(f"/l/{code}", data=MultiDict(f.fill())))

    bare_cost = sum(costs["bare page"]) / len(costs["bare page"])
    print(f"\n{'request':<16}{'count':>7}{'SQL each':>10}{'CPU ms (mean)':>15}{'x bare':>9}{'at best on 2 cores':>22}")
    for name, values in costs.items():
        mean = sum(values) / len(values)
        print(
            f"{name:<16}{len(values):>7}{queries[name] / len(values):>10.1f}{mean * 1000:>15.2f}"
            f"{mean / bare_cost:>9.1f}{2 / mean:>18,.0f}/s"
        )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    name: {
                        "count": len(values),
                        "sql_each": queries[name] / len(values),
                        "cpu_ms": sum(values) / len(values) * 1000,
                    }
                    for name, values in costs.items()
                },
                indent=2,
            )
        )
    if args.profile:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(35)
        print(f"\ncProfile of '{args.profile}' ({len(costs[args.profile])} requests), by cumulative time:")
        print(out.getvalue())
        print(f"Where the time of '{args.profile}' is spent, by package (own time of each function):")
        for package, share in by_package(profiler):
            print(f"  {package:<28}{share:>6.1%}")
    return 0


def by_package(profiler: cProfile.Profile) -> list[tuple[str, float]]:
    """Own time summed by the package a function lives in (site-packages' top folder, app.*, or the standard library)."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_cc, _nc, own, _cum, _callers) in pstats.Stats(profiler).stats.items():  # type: ignore[attr-defined]
        if "site-packages/" in filename:
            package = filename.split("site-packages/", 1)[1].split("/", 1)[0]
        elif f"{os.sep}app{os.sep}" in filename:
            package = "app." + filename.split(f"{os.sep}app{os.sep}", 1)[1].split(os.sep, 1)[0].removesuffix(".py")
        elif filename.endswith(".html") or filename.startswith("<template>"):
            package = "templates (compiled Jinja)"
        elif filename == "~":
            package = "built-in: " + function.split(" ")[-1].strip("<>").split(".")[0]
        else:
            package = "standard library / other"
        totals[package] += own
    whole = sum(totals.values()) or 1.0
    return sorted(((name, own / whole) for name, own in totals.items()), key=lambda item: -item[1])[:18]


if __name__ == "__main__":
    sys.exit(main())
