"""Fixtures of the deployment tests: a scratch PostgreSQL database, Redis, and a place for processes."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL
from tests.integration.deploy.harness import Processes

REDIS_URL = "redis://127.0.0.1:6379/14"  # a database of its own; test_ratelimit_storage uses 15


@pytest.fixture
def scratch_database():
    """A PostgreSQL database of the test's own, on the server of TEST_DATABASE_URL, dropped afterwards."""
    if not ON_POSTGRES:
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL)")
    name = f"waspada_deploy_{secrets.token_hex(4)}"
    admin = create_engine(make_url(TEST_DATABASE_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def processes():
    """A folder readable by the servers' own users (nginx's workers, PgBouncer as postgres) and the
    servers started in it, every one stopped at the end. The folder (configs, logs) is removed too,
    unless WASPADA_KEEP_DEPLOY_TEST_FILES is set, to read the servers' logs after a failure."""
    folder = Path(tempfile.mkdtemp(prefix="waspada-deploy-"))
    folder.chmod(0o755)
    started = Processes(folder)
    try:
        yield started
    finally:
        started.stop_all()
        if not os.environ.get("WASPADA_KEEP_DEPLOY_TEST_FILES"):
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
