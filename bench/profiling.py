"""Where the server's time goes during a phase: py-spy on each gunicorn worker.

``bench/run --profile`` samples both workers with py-spy (``record --format raw``,
collapsed stacks, idle threads left out) while the page views and the answers run,
and prints the functions of the app and its libraries that were on the stack most
often. py-spy is a development tool (requirements-dev.txt); without it, --profile
says so and the run goes on unprofiled.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path

from bench import procs


def available() -> str | None:
    found = procs.VENV_BIN / "py-spy"
    return str(found) if found.exists() else shutil.which("py-spy")


class Sampler:
    """py-spy recording each worker until ``stop``."""

    def __init__(self, pids: list[int], folder: Path, label: str, rate: int = 200) -> None:
        self.outputs = [folder / f"profile-{label}-{pid}.txt" for pid in pids]
        binary = available()
        self.processes: list[subprocess.Popen] = []
        if binary is None:
            return
        for pid, out in zip(pids, self.outputs, strict=True):
            process = subprocess.Popen(
                [
                    binary,
                    "record",
                    "--pid",
                    str(pid),
                    "--rate",
                    str(rate),
                    "--format",
                    "raw",
                    "--output",
                    str(out),
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            procs._running.append(process)
            self.processes.append(process)

    def stop(self) -> None:
        # SIGINT makes py-spy write what it has; procs.stop falls back to SIGTERM/SIGKILL.
        import os
        import signal

        for process in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGINT)
                    process.wait(timeout=10)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    pass
            procs.stop(process)


def summary(paths: list[Path], top: int = 25) -> str:
    """The functions most often on the stack (inclusive share of samples), from py-spy's collapsed stacks."""
    inclusive: Counter = Counter()
    leaf: Counter = Counter()
    total = 0
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not count.isdigit():
                continue
            samples = int(count)
            total += samples
            frames = [frame.split(" (")[0] + " (" + _short(frame) + ")" for frame in stack.split(";") if frame]
            for frame in set(frames):
                inclusive[frame] += samples
            if frames:
                leaf[frames[-1]] += samples
    if not total:
        return "(no samples: is py-spy allowed to read the workers? it needs ptrace)"
    lines = [f"{total} samples; inclusive share (on the stack) / self share (on top):"]
    for frame, samples in inclusive.most_common(top * 4):
        if any(skip in frame for skip in ("gunicorn/", "threading.py", "concurrent/futures", "<module>")):
            continue
        lines.append(f"  {samples / total:6.1%}  {leaf.get(frame, 0) / total:6.1%}  {frame}")
        if len(lines) > top:
            break
    lines.append("top of the stack:")
    for frame, samples in leaf.most_common(12):
        lines.append(f"  {samples / total:6.1%}  {frame}")
    return "\n".join(lines)


REPO = str(Path(__file__).resolve().parents[1])  # this checkout, wherever it is


def _short(frame: str) -> str:
    """'func (/long/path/site-packages/pkg/mod.py:12)' -> 'pkg/mod.py'."""
    inside = frame.split(" (", 1)[1].rstrip(")") if " (" in frame else ""
    path = inside.rsplit(":", 1)[0]
    for marker in ("site-packages/", f"{REPO}/", "lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path
