"""Errors the core raises that the command line and the app turn into calm messages."""

from __future__ import annotations

from pathlib import Path


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


class ImportRejected(ValueError):
    """An import file was refused as a whole; nothing was written. The message names where."""


class OutputRefused(ValueError):
    """An output path (export, report) names one of the app's own files: the diary, its
    sidecars, a backup, the settings. Nothing was written; the message says where the data is."""
