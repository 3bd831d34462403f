"""Fault 12 (issue 10): a backup killed part-way leaves ``.diary-*.partial-PID`` and its
``-journal`` in backups/; the next start removes them (and nothing else).

A subprocess writes the daily backup one page at a time and SIGKILLs itself in the middle, so
the leftovers are exactly what a real kill leaves.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from companion.core.diary import Night
from companion.core.store import Store, remove_partial_backups

ROOT = Path(__file__).resolve().parents[2]
MORNING = datetime(2026, 11, 21, 7, 30, tzinfo=timezone(timedelta(hours=1)))

KILLED_BACKUP = """
import os, signal, sqlite3, sys
from datetime import datetime
from pathlib import Path
from companion.core import store

def backup_into(source, target, meta=None):
    store._create_private_file(target)
    dest = sqlite3.connect(str(target), isolation_level=None)
    calls = []

    def progress(status, remaining, total):
        calls.append(1)
        if len(calls) == 3:  # a few pages in: the partial file and its -journal exist
            os.kill(os.getpid(), signal.SIGKILL)

    source.backup(dest, pages=1, progress=progress)

store._backup_into = backup_into
with store.Store.open(Path(sys.argv[1])) as s:
    s.backup_if_due(datetime.fromisoformat(sys.argv[2]))
"""


def make_diary(path: Path) -> None:
    with Store.open(path) as s:
        for i in range(60):
            s.save_night(Night(night=date(2026, 1, 1) + timedelta(days=i), notes="n" * 3000))


def test_fault12_leftovers_of_a_killed_backup_are_removed_at_the_next_start(
    tmp_path: Path,
) -> None:
    diary = tmp_path / "diary.sqlite3"
    make_diary(diary)
    backups = tmp_path / "backups"
    for _kill in range(3):
        proc = subprocess.run(
            [sys.executable, "-c", KILLED_BACKUP, str(diary), MORNING.isoformat()],
            cwd=ROOT,
            capture_output=True,
            timeout=60,
        )
        assert proc.returncode == -signal.SIGKILL
    left = sorted(p.name for p in backups.iterdir())
    assert any(".partial-" in n and not n.endswith("-journal") for n in left), left
    assert any(n.endswith("-journal") for n in left), left
    mine = backups / "my own notes.partial-1"  # not the app's pattern: never touched
    mine.write_text("keep me")
    with Store.open(diary) as s:
        assert sorted(p.name for p in backups.iterdir()) == ["my own notes.partial-1"]
        assert s.backup_if_due(MORNING) is not None  # and the backup then works
    assert mine.read_text() == "keep me"


def test_fault12_only_the_apps_own_partial_names_of_other_processes_go(tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    names = [
        ".diary-2026-11-20.sqlite3.partial-999999",  # a dead process
        ".diary-2026-11-20.sqlite3.partial-999999-journal",
        ".diary-2026-11-21-2.sqlite3.partial-1",  # PID 1 is alive, but cannot be backing up
        f".diary-2026-11-22.sqlite3.partial-{os.getpid()}",  # this process: left alone
        "diary-2026-11-20.sqlite3",  # a real backup
        ".diary-notes.partial-7",
        "diary-2026-11-20.sqlite3.partial-5",
    ]
    for name in names:
        (backups / name).write_bytes(b"x")
    removed = remove_partial_backups(backups)
    assert sorted(p.name for p in removed) == sorted(names[:3])
    assert sorted(p.name for p in backups.iterdir()) == sorted(names[3:])


def test_fault12_a_read_only_open_removes_nothing(tmp_path: Path) -> None:
    diary = tmp_path / "diary.sqlite3"
    make_diary(diary)
    backups = tmp_path / "backups"
    backups.mkdir()
    stale = backups / ".diary-2026-11-20.sqlite3.partial-999999"
    stale.write_bytes(b"x")
    with Store.open(diary, read_only=True):
        pass  # export/stats may run while the app is writing a backup
    assert stale.exists()
