"""How long the teacher's and the counsellor's reports take, and the SQL behind them.

Each report is called the way its route calls it (the classroom or assignment
already loaded), ``repeat`` times on a fresh database session, and the median
kept. The SQL each one runs is captured with an engine event and printed, with its
query plan (``EXPLAIN ANALYZE`` on PostgreSQL, ``EXPLAIN QUERY PLAN`` on SQLite): a
sequential scan of a big table in a plan is a missing index.

``bench.generate_district`` calls it on the district; on its own it times the
database of ``DATABASE_URL``:
``python -m bench.report_timing --class-id N [--school-id N] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

BIG_TABLES = ("answers", "attempts", "answer_misconceptions", "students", "opt_outs", "key_item_follow_ups")


def _reports(catalogue, classroom, assignment, school_id: int) -> dict[str, Callable[[], object]]:
    """The report calls, named as the pages that make them."""
    from app.reports import exports
    from app.reports.assignment_report import assignment_answers, assignment_report
    from app.reports.class_grid import class_grid
    from app.reports.key_items import follow_ups
    from app.reports.school_overview import school_overview

    locale = "id"

    def answers_export():
        report = assignment_report(assignment, catalogue, locale)
        answers = assignment_answers(assignment, catalogue, locale)
        return exports.to_csv(exports.answers_table(report, answers, False))

    return {
        "class report (grid)": lambda: class_grid(classroom, catalogue, locale),
        "assignment report": lambda: assignment_report(assignment, catalogue, locale),
        "class CSV export": lambda: exports.to_csv(exports.grid_table(class_grid(classroom, catalogue, locale), False)),
        "answers CSV export": answers_export,
        "school overview": lambda: school_overview(catalogue, school_id, locale),
        "key items (counsellor)": lambda: follow_ups(catalogue, school_id, locale, include_followed_up=False),
    }


def _plan(connection, dialect: str, statement: str, parameters) -> list[str]:
    if dialect == "postgresql":
        rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
        return [row[0] for row in rows]
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    return [row[-1] for row in rows]


def _scans(dialect: str, plan: list[str]) -> list[str]:
    """The lines of a plan that read a big table from end to end."""
    found = []
    for line in plan:
        if dialect == "postgresql":
            match = re.search(r"Seq Scan on (\w+)", line)
        else:
            match = re.search(r"^SCAN (\w+)(?! USING)", line.strip())
            if match and "USING" in line:
                match = None
        if match and match.group(1) in BIG_TABLES:
            found.append(line.strip())
    return found


def time_reports_here(class_id: int, school_id: int | None, assignment_id: int | None, repeat: int, show_sql: bool) -> dict:
    """In an app context: time every report and collect its SQL and plans."""
    from sqlalchemy import event, func, select

    from app.content import get_catalogue
    from app.extensions import db
    from app.models import Assignment, Attempt, Classroom, Student

    catalogue = get_catalogue()
    engine = db.engine
    dialect = engine.dialect.name
    captured: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _executemany):
        captured.append((statement, parameters))

    results = {}
    event.listen(engine, "before_cursor_execute", capture)
    try:
        classroom = db.session.get(Classroom, class_id)
        school_id = school_id or classroom.school_id
        if assignment_id is None:  # the class's assignment with the most answers
            assignment_id = db.session.scalar(
                select(Assignment.id)
                .outerjoin(Attempt, Attempt.assignment_id == Assignment.id)
                .where(Assignment.classroom_id == class_id)
                .group_by(Assignment.id)
                .order_by(func.count(Attempt.id).desc(), Assignment.id)
                .limit(1)
            )
        students = db.session.scalar(select(func.count()).select_from(Student).where(Student.classroom_id == class_id))
        calls = _reports(catalogue, classroom, db.session.get(Assignment, assignment_id), school_id)
        for name, call in calls.items():
            try:
                call()  # warm: the first call compiles the statements
            except Exception as error:  # a broken report is a finding to print, not a reason to stop timing the rest
                db.session.rollback()
                results[name] = {
                    "error": f"{error.__class__.__name__}: {error}",
                    "median_ms": None,
                    "queries": 0,
                    "sql": [],
                    "seq_scans": [],
                }
                print(f"\n=== {name}: FAILED: {results[name]['error']} ===")
                continue
            timings = []
            for _ in range(repeat):
                captured.clear()
                started = time.perf_counter()
                call()
                timings.append((time.perf_counter() - started) * 1000)
            statements = list(captured)
            results[name] = {
                "median_ms": statistics.median(timings),
                "min_ms": min(timings),
                "max_ms": max(timings),
                "queries": len(statements),
                "sql": [],
                "seq_scans": [],
            }
            with engine.connect() as connection:
                for statement, parameters in statements:
                    try:
                        plan = _plan(connection, dialect, statement, parameters)
                    except Exception as error:  # a plan is a diagnosis: never let it stop the timing
                        plan = [f"(no plan: {error.__class__.__name__})"]
                        connection.rollback()
                    results[name]["sql"].append({"statement": statement, "plan": plan})
                    results[name]["seq_scans"] += _scans(dialect, plan)
            if show_sql:
                print(
                    f"\n=== {name}: median {results[name]['median_ms']:.1f} ms over {repeat} runs, {len(statements)} queries ==="
                )
                for item in results[name]["sql"]:
                    print(" ".join(item["statement"].split()))
                    for line in item["plan"]:
                        print("    " + line)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return {
        "dialect": dialect,
        "class_id": class_id,
        "class_students": students,
        "school_id": school_id,
        "assignment_id": assignment_id,
        "repeat": repeat,
        "reports": results,
    }


def print_summary(result: dict) -> None:
    print("\nReport timings (median ms; queries):")
    for name, figures in result["reports"].items():
        if figures.get("error"):
            print(f"  {name:<24}   FAILED  {figures['error']}")
            continue
        scans = f"  SEQUENTIAL SCANS: {len(figures['seq_scans'])}" if figures["seq_scans"] else ""
        print(f"  {name:<24} {figures['median_ms']:8.1f} ms  {figures['queries']:3d} queries{scans}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the reports on DATABASE_URL")
    parser.add_argument("--class-id", type=int, required=True)
    parser.add_argument("--school-id", type=int)
    parser.add_argument("--assignment-id", type=int)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quiet-sql", action="store_true")
    args = parser.parse_args(argv)

    from app import create_app
    from app.content import load_content

    app = create_app()
    load_content(app)
    with app.test_request_context("/"):
        result = time_reports_here(args.class_id, args.school_id, args.assignment_id, args.repeat, show_sql=not args.quiet_sql)
    print_summary(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
