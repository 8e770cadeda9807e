"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db
from tests.conftest import make_test_app


def test_upgrade_on_an_empty_database_gives_the_models_schema(empty_database_url):
    app = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            tables = set(inspect(connection).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert {
        "schools",
        "users",
        "classrooms",
        "students",
        "assignments",
        "attempts",
        "answers",
        "help_requests",
        "audit_events",
    } <= tables


def test_the_migrations_go_down_to_nothing_and_up_again(empty_database_url):
    app = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        downgrade(revision="base")
        with db.engine.connect() as connection:
            left = set(inspect(connection).get_table_names()) - {"alembic_version"}
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        db.engine.dispose()
    assert left == set()
    assert differences == []


def test_make_migration_names_the_next_file_000N_what_changed(tmp_path):
    import os
    import re
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    numbers = sorted(int(p.name[:4]) for p in (root / "migrations" / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert numbers == list(range(1, len(numbers) + 1))  # 0001, 0002, ... with no gap
    following = f"{len(numbers) + 1:04d}"
    planned = subprocess.run(
        ["make", "-s", "-n", "migration", "MESSAGE=a test"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert re.search(rf"--rev-id {following}\b", planned), planned
    # Alembic's file template turns that id and the message into the file's name.
    copy = tmp_path / "migrations"
    shutil.copytree(root / "migrations", copy)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}", "WASPADA_INSTANCE_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "db", "revision", "-d", str(copy), "-m", "a test", "--rev-id", following],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (copy / "versions" / f"{following}_a_test.py").exists()


def test_0002_fills_the_attempt_of_every_existing_misconception(empty_database_url):
    app = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0001")
        with db.engine.begin() as connection:
            for statement in (
                "INSERT INTO schools (id, name, default_locale, created_at) VALUES (1, 'S', 'id', '2026-01-01')",
                "INSERT INTO classrooms (id, school_id, name, band, locale, join_code, created_at) "
                "VALUES (1, 1, 'VIII', 'smp', 'id', 'ACDEFG', '2026-01-01')",
                "INSERT INTO students (id, classroom_id, display_name, personal_code, session_version, created_at) "
                "VALUES (1, 1, 'Rina', 'ACDEFG', 1, '2026-01-01')",
                "INSERT INTO assignments (id, classroom_id, bank_id, feedback_mode, allow_retries, created_at) "
                "VALUES (1, 1, 'sample-basics', 'immediate', false, '2026-01-01')",
                "INSERT INTO attempts (id, assignment_id, student_id, number, bank_id, bank_version, content_hash, seed, "
                "started_at, last_activity_at) VALUES (7, 1, 1, 1, 'sample-basics', 1, 'h', 's', '2026-01-01', '2026-01-01')",
                "INSERT INTO answers (id, attempt_id, question_id, question_type, response, score, answered_at) "
                "VALUES (3, 7, 'who-does-it', 'single', '{\"choice\": \"a\"}', 0, '2026-01-01')",
                "INSERT INTO answer_misconceptions (answer_id, key) VALUES (3, 'only-strangers')",
            ):
                connection.execute(text(statement))
        upgrade()
        with db.engine.connect() as connection:
            filled = connection.execute(text("SELECT attempt_id FROM answer_misconceptions")).scalar()
        db.engine.dispose()
    assert filled == 7


def test_0006_gives_each_existing_attempt_its_answered_questions_in_the_order_given(empty_database_url):
    """A school upgrading with attempts in progress: the students continue where they were."""
    app = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade(revision="0005")
        with db.engine.begin() as connection:
            run = connection.execute
            run(text("INSERT INTO schools (id, name, default_locale, created_at) VALUES (1, 'S', 'id', '2026-11-01')"))
            run(
                text(
                    "INSERT INTO classrooms (id, school_id, name, band, locale, join_code, created_at)"
                    " VALUES (1, 1, 'VIII-A', 'smp', 'id', 'ABCD2345', '2026-11-01')"
                )
            )
            run(
                text(
                    "INSERT INTO students (id, classroom_id, display_name, personal_code, session_version, created_at)"
                    " VALUES (1, 1, 'Ayu', 'K7M2P9', 1, '2026-11-01')"
                )
            )
            run(
                text(
                    "INSERT INTO assignments (id, classroom_id, bank_id, feedback_mode, allow_retries, created_at)"
                    " VALUES (1, 1, 'grooming', 'immediate', true, '2026-11-01')"
                )
            )
            for attempt_id, number in ((1, 1), (2, 2)):
                run(
                    text(
                        "INSERT INTO attempts (id, assignment_id, student_id, number, bank_id, bank_version, content_hash,"
                        " seed, started_at, last_activity_at) VALUES (:id, 1, 1, :number, 'grooming', 1, 'h', 's',"
                        " '2026-11-01', '2026-11-01')"
                    ),
                    {"id": attempt_id, "number": number},
                )
            for answer_id, question_id in ((1, "feel-before"), (2, "who-does-it"), (3, "warning-signs")):
                run(
                    text(
                        "INSERT INTO answers (id, attempt_id, question_id, question_type, response, answered_at)"
                        " VALUES (:id, 1, :question, 'single', '{}', '2026-11-01')"
                    ),
                    {"id": answer_id, "question": question_id},
                )
        upgrade()
        with db.engine.connect() as connection:
            answered = dict(connection.execute(text("SELECT id, answered_ids FROM attempts ORDER BY id")).all())
        db.engine.dispose()
    assert answered[1].split() == ["feel-before", "who-does-it", "warning-signs"]
    assert answered[2] == ""  # the retry had not answered anything yet
