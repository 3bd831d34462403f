"""Fault 8 (issue 10): a diary in a folder that cannot be written (chmod 500, closed cleanly)
can still be read: export, stats and report work, and nothing in the folder changes.

SQLite must create a -shm to read a WAL diary, which it cannot in such a folder, so the store
reads a diary whose saves are all in its main file with ``immutable=1``. The real case runs the
command line as a non-root user (the tests run as root, which ignores permissions: the
subprocess imports what it needs, then drops to ``nobody`` with os.setuid). A second test keeps
root and makes the folder refuse new files with the immutable attribute (chattr +i), which
binds root too; each is skipped with its reason where it cannot run.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from companion.core.diary import Cramp, Night
from companion.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
NOBODY = 65534
NIGHTS = 12

AS_NOBODY = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Everything the commands load, loaded while the interpreter's own files can still be read.
import csv, fcntl, gettext, importlib, json, locale, pkgutil, sqlite3, encodings.idna
import companion, companion.cli
for module in pkgutil.walk_packages(companion.__path__, "companion."):
    if not module.name.endswith("__main__"):
        importlib.import_module(module.name)
from PySide6.QtWidgets import QApplication
app = QApplication([])
companion.cli.build_parser().parse_args(sys.argv[2:])  # argparse loads its messages lazily
os.setgroups([])
os.setgid(int(sys.argv[1]))
os.setuid(int(sys.argv[1]))
sys.exit(companion.cli.main(sys.argv[2:]))
"""


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def seed(folder: Path) -> None:
    with Store.open(folder / "diary.sqlite3") as s:
        for i in range(NIGHTS):
            s.save_night(
                Night(
                    night=date(2026, 11, 1) + timedelta(days=i),
                    sleep_quality=1 + i % 5,
                    cramps=(Cramp("calf", "left", 1 + i % 10),),
                )
            )
    assert sorted(p.name for p in folder.iterdir()) == ["diary.sqlite3", "diary.sqlite3.lock"]


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A folder another user can reach (pytest's own tmp folders are root's, mode 0700)."""
    top = Path(tempfile.mkdtemp(prefix="bc-read-only-"))
    top.chmod(0o755)
    try:
        yield top
    finally:
        for path in [top, *top.rglob("*")]:
            try:
                path.chmod(0o700 if path.is_dir() else 0o600)
            except OSError:
                pass
        shutil.rmtree(top, ignore_errors=True)


def run_as_nobody(*args: str, script: str = AS_NOBODY) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", script, str(NOBODY), *args],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": "/nonexistent", "XDG_RUNTIME_DIR": ""},
    )


# The window, as nobody: the one calm dialog is recorded on stdout instead of waiting for a click.
APP_AS_NOBODY = AS_NOBODY.replace(
    "app = QApplication([])\n",
    "app = QApplication([])\n"
    "import companion.ui.recovery\n"
    "companion.ui.recovery.tell_calmly = lambda text: print('DIALOG:', text, flush=True)\n",
)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root to become another user; as a non-root user the permission bits already "
    "bind, which test_fault08_read_only_open_in_a_folder_that_refuses_new_files covers",
)
def test_fault08_a_non_root_owner_can_export_stats_and_report_from_a_read_only_folder(
    shared_tmp: Path,
) -> None:
    data = shared_tmp / "data"
    data.mkdir(mode=0o700)
    seed(data)
    out = shared_tmp / "out"
    out.mkdir()
    for path in (data, *data.iterdir(), out):
        os.chown(path, NOBODY, NOBODY)
    data.chmod(0o500)  # the owner can read and list it, but nothing can be created in it
    before = fingerprint(data)

    export = run_as_nobody("--data-dir", str(data), "export")
    assert export.returncode == 0, export.stderr.decode()
    assert len(json.loads(export.stdout)["nights"]) == NIGHTS

    stats = run_as_nobody("--data-dir", str(data), "stats", "--json")
    assert stats.returncode == 0, stats.stderr.decode()
    assert json.loads(stats.stdout)["nights_logged"] == NIGHTS

    pdf = out / "report.pdf"
    report = run_as_nobody("--data-dir", str(data), "report", "--all", "--out", str(pdf))
    if report.returncode != 0 and b"--all" in report.stderr:  # before 'report --all' existed
        report = run_as_nobody(
            "--data-dir", str(data), "report", "--from", "2026-11-01", "--out", str(pdf)
        )
    assert report.returncode == 0, report.stderr.decode()
    assert pdf.read_bytes().startswith(b"%PDF")

    assert fingerprint(data) == before  # not one byte changed, and no file was added
    assert stat.S_IMODE(data.stat().st_mode) == 0o500


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root to become another user (tests/ui/test_recovery.py::"
    "test_fault08_app_opens_a_diary_in_a_read_only_folder_read_only_and_says_so covers the logic)",
)
def test_fault08_the_app_opens_a_read_only_folder_read_only_and_says_so(shared_tmp: Path) -> None:
    data = shared_tmp / "data"
    data.mkdir(mode=0o700)
    seed(data)
    for path in (data, *data.iterdir()):
        os.chown(path, NOBODY, NOBODY)
    data.chmod(0o500)
    before = fingerprint(data)
    run = run_as_nobody("--data-dir", str(data), "--exit-after-show", script=APP_AS_NOBODY)
    assert run.returncode == 0, run.stderr.decode()
    # Under --exit-after-show the calm dialog's sentence goes to stderr (nobody would close it).
    assert not [line for line in run.stdout.decode().splitlines() if line.startswith("DIALOG:")]
    told = [line for line in run.stderr.decode().splitlines() if "open read-only" in line]
    assert len(told) == 1 and str(data) in told[0]
    assert fingerprint(data) == before


def _chattr(flag: str, path: Path) -> bool:
    tool = shutil.which("chattr")
    if tool is None:
        return False
    return subprocess.run([tool, flag, str(path)], capture_output=True).returncode == 0


def test_fault08_read_only_open_in_a_folder_that_refuses_new_files(tmp_path: Path) -> None:
    """Root is bound by the immutable attribute, so this runs the same path as root."""
    data = tmp_path / "data"
    data.mkdir()
    seed(data)
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if is_root and not _chattr("+i", data):
        pytest.skip("chattr +i is not available on this file system")
    if not is_root:
        data.chmod(0o500)
    try:
        before = fingerprint(data)
        with Store.open(data / "diary.sqlite3", read_only=True) as s:
            assert len(s.nights()) == NIGHTS
        assert fingerprint(data) == before
    finally:
        if is_root:
            _chattr("-i", data)
        data.chmod(0o700)


def test_fault08_saves_only_in_a_wal_are_not_skipped_in_a_read_only_folder(
    tmp_path: Path,
) -> None:
    """``immutable`` would ignore a -wal: a diary with saves in one is refused in words."""
    data = tmp_path / "data"
    data.mkdir()
    seed(data)
    import sqlite3

    writer = sqlite3.connect(data / "diary.sqlite3")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO nights (night, notes) VALUES ('2030-01-01', 'only in the wal')")
    writer.commit()
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("diary.sqlite3", "diary.sqlite3-wal"):
        (copy / name).write_bytes((data / name).read_bytes())
    writer.close()
    copy.chmod(0o500)
    try:
        try:
            s = Store.open(copy / "diary.sqlite3", read_only=True)
        except Exception as exc:  # noqa: BLE001 - the refusal must be the calm one
            from companion.core.errors import DiaryOpenError

            assert isinstance(exc, DiaryOpenError) and "diary.sqlite3-wal" in str(exc)
        else:  # root can still create the -shm, so SQLite reads the -wal itself
            with s:
                assert s.get_night(date(2030, 1, 1)).notes == "only in the wal"
    finally:
        copy.chmod(0o700)
