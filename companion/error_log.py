"""errors.log: the one place warnings and errors go, owner-only, in the data folder.

The composition root (cli.main for the commands, app.run_gui for the window) calls
``configure_error_log`` once the data folder is known. Every ``log.warning``/``log.exception`` in
the package then lands in ``errors.log`` instead of vanishing, and nothing reaches the terminal:
with a handler on the root logger, Python's last-resort handler (which printed an unprefixed
line about a failed daily backup) stays silent. A log that cannot be written (full disk,
read-only folder, no folder yet) is skipped quietly: the user already got one plain sentence.
"""

from __future__ import annotations

import logging
import os
from io import TextIOWrapper
from pathlib import Path

from companion.core.files import open_private

ERROR_LOG = "errors.log"
MAX_LOG_BYTES = 1_000_000  # then errors.log.1 takes the old lines; two files at most
HANDLER_NAME = "bedtime-companion-errors"
LOG_FORMAT = "--- %(asctime)s %(levelname)s %(name)s\n%(message)s"


class PrivateLogHandler(logging.FileHandler):
    """A log whose file is created owner-only and opened only when a line comes.

    It is kept small without logging.handlers (which would cost start-up time): a file already
    over ``MAX_LOG_BYTES`` when it is opened becomes ``errors.log.1``, replacing the older one.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)

    def _open(self) -> TextIOWrapper:
        try:
            if os.path.getsize(self.baseFilename) > MAX_LOG_BYTES:
                os.replace(self.baseFilename, self.baseFilename + ".1")
        except OSError:
            pass  # no log yet (the usual case), or it cannot be moved: append to it as it is
        fd = open_private(self.baseFilename)
        return os.fdopen(fd, "a", encoding="utf-8")

    def emit(self, record: logging.LogRecord) -> None:
        if self.stream is None:
            try:
                self.stream = self._open()
            except OSError:
                return  # no folder yet, a read-only or full disk: nowhere to keep this line
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        """A log that cannot be written must not print its own traceback on the user's terminal;
        drop the broken stream so the next line tries again (the disk may have room by then)."""
        if self.stream is not None:
            try:
                self.stream.close()
            except OSError:
                logging.getLogger(__name__).debug("errors.log could not be closed")
            self.stream = None


def _ours() -> PrivateLogHandler | None:
    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrivateLogHandler) and handler.get_name() == HANDLER_NAME:
            return handler
    return None


def configure_error_log(folder: Path) -> Path:
    """Send warnings and errors from every logger to ``folder/errors.log``; returns its path.

    Called again with the same folder it changes nothing; with another folder it moves the log.
    """
    path = Path(folder) / ERROR_LOG
    root = logging.getLogger()
    current = _ours()
    if current is not None:
        if Path(current.baseFilename) == path.absolute():
            return path
        close_error_log()
    handler = PrivateLogHandler(path)
    handler.set_name(HANDLER_NAME)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter(LOG_FORMAT, datefmt="%Y-%m-%dT%H:%M:%S"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    return path


def error_log_path() -> Path | None:
    """Where warnings go now; None before the data folder is known (nothing is logged then)."""
    handler = _ours()
    return Path(handler.baseFilename) if handler is not None else None


def close_error_log() -> None:
    """Flush and detach the log (end of a command; in tests the next one names its own folder)."""
    handler = _ours()
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
