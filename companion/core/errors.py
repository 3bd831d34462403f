"""Errors the core raises that the command line and the app turn into calm messages."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from companion.core.i18n import N_, _


class DiaryOpenError(Exception):
    """The diary cannot be opened. It was left exactly as it was.

    ``kind`` is one of: corrupt, not_sqlite, truncated, newer_version, read_only, locked,
    unreadable. ``path`` is the original file (untouched); ``kept_at`` is where a copy was set aside
    (or None when the original itself stays where it is).
    """

    def __init__(self, kind: str, path: Path, message: str, kept_at: Path | None = None) -> None:
        self.kind = kind
        self.path = path
        self.kept_at = kept_at
        super().__init__(message)


class DiaryError(Exception):
    """The open diary could not be read or written just now: SQLite refused (busy, locked, or
    damaged since it was opened). The transaction rolled back, so nothing changed; the message
    says what SQLite said. A full, read-only or failing disk is :class:`SaveFailed` instead."""


class DiaryClosed(DiaryError):
    """The diary was already closed (the app is quitting, or a restore is putting another file
    in its place): nothing was read or written."""


class ImportRejected(ValueError):
    """An import file was refused as a whole; nothing was written. The message names where."""


class OutputRefused(ValueError):
    """An output path (export, report) names one of the app's own files: the diary, its
    sidecars, a backup, the settings. Nothing was written; the message says where the data is."""


# Why a write did not happen: errno, a short reason (OSError.strerror, shown in brackets by code
# that tells any failed write), the first half of a sentence naming where the diary is (for a
# caller's own sentence), and the same half as a sentence's start (each its own string: a
# translated text is never capitalised by code). Marked N_, translated when raised.
_SAVE_PROBLEMS = {
    "disk_full": (
        errno.ENOSPC,
        N_("the disk is full"),
        N_("the disk holding your diary at {path} is full"),
        N_("The disk holding your diary at {path} is full"),
    ),
    "read_only": (
        errno.EROFS,
        N_("the diary or its disk is read-only"),
        N_("your diary at {path} cannot be written (it or its disk is read-only)"),
        N_("Your diary at {path} cannot be written (it or its disk is read-only)"),
    ),
    "disk_error": (
        errno.EIO,
        N_("a disk error"),
        N_("your diary at {path} could not be written (a disk error)"),
        N_("Your diary at {path} could not be written (a disk error)"),
    ),
}


class SaveFailed(OSError):
    """Nothing could be saved: the disk is full, read-only or failing. The transaction rolled
    back, so the diary is exactly as it was before the attempt.

    An OSError (with ENOSPC, EROFS or EIO), so code that already tells a failed file write
    calmly tells this one too. ``reason`` is disk_full, read_only or disk_error; ``problem`` is
    the sentence's first half, for callers that add what did not happen ("nothing was imported").
    """

    def __init__(self, reason: str, path: Path) -> None:
        code, short, words, start = _SAVE_PROBLEMS[reason]
        super().__init__(code, _(short), str(path))
        self.reason = reason
        self.path = Path(path)
        self.problem = _(words).format(path=self.path)
        self._start = _(start).format(path=self.path)

    def sentence(self, outcome: str | None = None) -> str:
        """One plain sentence: what went wrong, where the diary is, what did not happen
        (``outcome``, already translated by the caller; "nothing was saved" by default)."""
        # Translators: {problem} is e.g. "The disk holding your diary at /x is full", {outcome}
        # what did not happen, e.g. "nothing was imported".
        return _("{problem}; {outcome}.").format(
            problem=self._start, outcome=outcome if outcome is not None else _("nothing was saved")
        )

    def __str__(self) -> str:
        return self.sentence()


def save_failure(exc: BaseException) -> str | None:
    """The SaveFailed reason for a write that failed because of the disk, else None (a bug,
    a constraint, a lock: those are not 'could not save' and keep their own handling)."""
    if isinstance(exc, SaveFailed):
        return exc.reason
    sqlite3 = sys.modules.get("sqlite3")  # not imported means no SQLite error can exist yet
    if sqlite3 is not None and isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorname", "") or ""
        text = str(exc).lower()
        if code == "SQLITE_FULL" or "database or disk is full" in text:
            return "disk_full"
        if code.startswith("SQLITE_READONLY") or "readonly database" in text:
            return "read_only"
        if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
            return "disk_error"
        return None
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "disk_full"
        if exc.errno == errno.EROFS:
            return "read_only"
        if exc.errno == errno.EIO:
            return "disk_error"
    return None


# Everything a read or write of the diary raises that the app turns into one calm sentence
# (SaveFailed is an OSError): the Qt layer catches these, never SQLite's or a bare RuntimeError.
DIARY_ERRORS: tuple[type[Exception], ...] = (OSError, DiaryError, DiaryOpenError)
