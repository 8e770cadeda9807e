"""Configuration, read from environment variables.

A school runs Waspada on a laptop with no configuration at all (SQLite in
``instance/``, a secret key generated once and kept there); a district sets
``DATABASE_URL`` to PostgreSQL, ``REDIS_URL`` for shared rate-limit counters and
``WASPADA_HTTPS=1`` behind its TLS proxy. Every setting is listed in the README.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("WASPADA_INSTANCE_DIR", BASE_DIR / "instance"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """The key that signs sessions: from SECRET_KEY, else generated once and kept.

    Never hard-coded: a key in the source would let anyone forge a teacher's session.
    """
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _operator_networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Where operators' tools (probes, Prometheus) call from: they alone see versions and metrics.

    A mistyped network stops the app at start-up rather than opening /metrics to everyone."""
    raw = os.environ.get("WASPADA_OPERATOR_NETWORKS", "127.0.0.1/32,::1/128")
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in raw.split(",") if part.strip())


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Hosting panels hand out postgres:// URLs; SQLAlchemy wants the driver named.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'waspada.sqlite3'}"


def engine_options(database_url: str) -> dict:
    """How each app process holds its database connections (docs/deploy.md, "Sizing").

    A process keeps up to ``WASPADA_DB_POOL_SIZE`` connections open (default 5) and opens up to
    ``WASPADA_DB_MAX_OVERFLOW`` more at a busy moment (default 10), closed again when returned.
    Behind PgBouncer in transaction pooling (``WASPADA_PGBOUNCER=1``) two transactions of one
    connection may run on different server connections, so psycopg must prepare no statement
    (``prepare_threshold=None``): a statement prepared on one would be missing, or already
    there under the same name, on the other."""
    # hide_parameters: a driver error in the log never carries the values of a statement
    # (a student's name, a code, a help request's text).
    options: dict = {"pool_pre_ping": True, "hide_parameters": True}
    if database_url.startswith("sqlite"):
        return options  # one file on one machine: SQLAlchemy's own pool for SQLite
    options["pool_size"] = int(os.environ.get("WASPADA_DB_POOL_SIZE", "5") or 5)
    options["max_overflow"] = int(os.environ.get("WASPADA_DB_MAX_OVERFLOW", "10") or 10)
    if database_url.startswith("postgresql") and _flag("WASPADA_PGBOUNCER"):
        options["connect_args"] = {"prepare_threshold": None}
    return options


class Config:
    SECRET_KEY: str = ""
    SQLALCHEMY_DATABASE_URI: str = ""
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # engine_options(), set at instantiation
    QUIZ_FOLDER = os.environ.get("WASPADA_QUIZ_FOLDER", str(BASE_DIR / "quizzes"))

    # Language: Indonesian first.
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("WASPADA_TIMEZONE", "Asia/Jakarta")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")

    # Sessions: one school day, ended for real by sign-out (see security.py).
    HTTPS = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("WASPADA_SESSION_HOURS", "10")))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # The cookie is signed again only when the session changes (sign-in, a form's token, a
    # message), not on every page: signing it was ~15% of a question page's CPU.
    SESSION_REFRESH_EACH_REQUEST = False
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    # A student may think about one question for a long time: the CSRF token lives as
    # long as the session, not the default hour.
    WTF_CSRF_TIME_LIMIT = None

    # Rate-limit counters: the database by default (shared by every app process),
    # Redis when REDIS_URL is set.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_ENABLED = True

    # Staff passwords: Argon2id with OWASP's parameters (m=19 MiB, t=2, p=1).
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19 * 1024
    ARGON2_PARALLELISM = 1
    PASSWORD_MIN_LENGTH = 10

    # Where "quick exit" goes unless a school sets its own.
    QUICK_EXIT_URL = os.environ.get("WASPADA_QUICK_EXIT_URL", "https://www.google.com/search?q=cuaca")
    # Seed the demo school on an empty database at `make run`.
    PUBLIC_BASE_URL = os.environ.get("WASPADA_PUBLIC_URL", "")

    # The largest request body the app reads (forms are a few kilobytes): anything larger is
    # answered 413 before its body is read. Match nginx's client_max_body_size (docs/deploy.md).
    MAX_CONTENT_LENGTH = int(os.environ.get("WASPADA_MAX_BODY_BYTES", str(1024 * 1024)))
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH

    def __init__(self) -> None:
        # Read at instantiation so that tests and `make run` see the current environment.
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.HTTPS = _flag("WASPADA_HTTPS")
        # How many reverse proxies stand in front of the app: their X-Forwarded-* headers are
        # trusted for the client's address (rate limits) and the scheme (https links).
        self.PROXY_COUNT = int(os.environ.get("WASPADA_PROXY_COUNT", "0") or 0)
        self.SESSION_COOKIE_SECURE = self.HTTPS
        self.DEMO_SEED = _flag("WASPADA_DEMO_SEED")
        # The host names this app answers to (Flask refuses others with 400): without a public
        # URL, login cards and links are built from the Host header, which a visitor can set.
        hosts = [h.strip() for h in os.environ.get("WASPADA_TRUSTED_HOSTS", "").split(",") if h.strip()]
        self.TRUSTED_HOSTS = hosts or None
        # Old keys still accepted for signed sessions while a district rotates SECRET_KEY.
        self.SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()]
        # Operations: who may read /readyz's details and /metrics; the request log's format
        # ("json": one JSON line per request, for a log shipper; "text": readable, for `make run`).
        self.OPERATOR_NETWORKS = _operator_networks()
        self.LOG_FORMAT = "text" if os.environ.get("WASPADA_LOG_FORMAT", "json").strip().lower() == "text" else "json"
        # Outgoing mail for help-request notifications (`flask notify run`); no host, no email.
        self.SMTP_HOST = os.environ.get("WASPADA_SMTP_HOST", "").strip()
        self.SMTP_PORT = int(os.environ.get("WASPADA_SMTP_PORT", "587") or 587)
        self.SMTP_STARTTLS = _flag("WASPADA_SMTP_STARTTLS", default=True)
        self.SMTP_USER = os.environ.get("WASPADA_SMTP_USER", "")
        self.SMTP_PASSWORD = os.environ.get("WASPADA_SMTP_PASSWORD", "")
        self.SMTP_FROM = os.environ.get("WASPADA_SMTP_FROM", "").strip()
        if self.HTTPS:
            self.SESSION_COOKIE_NAME = "__Host-waspada"
        else:
            self.SESSION_COOKIE_NAME = "waspada"


class TestingConfig(Config):
    TESTING = True
    # Scenario tests post forms directly; the CSRF tests switch it back on.
    WTF_CSRF_ENABLED = False
    # Cheap hashing keeps the suite fast; production parameters are tested separately.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 256
    QUIZ_FOLDER = str(BASE_DIR / "tests" / "fixtures" / "quizzes")

    def __init__(self) -> None:
        super().__init__()
        self.SECRET_KEY = "testing-only-key"  # noqa: S105 - tests only, never served
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", self.SQLALCHEMY_DATABASE_URI)
        self.SQLALCHEMY_ENGINE_OPTIONS = engine_options(self.SQLALCHEMY_DATABASE_URI)
        self.SMTP_HOST = ""  # no real mail from the tests: a test starts its own SMTP server and points here
