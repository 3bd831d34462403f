"""Launching the real app as a child process, for the one-window-per-diary tests.

Both single-instance test files start ``python -m companion`` against a temp data folder, read
the events the guard writes to the report file (``REPORT_ENV``) and wait on the child; one copy
of that here, so a change to how the app is launched or reports is made once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from companion.ui.single_instance import REPORT_ENV

ROOT = Path(__file__).resolve().parents[2]

# Take a QLockFile (as older versions did) and die without unlocking it, like a crash.
_CRASH_HOLDING_A_LOCK = (
    "import os, sys\n"
    "from PySide6.QtCore import QLockFile\n"
    "lock = QLockFile(sys.argv[1])\n"
    "assert lock.tryLock(1000)\n"
    "os._exit(0)\n"
)


def app_env(report: Path | None = None) -> dict[str, str]:
    """This checkout's code, offscreen, reporting to ``report`` only when one is given."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop(REPORT_ENV, None)
    if report is not None:
        env[REPORT_ENV] = str(report)
    return env


def app_command(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "companion", "--data-dir", str(data_dir), *args]


def start_app(data_dir: Path, *args: str, cwd: Path, report: Path) -> subprocess.Popen[str]:
    """The app left running (stop it with :func:`stop`), reporting its guard's events."""
    return subprocess.Popen(
        app_command(data_dir, *args),
        env=app_env(report),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_app(data_dir: Path, *args: str, cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    """A launch that is expected to end by itself (a second launch, ``--exit-after-show``)."""
    return subprocess.run(
        app_command(data_dir, *args),
        env=app_env(),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def stop(proc: subprocess.Popen[str]) -> None:
    """Kill the child if it still runs and collect its pipes, so no process outlives a test."""
    if proc.poll() is None:
        proc.kill()
    proc.communicate()


def read_events(report: Path) -> list[dict]:
    if not report.exists():
        return []
    return [json.loads(line) for line in report.read_text().splitlines() if line.strip()]


def wait_for(
    predicate: Callable[[], bool], proc: subprocess.Popen[str], seconds: float, what: str
) -> None:
    """Poll a real child process (this waits on another process, not on our own clock)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc.poll() is not None:
            _out, err = proc.communicate()
            pytest.fail(f"the process exited early ({proc.returncode}) waiting for {what}: {err}")
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def wait_listening(report: Path, proc: subprocess.Popen[str], count: int = 1) -> None:
    """Until ``count`` launches in all have reported that they listen for a second launch."""
    wait_for(
        lambda: [e["event"] for e in read_events(report)].count("listening") >= count,
        proc,
        60,
        "an instance to take the lock and listen" if count > 1 else "the first instance to listen",
    )


def wait_message(report: Path, proc: subprocess.Popen[str]) -> dict:
    """The first message a second launch sent to the running instance, once it handled it."""
    wait_for(
        lambda: any(e["event"] == "message" for e in read_events(report)),
        proc,
        20,
        "the first instance to handle a second launch's message",
    )
    return next(e for e in read_events(report) if e["event"] == "message")


def start_script(code: str, *args: str) -> subprocess.Popen[str]:
    """A helper process running ``code`` with this checkout's code (it prints a line when it is
    ready; read it from ``stdout``), killed by :func:`stop`."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], env=app_env(), stdout=subprocess.PIPE, text=True
    )


def crash_holding_lock(lock: Path) -> None:
    """Leave ``lock`` behind as a process that crashed while holding it leaves it."""
    subprocess.run(
        [sys.executable, "-c", _CRASH_HOLDING_A_LOCK, str(lock)],
        check=True,
        timeout=60,
        env=app_env(),
    )
