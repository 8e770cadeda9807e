"""The files in deploy/ made to run here, and the processes they describe, started and always stopped.

An operator copies ``deploy/`` onto a server and changes a few names; these helpers make the
same few changes for a test on loopback (ports, paths, the certificate) and nothing else, so
the tests run the shipped files: nginx's site, the app server's unit command, the settings
template, the ``waspada-flask`` wrapper, PgBouncer's settings. A change to one of those files
that these helpers no longer recognise fails loudly instead of testing something else.
"""

from __future__ import annotations

import configparser
import contextlib
import getpass
import html
import os
import re
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent
QUIZZES = ROOT / "tests" / "fixtures" / "quizzes"
INSTALLED = Path("/opt/waspada")  # where the shipped files expect the code
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
QUESTION_FORM = re.compile(r'<form method="post" action="([^"]+)" class="question-form"')
NEXT_BUTTON = re.compile(r'<a class="button" href="([^"]+)"')


def program(name: str) -> str | None:
    """A system program (nginx, pgbouncer live in /usr/sbin, not on every PATH)."""
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def replace_exactly_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the shipped file no longer has exactly one {old!r}: update the test with it"
    return text.replace(old, new)


# --- the settings file and the unit commands --------------------------------------------------


def settings(overrides: dict[str, str]) -> dict[str, str]:
    """deploy/waspada.env.example as systemd reads it (KEY=value, optional double quotes), then ``overrides``."""
    values: dict[str, str] = {}
    for line in (DEPLOY / "waspada.env.example").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, value = line.partition("=")
        assert re.fullmatch(r"[A-Z_][A-Z0-9_]*", key), f"not a setting line: {line!r}"
        values[key] = value[1:-1] if value.startswith('"') and value.endswith('"') else value
    unknown = set(overrides) - set(values) - {"DIRECT_DATABASE_URL", "WASPADA_PGBOUNCER", "SECRET_KEY_FALLBACKS"}
    assert not unknown, f"settings the template does not have: {unknown}"
    values.update(overrides)
    return values


def write_settings(path: Path, values: dict[str, str]) -> Path:
    path.write_text("".join(f'{key}="{value}"\n' if " " in value else f"{key}={value}\n" for key, value in values.items()))
    path.chmod(0o600)
    return path


def process_environment(values: dict[str, str]) -> dict[str, str]:
    """What a unit's process sees: the machine's basics (PATH, the locale) and the settings file."""
    env = {key: value for key, value in os.environ.items() if key in {"PATH", "LANG", "LC_ALL", "HOME", "TMPDIR"}}
    env.update(values)
    return env


def unit_command(unit: str, instance: str = "") -> list[str]:
    """The ExecStart of deploy/systemd/<unit>, run from this checkout instead of /opt/waspada."""
    text = (DEPLOY / "systemd" / unit).read_text()
    starts = re.findall(r"^ExecStart=(.+)$", text, re.MULTILINE)
    assert len(starts) == 1, f"{unit}: one ExecStart expected"
    command = starts[0].replace("%i", instance).replace(str(INSTALLED), str(ROOT))
    return shlex.split(command)


def unit_setting(unit: str, key: str) -> list[str]:
    return re.findall(rf"^{key}=(.+)$", (DEPLOY / "systemd" / unit).read_text(), re.MULTILINE)


# --- processes -------------------------------------------------------------------------------


class Processes:
    """The servers a test starts, each logging to a file; all of them stopped at the end, whatever happened."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.running: dict[str, subprocess.Popen] = {}
        self._logs: list = []

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("w")
        self._logs.append(log)
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.running[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop(self, name: str, timeout: float = 30) -> int:
        """SIGTERM (what systemd sends), then SIGKILL to the whole group if it does not end in time."""
        process = self.running.pop(name)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        return process.returncode

    def stop_all(self) -> None:
        for name in list(self.running):
            with contextlib.suppress(Exception):  # stop the others whatever this one did
                self.stop(name)
        for log in self._logs:
            log.close()


def wait_until_answering(url: str, process: subprocess.Popen, seconds: float = 90, context: ssl.SSLContext | None = None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, f"{process.args[0]} stopped (exit {process.returncode})"
        try:
            with urllib.request.urlopen(url, timeout=3, context=context) as response:  # noqa: S310 - our loopback server
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in time")


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made with openssl, as the walk-through in docs/deploy.md makes one."""
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


# --- nginx -------------------------------------------------------------------------------------


def nginx_config(
    folder: Path, *, https_port: int, http_port: int, app_ports: tuple[int, int], certificate: Path, key: Path
) -> Path:
    """deploy/nginx/waspada.conf on loopback ports, inside a minimal nginx.conf of the test's own."""
    site = (DEPLOY / "nginx" / "waspada.conf").read_text()
    for old, new in [
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{app_ports[0]} "),
        ("server 127.0.0.1:8002 ", f"server 127.0.0.1:{app_ports[1]} "),
        ("/etc/ssl/waspada/fullchain.pem", str(certificate)),
        ("/etc/ssl/waspada/privkey.pem", str(key)),
        ("alias /opt/waspada/app/static/;", f"alias {ROOT / 'app' / 'static'}/;"),
    ]:
        site = replace_exactly_once(site, old, new)
    site = site.replace("/var/log/nginx/waspada.access.log", str(folder / "access.log"))
    (folder / "waspada.conf").write_text(site)
    # Debian's nginx.conf, cut to what the site needs; one worker, so requests alternate strictly
    # between the app servers. As root the workers run as root: the checkout may be private.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (folder / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} info;\n"
        f"daemon off;\nevents {{ worker_connections 256; }}\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    sendfile on;\n    gzip on;\n{temp}\n    include {folder / 'waspada.conf'};\n}}\n"
    )
    return folder / "nginx.conf"


# --- PgBouncer -----------------------------------------------------------------------------------


def pgbouncer_config(folder: Path, *, port: int, database: str, pool_size: int) -> Path:
    """deploy/pgbouncer/pgbouncer.ini with its pooling kept, on a loopback port, logging to standard error.

    PostgreSQL here trusts loopback, so the test's PgBouncer logs in as ``postgres`` without a
    password (auth_type any) where the shipped file checks the app's password (scram-sha-256)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(DEPLOY / "pgbouncer" / "pgbouncer.ini")
    assert parser["pgbouncer"]["pool_mode"] == "transaction"
    parser.remove_section("databases")
    parser.add_section("databases")
    parser["databases"][database] = f"host=127.0.0.1 port=5432 dbname={database} user=postgres"
    section = parser["pgbouncer"]
    for key in ("auth_file", "logfile", "pidfile"):
        section.pop(key, None)
    section.update(
        listen_addr="127.0.0.1",
        listen_port=str(port),
        unix_socket_dir="",
        auth_type="any",
        default_pool_size=str(pool_size),
        min_pool_size="0",
        reserve_pool_size="0",
    )
    if os.geteuid() == 0:
        section["user"] = "postgres"  # PgBouncer refuses to run as root
    path = folder / "pgbouncer.ini"
    with path.open("w") as file:
        parser.write(file)
    path.chmod(0o644)
    return path


# --- a student's browser -------------------------------------------------------------------------


class Browser(urllib.request.HTTPRedirectHandler):
    """One phone: a cookie jar, redirects followed, the Referer a browser sends, and the request id of
    every response (nginx's id, logged by whichever app server answered)."""

    def __init__(self, base: str, context: ssl.SSLContext | None = None):
        self.base, self.request_ids = base, []
        handlers = [urllib.request.HTTPCookieProcessor(CookieJar()), self]
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)
        self.url = self.page = ""
        self.cookies = handlers[0].cookiejar

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.request_ids.append(headers.get("X-Request-ID"))
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def open(self, path: str, form: dict | None = None) -> str:
        data = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=data)  # noqa: S310 - loopback
        if self.url:
            request.add_header("Referer", self.url)
        with self.opener.open(request, timeout=30) as response:
            self.url, self.page = response.geturl(), response.read().decode("utf-8")
            self.request_ids.append(response.headers.get("X-Request-ID"))
        return self.page

    def post(self, path: str, form: dict) -> str:
        return self.open(path, {"csrf_token": CSRF.search(self.page).group(1), **form})

    def answer_one(self, bank) -> None:
        """Answer the question on the page rightly, then go on to the next page."""
        from tests.integration.student.helpers import right_form

        action = html.unescape(QUESTION_FORM.search(self.page).group(1))
        question = bank.question(urllib.parse.urlsplit(action).path.rsplit("/", 1)[-1])
        self.post(urllib.parse.urlsplit(action).path, right_form(question))
        self.open(urllib.parse.urlsplit(html.unescape(NEXT_BUTTON.search(self.page).group(1))).path)


def who_answered(server_logs: dict[str, str], request_ids: list[str]) -> list[str]:
    """For each request id, the one app server whose log has it."""
    import json

    seen: dict[str, str] = {}
    for server, log in server_logs.items():
        for line in log.splitlines():
            entry = json.loads(line) if line.startswith("{") else {}
            if "route" in entry:  # the one line per request
                assert seen.get(entry["request_id"], server) == server, f"request {entry['request_id']} logged by two servers"
                seen[entry["request_id"]] = server
    return [seen.get(rid, "?") for rid in request_ids]


def json_lines(log: str) -> list[dict]:
    import json

    return [json.loads(line) for line in log.splitlines() if line.startswith("{")]


def current_user() -> str:
    return getpass.getuser()
