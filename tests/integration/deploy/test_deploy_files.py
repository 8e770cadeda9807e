"""The files in deploy/ agree with the app and with each other, checked by the tools that read them.

An operator copies them as they are: systemd must accept every unit and timer, nginx the
site, every command a unit runs must exist, every setting of the template must be one the
app reads, the body limits of nginx and the app must be the same number, and the pool
settings must reach SQLAlchemy's engine.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from app import create_app
from app.extensions import db
from config import Config, engine_options
from tests.integration.deploy.harness import (
    DEPLOY,
    INSTALLED,
    ROOT,
    free_port,
    nginx_config,
    program,
    self_signed_certificate,
    settings,
    unit_command,
)

UNITS = sorted(path.name for path in (DEPLOY / "systemd").iterdir())
POSTGRES = "postgresql+psycopg://waspada@db.internal/waspada"


def test_the_pool_settings_reach_the_engine(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://waspada@db.internal/waspada")
    monkeypatch.setenv("WASPADA_DB_POOL_SIZE", "3")
    monkeypatch.setenv("WASPADA_DB_MAX_OVERFLOW", "2")
    monkeypatch.delenv("WASPADA_PGBOUNCER", raising=False)
    app = create_app(Config())
    with app.app_context():
        engine = db.engine
        assert (engine.pool.size(), engine.pool._max_overflow, engine.pool._pre_ping) == (3, 2, True)
        assert engine.hide_parameters
        engine.dispose()


def test_pool_defaults_and_pgbouncer(monkeypatch):
    for name in ("WASPADA_DB_POOL_SIZE", "WASPADA_DB_MAX_OVERFLOW", "WASPADA_PGBOUNCER"):
        monkeypatch.delenv(name, raising=False)
    assert engine_options(POSTGRES) == {"pool_pre_ping": True, "hide_parameters": True, "pool_size": 5, "max_overflow": 10}
    assert engine_options("sqlite:///instance/waspada.sqlite3") == {"pool_pre_ping": True, "hide_parameters": True}

    monkeypatch.setenv("WASPADA_PGBOUNCER", "1")
    assert engine_options(POSTGRES)["connect_args"] == {"prepare_threshold": None}
    assert "connect_args" not in engine_options("sqlite:///instance/waspada.sqlite3")


@pytest.mark.parametrize("unit", [u for u in UNITS if u.endswith(".service")])
def test_each_unit_runs_a_command_that_exists(unit, app):
    command = unit_command(unit, "8001")
    executable = command[0]
    if executable.endswith("/waspada-flask"):
        assert (DEPLOY / "waspada-flask").stat().st_mode & 0o111, "deploy/waspada-flask must be executable"
        result = app.test_cli_runner().invoke(args=[*command[1:], "--help"])
        assert result.exit_code == 0, result.output
    else:
        assert executable == str(ROOT / ".venv" / "bin" / "gunicorn")
        assert (ROOT / command[command.index("--config") + 1]).is_file()


def test_systemd_accepts_every_unit_and_timer(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    for unit in UNITS:
        text = (DEPLOY / "systemd" / unit).read_text().replace(f"{INSTALLED}/", f"{ROOT}/")
        text = text.replace("/etc/waspada/waspada.env", str(DEPLOY / "waspada.env.example"))
        (tmp_path / unit.replace("@.", "@8001.")).write_text(text)
    result = subprocess.run(
        [analyze, "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())], capture_output=True, text=True, timeout=60
    )
    problems = [line for line in (result.stdout + result.stderr).splitlines() if str(tmp_path) in line or "waspada" in line]
    assert result.returncode == 0 and not problems, result.stdout + result.stderr


def test_every_setting_of_the_template_is_read_and_documented():
    readme = (ROOT / "README.md").read_text()
    config_source = (ROOT / "config.py").read_text() + (ROOT / "app" / "__init__.py").read_text()
    for key in settings({}):
        if key == "GUNICORN_CMD_ARGS":  # read by gunicorn
            continue
        assert f"`{key}`" in readme, f"{key} is not in README.md's table of settings"
        assert f'"{key}"' in config_source, f"{key} is read by nothing"


def test_nginx_refuses_what_the_app_would_refuse():
    site = (DEPLOY / "nginx" / "waspada.conf").read_text()
    limit = re.search(r"client_max_body_size (\d+)m;", site).group(1)
    assert int(limit) * 1024 * 1024 == int(settings({})["WASPADA_MAX_BODY_BYTES"])
    assert settings({})["WASPADA_PROXY_COUNT"] == "1"  # nginx, and nothing else, in front


def test_nginx_accepts_the_site(tmp_path):
    nginx = program("nginx")
    if nginx is None:
        pytest.skip("nginx is not installed (.ci/run installs Debian's nginx)")
    tmp_path.chmod(0o755)
    certificate, key = self_signed_certificate(tmp_path)
    config = nginx_config(
        tmp_path,
        https_port=free_port(),
        http_port=free_port(),
        app_ports=(free_port(), free_port()),
        certificate=certificate,
        key=key,
    )
    result = subprocess.run([nginx, "-t", "-c", str(config)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr
