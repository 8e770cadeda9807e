"""Fixtures: one app for the session, a clean database for every test.

The database comes from TEST_DATABASE_URL (``make test`` sets SQLite; ``.ci/run``
runs the suite again on PostgreSQL). Each test starts with empty tables, so the
suite runs in any order and tests may use threads or several connections.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient

_TMP = Path(tempfile.mkdtemp(prefix="waspada-tests-"))
os.environ.setdefault("TEST_DATABASE_URL", f"sqlite:///{_TMP / 'test.sqlite3'}")
os.environ.setdefault("WASPADA_INSTANCE_DIR", str(_TMP / "instance"))

from app import create_app  # noqa: E402
from app.content import load_content  # noqa: E402
from app.extensions import db  # noqa: E402
from config import TestingConfig  # noqa: E402

TEST_DATABASE_URL = os.environ["TEST_DATABASE_URL"]
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
postgres_only = pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL (TEST_DATABASE_URL)")


class IsolatedClient(FlaskClient):
    """A test client whose requests never share the test's app context.

    Flask reuses an app context that is already pushed, and with it ``g`` (where
    Flask-Login caches the signed-in user) and the database session. Here each
    request gets its own, as in production; the test's own session is committed
    before (so the request sees the test's data) and after (so the test sees the
    request's changes, never a stale copy).
    """

    def open(self, *args, **kwargs):
        from flask import globals as flask_globals

        pushed = flask_globals._cv_app.get(None)
        if pushed is None:
            return super().open(*args, **kwargs)
        db.session.commit()
        token = flask_globals._cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            flask_globals._cv_app.reset(token)
            db.session.commit()
            db.session.expire_all()  # the app keeps values after its commits; the test must not


_created_apps = []


def make_test_app(**overrides):
    config = TestingConfig()
    for key, value in overrides.items():
        setattr(config, key, value)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    _created_apps.append(app)
    return app


@pytest.fixture(scope="session", autouse=True)
def _close_every_pool():
    """Close the connection pools of every app the tests made, so no connection is left open."""
    yield
    for app in _created_apps:
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


@pytest.fixture(scope="session")
def _session_app():
    app = make_test_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
        _stamp_as_migrated()
        load_content(app)
    yield app


def _stamp_as_migrated() -> None:
    """Record the newest migration, as `flask db upgrade` does, so /readyz finds the test database
    at head: its tables come from the models, which test_migrations proves equal to the migrations'."""
    from sqlalchemy import text

    from app.web.health import migration_heads

    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        connection.execute(text("DELETE FROM alembic_version"))
        for head in migration_heads():
            connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": head})


def _empty_all_tables(app) -> None:
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def app(_session_app):
    """The app, with an app context pushed for the test's own queries and factories."""
    context = _session_app.app_context()
    context.push()
    try:
        yield _session_app
    finally:
        db.session.rollback()
        context.pop()
        _empty_all_tables(_session_app)


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database of the kind the suite runs on (SQLite or PostgreSQL), dropped afterwards."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"waspada_fresh_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(TEST_DATABASE_URL).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(TEST_DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login_as(app):
    """Sign a visitor in, the one way every integration test does: ``login_as(principal, client=None) -> client``.

    A staff user signs in with the factories' password (``password=`` for another one,
    such as a one-time password), a student joins with the class code and their
    personal code. The sign-in must work (a 302 to a page of the app, never back to a
    sign-in form); the signed-in client is returned: ``client`` when given, else a new
    isolated test client of ``app``. A test of a *refused* sign-in posts to /login or
    /join itself.
    """
    from app.models import Student
    from tests import factories

    def sign_in(principal, client=None, *, password: str = factories.PASSWORD):
        client = client if client is not None else app.test_client()
        if isinstance(principal, Student):
            response = factories.join(client, principal)
        else:
            response = factories.sign_in(client, principal, password=password)
        location = response.headers.get("Location", "")
        assert response.status_code == 302 and not location.startswith(("/login", "/join")), (
            f"{principal!r} could not sign in: {response.status_code} {location}"
        )
        return client

    return sign_in


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def catalogue(app):
    from app.content import get_catalogue

    return get_catalogue()


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a ``with count_queries() as counter:`` block."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def world(app):
    """Two schools: in A two teachers with a class each, a counsellor and an admin; in B the same roles."""
    from tests import factories

    return factories.make_world()
