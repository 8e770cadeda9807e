"""SQLite writers queue at the writer gate instead of sleeping in SQLite's busy handler.

Each connection here sets ``busy_timeout`` to 0: a writer that met a held write lock
outside the gate would fail at once with "database is locked". That they all succeed,
one after another, shows that they waited at the gate, not in SQLite.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.sqlite import connection_class, lock_path_of

ROOT = Path(__file__).resolve().parents[2]

# Another process: takes the gate, writes, says so, holds it half a second, commits; then stays
# a moment (the last connection to close checkpoints the WAL, which locks briefly).
HOLDER = """
import sqlite3, sys, time
from app.sqlite import connection_class
path = sys.argv[1]
c = sqlite3.connect(path, factory=connection_class("sqlite:///" + path))
c.execute("PRAGMA busy_timeout=0")
c.execute("INSERT INTO answers (who) VALUES ('other process')")
print("holding", flush=True)
time.sleep(0.5)
c.commit()
time.sleep(1)
"""


_opened: list[sqlite3.Connection] = []


def _connect(path: Path, factory) -> sqlite3.Connection:
    connection = sqlite3.connect(path, factory=factory, check_same_thread=False)
    _opened.append(connection)
    connection.execute("PRAGMA busy_timeout=0")
    return connection


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "school.sqlite3"
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode=WAL")  # kept in the file: every connection reads in WAL mode
    setup.execute("CREATE TABLE answers (id INTEGER PRIMARY KEY, who TEXT)")
    setup.commit()
    setup.close()
    yield path, connection_class(f"sqlite:///{path}")
    while _opened:
        _opened.pop().close()


def test_a_second_writer_waits_at_the_gate_and_then_writes(database):
    path, factory = database
    first, second = _connect(path, factory), _connect(path, factory)
    first.execute("INSERT INTO answers (who) VALUES ('first')")  # holds the write lock from here
    order = []

    def write_second():
        second.execute("INSERT INTO answers (who) VALUES ('second')")
        order.append("second wrote")
        second.commit()

    thread = threading.Thread(target=write_second)
    thread.start()
    thread.join(timeout=0.3)
    assert thread.is_alive() and order == []  # waiting, not failed with "database is locked"
    order.append("first committed")
    first.commit()
    thread.join(timeout=10)
    assert order == ["first committed", "second wrote"]
    assert [row[0] for row in first.execute("SELECT who FROM answers ORDER BY id")] == ["first", "second"]


def test_readers_never_wait_for_the_writer(database):
    path, factory = database
    writer, reader = _connect(path, factory), _connect(path, factory)
    writer.execute("INSERT INTO answers (who) VALUES ('uncommitted')")
    assert reader.execute("SELECT count(*) FROM answers").fetchone() == (0,)  # at once, from the last commit
    writer.commit()
    assert reader.execute("SELECT count(*) FROM answers").fetchone() == (1,)


def test_a_write_transaction_takes_the_write_lock_at_its_first_statement(database):
    """BEGIN IMMEDIATE: nobody can slip a write in between (an ungated writer is refused at once)."""
    path, factory = database
    gated = _connect(path, factory)
    gated.execute("UPDATE answers SET who = who")  # no row changes, but the transaction writes
    outsider = sqlite3.connect(path, isolation_level=None, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            outsider.execute("BEGIN IMMEDIATE")
        gated.rollback()
        outsider.execute("BEGIN IMMEDIATE")
        outsider.execute("ROLLBACK")
    finally:
        outsider.close()


def test_a_rollback_or_a_closed_connection_lets_the_gate_go(database):
    path, factory = database
    failing = _connect(path, factory)
    failing.execute("INSERT INTO answers (who) VALUES ('never')")
    with pytest.raises(sqlite3.IntegrityError):
        failing.execute("INSERT INTO answers (id, who) VALUES (1, 'twice')")
        failing.execute("INSERT INTO answers (id, who) VALUES (1, 'twice')")
    failing.rollback()
    closing = _connect(path, factory)
    closing.execute("INSERT INTO answers (who) VALUES ('left open')")
    closing.close()  # a connection closed mid-transaction (a crashed request): its transaction is gone too
    last = _connect(path, factory)
    last.execute("INSERT INTO answers (who) VALUES ('kept')")
    last.commit()
    assert [row[0] for row in last.execute("SELECT who FROM answers")] == ["kept"]


def test_writers_of_another_process_queue_at_the_same_gate(database):
    """gunicorn's workers are processes: the gate's flock on the file beside the database queues them too."""
    path, factory = database
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        here = _connect(path, factory)
        started = time.monotonic()
        here.execute("INSERT INTO answers (who) VALUES ('this process')")  # waits for the other process's commit
        waited = time.monotonic() - started
        here.commit()
    finally:
        holder.wait(timeout=30)
        holder.stdout.close()
    assert holder.returncode == 0
    assert waited > 0.05  # it did wait (for the other's commit), and did not fail with "database is locked"
    assert [row[0] for row in here.execute("SELECT who FROM answers ORDER BY id")] == ["other process", "this process"]


def test_an_in_memory_database_has_no_lock_file():
    assert lock_path_of("sqlite://") is None
    assert lock_path_of("sqlite:///:memory:") is None
    assert lock_path_of("sqlite:////srv/waspada/instance/waspada.sqlite3") == "/srv/waspada/instance/waspada.sqlite3.writer-lock"
