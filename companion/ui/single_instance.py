"""One running window per diary: a second launch brings the first window forward.

"Per diary" means per real file: the diary path with symlinks followed, so two data folders whose
``diary.sqlite3`` point at one file share one lock and one server name. The first process holds
an OS lock (``companion.core.oslock``) on ``app.lock`` beside that file for as long as it runs
and listens on a ``QLocalServer`` whose name is derived from the same path. A later launch finds
the lock held, connects, sends the page it was asked for (``{"page": "morning"}``), waits for
``ok`` and exits 0. The OS drops the lock when its holder dies, so a lock file nobody holds is
stale whatever PID it names, and is simply taken. A live holder that does not answer within about
two seconds becomes a calm ``DiaryOpenError(kind="locked")`` naming its process and what to do.

Testing hook: when the environment variable ``BEDTIME_COMPANION_TEST_REPORT`` names a file, the
first instance appends one JSON line to it when it starts listening (``{"event": "listening"}``)
and after it handled a message (``{"event": "message", "page": ..., "current_page": ...}``).
Only tests set it; it writes nothing else and changes no behaviour.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from companion.core.errors import DiaryOpenError
from companion.core.i18n import _
from companion.core.oslock import HeldLock, holder_pid, real_path, try_lock
from companion.paths import DIARY_FILE, AppPaths

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

LOCK_FILE = "app.lock"
REPORT_ENV = "BEDTIME_COMPANION_TEST_REPORT"
PAGES = ("tonight", "morning", "trends", "settings", "learn", "cramp")
ANSWER_TIMEOUT_MS = 2000
READ_ONLY_ASK_MS = 300  # with no lock file to say a window runs, only a quick look for one
MAX_MESSAGE = 4096


def diary_file(paths: AppPaths) -> Path:
    """The diary's real file, symlinks followed: what the one-instance rule is about."""
    return real_path(paths.diary)


def lock_path(paths: AppPaths) -> Path:
    """``app.lock`` beside the real diary (``<name>.app.lock`` when it has another name, so two
    diaries in one folder do not share a lock)."""
    real = diary_file(paths)
    return real.with_name(LOCK_FILE if real.name == DIARY_FILE else f"{real.name}.{LOCK_FILE}")


def server_name(diary: Path) -> str:
    """A short, per-user name for the local socket; the same real diary file always gives the
    same name, whichever folder or symlink led to it."""
    key = str(real_path(diary))
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"bedtime-companion-{user}-{digest}"


def _report(event: dict[str, object]) -> None:
    target = os.environ.get(REPORT_ENV)
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(event) + "\n")
    except OSError:
        pass  # a test hook must never disturb the app


class InstanceGuard(QObject):
    """Owns the lock and the server while this process has the diary."""

    def __init__(self, lock: HeldLock | None, name: str) -> None:
        super().__init__()
        self.lock = lock
        self.name = name
        self.server: QLocalServer | None = None
        self.window = None
        self._pending: list[str] = []

    def listen(self) -> None:
        """Start answering later launches. The app calls this after its first paint (QtNetwork
        costs start-up time, and no message is read before the event loop runs anyway); a
        later launch keeps trying for two seconds."""
        if self.server is not None:
            return
        server = _listen(self.name)
        server.setParent(self)
        server.newConnection.connect(self._on_new_connection)
        self.server = server
        if server.isListening():
            _report({"event": "listening", "name": self.name})

    # incoming messages -------------------------------------------------------------------------
    def _on_new_connection(self) -> None:
        server = self.server
        assert server is not None, "only the server we listen on connects this slot"
        while server.hasPendingConnections():
            socket = server.nextPendingConnection()
            buffer = bytearray()

            def read(sock: QLocalSocket = socket, buf: bytearray = buffer) -> None:
                buf += bytes(sock.readAll().data())
                if b"\n" in buf or len(buf) > MAX_MESSAGE:
                    sock.readyRead.disconnect()
                    self._answer(sock, bytes(buf).split(b"\n", 1)[0])

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()

    def _answer(self, socket: QLocalSocket, line: bytes) -> None:
        page = ""
        try:
            message = json.loads(line.decode("utf-8"))
            if isinstance(message, dict) and message.get("page") in PAGES:
                page = message["page"]
        except (UnicodeDecodeError, ValueError):
            pass  # a garbled message still brings the window forward
        socket.write(b"ok\n")
        socket.flush()
        socket.disconnectFromServer()
        self._pending.append(page)
        QTimer.singleShot(0, self._deliver)

    def _deliver(self) -> None:
        if self.window is None:
            return  # still opening the diary; attach() delivers
        while self._pending:
            page = self._pending.pop(0)
            window = self.window
            window.bring_forward()
            if page == "cramp":
                window.show_cramp_now()
            elif page:
                window.open_page(page)
            _report(
                {
                    "event": "message",
                    "page": page,
                    "current_page": getattr(window, "current_page_key", None),
                }
            )

    # lifetime ----------------------------------------------------------------------------------
    def attach(self, window) -> None:
        """Route later launches to this window (and any that arrived while it was opening)."""
        self.window = window
        if self._pending:
            QTimer.singleShot(0, self._deliver)

    def release(self) -> None:
        """Stop listening and free the lock so the next launch starts normally."""
        if self.server is not None and self.server.isListening():
            self.server.close()
        if self.lock is not None:  # None: a read-only folder, where no lock file can be made
            self.lock.release()


def _listen(name: str) -> QLocalServer:
    from PySide6.QtNetwork import QLocalServer

    server = QLocalServer()
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
    if not server.listen(name):
        QLocalServer.removeServer(name)  # a socket file left by a crash
        server.listen(name)
    return server


def _ask_running(name: str, page: str, timeout_ms: int) -> bool:
    """Tell the running instance which page to show; True when it acknowledged."""
    from PySide6.QtNetwork import QLocalSocket

    deadline = time.monotonic() + timeout_ms / 1000
    message = (json.dumps({"page": page}) + "\n").encode("utf-8")
    while True:
        left = int((deadline - time.monotonic()) * 1000)
        if left <= 0:
            return False
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(min(left, 500)):
            socket.write(message)
            socket.waitForBytesWritten(max(1, left))
            reply = bytearray()
            while b"\n" not in reply:
                left = int((deadline - time.monotonic()) * 1000)
                if left <= 0 or not socket.waitForReadyRead(left):
                    break
                reply += bytes(socket.readAll().data())
            socket.abort()
            if reply.startswith(b"ok"):
                return True
        else:
            socket.abort()
        # not listening yet (the other one may just be starting): try again shortly
        time.sleep(0.05)


def _folder_is_read_only(lock: Path, exc: OSError) -> bool:
    """The lock file cannot be made because its folder cannot be written (chmod 500, a
    read-only mount), as opposed to a folder that is missing or a lock that is broken."""
    if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
        return False
    return lock.parent.is_dir() and not os.access(lock.parent, os.W_OK)


def claim(
    paths: AppPaths,
    page: str | None,
    *,
    timeout_ms: int = ANSWER_TIMEOUT_MS,
    listen: bool = True,
) -> InstanceGuard | None:
    """The guard when this process owns the diary; None when another window was asked instead.
    With ``listen=False`` the caller starts the server itself (``guard.listen()``)."""
    where = lock_path(paths)
    name = server_name(paths.diary)
    try:
        held = try_lock(where)
    except OSError as exc:
        if _folder_is_read_only(where, exc):
            # Nothing can be written there, so the diary can only be opened read-only, and two
            # readers cannot harm it. A window already showing it is still brought forward.
            if _ask_running(name, page or "", READ_ONLY_ASK_MS):
                return None
            guard = InstanceGuard(None, name)
            if listen:
                guard.listen()
            return guard
        raise DiaryOpenError(
            "unreadable",
            paths.diary,
            _(
                "Bedtime Companion could not create its lock file {path} ({reason}). Check that "
                "the folder exists and that you may write to it."
            ).format(path=where, reason=exc.strerror or exc),
        ) from None
    if held is not None:
        guard = InstanceGuard(held, name)
        if listen:
            guard.listen()
        return guard
    if _ask_running(name, page or "", timeout_ms):
        return None
    raise DiaryOpenError("locked", paths.diary, _not_answering(paths, holder_pid(where)))


def _not_answering(paths: AppPaths, pid: int | None) -> str:
    """What to do when the diary is held by a live process that does not answer: one calm
    sentence that names the process, so the user is never simply stuck."""
    if pid:
        return _(
            "Bedtime Companion is already open with this diary (process {pid}) but did not "
            "answer, so switch to that window or close it (if no window shows, end process "
            "{pid}) and try again; your diary at {path} is untouched."
        ).format(pid=pid, path=paths.diary)
    return _(
        "Bedtime Companion is already open with this diary but did not answer, so switch to "
        "that window or close it (if no window shows, end the other Bedtime Companion process) "
        "and try again; your diary at {path} is untouched."
    ).format(path=paths.diary)
