"""Rolling daily backups through SQLite's backup API, and restoring one without losing anything."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.diary import Cramp, Night
from companion.core.errors import DiaryOpenError
from companion.core.store import (
    BACKUP_KEEP,
    Store,
    backup_infos,
    restore_backup,
    set_aside_damaged,
)

CET = timezone(timedelta(hours=1))
N = date(2026, 11, 20)
MORNING = datetime(2026, 11, 21, 7, 30, tzinfo=CET)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    return tmp_path / "diary.sqlite3"


def night(i: int) -> Night:
    return Night(
        night=N + timedelta(days=i), sleep_quality=1 + i % 5, cramps=(Cramp("calf", "left", 5),)
    )


def test_one_backup_per_calendar_day(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        first = s.backup_if_due(MORNING)
        assert first == diary.parent / "backups" / "diary-2026-11-21.sqlite3"
        s.save_night(night(1))
        assert s.backup_if_due(MORNING + timedelta(hours=15)) is None  # 22:30 the same day
        assert s.backup_if_due(MORNING.replace(hour=23, minute=59)) is None
        second = s.backup_if_due(MORNING + timedelta(days=1))
        assert second is not None and second.name == "diary-2026-11-22.sqlite3"
        assert s.backups() == [second, first]
    with Store.open(first, read_only=True) as old:
        assert old.nights() == [night(0)]
    with Store.open(second, read_only=True) as new:
        assert new.nights() == [night(0), night(1)]


def test_a_backup_is_a_stand_alone_file(diary: Path) -> None:
    """Rollback journal mode: it opens anywhere with no -wal/-shm beside it."""
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]
    conn = sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_the_newest_fourteen_are_kept(diary: Path) -> None:
    folder = diary.parent / "backups"
    folder.mkdir()
    unrelated = folder / "my-notes.txt"
    unrelated.write_text("not a backup")
    with Store.open(diary) as s:
        made = []
        for day in range(20):
            s.save_night(night(day))
            made.append(s.backup_if_due(MORNING + timedelta(days=day)))
        assert len(s.backups()) == BACKUP_KEEP == 14
        assert s.backups() == list(reversed(made))[:14]
        assert all(not p.exists() for p in made[:6])
    assert unrelated.exists()


def test_an_empty_diary_is_not_backed_up(diary: Path) -> None:
    """An empty copy would only push a useful one out of the fourteen."""
    with Store.open(diary) as s:
        assert s.backup_if_due(MORNING) is None
        assert s.backups() == []


def test_a_custom_backups_folder(tmp_path: Path, diary: Path) -> None:
    with Store.open(diary, backups_dir=tmp_path / "elsewhere") as s:
        s.save_night(night(0))
        assert s.backup_if_due(MORNING).parent == tmp_path / "elsewhere"


def test_restore_sets_the_current_diary_aside_and_puts_the_backup_in_place(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
        s.save_night(night(1))  # a later change the restore will set aside, not lose
    current = sha256(diary)
    aside = restore_backup(backup, diary, now=MORNING)
    assert aside == diary.with_name("diary.sqlite3.before-restore-20261121-073000")
    assert sha256(aside) == current  # the previous diary, byte for byte
    with Store.open(aside, read_only=True) as previous:
        assert previous.nights() == [night(0), night(1)]
    with Store.open(diary) as s:
        assert s.nights() == [night(0)]
        s.save_night(night(2))  # and it is a working diary again
    assert backup.exists()  # the backup itself is kept


def test_restore_moves_a_leftover_wal_aside_with_its_diary(diary: Path) -> None:
    """A -wal holds committed saves: it must travel with its diary, not meet the backup."""
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
    writer = sqlite3.connect(diary)
    writer.execute("INSERT INTO nights (night, notes) VALUES ('2030-01-01', 'only in the wal')")
    writer.commit()
    wal = diary.with_name("diary.sqlite3-wal")
    (diary.parent / "crashed").mkdir()
    crashed = diary.parent / "crashed" / "diary.sqlite3"  # a copy as a crash would leave it
    crashed.write_bytes(diary.read_bytes())
    crashed.with_name("diary.sqlite3-wal").write_bytes(wal.read_bytes())
    writer.close()
    aside = restore_backup(backup, crashed, now=MORNING)
    assert aside.with_name(aside.name + "-wal").exists()
    assert not crashed.with_name("diary.sqlite3-wal").exists() or (
        crashed.with_name("diary.sqlite3-wal").stat().st_size == 0
    )
    with Store.open(aside, read_only=True) as previous:
        assert previous.get_night(date(2030, 1, 1)).notes == "only in the wal"
    with Store.open(crashed) as restored:
        assert restored.nights() == [night(0)]


def test_restoring_over_a_damaged_diary_keeps_the_damaged_bytes(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
    diary.write_bytes(os.urandom(5000))
    damaged = sha256(diary)
    with pytest.raises(DiaryOpenError):
        Store.open(diary)
    aside = restore_backup(backup, diary, now=MORNING)
    assert sha256(aside) == damaged
    with Store.open(diary) as s:
        assert s.nights() == [night(0)]


def test_restore_when_the_diary_is_gone(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
    diary.unlink()
    assert restore_backup(backup, diary, now=MORNING) is None
    with Store.open(diary) as s:
        assert s.nights() == [night(0)]


def test_restore_twice_in_a_second_keeps_both_asides(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
    first = restore_backup(backup, diary, now=MORNING)
    second = restore_backup(backup, diary, now=MORNING)
    assert first != second and first.exists() and second.exists()


def test_a_damaged_backup_is_refused_and_nothing_changes(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
    with open(backup, "r+b") as fh:
        fh.truncate(backup.stat().st_size // 2 + 7)
    before = sha256(diary)
    with pytest.raises(DiaryOpenError) as info:
        restore_backup(backup, diary, now=MORNING)
    assert info.value.kind == "truncated" and info.value.path == backup
    assert sha256(diary) == before
    assert [p.name for p in diary.parent.iterdir() if "before-restore" in p.name] == []


def test_restore_refuses_while_the_diary_is_open(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
        s.save_night(night(1))
        with pytest.raises(DiaryOpenError) as info:
            restore_backup(backup, diary, now=MORNING)
        assert info.value.kind == "locked"
        assert len(s.nights()) == 2


def test_a_backup_that_cannot_be_written_does_not_stop_the_diary(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups folder should be")
    with Store.open(tmp_path / "diary.sqlite3", backups_dir=blocker) as s:
        s.save_night(night(0))
        assert s.backup_if_due(MORNING) is None
        assert s.last_backup_error is not None and str(blocker) in s.last_backup_error
        s.save_night(night(1))  # the diary keeps working
        assert len(s.nights()) == 2
    assert blocker.read_text().startswith("a file")


# ---- fault 3 (issue 10): ordered and pruned by when each backup was written, not by name -----


def test_fault03_a_day_with_the_clock_at_2099_does_not_pin_a_stale_backup(diary: Path) -> None:
    """Five normal days, one day at 2099, then fourteen normal days: the newest offered is the
    last real day's, and the fourteen kept are the fourteen written last."""
    days = [MORNING + timedelta(days=i) for i in range(5)]
    days.append(datetime(2099, 6, 1, 7, 30, tzinfo=CET))
    days += [MORNING + timedelta(days=i) for i in range(5, 19)]
    made = []
    with Store.open(diary) as s:
        for i, moment in enumerate(days):
            s.save_night(night(i))
            made.append(s.backup_if_due(moment))
        assert all(made), "each of those days was due its backup"
        kept = s.backups()
    assert kept == list(reversed(made))[:BACKUP_KEEP]
    assert not made[5].exists()  # the 2099 copy aged out like any other
    newest = backup_infos(diary.parent / "backups")[0]
    assert newest.path == made[-1] and newest.nights == len(days)
    assert newest.written_at == days[-1]
    assert newest.last_night == night(len(days) - 1).night
    with Store.open(newest.path, read_only=True) as copy:
        assert len(copy.nights()) == len(days)


def test_fault03_a_clock_set_back_gets_a_backup_that_ranks_newest(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        first = s.backup_if_due(MORNING)
        s.save_night(night(1))
        later = s.backup_if_due(MORNING + timedelta(days=4))
        s.save_night(night(2))
        back = s.backup_if_due(MORNING)  # the clock went back to a day that has a backup
        assert back is not None and back.name == "diary-2026-11-21-2.sqlite3"
        assert first.exists() and s.backups() == [back, later, first]
        assert s.backup_if_due(MORNING + timedelta(hours=2)) is None  # once a day still


def test_fault03_copies_from_an_older_version_rank_below_new_ones(diary: Path) -> None:
    folder = diary.parent / "backups"
    with Store.open(diary) as s:
        s.save_night(night(0))
        made = s.backup_if_due(MORNING)
    old = folder / "diary-2099-01-01.sqlite3"  # an older version's copy, named by a wrong clock
    old.write_bytes(made.read_bytes())
    conn = sqlite3.connect(old)
    conn.execute("DELETE FROM meta WHERE key LIKE 'backup_%'")
    conn.commit()
    conn.close()
    made.unlink()
    with Store.open(diary) as s:
        s.save_night(night(1))
        new = s.backup_if_due(MORNING + timedelta(days=1))
        assert new is not None  # the 2099 name does not make today "done"
        assert s.backups() == [new, old]
    infos = backup_infos(folder)
    assert [i.sequence for i in infos] == [1, 0] and infos[1].nights == 1


def test_fault03_a_restored_diary_does_not_carry_the_backups_record(diary: Path) -> None:
    with Store.open(diary) as s:
        s.save_night(night(0))
        backup = s.backup_if_due(MORNING)
    restore_backup(backup, diary, now=MORNING)
    conn = sqlite3.connect(diary)
    keys = [r[0] for r in conn.execute("SELECT key FROM meta WHERE key LIKE 'backup_%'")]
    conn.close()
    assert keys == []


def test_a_damaged_diary_is_set_aside_with_its_companions_never_over_a_file(
    tmp_path: Path,
) -> None:
    """The one function the app's 'Start a fresh diary' uses (recovery.py has no copy)."""
    diary = tmp_path / "diary.sqlite3"
    diary.write_bytes(b"\0" * 4096)
    (tmp_path / "diary.sqlite3-wal").write_bytes(b"saves")
    taken = tmp_path / "diary.sqlite3.damaged-20261121-080000"
    taken.write_bytes(b"an earlier one")
    now = datetime(2026, 11, 21, 8, 0)
    target = set_aside_damaged(diary, now)
    assert target.name == "diary.sqlite3.damaged-20261121-080000-2"
    assert target.read_bytes() == b"\0" * 4096 and taken.read_bytes() == b"an earlier one"
    assert (tmp_path / (target.name + "-wal")).read_bytes() == b"saves"
    assert not diary.exists() and not (tmp_path / "diary.sqlite3-wal").exists()
