"""A whole district in one database, to see whether the reports stay fast at scale.

At ``--scale 1``: 50 schools, 2,000 classes, 60,000 students, every class with the
five modules assigned, and about 5 million answers (first attempts, some retries,
some modules left half done, a few "not now" opt-outs and help requests). The
answers are real responses to the real questions of quizzes/, scored by the app's
own scoring, so the reports find realistic scores and misconceptions.

Rows go in by bulk: COPY on PostgreSQL (psycopg's ``cursor.copy``), big
``executemany`` batches of SQLAlchemy Core inserts on SQLite. Ids are given
explicitly (and the sequences moved on afterwards), so no row waits for another.

Then it times the teacher's class report, the counsellor's school overview and the
CSV export on that database, printing the SQL each one runs and, on PostgreSQL,
``EXPLAIN ANALYZE`` of each statement, so a missing index shows as a sequential scan.

    python -m bench.generate_district --db postgres --scale 1       # the full district (a few minutes)
    python -m bench.generate_district --db sqlite --scale 0.01      # a small one, in seconds
    python -m bench.generate_district --url postgresql+psycopg://... --keep   # an existing, migrated, empty database
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

FULL = {"schools": 50, "classes": 2000, "students_per_class": 30, "answers": 5_000_000}
START = datetime(2025, 7, 14, 7, 0, 0)  # the first day of the school year
TS = "%Y-%m-%d %H:%M:%S.%f"


@dataclass
class DistrictSummary:
    url: str = ""
    scale: float = 1.0
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    sample_school_id: int = 0
    sample_class_id: int = 0
    sample_class_students: int = 0
    sample_assignment_id: int = 0
    sample_teacher_id: int = 0
    sample_counsellor_id: int = 0


# --- What students answer: every question's plausible responses, scored by the app -------


@dataclass
class Variant:
    response: str  # the stored JSON text
    score: float | None
    misconceptions: tuple[str, ...]


def question_variants(question) -> tuple[list[Variant], list[Variant]]:
    """(right answers, wrong answers) of one question, as the app would store them."""
    from app.quizbank import misconceptions_shown, score_response

    kind = question.type
    if kind == "single":
        candidates = [{"choice": c.id} for c in question.choices]
    elif kind == "multiple":
        right = [c.id for c in question.choices if c.correct]
        wrong = [c.id for c in question.choices if not c.correct]
        candidates = [{"choices": right}, {"choices": right[:1]}] + [{"choices": [w]} for w in wrong]
        if wrong:
            candidates.append({"choices": right[:1] + wrong[:1]})
    elif kind == "true_false":
        candidates = [{"answer": True}, {"answer": False}]
    elif kind == "order":
        ids = [item.id for item in question.items]
        candidates = [{"order": ids}, {"order": ids[::-1]}, {"order": ids[1:] + ids[:1]}]
    elif kind == "chat":
        flags = [m.id for m in question.messages if m.red_flag]
        candidates = [{"flags": flags}, {"flags": flags[:1]}, {"flags": []}]
    else:  # reflection: how the student feels, never scored
        candidates = [{"value": v} for v in (1, 2, 3, 4)]
    right_list, wrong_list = [], []
    for response in candidates:
        score = score_response(question, response)
        variant = Variant(json.dumps(response, separators=(", ", ": ")), score, misconceptions_shown(question, response))
        (right_list if score is None or score >= 1.0 else wrong_list).append(variant)
    return right_list, wrong_list or right_list


# --- Writing rows in bulk --------------------------------------------------------------


class BulkWriter:
    """Buffers rows per table and writes them in big batches: COPY on PostgreSQL, executemany on SQLite."""

    BATCH = 100_000

    def __init__(self, engine):
        from sqlalchemy import column, table

        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self.columns: dict[str, tuple[str, ...]] = {}
        self.buffers: dict[str, list[tuple]] = {}
        self.counts: dict[str, int] = {}
        self._table, self._column = table, column
        self.connection = engine.raw_connection() if self.postgres else engine.connect()

    def declare(self, name: str, columns: str) -> None:
        self.columns[name] = tuple(columns.split())
        self.buffers[name] = []
        self.counts[name] = 0

    def add(self, name: str, row: tuple) -> None:
        buffer = self.buffers[name]
        buffer.append(row)
        if len(buffer) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Every buffer, parents first (the order of ``declare``), so that foreign keys always find their row."""
        for table_name in self.buffers:
            rows = self.buffers[table_name]
            if not rows:
                continue
            if self.postgres:
                self._copy(table_name, rows)
            else:
                self._executemany(table_name, rows)
            self.counts[table_name] += len(rows)
            self.buffers[table_name] = []

    def _copy(self, name: str, rows: list[tuple]) -> None:
        out = io.StringIO()
        for row in rows:
            out.write("\t".join(_copy_text(value) for value in row))
            out.write("\n")
        with self.connection.cursor() as cursor, cursor.copy(f"COPY {name} ({', '.join(self.columns[name])}) FROM STDIN") as copy:
            copy.write(out.getvalue())

    def _executemany(self, name: str, rows: list[tuple]) -> None:
        # A lightweight table of untyped columns: values go to the driver as they are
        # (JSON already as text, times already formatted as SQLAlchemy stores them).
        from sqlalchemy import insert

        columns = self.columns[name]
        target = self._table(name, *(self._column(c) for c in columns))
        self.connection.execute(insert(target), [dict(zip(columns, row, strict=True)) for row in rows])

    def commit(self) -> None:
        self.flush()
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def _ts(moment: datetime) -> str:
    return moment.strftime(TS)


# --- The district ------------------------------------------------------------------------


def generate(url: str, scale: float = 1.0, seed: int = 2025, log=print) -> DistrictSummary:
    """Fill the (migrated, empty) database at ``url`` with a district of the given scale."""
    from sqlalchemy import create_engine, text

    from app.quizbank import load_catalogue
    from config import BASE_DIR

    started = time.perf_counter()
    catalogue = load_catalogue(str(BASE_DIR / "quizzes"))
    banks = [b for b in catalogue.banks.values() if "smp" in b.audience]
    sensitive = {b.id for b in banks if catalogue.theme(b.theme) and catalogue.theme(b.theme).sensitive}
    variants = {b.id: [question_variants(q) for q in b.questions] for b in banks}
    scored = {b.id: [q.scored for q in b.questions] for b in banks}
    key_items = {b.id: [q.key for q in b.questions] for b in banks}

    n_schools = max(1, round(FULL["schools"] * scale))
    n_classes = max(n_schools, round(FULL["classes"] * scale))
    per_class = FULL["students_per_class"]
    target_answers = max(1, round(FULL["answers"] * scale))
    questions_per_pair = sum(len(b.questions) for b in banks) / len(banks)
    pairs = n_classes * per_class * len(banks)
    unfinished_share = 0.08  # modules left half done: about half their questions answered
    per_first = questions_per_pair * (1 - unfinished_share / 2)
    retry_share = max(0.0, target_answers / (pairs * 0.99) / per_first - 1.0)  # 1% opt out of sensitive ones
    rng = random.Random(seed)

    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _fast(dbapi_connection, _record):  # a one-off bulk load: durability is not the point here
            dbapi_connection.execute("PRAGMA synchronous=OFF")
            dbapi_connection.execute("PRAGMA journal_mode=WAL")

    with engine.connect() as connection:
        if connection.execute(text("SELECT count(*) FROM schools")).scalar():
            raise SystemExit("the database is not empty: generate_district fills an empty, migrated database")

    try:
        return _generate_into(
            engine,
            catalogue,
            banks,
            sensitive,
            variants,
            scored,
            key_items,
            scale,
            n_schools,
            n_classes,
            per_class,
            unfinished_share,
            retry_share,
            rng,
            started,
            url,
            log,
        )
    finally:
        engine.dispose()


def _generate_into(
    engine,
    catalogue,
    banks,
    sensitive,
    variants,
    scored,
    key_items,
    scale,
    n_schools,
    n_classes,
    per_class,
    unfinished_share,
    retry_share,
    rng,
    started,
    url,
    log,
) -> DistrictSummary:
    out = BulkWriter(engine)
    out.declare("schools", "id name default_locale created_at")
    out.declare(
        "users", "id school_id role username display_name password_hash active must_change_password session_version created_at"
    )
    out.declare("classrooms", "id school_id teacher_id name band locale join_code created_at")
    out.declare("consent_records", "id classroom_id informed_on method recorded_by_id notes all_agreed created_at")
    out.declare("students", "id classroom_id display_name personal_code session_version created_at last_seen_at")
    out.declare(
        "assignments",
        "id classroom_id bank_id feedback_mode allow_retries due_at sensitive_confirmed_at created_by_id created_at",
    )
    out.declare(
        "attempts",
        "id assignment_id student_id number bank_id bank_version content_hash seed started_at "
        "last_activity_at finished_at score passed answered_ids",
    )
    out.declare("answers", "id attempt_id question_id question_type response score answered_at")
    out.declare("answer_misconceptions", "answer_id attempt_id key")
    out.declare("opt_outs", "id student_id assignment_id created_at")
    out.declare("help_requests", "id school_id student_id classroom_id text status created_at updated_at counsellor_note")
    out.declare("key_item_follow_ups", "id answer_id counsellor_id note followed_up_at")

    # A placeholder hash: these accounts never sign in.
    password_hash = "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2gtb25seQ$bench-accounts-never-sign-in"  # noqa: S105
    ids = dict.fromkeys(out.columns, 0)
    summary = DistrictSummary(url=url, scale=scale)
    join_codes: set[str] = set()
    classes_left = n_classes
    for school_number in range(n_schools):
        ids["schools"] += 1
        school_id = ids["schools"]
        out.add("schools", (school_id, f"Sekolah {school_number + 1} (bench)", "id", _ts(START)))
        staff = []
        for role in ("admin", "counsellor"):
            ids["users"] += 1
            staff.append(ids["users"])
            out.add(
                "users",
                (ids["users"], school_id, role, f"s{school_id}-{role}", role.title(), password_hash, True, False, 1, _ts(START)),
            )
        counsellor_id = staff[1]
        school_classes = classes_left // (n_schools - school_number)
        classes_left -= school_classes
        teachers = []
        for number in range(math.ceil(school_classes / 2)):
            ids["users"] += 1
            teachers.append(ids["users"])
            out.add(
                "users",
                (
                    ids["users"],
                    school_id,
                    "teacher",
                    f"s{school_id}-guru{number + 1}",
                    f"Guru {number + 1}",
                    password_hash,
                    True,
                    False,
                    1,
                    _ts(START),
                ),
            )
        for class_number in range(school_classes):
            ids["classrooms"] += 1
            classroom_id = ids["classrooms"]
            teacher_id = teachers[class_number // 2]
            join_code = _unique_code(rng, join_codes)
            out.add(
                "classrooms",
                (
                    classroom_id,
                    school_id,
                    teacher_id,
                    f"{7 + class_number % 3}-{class_number + 1}",
                    "smp",
                    "id",
                    join_code,
                    _ts(START),
                ),
            )
            ids["consent_records"] += 1
            out.add(
                "consent_records",
                (
                    ids["consent_records"],
                    classroom_id,
                    START.date().isoformat(),
                    "Surat untuk orang tua",
                    teacher_id,
                    "",
                    True,
                    _ts(START),
                ),
            )
            assignment_ids = {}
            for offset, bank in enumerate(banks):
                ids["assignments"] += 1
                assignment_ids[bank.id] = ids["assignments"]
                created = START + timedelta(days=7 * offset)
                out.add(
                    "assignments",
                    (
                        ids["assignments"],
                        classroom_id,
                        bank.id,
                        "immediate",
                        True,
                        _ts(created + timedelta(days=14)),
                        _ts(created),
                        teacher_id,
                        _ts(created),
                    ),
                )
            codes: set[str] = set()
            for student_number in range(per_class):
                ids["students"] += 1
                student_id = ids["students"]
                out.add(
                    "students",
                    (
                        student_id,
                        classroom_id,
                        f"Siswa {student_number + 1}",
                        _unique_code(rng, codes),
                        1,
                        _ts(START),
                        _ts(START + timedelta(days=60)),
                    ),
                )
                ability = rng.uniform(0.45, 0.95)
                if rng.random() < 0.005:
                    ids["help_requests"] += 1
                    moment = _ts(START + timedelta(days=rng.randint(1, 60)))
                    out.add(
                        "help_requests",
                        (
                            ids["help_requests"],
                            school_id,
                            student_id,
                            classroom_id,
                            "Saya ingin bicara dengan guru BK.",
                            rng.choice(["new", "handled"]),
                            moment,
                            moment,
                            "",
                        ),
                    )
                for offset, bank in enumerate(banks):
                    assignment_id = assignment_ids[bank.id]
                    day = START + timedelta(days=7 * offset + rng.randint(0, 10), minutes=rng.randint(0, 400))
                    if bank.id in sensitive and rng.random() < 0.01:
                        ids["opt_outs"] += 1
                        out.add("opt_outs", (ids["opt_outs"], student_id, assignment_id, _ts(day)))
                        continue
                    tries = 1 + (1 if rng.random() < retry_share % 1 else 0) + int(retry_share)
                    for number in range(1, tries + 1):
                        last = number == tries
                        unfinished = last and rng.random() < unfinished_share
                        _attempt(
                            out,
                            ids,
                            rng,
                            bank,
                            variants[bank.id],
                            scored[bank.id],
                            key_items[bank.id],
                            assignment_id,
                            student_id,
                            number,
                            day + timedelta(days=number - 1),
                            ability,
                            unfinished,
                            counsellor_id,
                        )
        if summary.sample_class_id == 0:
            summary.sample_school_id = school_id
            summary.sample_class_id = ids["classrooms"]
            summary.sample_class_students = per_class
            summary.sample_assignment_id = ids["assignments"] - len(banks) + 1
            summary.sample_teacher_id = teachers[-1]
            summary.sample_counsellor_id = counsellor_id
        if out.postgres:
            out.commit()  # one transaction per school: a failure midway is easy to see
        log(
            f"  school {school_number + 1}/{n_schools}: {ids['answers']:,} answers so far ({time.perf_counter() - started:.0f} s)"
        )
    out.commit()
    out.close()
    _finish(engine, ids)
    summary.counts = {name: count for name, count in ids.items() if count}
    summary.seconds = time.perf_counter() - started
    return summary


def _attempt(
    out,
    ids,
    rng,
    bank,
    bank_variants,
    scored,
    key_items,
    assignment_id,
    student_id,
    number,
    day,
    ability,
    unfinished,
    counsellor_id,
) -> None:
    """One attempt and its answers; the attempt's row goes first, its answers after it."""
    ids["attempts"] += 1
    attempt_id = ids["attempts"]
    answered = rng.randint(1, len(bank.questions) - 1) if unfinished else len(bank.questions)
    total = 0.0
    moment = day
    chosen = []
    for index in range(answered):
        right, wrong = bank_variants[index]
        variant = rng.choice(right if rng.random() < ability else wrong)
        moment += timedelta(seconds=rng.randint(15, 90))
        chosen.append((index, variant, moment))
        if scored[index]:
            total += variant.score or 0.0
    scored_count = 0 if unfinished else sum(scored)
    score = (total / scored_count) if scored_count else None
    finished_at = None if unfinished else _ts(moment)
    passed = None if unfinished else (score * 100 >= bank.pass_percent - 1e-9 if score is not None else True)
    out.add(
        "attempts",
        (
            attempt_id,
            assignment_id,
            student_id,
            number,
            bank.id,
            bank.version,
            bank.content_hash,
            f"{rng.getrandbits(64):016x}",
            _ts(day),
            _ts(moment),
            finished_at,
            score,
            passed,
            " ".join(bank.questions[index].id for index, _variant, _moment in chosen),
        ),
    )
    for index, variant, answered_at in chosen:
        ids["answers"] += 1
        question = bank.questions[index]
        out.add(
            "answers", (ids["answers"], attempt_id, question.id, question.type, variant.response, variant.score, _ts(answered_at))
        )
        for key in variant.misconceptions:
            out.add("answer_misconceptions", (ids["answers"], attempt_id, key))
        if key_items[index] and variant.score is not None and variant.score < 1.0 and rng.random() < 0.05:
            ids["key_item_follow_ups"] += 1
            out.add(
                "key_item_follow_ups",
                (
                    ids["key_item_follow_ups"],
                    ids["answers"],
                    counsellor_id,
                    "Sudah diajak bicara.",
                    _ts(answered_at + timedelta(days=2)),
                ),
            )


_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


def _unique_code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(_ALPHABET) for _ in range(6))
        if code not in taken:
            taken.add(code)
            return code


def _finish(engine, ids) -> None:
    """Move the sequences past the explicit ids (PostgreSQL) and refresh the planner's statistics."""
    from sqlalchemy import text

    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            for name, last in ids.items():
                if last and name != "answer_misconceptions":
                    connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {last})"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


# --- Command line ------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--url", help="an existing, migrated, empty database (instead of a fresh one)")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 50 schools, 2,000 classes, 5 million answers")
    parser.add_argument("--keep", action="store_true", help="keep the fresh database (prints its URL)")
    parser.add_argument("--no-reports", action="store_true", help="only generate; do not time the reports")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each report (the median is kept)")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--quiet-sql", action="store_true", help="do not print the SQL and the query plans")
    args = parser.parse_args(argv)

    from bench import database

    folder = Path(tempfile.mkdtemp(prefix="waspada-district-"))
    fresh = app = None
    url = args.url
    try:
        if url is None:
            fresh = database.create(args.db, folder, suffix="_district")
            url = fresh.url
        app = _app_for(url, folder)
        if fresh is not None:
            from flask_migrate import upgrade

            with app.app_context():
                upgrade()  # the app's own migrations, as `flask db upgrade` runs them
        print(f"Generating a district at scale {args.scale} into {url.rsplit('@', 1)[-1]} ...", flush=True)
        summary = generate(url, args.scale)
        print(
            f"Generated in {summary.seconds:.0f} s: " + ", ".join(f"{count:,} {name}" for name, count in summary.counts.items()),
            flush=True,
        )
        result: dict = {"district": asdict(summary)}
        if not args.no_reports:
            from bench.report_timing import print_summary, time_reports_here

            with app.test_request_context("/"):
                result["reports"] = time_reports_here(
                    summary.sample_class_id, summary.sample_school_id, None, args.repeat, show_sql=not args.quiet_sql
                )
            print_summary(result["reports"])
        if args.json:
            args.json.write_text(json.dumps(result, indent=2, default=str))
        if fresh is not None and args.keep:
            print(f"Kept: {url}")
            fresh = None
    finally:
        if app is not None:
            from app.extensions import db

            with app.app_context():
                db.engine.dispose()  # before the drop: no connection of ours left open
        if fresh is not None:
            fresh.drop()
    return 0


def _app_for(url: str, folder: Path):
    """The app, configured as a school's would be, on ``url``."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("WASPADA_INSTANCE_DIR", str(folder / "instance"))
    os.environ.setdefault("SECRET_KEY", "bench-only-" + os.urandom(8).hex())
    from app import create_app
    from app.content import load_content

    app = create_app()
    load_content(app)
    return app


if __name__ == "__main__":
    # Stopped by bench/run (SIGTERM): leave through ``finally``, which drops the fresh database.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
