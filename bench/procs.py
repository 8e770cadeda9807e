"""The processes a benchmark starts, and the promise to stop every one of them.

Each server runs in its own process group (``start_new_session``), so stopping it
stops gunicorn's master and its workers together. Every process is registered
with ``atexit`` as well as stopped in the caller's ``finally``: an exception, a
Ctrl-C or a failed assertion never leaves a server listening behind.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
HOST = "127.0.0.1"  # loopback only: the benchmark never listens on or calls another address

_running: list[subprocess.Popen] = []


class ServerFailed(RuntimeError):
    """The server did not start (its output says why)."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen, grace: float = 8.0) -> None:
    """SIGTERM the process group, wait, then SIGKILL it: nothing of it is left running."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    else:
        # The leader is gone; its workers might not be.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    if process in _running:
        _running.remove(process)


@atexit.register
def _stop_all() -> None:
    for process in list(_running):
        stop(process, grace=3.0)


def children(pid: int) -> list[int]:
    """The direct children of ``pid``, read from /proc (gunicorn's workers)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(x) for x in (task / "children").read_text().split()]
    return found


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS from /proc/<pid>/status and Pss from smaps_rollup (shared pages counted once), in KiB."""
    figures = {"rss": 0, "pss": 0}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                figures["rss"] = int(line.split()[1])
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                figures["pss"] = int(line.split()[1])
    return figures


@dataclass
class Server:
    """A gunicorn serving ``app_spec`` on 127.0.0.1:``port``."""

    name: str
    process: subprocess.Popen
    port: int
    log_path: Path
    started_in: float = 0.0
    peak_workers_kib: dict[str, int] = field(default_factory=lambda: {"rss": 0, "pss": 0})

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def sample_memory(self) -> dict[str, int]:
        """The workers' memory now (summed), remembering the peak."""
        total = {"rss": 0, "pss": 0}
        for pid in self.workers():
            for key, value in memory_kib(pid).items():
                total[key] += value
        for key in total:
            self.peak_workers_kib[key] = max(self.peak_workers_kib[key], total[key])
        return total

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self) -> None:
        stop(self.process)


def start_gunicorn(
    name: str,
    app_spec: str,
    env: dict[str, str],
    log_dir: Path,
    *,
    workers: int = 2,
    threads: int = 4,
    timeout: float = 20.0,
    ready_path: str = "/",
) -> Server:
    """Start gunicorn exactly as `make run` does (2 workers x 4 threads) and wait until it answers."""
    import urllib.request  # here, not at the top: the load generator patches ssl for gevent before it is imported

    port = free_port()
    log_path = log_dir / f"{name}.log"
    command = [
        str(VENV_BIN / "gunicorn"),
        "--config",  # as `make run`: no access log, the metrics of all workers in one place
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"{HOST}:{port}",
        "--graceful-timeout",
        "3",
        "--log-level",
        "warning",
        app_spec,
    ]
    started = time.perf_counter()
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    _running.append(process)
    server = Server(name=name, process=process, port=port, log_path=log_path)
    deadline = started + timeout
    while True:
        if process.poll() is not None:
            stop(process)
            raise ServerFailed(f"{name}: gunicorn exited with {process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}{ready_path}", timeout=2) as response:  # noqa: S310 - loopback
                if response.status < 500 and len(server.workers()) >= workers:
                    break
        except OSError:
            pass
        if time.perf_counter() > deadline:
            stop(process)
            raise ServerFailed(f"{name}: gunicorn did not answer within {timeout:.0f} s:\n{server.log_tail()}")
        time.sleep(0.1)
    # Every worker imports the app lazily on its first request; warm both.
    for _ in range(workers * 4):
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{server.url}{ready_path}", timeout=5):  # noqa: S310
            pass
    server.started_in = time.perf_counter() - started
    return server


def run_checked(command: list[str], env: dict[str, str], what: str, timeout: float = 300) -> str:
    """Run a short helper command to completion (migrations, seeding); raise with its output if it fails."""
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    _running.append(process)
    try:
        output, _unused = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stop(process)
        raise RuntimeError(f"{what}: still running after {timeout:.0f} s; stopped") from None
    finally:
        if process in _running:
            _running.remove(process)
    text = output.decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"{what} failed ({process.returncode}):\n{text[-3000:]}")
    return text
