"""A fresh database for one benchmark run, and its removal afterwards.

SQLite (the school laptop) lives in the run's temporary folder. PostgreSQL (the
district server) is a new database ``waspada_bench_<pid>`` on 127.0.0.1:5432,
created as user ``postgres`` and dropped at the end, so a run never touches a
database it did not make. The schema always comes from the real migrations.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from bench.procs import PYTHON, VENV_BIN, run_checked

POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"


@dataclass
class FreshDatabase:
    kind: str  # "sqlite" or "postgres"
    url: str
    name: str = ""

    def drop(self) -> None:
        if self.kind == "postgres":
            drop_postgres(self.name)


def _admin_engine():
    from sqlalchemy import create_engine

    return create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")


def create(kind: str, folder: Path, suffix: str = "") -> FreshDatabase:
    if kind == "sqlite":
        return FreshDatabase("sqlite", f"sqlite:///{folder / f'bench{suffix}.sqlite3'}")
    if kind != "postgres":
        raise ValueError(f"unknown database kind {kind!r}")
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    name = f"waspada_bench_{os.getpid()}{suffix}"
    engine = _admin_engine()
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        raise SystemExit(f"--db postgres needs PostgreSQL on 127.0.0.1:5432 with user postgres: {error.orig}") from None
    finally:
        engine.dispose()
    return FreshDatabase("postgres", f"{POSTGRES_SERVER}/{name}", name)


def drop_postgres(name: str) -> None:
    from sqlalchemy import text

    engine = _admin_engine()
    try:
        with engine.connect() as connection:
            with contextlib.suppress(Exception):  # PostgreSQL 13+: end the server's leftover connections
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                return
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        engine.dispose()


def app_env(database_url: str, instance_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of every app process of a run: its database, its own instance folder and key."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("WASPADA_", "TEST_DATABASE"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "WASPADA_INSTANCE_DIR": str(instance_dir),
            "SECRET_KEY": "bench-only-key-" + os.urandom(8).hex(),
            "PYTHONDONTWRITEBYTECODE": "1",
            "PATH": f"{VENV_BIN}:{env.get('PATH', '')}",
        }
    )
    env.update(extra)
    return env


def migrate(env: dict[str, str]) -> str:
    """`flask --app app db upgrade`: the same migrations a school runs."""
    return run_checked([str(VENV_BIN / "flask"), "--app", "app", "db", "upgrade"], env, "migrations", timeout=120)


def seed(env: dict[str, str], plan_path: Path, out_path: Path, migrate_first: bool = False) -> str:
    command = [PYTHON, "-m", "bench.seed", *(["--migrate"] if migrate_first else []), str(plan_path), str(out_path)]
    return run_checked(command, env, "seeding", timeout=300)
