"""Is this process alive, and is it ready to serve? What operators (and only they) may learn.

``/livez`` answers as long as the process does. ``/readyz`` answers 200 only when the
three things a request needs are there: the database answers, its schema is at the
newest migration this code ships (a server upgraded before ``flask db upgrade`` must
not take traffic), and the quiz banks are loaded. A load balancer reads the status;
a visitor reads only "ok" or "unavailable". The version, the banks' fingerprint and
the failing check are told to the operator's network alone (``WASPADA_OPERATOR_NETWORKS``),
which is also the only place ``/metrics`` answers.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from flask import Flask, current_app, request

from app.content import loaded_catalogue
from app.extensions import db
from app.quizbank import Catalogue
from app.reports import operations

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "migrations" / "versions"
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


@cache
def version() -> str:
    """This release's version, from pyproject.toml (the one place it is written)."""
    try:
        return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


@cache
def migration_heads(folder: Path = MIGRATIONS) -> frozenset[str]:
    """The newest revision(s) of the migrations shipped with this code, read from the files.

    Read as text rather than through Alembic, which serving processes leave out."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in folder.glob("*.py"):
        for name, value in _ASSIGNMENT.findall(script.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).update(_QUOTED.findall(value))
    return frozenset(revisions - parents)


def banks_fingerprint(catalogue: Catalogue) -> str:
    """One hash for the content served: every bank's id, version and content hash."""
    lines = sorted(f"{bank.id}:{bank.version}:{bank.content_hash}" for bank in catalogue.banks.values())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def from_operator_network() -> bool:
    """The request comes from a network listed in WASPADA_OPERATOR_NETWORKS (behind a
    trusted proxy: the client's address, see WASPADA_PROXY_COUNT)."""
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(
        address.version == network.version and address in network for network in current_app.config.get("OPERATOR_NETWORKS", ())
    )


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)  # check -> "ok" or what is wrong
    content_hash: str | None = None

    @property
    def ready(self) -> bool:
        return all(state == "ok" for state in self.checks.values())

    @property
    def reason(self) -> str | None:
        return next((f"{name}: {state}" for name, state in self.checks.items() if state != "ok"), None)


def content_fingerprint() -> str | None:
    """The fingerprint of the banks this process serves; None before they are loaded."""
    catalogue = loaded_catalogue(current_app)
    return banks_fingerprint(catalogue) if catalogue is not None and catalogue.banks else None


def check_readiness() -> Readiness:
    readiness = Readiness()
    readiness.checks["database"], readiness.checks["migrations"] = _database_and_schema()
    readiness.content_hash = content_fingerprint()
    readiness.checks["banks"] = "ok" if readiness.content_hash else "not loaded"
    return readiness


def queues() -> operations.QueueState | None:
    """What waits (help requests, emails), or None when the database does not answer."""
    try:
        with db.engine.connect() as connection:
            return operations.queue_state(connection)
    except Exception:  # noqa: BLE001 - any driver error: the scrape still answers, with waspada_database_up 0
        return None


def _database_and_schema() -> tuple[str, str]:
    expected = migration_heads()
    try:
        with db.engine.connect() as connection:
            applied = operations.applied_revisions(connection)
    except Exception as error:  # noqa: BLE001 - any driver error means the same here: not reachable
        current_app.logger.warning("readyz: database unreachable (%s)", error.__class__.__name__)
        return f"unreachable ({error.__class__.__name__})", "unknown"
    if not expected:
        return "ok", "no migration scripts found with this code"
    if not applied:
        return "ok", "no migration applied (run `flask db upgrade`)"
    if applied != expected:
        return (
            "ok",
            f"the database is at {', '.join(sorted(applied))}, this code needs "
            f"{', '.join(sorted(expected))} (run `flask db upgrade`)",
        )
    return "ok", "ok"


def register(app: Flask) -> None:
    app.jinja_env.globals["app_version"] = version()  # shown to signed-in staff in the footer
