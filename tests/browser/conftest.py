"""Browser tests: the app served on a free loopback port, driven by Debian's Chromium.

The server is a real WSGI server in a thread, with its own fresh SQLite database,
CSRF on and the real quiz banks of ``quizzes/``, as in production. Every test builds
its own school (``live_server.seed``), so the tests share the server but never data.
When Chromium is not installed, every browser test is skipped with a plain reason
(``.ci/run`` installs it, so CI always runs them).
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("WASPADA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


# The live server below always runs on its own SQLite file, whatever TEST_DATABASE_URL says: on the
# PostgreSQL leg of CI the browser tests would only run the same thing a second time.
ON_POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if ON_POSTGRES:
                item.add_marker(
                    pytest.mark.skip(
                        reason="browser tests serve their own SQLite database: they run in the "
                        "SQLite leg (TEST_DATABASE_URL unset)"
                    )
                )
            elif not HAVE_CHROMIUM:
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"browser tests skipped: no Chromium at {CHROMIUM} "
                        "(apt-get install -y chromium, or set WASPADA_CHROMIUM)"
                    )
                )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self):
        from werkzeug.serving import make_server

        from app.content import load_content
        from app.extensions import db
        from tests.conftest import make_test_app

        self.folder = Path(tempfile.mkdtemp(prefix="waspada-browser-"))
        self.app = make_test_app(
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{self.folder / 'browser.sqlite3'}",
            WTF_CSRF_ENABLED=True,
            TESTING=False,
            PUBLIC_BASE_URL="",
            QUIZ_FOLDER=str(REPO / "quizzes"),
        )
        with self.app.app_context():
            db.create_all()
            load_content(self.app)
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request drowns a failure
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        from app.extensions import db

        self.server.shutdown()
        self.thread.join(timeout=10)
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    def seed(self, function, *args, **kwargs):
        """Run ``function`` in the server's app context and commit (to build a scenario or read the database).

        Return plain values from ``function``: ORM objects are detached once the context ends.
        """
        from app.extensions import db

        with self.app.app_context():
            result = function(*args, **kwargs)
            db.session.commit()
            return result

    def catalogue(self):
        """The server's quiz catalogue (plain objects, safe to use outside the app context)."""
        from app.content import get_catalogue

        with self.app.app_context():
            return get_catalogue()


@pytest.fixture(scope="session")
def live_server():
    server = LiveServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """``open_page(width=360, locale="id-ID", js=True)``: a page in a fresh browser context (a fresh profile).

    A new context is a browser closed and opened again: no cookies, no cache. Every
    context is closed at the end of the test.
    """
    contexts = []

    def open_page(width: int = 360, locale: str = "id-ID", js: bool = True):
        viewport = PHONE if width <= PHONE["width"] else {**DESKTOP, "width": width}
        context = browser.new_context(viewport=viewport, locale=locale, java_script_enabled=js, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
