"""One window per diary: real second launches, crashed owners, silent owners, garbled messages."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QLockFile
from PySide6.QtNetwork import QLocalSocket

from companion.core.errors import DiaryOpenError
from companion.core.oslock import try_lock
from companion.paths import AppPaths
from companion.ui import single_instance
from companion.ui.single_instance import LOCK_FILE, REPORT_ENV, claim, server_name
from tests.e2e.launching import (
    crash_holding_lock,
    read_events,
    run_app,
    start_app,
    stop,
    wait_listening,
    wait_message,
)


class FakeWindow:
    """Records what the guard asks of the window."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.current_page_key: str | None = None

    def bring_forward(self) -> None:
        self.calls.append("forward")

    def open_page(self, key: str) -> None:
        self.calls.append(key)
        self.current_page_key = key

    def show_cramp_now(self) -> None:
        self.calls.append("cramp")


# two real processes -----------------------------------------------------------------------------


def test_second_launch_brings_the_first_forward_on_the_requested_page(tmp_path: Path) -> None:
    data = tmp_path / "diary"
    report = tmp_path / "report.jsonl"
    first = start_app(data, "--tonight", cwd=tmp_path, report=report)
    try:
        wait_listening(report, first)
        started = time.monotonic()
        second = run_app(data, "--morning", cwd=tmp_path, timeout=30)
        elapsed = time.monotonic() - started
        assert second.returncode == 0, second.stderr
        assert elapsed < 5.0, f"the second launch took {elapsed:.1f} s"
        message = wait_message(report, first)
        assert message["page"] == "morning"
        assert message["current_page"] == "morning"  # it was on Tonight before
        assert first.poll() is None  # still running: one window, not two

        # the first instance crashes; its lock file and socket stay behind
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert (data / LOCK_FILE).exists()
        # a new launch takes the lock over and listens on the same name again
        third = start_app(data, cwd=tmp_path, report=report)
        try:
            wait_listening(report, third, count=2)
        finally:
            stop(third)
    finally:
        stop(first)


# in-process checks ------------------------------------------------------------------------------


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path, tmp_path)


def test_a_lock_left_by_a_dead_process_is_taken_over(qtbot, paths: AppPaths) -> None:
    crash_holding_lock(paths.data_dir / LOCK_FILE)
    dead_pid = int((paths.data_dir / LOCK_FILE).read_text().split()[0])
    assert dead_pid != os.getpid()
    guard = claim(paths, None)
    try:
        assert guard is not None
        assert int((paths.data_dir / LOCK_FILE).read_text().split()[0]) == os.getpid()
        assert guard.server.isListening()
    finally:
        guard.release()
    again = try_lock(paths.data_dir / LOCK_FILE)  # released: the next launch takes it at once
    assert again is not None
    again.release()


def test_a_live_owner_that_does_not_answer_gives_the_calm_locked_error(
    qtbot, paths: AppPaths
) -> None:
    holder = QLockFile(str(paths.data_dir / LOCK_FILE))
    assert holder.tryLock(100)
    try:
        with pytest.raises(DiaryOpenError) as caught:
            claim(paths, "morning", timeout_ms=300)
        assert caught.value.kind == "locked"
        assert "already open" in str(caught.value) and "untouched" in str(caught.value)
        assert "Traceback" not in str(caught.value)
    finally:
        holder.unlock()


def test_a_socket_left_by_a_crash_is_replaced(qtbot, paths: AppPaths) -> None:
    name = server_name(paths.diary)
    stale = Path(QDir.tempPath()) / name
    stale.unlink(missing_ok=True)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(stale))
    leftover.close()  # the file stays, nobody listens: what a crash leaves
    assert stale.exists()
    guard = claim(paths, None)
    try:
        assert guard is not None and guard.server.isListening()
    finally:
        guard.release()


def send(name: str, payload: bytes, qtbot) -> bytes:
    client = QLocalSocket()
    client.connectToServer(name)
    qtbot.waitUntil(lambda: client.state() == QLocalSocket.LocalSocketState.ConnectedState)
    client.write(payload)
    client.flush()
    reply = bytearray()

    def answered() -> bool:
        reply.extend(bytes(client.readAll().data()))
        return b"\n" in reply

    qtbot.waitUntil(answered, timeout=3000)
    client.abort()
    return bytes(reply)


def test_messages_open_the_page_even_before_the_window_exists(qtbot, paths: AppPaths) -> None:
    guard = claim(paths, None)
    assert guard is not None
    try:
        name = server_name(paths.diary)
        assert send(name, b'{"page": "cramp"}\n', qtbot) == b"ok\n"  # while the diary opens
        window = FakeWindow()
        guard.attach(window)
        qtbot.waitUntil(lambda: window.calls == ["forward", "cramp"])
        assert send(name, b'{"page": "morning"}\n', qtbot) == b"ok\n"
        qtbot.waitUntil(lambda: window.calls[-2:] == ["forward", "morning"])
        assert send(name, b"\xff not json\n", qtbot) == b"ok\n"  # garbled: just come forward
        qtbot.waitUntil(lambda: window.calls[-1] == "forward")
        assert send(name, b'{"page": "../../etc"}\n', qtbot) == b"ok\n"  # unknown: ignored
        qtbot.waitUntil(lambda: window.calls.count("forward") == 4)
        assert window.calls.count("morning") == 1
    finally:
        guard.release()


def test_the_report_hook_is_silent_unless_a_test_sets_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REPORT_ENV, raising=False)
    single_instance._report({"event": "x"})
    assert list(tmp_path.iterdir()) == []
    target = tmp_path / "r.jsonl"
    monkeypatch.setenv(REPORT_ENV, str(target))
    single_instance._report({"event": "x"})
    assert read_events(target) == [{"event": "x"}]


def test_server_names_are_stable_and_per_folder(tmp_path: Path) -> None:
    a = server_name(tmp_path / "a" / "diary.sqlite3")
    assert a == server_name(tmp_path / "a" / ".." / "a" / "diary.sqlite3")
    assert a != server_name(tmp_path / "b" / "diary.sqlite3")
    assert len(a) < 80  # well under the unix socket path limit
