"""Files the app writes: owner-only, and so that a crash leaves the old version or the new one.

Everything the app creates (diary, sidecars, backups, settings, logs, locks, exports, reports) is
health data or sits beside it, so it is created readable by its owner only, whatever the umask.
``open_private`` is the one way to create such a file by hand; ``private_umask`` covers the files
that libraries create for us (SQLite's -wal/-shm, Qt's lock file).
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def open_private(path: str | os.PathLike[str], flags: int = os.O_WRONLY | os.O_APPEND) -> int:
    """Open ``path`` as a file of the app's own and return the descriptor, creating it when
    missing with mode 0600 (not left to the umask); an existing regular file of ours is made
    owner-only too, because one created by an older version may be world-readable."""
    fd = os.open(path, flags | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE_MODE)
    if os.name == "posix":
        try:
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
                if stat.S_IMODE(info.st_mode) != PRIVATE_FILE_MODE:
                    os.fchmod(fd, PRIVATE_FILE_MODE)
        except OSError:
            os.close(fd)
            raise
    return fd


@contextmanager
def private_umask() -> Iterator[None]:
    """Run the body with umask 077, so files a library creates for us are owner-only as well.

    The previous umask comes back afterwards (the command line runs in-process in tests).
    """
    if os.name != "posix":
        yield
        return
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, mode: int = 0o600) -> Path:
    """Temp file in the same folder, fsync, rename, then fsync the folder so the rename lasts.

    ``mode`` defaults to owner-only because most of what this app writes is health data.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    if os.name == "posix":
        try:
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        except OSError:
            pass  # some file systems cannot fsync a folder; the data itself is synced
    return target
