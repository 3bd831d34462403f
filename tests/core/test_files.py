from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from companion.core.files import write_atomic


def test_writes_text_and_bytes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temp file left behind


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_mode_is_owner_only_by_default_and_can_be_chosen(tmp_path: Path) -> None:
    private, public = tmp_path / "p", tmp_path / "q"
    write_atomic(private, "x")
    write_atomic(public, "x", 0o644)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(public.stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


# ---- issue 10 fault 9: special files are written through or refused, never replaced --------


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_fault09_write_atomic_writes_through_a_fifo(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_fault09_write_atomic_follows_a_symlink_and_keeps_it(tmp_path: Path) -> None:
    target = tmp_path / "t.json"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    link = tmp_path / "l.json"
    link.symlink_to(target.name)  # relative, as people make them
    assert write_atomic(link, "new") == target
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="sockets")
def test_fault09_write_atomic_refuses_a_socket_and_a_folder(tmp_path: Path) -> None:
    import socket

    sock_path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(sock_path))
        with pytest.raises(OSError, match="not a file"):
            write_atomic(sock_path, "x")
        assert stat.S_ISSOCK(os.lstat(sock_path).st_mode)
    finally:
        server.close()
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path, "x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s"]
