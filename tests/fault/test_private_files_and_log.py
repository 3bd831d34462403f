"""Issue 10 fault 11 and issue 12 (logging): every file the app creates is owner-only whatever
the umask, and warnings and errors land in errors.log (owner-only) instead of vanishing or
printing a stray line on the terminal."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from companion.app import ERROR_LOG, install_error_hook
from companion.cli import main
from companion.core import exchange
from companion.core.demo import generate_demo
from companion.core.store import Store
from companion.paths import AppPaths

ROOT = Path(__file__).resolve().parents[2]
GOOD = generate_demo(nights=4, seed=5, today=date(2026, 11, 21))
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The umask many desktops use (files 644): what the app must not follow."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with Store.open(folder / "diary.sqlite3") as store:
        store.merge_import(list(GOOD.nights[:2]), [])
    return folder


def run_cli(*args: str, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        preexec_fn=lambda: os.umask(umask),
    )


@posix_only
def test_fault11_app_error_log_is_owner_only_under_umask_022(
    tmp_path: Path, loose_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(AppPaths(tmp_path, tmp_path), lambda: None)
    try:
        raise RuntimeError("a night note went missing")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    log = tmp_path / ERROR_LOG
    assert "RuntimeError: a night note went missing" in log.read_text(encoding="utf-8")
    assert mode(log) == 0o600


@posix_only
def test_fault11_an_old_world_readable_error_log_is_made_owner_only(
    tmp_path: Path, loose_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / ERROR_LOG
    log.write_text("--- an old line\n", encoding="utf-8")
    os.chmod(log, 0o644)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(AppPaths(tmp_path, tmp_path), lambda: None)
    try:
        raise ValueError("again")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    text = log.read_text(encoding="utf-8")
    assert text.startswith("--- an old line\n") and "ValueError: again" in text
    assert mode(log) == 0o600


@posix_only
def test_fault11_app_lock_is_owner_only_under_umask_022(
    data_dir: Path, loose_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock is created by Qt (QLockFile) inside the app's run: the composition root's umask
    is what makes it private."""
    import companion.app
    from companion.paths import resolve_paths
    from companion.ui import single_instance

    seen: dict[str, int] = {}

    def fake_gui(args: object) -> int:
        paths = resolve_paths(data_dir)
        guard = single_instance.claim(paths, None, listen=False)
        assert guard is not None
        try:
            lock = paths.data_dir / single_instance.LOCK_FILE
            seen["lock"] = mode(lock)
        finally:
            guard.release()
        return 0

    monkeypatch.setattr(companion.app, "run_gui", fake_gui)
    assert main(["--data-dir", str(data_dir)]) == 0
    assert seen["lock"] == 0o600
    assert os.umask(0o022) == 0o022  # the command line gave the umask back


@posix_only
def test_fault11_cli_files_are_owner_only_under_umask_022(data_dir: Path, tmp_path: Path) -> None:
    """Import, export and the -wal/-shm SQLite makes, in a real process started with umask 022."""
    source = tmp_path / "in.json"
    source.write_text(exchange.export_json(GOOD.nights, GOOD.sessions), encoding="utf-8")
    assert run_cli("--data-dir", str(data_dir), "import", str(source)).returncode == 0
    out = tmp_path / "out.json"
    assert run_cli("--data-dir", str(data_dir), "export", "--out", str(out)).returncode == 0
    assert mode(out) == 0o600
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "nope"}', encoding="utf-8")
    assert run_cli("--data-dir", str(data_dir), "import", str(bad)).returncode == 1
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert mode(path) == 0o600, path
    assert (data_dir / ERROR_LOG).exists()


def test_issue12_cli_errors_shown_are_also_logged(data_dir: Path, tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "bedtime-companion-diary", "version": 7}), "utf-8")
    assert main(["--data-dir", str(data_dir), "import", str(bad)]) == 1
    told = capsys.readouterr().err.strip()
    assert told.startswith("bedtime-companion: ") and told.count("\n") == 0
    logged = (data_dir / ERROR_LOG).read_text(encoding="utf-8")
    assert told.removeprefix("bedtime-companion: ") in logged


def test_fault06_issue12_failed_daily_backup_prints_no_stray_line(
    data_dir: Path, tmp_path: Path
) -> None:
    """A daily backup that cannot be written (here: backups/ is a file) used to print an
    unprefixed line through Python's last-resort handler; now it goes to errors.log only."""
    (data_dir / "backups").write_text("not a folder", encoding="utf-8")
    source = tmp_path / "in.json"
    source.write_text(exchange.export_json(GOOD.nights, GOOD.sessions), encoding="utf-8")
    done = run_cli("--data-dir", str(data_dir), "import", str(source))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.startswith("Imported 4 nights.")
    logged = (data_dir / ERROR_LOG).read_text(encoding="utf-8")
    assert "The daily backup could not be written" in logged


def test_issue12_a_log_that_cannot_be_written_stays_silent(data_dir: Path, tmp_path: Path) -> None:
    (data_dir / ERROR_LOG).mkdir()  # cannot be opened as a file
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    done = run_cli("--data-dir", str(data_dir), "import", str(bad))
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("bedtime-companion: ")
    assert "Logging error" not in done.stderr and "Traceback" not in done.stderr
