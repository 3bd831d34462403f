"""Issue 10 fault 6: a full disk is "could not save", not a crash and not a damaged diary.

The store raises SaveFailed (core/errors.py) when SQLite or the OS says the disk is full (or
read-only, or failing); the command line turns it into one sentence naming the diary, exit 1,
and the diary is exactly as it was. `import` used to exit 4 with "OperationalError: database or
disk is full" after an unprefixed line about the daily backup; `seed-demo` called its vanished
temp file "damaged" (exit 3).

Two ways to fill the disk: a real tiny tmpfs (needs root and mount; skipped with the reason
otherwise), and SQLite's own limit (PRAGMA max_page_count), which raises the very same
SQLITE_FULL inside an in-process run of cli.main, with no mounting at all.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from companion.cli import main
from companion.core import exchange
from companion.core import store as store_module
from companion.core.demo import generate_demo
from companion.core.diary import Night
from companion.core.errors import SaveFailed
from companion.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
SMALL = generate_demo(nights=5, seed=3, today=date(2026, 11, 21))
BIG = generate_demo(nights=400, seed=3, today=date(2026, 11, 21))


def nights_of(diary: Path) -> list[Night]:
    with Store.open(diary, read_only=True) as reader:
        return reader.nights()


def big_import_file(tmp_path: Path) -> Path:
    source = tmp_path / "big.json"
    source.write_text(exchange.export_json(BIG.nights, BIG.sessions), encoding="utf-8")
    return source


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


# ---- a real full disk: a tiny tmpfs ---------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 384 KiB tmpfs mounted for this test only."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tiny file system needs root")
    mount_point = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=384k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(disk: Path) -> None:
    """Take every free block left on ``disk``."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                continue  # ENOSPC at this size: try smaller pieces until not one byte fits
    finally:
        os.close(fd)
    assert os.statvfs(disk).f_bavail == 0


def seeded(disk: Path) -> Path:
    data = disk / "data"
    with Store.open(data / "diary.sqlite3") as store:
        store.merge_import(list(SMALL.nights), list(SMALL.sessions))
    return data


def assert_one_sentence(done: subprocess.CompletedProcess[str], data: Path, outcome: str) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"bedtime-companion: The disk holding your diary at {data / 'diary.sqlite3'} is full; "
        f"{outcome}.\n"
    )


def test_fault06_import_that_fills_the_disk_is_exit_1_and_changes_nothing(
    tiny_disk: Path, tmp_path: Path
) -> None:
    data = seeded(tiny_disk)
    before = nights_of(data / "diary.sqlite3")
    done = run_cli("--data-dir", str(data), "import", str(big_import_file(tmp_path)))
    assert_one_sentence(done, data, "nothing was imported")
    assert done.stdout == ""
    assert nights_of(data / "diary.sqlite3") == before


def test_fault06_import_on_a_disk_already_full_is_exit_1_and_no_stray_backup_line(
    tiny_disk: Path, tmp_path: Path
) -> None:
    data = seeded(tiny_disk)
    before = nights_of(data / "diary.sqlite3")
    fill(tiny_disk)
    done = run_cli("--data-dir", str(data), "import", str(big_import_file(tmp_path)))
    assert_one_sentence(done, data, "nothing was imported")
    (tiny_disk / "filler").unlink()
    assert nights_of(data / "diary.sqlite3") == before


def test_fault06_seed_demo_on_a_full_disk_is_exit_1_not_damaged(tiny_disk: Path) -> None:
    data = tiny_disk / "fresh"
    data.mkdir(mode=0o700)
    fill(tiny_disk)
    done = run_cli("--data-dir", str(data), "seed-demo", "--nights", "200")
    assert_one_sentence(done, data, "no example nights were added")
    assert "damaged" not in done.stderr and ".new-" not in done.stderr
    assert not (data / "diary.sqlite3").exists()
    assert not [p for p in data.iterdir() if p.name.startswith(".diary.sqlite3.new-")]


# ---- the same SQLITE_FULL, in process, without mounting ---------------------------------------


@pytest.fixture
def no_more_room(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it, and from then on every writable diary connection may not grow by a single page:
    SQLite fails each write that needs room with SQLITE_FULL, "database or disk is full", just
    as on a full disk."""
    real_connect = store_module._connect

    def connect(path: Path, *, read_only: bool, **options: object) -> sqlite3.Connection:
        conn = real_connect(path, read_only=read_only, **options)
        if not read_only:
            pages = conn.execute("PRAGMA page_count").fetchone()[0]
            conn.execute(f"PRAGMA max_page_count = {max(pages, 1)}")
        return conn

    return lambda: monkeypatch.setattr(store_module, "_connect", connect)


def test_fault06_in_process_import_on_sqlite_full(
    tmp_path: Path, no_more_room: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    Store.open(data / "diary.sqlite3").close()  # made before the limit: a normal empty diary
    no_more_room()
    source = big_import_file(tmp_path)
    code = main(["--data-dir", str(data), "import", str(source)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err == (
        f"bedtime-companion: The disk holding your diary at {data / 'diary.sqlite3'} is full; "
        "nothing was imported.\n"
    )
    assert nights_of(data / "diary.sqlite3") == []
    assert "is full; nothing was imported" in (data / "errors.log").read_text(encoding="utf-8")


def test_fault06_in_process_seed_demo_on_sqlite_full(
    tmp_path: Path, no_more_room: Callable[[], None], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    no_more_room()  # even the new, empty diary has no room
    code = main(["--data-dir", str(data), "seed-demo", "--nights", "50"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        f"bedtime-companion: The disk holding your diary at {data / 'diary.sqlite3'} is full; "
        "no example nights were added.\n"
    )
    assert not (data / "diary.sqlite3").exists()


def test_fault06_store_raises_save_failed_and_keeps_the_night(
    tmp_path: Path, no_more_room: Callable[[], None]
) -> None:
    """The shared depth: any save (not only import) says 'could not save' as a core error,
    an OSError with ENOSPC, so every caller that tells a failed write calmly tells this one."""
    diary = tmp_path / "diary.sqlite3"
    first = Night(night=date(2026, 11, 1), notes="kept")
    Store.open(diary).close()
    no_more_room()
    with Store.open(diary) as store:
        store.save_night(first)  # fits in the pages the new diary already has
        many = [Night(night=date(2026, 10, day), notes="x" * 9000) for day in range(1, 31)]
        with pytest.raises(SaveFailed) as caught:
            store.merge_import(many, [])
        assert isinstance(caught.value, OSError) and caught.value.strerror == "the disk is full"
        assert caught.value.reason == "disk_full" and caught.value.path == diary
        assert store.nights() == [first]


def test_fault06_app_import_on_sqlite_full_is_one_calm_message(
    tmp_path: Path, no_more_room: Callable[[], None], monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    from companion.core.clock import FakeClock
    from companion.core.settings import Settings
    from companion.paths import AppPaths
    from companion.ui import exchange_actions
    from companion.ui.context import AppContext

    paths = AppPaths(tmp_path / "data", tmp_path / "data")
    Store.open(paths.diary).close()
    no_more_room()
    store = Store.open(paths.diary, backups_dir=paths.backups)
    ctx = AppContext(
        paths,
        Settings(),
        store,
        FakeClock(datetime(2026, 11, 21, 9, 0, tzinfo=UTC)),
        persist_settings=False,
    )
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(exchange_actions, "choose_open_path", lambda _p: big_import_file(tmp_path))

    def message(_parent, _title, text, *, detail="", warning=False, confirm=None) -> bool:
        told.append((text, detail))
        return confirm is not None  # say yes to "Import 400 nights?"

    monkeypatch.setattr(exchange_actions, "_message", message)
    try:
        exchange_actions.import_diary(ctx, None)
        assert store.nights() == []
    finally:
        store.close()
    assert told[-1][0] == "That file could not be imported."
    assert f"The disk holding your diary at {paths.diary} is full" in told[-1][1]
    assert "unexpected" not in told[-1][1]
