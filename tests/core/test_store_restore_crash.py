"""Fault 1 (issue 10): a backup restore cut off at any step never loses the diary.

A subprocess runs ``restore_backup`` and SIGKILLs itself at one named step (a real crash: no
``finally`` runs). The diary being replaced holds one night that lives only in its ``-wal``, so
a -wal separated from its file shows. After the kill, start-up (``finish_interrupted_restore``,
then ``Store.open``) must either finish the restore (diary = backup, previous diary with its -wal
kept as a side file) or undo it (diary as it was), tell the user which, and never open empty.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.diary import Night
from companion.core.errors import DiaryOpenError
from companion.core.store import Store, finish_interrupted_restore, restore_backup

ROOT = Path(__file__).resolve().parents[2]
CET = timezone(timedelta(hours=1))
MORNING = datetime(2026, 11, 21, 7, 30, tzinfo=CET)
IN_BACKUP = {date(2026, 11, 1), date(2026, 11, 2)}
ONLY_IN_WAL = date(2026, 11, 3)
CURRENT = IN_BACKUP | {ONLY_IN_WAL}

KILLER = """
import os, signal, sys
from pathlib import Path
from companion.core import store

target = sys.argv[3]
if sys.argv[4] == "nolink":
    def no_link(*args, **kwargs):
        raise OSError(1, "Operation not permitted")
    store.os.link = no_link

def step(name):
    if name == target:
        os.kill(os.getpid(), signal.SIGKILL)

store.restore_backup(Path(sys.argv[1]), Path(sys.argv[2]), _step=step)
"""


def make_diary(folder: Path) -> tuple[Path, Path]:
    """A diary whose last save is only in its -wal (as a crash of the app leaves it), and a
    backup of it from before that save."""
    folder.mkdir(parents=True, exist_ok=True)
    diary = folder / "diary.sqlite3"
    with Store.open(diary) as s:
        for day in sorted(IN_BACKUP):
            s.save_night(Night(night=day, sleep_quality=3, notes="in the backup"))
        backup = s.backup_if_due(MORNING)
    assert backup is not None
    writer = sqlite3.connect(diary)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(f"INSERT INTO nights (night, notes) VALUES ('{ONLY_IN_WAL}', 'only in wal')")
    writer.commit()
    # Copy the files as a crash would leave them (the writer still holds its -wal open).
    crashed = folder / "crashed"
    crashed.mkdir()
    for name in ("diary.sqlite3", "diary.sqlite3-wal"):
        (crashed / name).write_bytes((folder / name).read_bytes())
    writer.close()
    return crashed / "diary.sqlite3", backup


def nights_in(path: Path) -> set[date]:
    with Store.open(path, read_only=True) as s:
        return {n.night for n in s.nights()}


def kill_at(backup: Path, diary: Path, step: str, link: str) -> int:
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(backup), str(diary), step, link],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    return proc.returncode


STEPS = [
    ("link", "copy", "untouched"),
    ("link", "copied", "undone"),
    ("link", "keep", "undone"),
    ("link", "sidecars", "finished"),
    ("link", "swap", "finished"),
    ("link", "done", "complete"),
    ("nolink", "keep", "undone"),
    ("nolink", "sidecars", "undone"),
    ("nolink", "set-aside", "undone"),
    ("nolink", "swap", "finished"),
]


@pytest.mark.parametrize(("link", "step", "outcome"), STEPS)
def test_fault01_restore_killed_at_each_step_is_finished_or_undone(
    tmp_path: Path, link: str, step: str, outcome: str
) -> None:
    diary, backup = make_diary(tmp_path)
    code = kill_at(backup, diary, step, link)
    assert code == -signal.SIGKILL, f"the restore was not killed at {step!r}"

    notice = finish_interrupted_restore(diary)
    with Store.open(diary) as s:
        nights = {n.night for n in s.nights()}
    sides = sorted(p for p in diary.parent.iterdir() if ".before-restore-" in p.name)
    side_files = [p for p in sides if not p.name.endswith(("-wal", "-shm", "-journal"))]
    leftovers = [p.name for p in diary.parent.iterdir() if "restoring" in p.name]
    assert leftovers == []
    if outcome == "untouched":
        assert notice is None  # killed before it wrote anything
        assert nights == CURRENT and sides == []
    elif outcome == "undone":
        assert notice is not None and "before it changed anything" in notice
        assert str(diary) in notice
        assert nights == CURRENT  # including the save that lived only in the -wal
        assert sides == []  # nothing half set aside is left behind
    elif outcome == "finished":
        assert notice is not None and "finished" in notice
        assert nights == IN_BACKUP
        assert len(side_files) == 1 and nights_in(side_files[0]) == CURRENT
    else:
        assert notice is None  # nothing was pending
        assert nights == IN_BACKUP
        assert len(side_files) == 1 and nights_in(side_files[0]) == CURRENT


def test_fault01_an_old_style_cut_off_restore_is_undone_not_opened_empty(tmp_path: Path) -> None:
    """What the previous version left (8 of 15 kills): only the side file, no diary."""
    diary, _backup = make_diary(tmp_path)
    aside = diary.with_name("diary.sqlite3.before-restore-20261121-073000")
    os.replace(diary, aside)
    os.replace(diary.with_name("diary.sqlite3-wal"), aside.with_name(aside.name + "-wal"))
    stray = diary.with_name(".diary.sqlite3.restoring-4242")
    stray.write_bytes(b"half a copy")
    with Store.open(diary) as s:  # Store.open alone finishes it too (logged)
        assert {n.night for n in s.nights()} == CURRENT
    assert not aside.exists() and not stray.exists()


def test_fault01_old_style_notice_names_the_diary(tmp_path: Path) -> None:
    diary, _backup = make_diary(tmp_path)
    aside = diary.with_name("diary.sqlite3.before-restore-20261121-073000")
    os.replace(diary, aside)
    os.replace(diary.with_name("diary.sqlite3-wal"), aside.with_name(aside.name + "-wal"))
    notice = finish_interrupted_restore(diary)
    assert notice is not None and str(diary) in notice and aside.name in notice
    assert notice.count(". ") == 0 and notice.endswith(".")  # one sentence
    assert nights_in(diary) == CURRENT


def test_fault01_no_empty_diary_while_a_side_file_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the repair itself cannot run, opening refuses rather than creating an empty diary."""
    diary, _backup = make_diary(tmp_path)
    aside = diary.with_name("diary.sqlite3.before-restore-20261121-073000")
    os.replace(diary, aside)
    os.replace(diary.with_name("diary.sqlite3-wal"), aside.with_name(aside.name + "-wal"))
    from companion.core import store

    real_replace = os.replace

    def refuse(src, dst):  # the repair's rename fails (say, a flaky network folder)
        if Path(dst) == diary:
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", refuse)
    notice = finish_interrupted_restore(diary)
    assert notice is not None and "could not be finished" in notice
    with pytest.raises(DiaryOpenError) as info:
        Store.open(diary)
    assert "restore" in str(info.value)
    with pytest.raises(DiaryOpenError):
        Store.open(diary, read_only=True)  # a read-only command does not read it as empty
    assert not diary.exists()
    monkeypatch.undo()
    assert aside.exists()
    with Store.open(diary) as s:  # once the rename works again, it is finished
        assert {n.night for n in s.nights()} == CURRENT


def test_fault01_only_a_deliberate_fresh_start_is_empty(tmp_path: Path) -> None:
    diary, _backup = make_diary(tmp_path)
    aside = diary.with_name("diary.sqlite3.before-restore-20261121-073000")
    os.replace(diary, aside)
    with Store.open(diary, start_fresh=True) as s:  # the user chose "Start a fresh diary"
        assert s.nights() == []
    assert aside.exists()


def test_fault01_old_style_cut_off_between_diary_and_its_wal(tmp_path: Path) -> None:
    """The older restore renamed the diary, then its -wal: a kill between leaves the -wal."""
    diary, _backup = make_diary(tmp_path)
    aside = diary.with_name("diary.sqlite3.before-restore-20261121-073000")
    os.replace(diary, aside)
    assert finish_interrupted_restore(diary) is not None
    assert nights_in(diary) == CURRENT


def test_fault01_a_failing_rename_mid_restore_leaves_the_diary_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error (not a crash) part-way: restore_backup undoes its own steps and raises."""
    diary, backup = make_diary(tmp_path)
    from companion.core import store

    real_replace = os.replace

    def fail_the_swap(src, dst):
        if Path(src).name == "diary.sqlite3.restoring":
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", fail_the_swap)
    with pytest.raises(OSError):
        restore_backup(backup, diary, now=MORNING)
    monkeypatch.undo()
    assert sorted(p.name for p in diary.parent.iterdir()) == [
        "diary.sqlite3",
        "diary.sqlite3-wal",
        "diary.sqlite3.lock",
    ]
    assert finish_interrupted_restore(diary) is None
    assert nights_in(diary) == CURRENT


def test_fault01_a_running_restore_is_left_to_its_process(tmp_path: Path) -> None:
    """Someone holding the lock (a restore under way) is not interfered with."""
    diary, _backup = make_diary(tmp_path)
    ready = diary.with_name("diary.sqlite3.restoring")
    ready.write_bytes(b"being written by another process")
    from companion.core.store import _DiaryLock

    lock = _DiaryLock(diary)
    lock.acquire(diary)
    try:
        assert finish_interrupted_restore(diary) is None
        assert ready.exists()
    finally:
        lock.release()
