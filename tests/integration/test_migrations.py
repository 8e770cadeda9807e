"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app.extensions import db
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, make_test_app


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database of the kind the suite runs on."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"waspada_mig_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(TEST_DATABASE_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_on_an_empty_database_gives_the_models_schema(empty_database_url):
    app = make_test_app(SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            tables = set(inspect(connection).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert {"schools", "users", "classrooms", "students", "assignments", "attempts", "answers",
            "help_requests", "audit_events"} <= tables


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
