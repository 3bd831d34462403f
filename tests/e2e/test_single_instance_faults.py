"""Issue 10, faults 13 and 14: the one-window-per-diary lock. A leftover lock naming a PID that now
belongs to another live python3.11 process must not block the start; a live holder that does not
answer is named with what to do; two data folders whose diary.sqlite3 link to one file are one
diary (one lock, one server)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from companion.core.errors import DiaryOpenError
from companion.core.oslock import try_lock
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui.single_instance import (
    LOCK_FILE,
    claim,
    diary_file,
    lock_path,
    server_name,
)
from tests.e2e.launching import (
    crash_holding_lock,
    run_app,
    start_app,
    start_script,
    stop,
    wait_listening,
    wait_message,
)


@pytest.fixture
def sleeper():
    """A live python3.11 process that has nothing to do with Bedtime Companion."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield proc
    proc.kill()
    proc.wait(10)


def leave_stale_lock(lock: Path, pid: int) -> None:
    """What an older version leaves after a crash (a QLockFile), then that PID reused."""
    crash_holding_lock(lock)
    lines = lock.read_text().splitlines()
    lines[0] = str(pid)  # the dead owner's PID now belongs to a live python3.11
    lock.write_text("\n".join(lines) + "\n")


# fault 13 ---------------------------------------------------------------------------------------


def test_fault13_a_leftover_lock_naming_a_live_python_process_does_not_block(
    qtbot, tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    paths = AppPaths(tmp_path, tmp_path)
    leave_stale_lock(tmp_path / LOCK_FILE, sleeper.pid)
    guard = claim(paths, None, timeout_ms=300)
    try:
        assert guard is not None
        assert (tmp_path / LOCK_FILE).read_text().split()[0] == str(os.getpid())
        assert stat.S_IMODE((tmp_path / LOCK_FILE).stat().st_mode) == 0o600
    finally:
        guard.release()
    assert sleeper.poll() is None  # nobody touched the other process


def test_fault13_the_real_app_starts_over_such_a_leftover_lock(
    tmp_path: Path, sleeper: subprocess.Popen
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    leave_stale_lock(data / LOCK_FILE, sleeper.pid)
    result = run_app(data, "--exit-after-show", cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "did not answer" not in result.stderr


def test_fault13_a_live_holder_that_does_not_answer_is_named_with_what_to_do(
    qtbot, tmp_path: Path
) -> None:
    paths = AppPaths(tmp_path, tmp_path)
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from companion.core.oslock import try_lock\n"
        "held = try_lock(Path(sys.argv[1]))\n"
        "assert held is not None\n"
        "print('held', flush=True)\n"
        "time.sleep(120)\n"
    )
    holder = start_script(code, str(lock_path(paths)))
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DiaryOpenError) as caught:
            claim(paths, "morning", timeout_ms=300)
        message = str(caught.value)
        assert caught.value.kind == "locked"
        assert f"(process {holder.pid})" in message and f"end process {holder.pid}" in message
        assert "switch to that window or close it" in message
        assert str(paths.diary) in message and "untouched" in message
        assert len([s for s in message.split(". ") if s]) == 1  # one sentence
    finally:
        holder.kill()
        holder.wait(10)
    # the holder is gone: the OS dropped its lock, so the next start simply takes it
    guard = claim(paths, None, timeout_ms=300)
    assert guard is not None
    guard.release()


# fault 14 ---------------------------------------------------------------------------------------


def linked_folders(tmp_path: Path) -> tuple[AppPaths, AppPaths, Path]:
    real = tmp_path / "shared" / "diary.sqlite3"
    real.parent.mkdir(mode=0o700)
    Store.open(real, backups_dir=real.parent / "backups").close()
    folders = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir(mode=0o700)
        (folder / "diary.sqlite3").symlink_to(real)
        folders.append(AppPaths(folder, folder))
    return folders[0], folders[1], real


def test_fault14_folders_linking_one_diary_share_one_lock_and_one_server(tmp_path: Path) -> None:
    a, b, real = linked_folders(tmp_path)
    assert diary_file(a) == diary_file(b) == real.resolve()
    assert lock_path(a) == lock_path(b) == real.resolve().with_name(LOCK_FILE)
    assert server_name(a.diary) == server_name(b.diary) == server_name(real)
    other = AppPaths(tmp_path / "c", tmp_path / "c")
    assert server_name(other.diary) != server_name(a.diary) and lock_path(other) != lock_path(a)
    # a diary under another name keeps its own lock, even beside a diary.sqlite3
    odd = tmp_path / "shared" / "mine.db"
    odd.touch()
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "diary.sqlite3").symlink_to(odd)
    d = AppPaths(tmp_path / "d", tmp_path / "d")
    assert lock_path(d) == odd.resolve().with_name("mine.db." + LOCK_FILE) != lock_path(a)


def test_fault14_holding_one_folder_holds_the_other(qtbot, tmp_path: Path) -> None:
    a, b, _real = linked_folders(tmp_path)
    guard = claim(a, None, listen=False)
    assert guard is not None
    try:
        assert try_lock(lock_path(b)) is None
    finally:
        guard.release()


def test_fault14_two_apps_on_folders_linking_one_diary_make_one_window(tmp_path: Path) -> None:
    a, b, _real = linked_folders(tmp_path)
    report = tmp_path / "report.jsonl"
    first = start_app(a.data_dir, "--tonight", cwd=tmp_path, report=report)
    try:
        wait_listening(report, first)
        # --exit-after-show: on its own window it would paint and exit 0 without a message
        second = run_app(b.data_dir, "--morning", "--exit-after-show", cwd=tmp_path, timeout=60)
        assert second.returncode == 0, second.stderr
        message = wait_message(report, first)
        assert message["page"] == "morning"
        assert first.poll() is None
    finally:
        stop(first)


def test_fault14_the_store_lock_is_also_on_the_real_file(tmp_path: Path) -> None:
    """A command (import, seed-demo) through one folder while the app writes through the other
    would be a second writer behind the store's back: its <diary>.lock is keyed the same way."""
    a, b, real = linked_folders(tmp_path)
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from companion.core.store import Store\n"
        "store = Store.open(Path(sys.argv[1]))\n"
        "print('open', flush=True)\n"
        "time.sleep(120)\n"
    )
    holder = start_script(code, str(a.diary))
    try:
        assert holder.stdout.readline().strip() == "open"
        second = run_app(b.data_dir, "seed-demo", cwd=tmp_path, timeout=60)
        assert second.returncode == 3, second.stderr
        assert "already open" in second.stderr
    finally:
        holder.kill()
        holder.wait(10)
    check = Store.open(real, read_only=True)
    try:
        assert check.nights() == []  # nothing was written through the second folder
    finally:
        check.close()


def test_fault14_a_diary_symlink_loop_is_the_stores_plain_error_not_a_crash(
    qtbot, tmp_path: Path
) -> None:
    paths = AppPaths(tmp_path, tmp_path)
    paths.diary.symlink_to(paths.diary.name)  # diary.sqlite3 -> diary.sqlite3
    assert lock_path(paths) == tmp_path / LOCK_FILE
    guard = claim(paths, None, listen=False)
    assert guard is not None
    try:
        with pytest.raises(DiaryOpenError):
            Store.open(paths.diary, backups_dir=paths.backups)
    finally:
        guard.release()
