"""`flask db backup` makes a copy that restores with every answer in it."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.models import Answer
from tests import factories
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL


def _class_with_answers():
    classroom = factories.make_class(factories.make_user(factories.make_school()), students=3)
    assignment = factories.make_assignment(classroom, "sample-basics")
    for student in classroom.students:
        factories.answer_all(student, assignment)
    return 3 * 7  # three students, seven questions each


def test_a_backup_restores_with_every_answer(runner, tmp_path, app):
    expected = _class_with_answers()
    target = tmp_path / ("backup.sqlite3" if not ON_POSTGRES else "backup.pgdump")
    result = runner.invoke(args=["db", "backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists() and target.stat().st_size > 0
    if not ON_POSTGRES:
        restored = sqlite3.connect(target)
        assert restored.execute("SELECT count(*) FROM answers").fetchone()[0] == expected
        assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        restored.close()
        return
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore is not installed")
    name = f"waspada_restore_{uuid.uuid4().hex[:8]}"
    url = make_url(TEST_DATABASE_URL)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        libpq = url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={libpq}", str(target)], check=True)
        restored = create_engine(url.set(database=name))
        with restored.connect() as connection:
            assert connection.execute(select(func.count()).select_from(Answer.__table__)).scalar() == expected
        restored.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_backup_refuses_a_folder_that_is_not_there_for_sqlite(tmp_path):
    from app.services.backup import BackupError, backup_database

    with pytest.raises(BackupError, match="No database file"):
        backup_database(f"sqlite:///{tmp_path / 'missing.sqlite3'}", tmp_path / "out.sqlite3")
