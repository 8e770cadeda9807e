"""Browser tests: the app served on a free loopback port, driven by Debian's Chromium.

The server is a real WSGI server in a thread, with its own fresh SQLite database and
CSRF on, as in production. When Chromium is not installed, every browser test is
skipped with a plain reason (``.ci/run`` installs it, so CI always runs them).
"""
from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("WASPADA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
HAVE_CHROMIUM = Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            if not HAVE_CHROMIUM:
                item.add_marker(pytest.mark.skip(reason="browser tests skipped: Chromium is not installed "
                                                        "(apt-get install -y chromium)"))


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
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{self.folder / 'browser.sqlite3'}", WTF_CSRF_ENABLED=True,
            TESTING=False, PUBLIC_BASE_URL="",
        )
        with self.app.app_context():
            db.create_all()
            load_content(self.app)
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
        """Run ``function`` in the server's app context and commit (to build a scenario)."""
        from app.extensions import db

        with self.app.app_context():
            result = function(*args, **kwargs)
            db.session.commit()
            return result


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
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
