"""A diary that cannot be opened raises DiaryOpenError with the right kind and is never changed;
one writer per diary; every file the store creates is readable by its owner only."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from companion.core.diary import Cramp, Night
from companion.core.errors import DiaryOpenError
from companion.core.store import SCHEMA_VERSION, Store

N = date(2026, 11, 20)
ROOT = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_diary(path: Path, nights: int = 200) -> Path:
    """A healthy, closed (fully checkpointed) diary with a few pages of data."""
    with Store.open(path) as s:
        s.merge_import(
            [
                Night(
                    night=N - timedelta(days=i),
                    sleep_quality=3,
                    notes="a note long enough to fill pages " * 4,
                    cramps=(Cramp("calf", "left", 5), Cramp("toes", "right", 3)),
                )
                for i in range(nights)
            ],
            [],
        )
    return path


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def zeros(path: Path) -> None:
    path.write_bytes(b"\x00" * 4096)


def empty(path: Path) -> None:
    path.write_bytes(b"")


def text_file(path: Path) -> None:
    path.write_text("night,sleep_quality\n2026-11-20,3\n")


def tiny_header(path: Path) -> None:
    make_diary(path)
    with open(path, "r+b") as fh:
        fh.truncate(60)


def cut_mid_page(path: Path) -> None:
    make_diary(path)
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        fh.truncate(size // 2 + 100)


def cut_at_page(path: Path) -> None:
    make_diary(path)
    with open(path, "r+b") as fh:
        fh.truncate(4096 * 3)


def damaged_page(path: Path) -> None:
    make_diary(path)
    size = path.stat().st_size
    assert size >= 4096 * 6
    with open(path, "r+b") as fh:
        fh.seek(4096 * 3)  # a b-tree page in the middle of the file
        fh.write(os.urandom(4096))


def newer_version(path: Path) -> None:
    make_diary(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def another_apps_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    conn.commit()
    conn.close()


BROKEN = {
    "garbage bytes": (garbage, "not_sqlite"),
    "a text file": (text_file, "not_sqlite"),
    "all zero bytes": (zeros, "corrupt"),
    "empty file": (empty, "truncated"),
    "cut inside the header": (tiny_header, "truncated"),
    "cut mid-page": (cut_mid_page, "truncated"),
    "cut at a page boundary": (cut_at_page, "truncated"),
    "a damaged page": (damaged_page, "corrupt"),
    "newer version": (newer_version, "newer_version"),
    "another program's database": (another_apps_database, "not_sqlite"),
}


@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only"])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_diary_is_refused_and_left_untouched(
    tmp_path: Path, case: str, read_only: bool
) -> None:
    diary = tmp_path / "diary.sqlite3"
    breaker, kind = BROKEN[case]
    breaker(diary)
    before = sha256(diary)
    size = diary.stat().st_size
    with pytest.raises(DiaryOpenError) as info:
        Store.open(diary, read_only=read_only)
    error = info.value
    assert error.kind == kind
    assert error.path == diary
    message = str(error)
    assert str(diary) in message and "untouched" in message
    assert message.count(". ") == 0 and "\n" not in message  # one sentence
    assert diary.stat().st_size == size and sha256(diary) == before
    assert not diary.with_name("diary.sqlite3-journal").exists()
    # Asking again gives the same answer: nothing was "repaired" into a new empty diary.
    with pytest.raises(DiaryOpenError):
        Store.open(diary)
    assert sha256(diary) == before


def test_a_refused_diary_with_a_leftover_wal_is_not_checkpointed(tmp_path: Path) -> None:
    """Refusing a diary must not fold its -wal into the main file on the way out."""
    diary = make_diary(tmp_path / "diary.sqlite3")
    writer = sqlite3.connect(diary)
    writer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")  # lands in the -wal only
    wal = diary.with_name("diary.sqlite3-wal")
    assert wal.stat().st_size > 0
    # What a crash would leave behind: the main file plus a -wal nobody checkpointed.
    (tmp_path / "left").mkdir()
    bad = tmp_path / "left" / "diary.sqlite3"
    bad.write_bytes(diary.read_bytes())
    bad_wal = bad.with_name("diary.sqlite3-wal")
    bad_wal.write_bytes(wal.read_bytes())
    writer.close()
    main_before, wal_before = sha256(bad), sha256(bad_wal)
    for read_only in (False, True):
        with pytest.raises(DiaryOpenError) as info:
            Store.open(bad, read_only=read_only)
        assert info.value.kind == "newer_version"
        assert sha256(bad) == main_before
        assert sha256(bad_wal) == wal_before


def test_a_read_only_file_is_refused_for_writing_but_readable(tmp_path: Path) -> None:
    diary = make_diary(tmp_path / "diary.sqlite3")
    os.chmod(diary, 0o400)
    before = sha256(diary)
    with pytest.raises(DiaryOpenError) as info:
        Store.open(diary)
    assert info.value.kind == "read_only"
    assert "read-only" in str(info.value) and str(diary) in str(info.value)
    with Store.open(diary, read_only=True) as reader:
        assert len(reader.nights()) == 200
    assert sha256(diary) == before


def test_a_folder_in_place_of_the_diary_is_unreadable(tmp_path: Path) -> None:
    diary = tmp_path / "diary.sqlite3"
    diary.mkdir()
    with pytest.raises(DiaryOpenError) as info:
        Store.open(diary)
    assert info.value.kind == "unreadable"
    assert diary.is_dir()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_read_only_folder_cannot_hold_a_new_diary(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(DiaryOpenError) as info:
            Store.open(folder / "diary.sqlite3")
        assert info.value.kind == "read_only"
        assert list(folder.iterdir()) == []
    finally:
        os.chmod(folder, 0o700)


# ---- one writer per diary ------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from companion.core.store import Store
    store = Store.open(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.read()
    store.close()
    """
)


def start_holder(diary: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(diary), str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_diary_open_in_another_process_is_locked(tmp_path: Path) -> None:
    diary = make_diary(tmp_path / "diary.sqlite3")
    holder = start_holder(diary)
    try:
        before = sha256(diary)
        with pytest.raises(DiaryOpenError) as info:
            Store.open(diary)
        assert info.value.kind == "locked"
        assert "already open" in str(info.value) and str(diary) in str(info.value)
        assert sha256(diary) == before
        # Reading (export, stats) still works while the app holds it.
        with Store.open(diary, read_only=True) as reader:
            assert len(reader.nights()) == 200
    finally:
        holder.communicate("")
    assert holder.returncode == 0
    Store.open(diary).close()  # released on close


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_a_lock_from_a_killed_process_is_not_held(tmp_path: Path) -> None:
    diary = make_diary(tmp_path / "diary.sqlite3")
    holder = start_holder(diary)
    holder.kill()
    holder.wait()
    assert diary.with_name("diary.sqlite3.lock").exists()  # the stale file is still there...
    with Store.open(diary) as s:  # ...but nobody holds it
        assert len(s.nights()) == 200


def test_a_second_writable_store_in_the_same_process_is_locked(tmp_path: Path) -> None:
    diary = tmp_path / "diary.sqlite3"
    with Store.open(diary):
        with pytest.raises(DiaryOpenError) as info:
            Store.open(diary)
        assert info.value.kind == "locked"


# ---- private files -------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_every_file_is_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        diary = tmp_path / "data" / "diary.sqlite3"
        with Store.open(diary) as s:
            s.save_night(Night(night=N))
            backup = s.backup_if_due()
            files = [
                diary,
                diary.with_name("diary.sqlite3-wal"),
                diary.with_name("diary.sqlite3-shm"),
                diary.with_name("diary.sqlite3.lock"),
                backup,
            ]
            for f in files:
                assert f is not None and f.exists(), f
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
            assert stat.S_IMODE(diary.parent.stat().st_mode) == 0o700
            assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
        # A reader (export, stats) on the closed diary leaves its -wal/-shm private too.
        with Store.open(diary, read_only=True) as reader:
            reader.nights()
        for f in diary.parent.iterdir():
            if f.is_file():
                assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    finally:
        os.umask(old)


def make_hot_journal(tmp_path: Path) -> tuple[Path, list[Night]]:
    """A rollback-mode diary (as a restored backup is) copied mid-save: a hot -journal."""
    source = make_diary(tmp_path / "source.sqlite3", nights=20)
    with Store.open(source, read_only=True) as reader:
        committed = reader.nights()
    conn = sqlite3.connect(source, isolation_level=None)
    assert conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0] == "delete"
    conn.execute("PRAGMA cache_size = 1")  # spill the half-done save into the main file
    conn.execute("BEGIN")
    for i in range(400):
        conn.execute(
            "INSERT INTO nights (night, notes) VALUES (?, ?)",
            ((date(2030, 1, 1) + timedelta(days=i)).isoformat(), "y" * 900),
        )
    journal = source.with_name("source.sqlite3-journal")
    assert journal.stat().st_size > 0
    (tmp_path / "crashed").mkdir()
    diary = tmp_path / "crashed" / "diary.sqlite3"
    diary.write_bytes(source.read_bytes())
    diary.with_name("diary.sqlite3-journal").write_bytes(journal.read_bytes())
    conn.execute("ROLLBACK")
    conn.close()
    return diary, committed


def test_a_save_cut_off_in_rollback_mode_is_rolled_back_on_open(tmp_path: Path) -> None:
    diary, committed = make_hot_journal(tmp_path)
    before = sha256(diary)
    with pytest.raises(DiaryOpenError) as info:  # a reader cannot roll back: it says so
        Store.open(diary, read_only=True)
    assert info.value.kind == "unreadable" and "cut off" in str(info.value)
    assert sha256(diary) == before
    with Store.open(diary) as s:  # the app can: SQLite's own recovery, back to the last commit
        assert s.nights() == committed
    assert not diary.with_name("diary.sqlite3-journal").exists()
