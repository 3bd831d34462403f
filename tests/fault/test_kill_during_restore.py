"""Fault 1 (issue 10): SIGKILL a process that restores backups, at random moments, 30 times.

The restorer subprocess does what the app does on start (finish an interrupted restore), then
restores backup A, then B, then A … for ever. The parent kills it at a random moment, then starts
up the way the app does and checks: the diary is never missing or empty, it is always exactly
one of the two backups (never half of one), and every night of either is still in the diary or in
a side file beside it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from companion.core.diary import Night
from companion.core.store import Store, finish_interrupted_restore

ROOT = Path(__file__).resolve().parents[2]
KILLS = 30
START = date(2026, 1, 1)
A = {START + timedelta(days=i) for i in range(20)}
B = {START + timedelta(days=i) for i in range(35)}

RESTORER = """
import sys
from pathlib import Path
from companion.core.store import finish_interrupted_restore, restore_backup

diary, a, b = (Path(p) for p in sys.argv[1:4])
finish_interrupted_restore(diary)
print("ready", flush=True)
n = 0
while True:
    restore_backup(a if n % 2 else b, diary)
    n += 1
"""


def make_backup(folder: Path, nights: set[date], name: str) -> Path:
    diary = folder / name / "diary.sqlite3"
    diary.parent.mkdir(parents=True)
    with Store.open(diary) as s:
        for day in sorted(nights):
            s.save_night(Night(night=day, sleep_quality=1 + day.day % 5, notes="x" * 2000))
        backup = s.backup_if_due(datetime(2026, 3, 1, 8, 0, tzinfo=UTC))
    assert backup is not None
    return backup


def nights_of(path: Path) -> set[date]:
    with Store.open(path, read_only=True) as s:
        return {n.night for n in s.nights()}


def test_fault01_thirty_random_kills_during_restore_never_leave_an_empty_diary(
    tmp_path: Path,
) -> None:
    a = make_backup(tmp_path, A, "a")
    b = make_backup(tmp_path, B, "b")
    data = tmp_path / "data"
    data.mkdir()
    diary = data / "diary.sqlite3"
    with Store.open(diary) as s:
        s.merge_import(
            [Night(night=d, sleep_quality=2) for d in sorted(A)], []
        )  # the user's own diary to begin with
    rng = random.Random(20261201)
    empty = 0
    outcomes: list[str] = []
    for _kill in range(KILLS):
        proc = subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(diary), str(a), str(b)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()

        notice = finish_interrupted_restore(diary)  # what the app and the CLI do first
        outcomes.append("repaired" if notice else "clean")
        with Store.open(diary) as s:
            found = {n.night for n in s.nights()}
        if not found:
            empty += 1
        assert found in (A, B), f"kill {_kill}: the diary has {len(found)} nights"
        leftovers = [p.name for p in data.iterdir() if "restoring" in p.name]
        assert leftovers == [], leftovers
    assert empty == 0
    # Every night of either backup is somewhere: the diary or a side file beside it.
    kept: set[date] = set(nights_of(diary))
    for side in data.iterdir():
        if ".before-restore-" in side.name and not side.name.endswith(("-wal", "-shm")):
            kept |= nights_of(side)
    assert kept == B
    # The kills landed in the middle of restores, not only between them.
    assert "repaired" in outcomes, outcomes


def test_fault01_the_cli_finishes_a_cut_off_restore_and_says_so(tmp_path: Path, capsys) -> None:
    """A read-only command (stats) must not read a missing diary as an empty one."""
    import json

    from companion.cli import main

    data = tmp_path / "data"
    data.mkdir()
    diary = data / "diary.sqlite3"
    with Store.open(diary) as s:
        s.merge_import([Night(night=d, sleep_quality=2) for d in sorted(A)], [])
    aside = data / "diary.sqlite3.before-restore-20261121-073000"
    os.replace(diary, aside)  # what the older restore left after a kill
    assert main(["--data-dir", str(data), "stats", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["nights_logged"] == len(A)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "restore was interrupted" in lines[0] and str(diary) in lines[0]
