"""Files the app writes: owner-only, and so that a crash leaves the old version or the new one.

Everything the app creates (diary, sidecars, backups, settings, logs, locks, exports, reports) is
health data or sits beside it, so it is created readable by its owner only, whatever the umask.
``open_private`` is the one way to create such a file by hand; ``private_umask`` covers the files
that libraries create for us (SQLite's -wal/-shm, Qt's lock file).
"""

from __future__ import annotations

import errno
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


def is_stream(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` (links followed) is a FIFO or a character device such as a terminal or
    /dev/null: something to write through, never to replace with a regular file."""
    try:
        kind = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(kind) or stat.S_ISCHR(kind)


def is_own_stdout(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` names the very file this process's standard output goes to (``--out
    /dev/stdout``, or the file stdout is redirected into): a line printed there afterwards would
    land inside what was written."""
    try:
        return os.path.samestat(os.stat(path), os.fstat(1))
    except (OSError, ValueError):
        return False


def _write_through(path: str | os.PathLike[str], payload: bytes) -> None:
    """Write into an existing file as it is: no temp file, no rename, no truncation (appending
    keeps a ``>>`` log intact), never creating anything."""
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if stat.S_ISREG(os.fstat(fd).st_mode):
            os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: str | os.PathLike[str], data: bytes | str, mode: int = 0o600) -> Path:
    """Write ``data`` to ``path`` so that a crash leaves the old version or the new one.

    What is at ``path`` decides how, and nothing is ever turned into something else:

    - nothing, or a regular file: a temp file in the same folder, fsync, rename, fsync the folder;
      the new file has ``mode`` (owner-only by default: most of what this app writes is health
      data). A symlink is followed deliberately: its target is replaced, the link stays a link.
    - a FIFO or a character device (``/dev/stdout``, a terminal, a pipe): written through.
    - the regular file this process's stdout goes to (``--out /dev/stdout > file``): written
      through as well, appending, so the shell's file is neither replaced nor cut.
    - a folder, a socket or a block device: refused with an OSError, nothing written.

    Returns the path written: the symlink's target when ``path`` is a symlink, else ``path``.
    """
    given = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        kind: int | None = os.stat(given).st_mode
    except FileNotFoundError:
        kind = None  # a new file (or a symlink to one that does not exist yet)
    if kind is not None:
        if (
            stat.S_ISFIFO(kind)
            or stat.S_ISCHR(kind)
            or (stat.S_ISREG(kind) and is_own_stdout(given))
        ):
            _write_through(given, payload)
            return given
        if stat.S_ISDIR(kind):
            raise IsADirectoryError(errno.EISDIR, "it is a folder", str(given))
        if not stat.S_ISREG(kind):
            raise OSError(errno.EINVAL, "it is a device or socket, not a file", str(given))
    target = Path(os.path.realpath(given))
    folder = target.parent
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
            pass  # the temp file is already gone; the first error is the one to report
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
    return target if given.is_symlink() else given
