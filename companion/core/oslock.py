"""An exclusive lock held by the operating system on a small file, for as long as a process runs.

The OS drops the lock the moment its holder exits, however it exits (a crash, SIGKILL, a power
cut), so a lock file that nobody has locked is stale whatever it says inside: there is no PID to
trust, and a PID that now belongs to some other process cannot block anyone. The PID written
into the file is only a courtesy for the message shown when a live holder does not answer.
POSIX uses ``flock``; Windows locks the file's first byte with ``msvcrt.locking``. The same idea
guards the diary itself (``<diary>.lock`` in ``companion.core.store``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from companion.core.files import open_private

LOCK_MODE = 0o600  # owner-only, like every file the app creates

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def lock_fd(fd: int) -> None:
        """Lock ``fd`` exclusively without waiting; OSError when someone else holds it."""
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def lock_fd(fd: int) -> None:
        """Lock ``fd`` exclusively without waiting; OSError when someone else holds it."""
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def real_path(path: Path) -> Path:
    """The file ``path`` really names (symlinks followed), which is what a lock must be keyed
    on: two links to one diary are one diary. A symlink loop gives the path itself, so the
    caller's own open fails with its own plain message rather than a RuntimeError here."""
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(path).expanduser().absolute()


class HeldLock:
    """An OS lock this process holds on ``path`` until ``release()`` (or until it exits).

    The file itself stays when released: deleting a lock file lets a second process lock the
    old, unlinked file while a third creates and locks a new one, and then both "own" it.
    """

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)  # no PID of a process that no longer holds it
        except OSError:
            pass
        try:
            unlock_fd(fd)
        except OSError:
            pass  # closing the file below drops the lock anyway
        os.close(fd)


def try_lock(path: Path) -> HeldLock | None:
    """Lock ``path`` (created owner-only when missing) without waiting.

    Returns None when another process (or another open file in this one) holds it. Raises
    OSError when the file cannot be created or opened at all (a read-only folder, say).
    """
    fd = open_private(path, os.O_RDWR)  # also tightens one an older version made with the umask
    try:
        lock_fd(fd)
    except OSError:
        os.close(fd)
        return None
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
    except OSError:
        pass  # the PID is only a courtesy for people (and messages) reading the file
    return HeldLock(path, fd)


def holder_pid(path: Path) -> int | None:
    """The PID the current holder wrote into ``path``, when it can be read."""
    try:
        first = path.read_text(encoding="ascii", errors="replace").split()
    except OSError:
        return None
    if not first or not first[0].isdigit():
        return None
    return int(first[0])
