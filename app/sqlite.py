"""SQLite, the school laptop's database: its pragmas, and one writer at a time without sleeping.

SQLite lets one transaction write at a time. A writer that finds another one writing
waits in SQLite's busy handler, which sleeps in growing steps (1, 2, 5, 10 ... up to
100 ms) and checks again: when a whole class sends answers at the bell, most of an
answer's time went into those sleeps, and answers were served out of order (a late
arrival could take the lock between two sleeps of an early one).

Here writers queue instead. A connection's first writing statement (INSERT, UPDATE,
DELETE, REPLACE or SAVEPOINT) first takes the *writer gate*, then opens its
transaction with ``BEGIN IMMEDIATE`` (the write lock at once, never a read transaction
that must be upgraded later); the commit or rollback lets the gate go. The gate is a
thread lock within a process and an ``flock`` on a file beside the database across
the processes of the app (gunicorn's workers, the command line): both wake the next
writer the moment the lock is free, with no sleep. Readers are untouched: with WAL
they never wait for a writer, and a request's SELECTs before its first write run on
their own, as before.

A process that does not go through the gate (the ``sqlite3`` shell, another program)
still meets SQLite's busy handler, which waits up to 5 seconds.
"""

from __future__ import annotations

import os
import sqlite3
import threading

try:  # POSIX; elsewhere the gate is the thread lock alone (one process: ``flask run``)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import make_url

WRITING = ("INSERT", "UPDATE", "DELETE", "REPLACE", "SAVEPOINT")


class WriterGate:
    """One writing transaction at a time across the app's threads and processes.

    A thread that holds the gate on one connection passes it again on another one
    (SQLite itself then refuses the second writer, as it always did) rather than
    waiting for itself forever.
    """

    def __init__(self, lock_path: str | None) -> None:
        self.lock_path = lock_path
        self._thread_lock = threading.Lock()
        self._owner: int | None = None
        self._depth = 0
        self._fd: int | None = None
        self._fd_pid: int | None = None

    def acquire(self) -> None:
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            return
        self._thread_lock.acquire()
        try:
            fd = self._file()
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)  # sleeps in the kernel, woken when the holder lets go
        except BaseException:
            self._thread_lock.release()
            raise
        self._owner, self._depth = me, 1

    def release(self) -> None:
        if self._owner != threading.get_ident():
            return
        self._depth -= 1
        if self._depth:
            return
        self._owner = None
        try:
            if self._fd is not None and self._fd_pid == os.getpid():
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._thread_lock.release()

    def _file(self) -> int | None:
        """The lock file, opened once per process (a forked worker opens its own: an inherited
        descriptor would share the parent's lock instead of competing for it)."""
        if self.lock_path is None or fcntl is None:
            return None
        if self._fd is None or self._fd_pid != os.getpid():
            self._fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            self._fd_pid = os.getpid()
        return self._fd


def _writes(sql: str) -> bool:
    return sql.lstrip()[:9].upper().startswith(WRITING)


class GatedCursor(sqlite3.Cursor):
    def execute(self, sql, parameters=(), /):  # type: ignore[override]
        if _writes(sql):
            self.connection.begin_writing()  # type: ignore[attr-defined]
        return super().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):  # type: ignore[override]
        if _writes(sql):
            self.connection.begin_writing()  # type: ignore[attr-defined]
        return super().executemany(sql, seq_of_parameters)


class GatedConnection(sqlite3.Connection):
    """A connection whose write transactions pass the writer gate and start with BEGIN IMMEDIATE."""

    gate: WriterGate  # set on the subclass made for each database (``connection_class``)
    holding = False

    def cursor(self, factory=GatedCursor):  # type: ignore[override]
        return super().cursor(factory)

    # sqlite3's shortcuts make a plain cursor of their own: these go through the gated one.
    def execute(self, sql, parameters=(), /):  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, seq_of_parameters, /):  # type: ignore[override]
        return self.cursor().executemany(sql, seq_of_parameters)

    def begin_writing(self) -> None:
        if self.holding or self.in_transaction:
            return
        self.gate.acquire()
        self.holding = True
        try:
            super().execute("BEGIN IMMEDIATE")  # the plain shortcut: not a writing statement for the gate
        except BaseException:
            self._let_go()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._let_go()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._let_go()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._let_go()

    def _let_go(self) -> None:
        if self.holding:
            self.holding = False
            self.gate.release()


def lock_path_of(database_url: str) -> str | None:
    """The gate's file beside the database file; None for an in-memory database."""
    database = make_url(database_url).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return os.path.abspath(database) + ".writer-lock"


def connection_class(database_url: str) -> type[GatedConnection]:
    """A connection class with its own gate, for one database."""
    return type("GatedConnection", (GatedConnection,), {"gate": WriterGate(lock_path_of(database_url))})


def configure(app: Flask) -> None:
    """Before the engine exists: SQLite connections are gated (see the module's docstring)."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite"):
        return
    options = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    connect_args = dict(options.get("connect_args") or {})
    connect_args.setdefault("factory", connection_class(url))
    options["connect_args"] = connect_args
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options


def enable_pragmas(app: Flask) -> None:
    """SQLite: foreign keys on (so deletions cascade) and WAL (readers never wait for the writer)."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from app.extensions import db

    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")  # for writers that do not pass the gate
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
