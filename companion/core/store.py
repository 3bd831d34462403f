"""The durable diary: one SQLite file in the data dir, written so a save survives a crash.

Why it looks the way it does:

- Every connection runs in WAL mode with ``synchronous=FULL``: a save that returned is on disk,
  a save cut off by a crash or power cut leaves nothing half-written (one transaction per save).
- The schema carries CHECK constraints that mirror :mod:`companion.core.diary`, so even a bug in
  a caller cannot store a value the app would refuse to read.
- ``PRAGMA user_version`` plus an ordered list of migrations, each applied in
  ``BEGIN IMMEDIATE … COMMIT`` together with its version bump, so an old diary always upgrades
  and an interrupted upgrade simply runs again.
- Opening never deletes, truncates or overwrites a file it does not understand: a damaged,
  foreign, newer, read-only or locked diary raises :class:`DiaryOpenError` with a ``kind`` the
  app turns into a calm message and an offer of the newest backup.
- The diary announces its own changes: after each commit every listener
  (:meth:`Store.add_listener`) is told which nights changed, so no caller has to remember to.
- A writable open holds an exclusive advisory lock on ``<diary>.lock`` (``flock`` on POSIX,
  ``msvcrt.locking`` on Windows); the OS frees it when the process dies, so a crash never leaves
  the diary locked.
"""

from __future__ import annotations

import gc
import logging
import os
import re
import sqlite3
import stat
import threading
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from companion.core.diary import (
    BUILTIN_FACTORS,
    MAX_CRAMPS_PER_NIGHT,
    MAX_DURATION_MIN,
    MAX_FACTOR_LABEL,
    MAX_NOTES,
    PARTS_OF_NIGHT,
    RED_FLAGS,
    RELIEFS,
    SIDES,
    Cramp,
    Night,
    RoutineSession,
    ValidationError,
    has_morning_answers,
    is_long_cramp,
    night_of,
    stretched_on_night,
    timed_duration_min,
    validate_night,
    validate_routine_session,
)
from companion.core.errors import (
    DiaryClosed,
    DiaryError,
    DiaryOpenError,
    SaveFailed,
    save_failure,
)
from companion.core.files import open_private
from companion.core.i18n import _
from companion.core.oslock import lock_fd as _lock_fd
from companion.core.oslock import real_path
from companion.core.oslock import unlock_fd as _unlock_fd
from companion.core.plan_limits import (
    BLOCK_NIGHTS_RANGE,
    MAX_LABEL,
    MAX_QUESTION,
    PAIRS_RANGE,
    RUN_IN_RANGE,
    WASHOUT_MARGIN,
    WASHOUT_RANGE,
)

if TYPE_CHECKING:  # the analysis loads when a plan is read or written, not with the diary
    from companion.core.experiment import Plan

APPLICATION_ID = 0x42434469  # "BCDi": marks an SQLite file as a Bedtime Companion diary
BACKUP_KEEP = 14
# diary-<date>.sqlite3, or diary-<date>-<n>.sqlite3 when a clock set back meets its own day again.
BACKUP_PATTERN = re.compile(r"^diary-(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.sqlite3$")
# Written into each backup's meta table: the order backups were made in, whatever the clock
# said (a clock at 2099 for a day must not make that copy the "newest" for ever), and when.
BACKUP_SEQUENCE_KEY = "backup_sequence"
BACKUP_WRITTEN_KEY = "backup_written_at"
# A backup being written: ``.diary-<date>.sqlite3.partial-<pid>`` (and SQLite's -journal of it).
PARTIAL_BACKUP_PATTERN = re.compile(
    r"^\.diary-\d{4}-\d{2}-\d{2}(?:-\d+)?\.sqlite3\.partial-(\d+)(?:-journal|-wal|-shm)?$"
)
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
FILE_MODE = 0o600
_SIDECARS = ("-wal", "-shm", "-journal")
_RESTORING = ".restoring"  # a complete restored copy, waiting to go in place of the diary
_BEFORE_RESTORE = ".before-restore-"
_DAMAGED = ".damaged-"  # a diary set aside to start a fresh one
_ROLLBACK_NEEDED = "SQLITE_READONLY_ROLLBACK"

_log = logging.getLogger(__name__)

# Told, after each commit, which nights it changed (empty: something else, such as an experiment).
DiaryListener = Callable[[frozenset[date]], None]


@contextmanager
def _as_diary_error() -> Iterator[None]:
    """SQLite's own errors from an open diary leave the store as the core's DiaryError."""
    try:
        yield
    except sqlite3.Error as exc:
        raise DiaryError(str(exc)) from exc


def _in_list(column: str, values: Iterable[str]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


# The body areas as each schema version knew them (a shipped migration's text never changes).
_V1_AREAS = ("calf", "foot_arch", "toes", "shin", "thigh_front", "thigh_back")
_V6_AREAS = _V1_AREAS + ("foot", "thigh")

# v5's cap on cramps in a night, made again by v6 after it rebuilds the cramps table.
_CRAMP_CAP_TRIGGERS = (
    f"""CREATE TRIGGER cramps_per_night_insert BEFORE INSERT ON cramps
            WHEN (SELECT count(*) FROM cramps WHERE night = NEW.night) >= {MAX_CRAMPS_PER_NIGHT}
            BEGIN
                SELECT RAISE(ABORT, 'a night holds at most {MAX_CRAMPS_PER_NIGHT} cramps');
            END""",
    f"""CREATE TRIGGER cramps_per_night_update BEFORE UPDATE OF night ON cramps
            WHEN NEW.night != OLD.night
                AND (SELECT count(*) FROM cramps WHERE night = NEW.night) >= {MAX_CRAMPS_PER_NIGHT}
            BEGIN
                SELECT RAISE(ABORT, 'a night holds at most {MAX_CRAMPS_PER_NIGHT} cramps');
            END""",
)

# Each entry turns version N-1 into version N. Never edit a shipped entry: add a new one.
# The tests keep a frozen copy of every earlier version's schema and upgrade it with this code.
#
# Adding to diary.py's tables: a relief or a built-in factor needs no step (reliefs are stored as
# text the reader checks against RELIEFS, factors are free labels). A body area does: the cramps
# table's CHECK lists the areas, and SQLite cannot change a CHECK, so add a step like v6's that
# rebuilds ``cramps`` with ``_in_list("area", _V<n>_AREAS)`` (a new frozen tuple, never AREAS
# itself: a shipped step's text must not change when the table grows), copies the rows, and
# remakes the v5 triggers. tests/core/test_store_migrations.py fails until the schema and the
# table agree.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # v1: the base diary.
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        )""",
        f"""CREATE TABLE nights (
            night TEXT PRIMARY KEY NOT NULL
                CHECK (night GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            bed_time TEXT CHECK (bed_time IS NULL OR typeof(bed_time) = 'text'),
            wake_time TEXT CHECK (wake_time IS NULL OR typeof(wake_time) = 'text'),
            sleep_quality INTEGER CHECK (sleep_quality IS NULL OR
                (typeof(sleep_quality) = 'integer' AND sleep_quality BETWEEN 1 AND 5)),
            awakenings INTEGER CHECK (awakenings IS NULL OR
                (typeof(awakenings) = 'integer' AND awakenings BETWEEN 0 AND 50)),
            morning_soreness INTEGER CHECK (morning_soreness IS NULL OR
                (typeof(morning_soreness) = 'integer' AND morning_soreness BETWEEN 0 AND 10)),
            stretched INTEGER CHECK (stretched IS NULL OR stretched IN (0, 1)),
            notes TEXT NOT NULL DEFAULT ''
                CHECK (typeof(notes) = 'text' AND length(notes) <= {MAX_NOTES})
        ) WITHOUT ROWID""",
        f"""CREATE TABLE cramps (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            area TEXT NOT NULL CHECK ({_in_list("area", _V1_AREAS)}),
            side TEXT NOT NULL CHECK ({_in_list("side", SIDES)}),
            severity INTEGER NOT NULL
                CHECK (typeof(severity) = 'integer' AND severity BETWEEN 1 AND 10),
            at TEXT CHECK (at IS NULL OR typeof(at) = 'text'),
            duration_min CHECK (duration_min IS NULL OR
                (typeof(duration_min) IN ('integer', 'real')
                 AND duration_min BETWEEN 0 AND {MAX_DURATION_MIN})),
            relief TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (night, position)
        ) WITHOUT ROWID""",
        f"""CREATE TABLE night_factors (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            label TEXT NOT NULL
                CHECK (typeof(label) = 'text' AND length(label) BETWEEN 1 AND {MAX_FACTOR_LABEL}),
            PRIMARY KEY (night, position),
            UNIQUE (night, label)
        ) WITHOUT ROWID""",
        f"""CREATE TABLE night_red_flags (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            flag TEXT NOT NULL CHECK ({_in_list("flag", RED_FLAGS)}),
            PRIMARY KEY (night, position),
            UNIQUE (night, flag)
        ) WITHOUT ROWID""",
        """CREATE TABLE routine_sessions (
            id INTEGER PRIMARY KEY,
            routine TEXT NOT NULL CHECK (length(trim(routine)) > 0),
            night TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT NOT NULL,
            completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
            UNIQUE (routine, started_at)
        )""",
        "CREATE INDEX routine_sessions_by_night ON routine_sessions (night, started_at)",
        "INSERT INTO meta (key, value) VALUES ('app', 'bedtime-companion')",
    ),
    # v2: restless legs on a night, a rough part of the night for an untimed cramp, and how many
    # steps of a routine were done or skipped.
    (
        """ALTER TABLE nights ADD COLUMN restless_legs INTEGER
            CHECK (restless_legs IS NULL OR restless_legs IN (0, 1))""",
        f"""ALTER TABLE cramps ADD COLUMN part_of_night TEXT
            CHECK (part_of_night IS NULL OR {_in_list("part_of_night", PARTS_OF_NIGHT)})""",
        """ALTER TABLE routine_sessions ADD COLUMN steps_done INTEGER NOT NULL DEFAULT 0
            CHECK (steps_done BETWEEN 0 AND 1000)""",
        """ALTER TABLE routine_sessions ADD COLUMN steps_skipped INTEGER NOT NULL DEFAULT 0
            CHECK (steps_skipped BETWEEN 0 AND 1000)""",
    ),
    # v3: the personal experiment (its plan, drawn order and stop night) and, for a habit of the
    # user's own, whether it was done on a night.
    (
        """ALTER TABLE nights ADD COLUMN habit_done INTEGER
            CHECK (habit_done IS NULL OR habit_done IN (0, 1))""",
        f"""CREATE TABLE experiments (
            start TEXT PRIMARY KEY NOT NULL
                CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            question TEXT NOT NULL
                CHECK (typeof(question) = 'text' AND length(trim(question)) BETWEEN 1 AND {MAX_QUESTION}),
            label TEXT NOT NULL
                CHECK (typeof(label) = 'text' AND length(trim(label)) BETWEEN 1 AND {MAX_LABEL}),
            run_in_nights INTEGER NOT NULL CHECK (typeof(run_in_nights) = 'integer'
                AND run_in_nights BETWEEN {RUN_IN_RANGE[0]} AND {RUN_IN_RANGE[1]}),
            pairs INTEGER NOT NULL CHECK (typeof(pairs) = 'integer'
                AND pairs BETWEEN {PAIRS_RANGE[0]} AND {PAIRS_RANGE[1]}),
            block_nights INTEGER NOT NULL CHECK (typeof(block_nights) = 'integer'
                AND block_nights BETWEEN {BLOCK_NIGHTS_RANGE[0]} AND {BLOCK_NIGHTS_RANGE[1]}),
            washout_nights INTEGER NOT NULL CHECK (typeof(washout_nights) = 'integer'
                AND washout_nights BETWEEN {WASHOUT_RANGE[0]} AND {WASHOUT_RANGE[1]}
                AND washout_nights <= block_nights - {WASHOUT_MARGIN}),
            block_order TEXT NOT NULL
                CHECK (length(block_order) BETWEEN 1 AND 200 AND block_order GLOB '[onf,]*'),
            stopped_on TEXT CHECK (stopped_on IS NULL OR
                stopped_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
        ) WITHOUT ROWID""",
    ),
    # v4: whether the morning note of a night was saved (a cramp logged in the night is not a
    # note). Earlier nights count as noted when they hold anything only the note asks for.
    (
        """ALTER TABLE nights ADD COLUMN morning_note INTEGER NOT NULL DEFAULT 0
            CHECK (morning_note IN (0, 1))""",
        """UPDATE nights SET morning_note = 1 WHERE sleep_quality IS NOT NULL
            OR bed_time IS NOT NULL OR wake_time IS NOT NULL OR awakenings IS NOT NULL
            OR morning_soreness IS NOT NULL OR stretched IS NOT NULL OR restless_legs IS NOT NULL
            OR habit_done IS NOT NULL OR notes <> '' OR night IN (SELECT night FROM night_factors)""",
    ),
    # v5: at most MAX_CRAMPS_PER_NIGHT cramps in one night (DESIGN.md section 3). Only new rows
    # are refused: a diary that already holds more in a night keeps every one of them (they
    # open, show and export); that night can be deleted or have cramps taken away, but saving
    # it with more than the cap is refused with a sentence naming the night.
    (*_CRAMP_CAP_TRIGGERS,),
    # v6: nothing the user did not say is stored as if they had: a cramp's side may be unknown,
    # and its area may be "foot" or "thigh" without the exact place. SQLite cannot change a
    # column's checks, so the cramps table is rebuilt (same columns and order) and the v5
    # triggers, dropped with the old table, are made again.
    (
        f"""CREATE TABLE cramps_v6 (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            area TEXT NOT NULL CHECK ({_in_list("area", _V6_AREAS)}),
            side TEXT CHECK (side IS NULL OR {_in_list("side", SIDES)}),
            severity INTEGER NOT NULL
                CHECK (typeof(severity) = 'integer' AND severity BETWEEN 1 AND 10),
            at TEXT CHECK (at IS NULL OR typeof(at) = 'text'),
            duration_min CHECK (duration_min IS NULL OR
                (typeof(duration_min) IN ('integer', 'real')
                 AND duration_min BETWEEN 0 AND {MAX_DURATION_MIN})),
            relief TEXT NOT NULL DEFAULT '',
            part_of_night TEXT
                CHECK (part_of_night IS NULL OR {_in_list("part_of_night", PARTS_OF_NIGHT)}),
            PRIMARY KEY (night, position)
        ) WITHOUT ROWID""",
        """INSERT INTO cramps_v6 (night, position, area, side, severity, at, duration_min,
            relief, part_of_night) SELECT night, position, area, side, severity, at,
            duration_min, relief, part_of_night FROM cramps""",
        "DROP TABLE cramps",
        "ALTER TABLE cramps_v6 RENAME TO cramps",
        *_CRAMP_CAP_TRIGGERS,
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)

_KNOWN_RELIEFS = frozenset(RELIEFS)


# --------------------------------------------------------------------------------------------
# File inspection: decide what is wrong with a file without writing a single byte to it.


def _open_error(kind: str, path: Path, sentence: str) -> DiaryOpenError:
    """One plain sentence (translated whole by the caller): what happened, where the file is,
    and that it was not changed."""
    return DiaryOpenError(kind, path, sentence)


def _user_can_write(path: Path) -> bool:
    """True when we may write ``path``; as root the permission bits still count as intent."""
    if not os.access(path, os.W_OK):
        return False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return True


def inspect_file(path: Path) -> None:
    """Raise DiaryOpenError when ``path`` is plainly not a healthy SQLite file (header checks).

    Only reads. Deeper damage is found later by ``PRAGMA quick_check``.
    """
    try:
        st = path.stat()
    except OSError as exc:
        raise _open_error(
            "unreadable",
            path,
            _("The diary at {path} could not be read ({reason}); it was left untouched.").format(
                path=path, reason=exc.strerror
            ),
        ) from exc
    if not stat.S_ISREG(st.st_mode):
        raise _open_error(
            "unreadable",
            path,
            _("The diary at {path} is not a regular file; it was left untouched.").format(
                path=path
            ),
        )
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        raise _open_error(
            "unreadable",
            path,
            _("The diary at {path} could not be read ({reason}); it was left untouched.").format(
                path=path, reason=exc.strerror
            ),
        ) from exc
    size = st.st_size
    if size == 0:
        raise _open_error(
            "truncated",
            path,
            _(
                "The diary at {path} is empty (0 bytes), so it was probably cut short; it was left untouched."
            ).format(path=path),
        )
    if not header.startswith(SQLITE_HEADER):
        if header.strip(b"\x00") == b"" and _all_zero(path):
            raise _open_error(
                "corrupt",
                path,
                _(
                    "The diary at {path} is damaged (it contains only zero bytes); it was left untouched."
                ).format(path=path),
            )
        raise _open_error(
            "not_sqlite",
            path,
            _(
                "The diary at {path} is not a diary file (it is not an SQLite database); it was left untouched."
            ).format(path=path),
        )
    if size < 100:
        raise _open_error(
            "truncated",
            path,
            _(
                "The diary at {path} is cut short (it ends inside its header); it was left untouched."
            ).format(path=path),
        )
    page_size = int.from_bytes(header[16:18], "big")
    if page_size == 1:
        page_size = 65536
    if page_size < 512 or page_size & (page_size - 1):
        raise _open_error(
            "corrupt",
            path,
            _(
                "The diary at {path} is damaged (its header is not valid); it was left untouched."
            ).format(path=path),
        )
    declared_pages = int.from_bytes(header[28:32], "big")
    declared_valid = header[24:28] == header[92:96] and declared_pages > 0
    wal = _sidecar(path, "-wal")
    wal_has_data = wal.exists() and wal.stat().st_size > 0
    if size % page_size:
        raise _open_error(
            "truncated",
            path,
            _(
                "The diary at {path} is cut short (it ends in the middle of a page); it was left untouched."
            ).format(path=path),
        )
    if declared_valid and size < declared_pages * page_size and not wal_has_data:
        raise _open_error(
            "truncated",
            path,
            _(
                "The diary at {path} is cut short (part of the file is missing); it was left untouched."
            ).format(path=path),
        )


def _all_zero(path: Path) -> bool:
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            if chunk.strip(b"\x00"):
                return False
    return True


def _sidecar(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _no_room(path: Path) -> bool:
    """True when the disk holding ``path`` has no free block left: SQLite reports a -shm or
    -wal it cannot grow as an I/O error, not as a full disk."""
    try:
        info = os.statvfs(path.parent)
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        return False
    return info.f_bavail == 0


def _classify(exc: sqlite3.Error, path: Path) -> DiaryOpenError | SaveFailed:
    text = str(exc).lower()
    code = getattr(exc, "sqlite_errorname", "") or ""
    if save_failure(exc) == "disk_full" or (code.startswith("SQLITE_IOERR") and _no_room(path)):
        return SaveFailed("disk_full", path)  # the diary is fine; there is no room to write
    if code == _ROLLBACK_NEEDED:  # a hot journal, seen through a read-only connection
        return _open_error(
            "unreadable",
            path,
            _(
                "The diary at {path} has a save that was cut off and must be rolled back first; open Bedtime Companion once to finish that (the diary was left untouched)."
            ).format(path=path),
        )
    if "not a database" in text or code == "SQLITE_NOTADB":
        return _open_error(
            "not_sqlite",
            path,
            _(
                "The diary at {path} is not a diary file (it is not an SQLite database); it was left untouched."
            ).format(path=path),
        )
    if "readonly" in text or "read-only" in text or code.startswith("SQLITE_READONLY"):
        return _open_error(
            "read_only",
            path,
            _(
                "The diary at {path} cannot be written (it or its folder is read-only); it was left untouched."
            ).format(path=path),
        )
    if "locked" in text or "busy" in text or code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return _open_error(
            "locked",
            path,
            _("The diary at {path} is in use by another program; it was left untouched.").format(
                path=path
            ),
        )
    if "unable to open" in text or code.startswith("SQLITE_CANTOPEN"):
        return _open_error(
            "unreadable",
            path,
            _("The diary at {path} could not be opened; it was left untouched.").format(path=path),
        )
    if code.startswith("SQLITE_IOERR") or "disk i/o" in text:
        return _open_error(
            "unreadable",
            path,
            _(
                "The diary at {path} could not be read (a disk error); it was left untouched."
            ).format(path=path),
        )
    return _open_error(
        "corrupt",
        path,
        _(
            "The diary at {path} is damaged (it failed its integrity check); it was left untouched."
        ).format(path=path),
    )


def _connect(path: Path, *, read_only: bool, immutable: bool = False) -> sqlite3.Connection:
    """A connection set up the one way this app uses SQLite (never creates a file).

    ``immutable`` (read-only only) tells SQLite nobody can change the file, so it reads it
    without the -shm a WAL diary otherwise needs: see :func:`_read_as_immutable`.
    """
    mode = "ro" if read_only else "rw"
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    if read_only and immutable:
        uri += "&immutable=1"
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _make_sidecars_private(path: Path) -> None:
    """SQLite creates -wal/-shm with the process umask, and a diary copied in from elsewhere may
    be world-readable; health data stays owner-only (in a shared folder too)."""
    for suffix in ("", "-wal", "-shm"):
        if _sidecar(path, suffix).exists():
            _make_private(_sidecar(path, suffix))


def _only_the_main_file(path: Path) -> bool:
    """True when everything committed is in ``path`` itself: no -wal with saves in it and no
    -journal to roll back (a diary closed cleanly)."""
    for suffix in ("-wal", "-journal"):
        try:
            if _sidecar(path, suffix).stat().st_size > 0:
                return False
        except OSError:
            continue
    return True


def _open_checked(path: Path, *, immutable: bool) -> tuple[sqlite3.Connection, int]:
    try:
        conn = _connect(path, read_only=True, immutable=immutable)
    except sqlite3.Error as exc:
        raise _classify(exc, path) from exc
    try:
        return conn, _check_health(conn, path)
    except BaseException:
        conn.close()
        raise


def _open_healthy_read_only(path: Path) -> tuple[sqlite3.Connection, int]:
    """A read-only connection to a file that passed the checks, with its schema version;
    DiaryOpenError (and nothing left open) otherwise.

    Works in a folder that cannot be written (chmod 500, a read-only mount): SQLite needs to
    create a -shm to read a WAL diary, which it cannot there, so a diary whose saves are all in
    its main file is read with ``immutable=1`` (no -shm). That is safe exactly then: nobody can
    change the file, since any writer must create a -wal or -journal in that folder.
    """
    inspect_file(path)
    whole = _only_the_main_file(path)
    folder_writable = _user_can_write(path.parent)
    try:
        return _open_checked(path, immutable=whole and not folder_writable)
    except DiaryOpenError as exc:
        if exc.kind not in ("read_only", "unreadable") or _needs_rollback(exc):
            raise
        if whole and folder_writable:
            # The permission bits allow writing but the folder still refused the -shm (an
            # immutable attribute, a read-only mount seen by root): read it the same way.
            try:
                return _open_checked(path, immutable=True)
            except DiaryOpenError:
                raise exc from None
        if not whole and not folder_writable:
            raise _open_error(
                "read_only",
                path,
                _(
                    "The diary at {path} is in a folder that cannot be written, and its last saves (in {file}) can only be read once that folder can be written again; it was left untouched."
                ).format(path=path, file=_sidecar(path, "-wal").name),
            ) from exc
        raise


def _check_health(conn: sqlite3.Connection, path: Path) -> int:
    """Quick integrity check and ownership check; return the schema version. Only reads."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    except sqlite3.Error as exc:
        raise _classify(exc, path) from exc
    if rows != [("ok",)]:
        raise _open_error(
            "corrupt",
            path,
            _(
                "The diary at {path} is damaged (it failed its integrity check); it was left untouched."
            ).format(path=path),
        )
    if app_id != APPLICATION_ID and (app_id != 0 or version != 0 or tables != 0):
        raise _open_error(
            "not_sqlite",
            path,
            _(
                "The diary at {path} is not a Bedtime Companion diary (it is another program's database); it was left untouched."
            ).format(path=path),
        )
    if version > SCHEMA_VERSION:
        raise _open_error(
            "newer_version",
            path,
            _(
                "The diary at {path} was written by a newer version of Bedtime Companion (diary format {version}, this version reads up to {known}); it was left untouched, so please update the app to open it."
            ).format(path=path, version=version, known=SCHEMA_VERSION),
        )
    return version


def _probe(path: Path) -> int:
    """Health-check ``path`` through a read-only connection; return its schema version.

    One exception: a rollback-mode file with a hot journal (a save cut off mid-way) must be
    rolled back before anyone can read it, which takes a writable connection. That is SQLite's
    own crash recovery and restores the last committed state; no -wal is involved.
    """
    try:
        probe = _connect(path, read_only=True)
        try:
            return _check_health(probe, path)
        finally:
            probe.close()
    except sqlite3.Error as exc:
        if getattr(exc, "sqlite_errorname", "") != _ROLLBACK_NEEDED:
            raise _classify(exc, path) from exc
    except DiaryOpenError as exc:
        if not _needs_rollback(exc):
            raise
    try:
        recover = _connect(path, read_only=False)
    except sqlite3.Error as exc:
        raise _classify(exc, path) from exc
    try:
        return _check_health(recover, path)
    finally:
        recover.close()


def _needs_rollback(exc: BaseException) -> bool:
    return getattr(exc.__cause__, "sqlite_errorname", "") == _ROLLBACK_NEEDED


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only; fail if it already exists."""
    os.close(open_private(path, os.O_WRONLY | os.O_EXCL))


def _build_new_diary(path: Path) -> None:
    """Build a complete empty diary beside ``path`` and move it into place in one step.

    A crash part-way leaves only a stray temp file, never a 0-byte ``diary.sqlite3`` that the
    next start would have to refuse as truncated. The caller holds the diary's lock.
    """
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
    for stale in (tmp, _sidecar(tmp, "-wal"), _sidecar(tmp, "-shm"), _sidecar(tmp, "-journal")):
        if stale.exists():
            stale.unlink()
    _create_private_file(tmp)
    try:
        conn = _connect(tmp, read_only=False)
        try:
            _migrate(conn, path, 0)  # any error names the diary, not the temp file
        finally:
            conn.close()  # checkpoints: everything is in the main file, WAL mode in its header
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def _make_private(path: Path) -> None:
    if os.name == "posix":
        try:
            os.chmod(path, FILE_MODE)
        except OSError:
            pass


# --------------------------------------------------------------------------------------------
# The advisory lock: one writer per diary.


class _DiaryLock:
    """An exclusive lock on ``<diary>.lock``; the OS releases it when the holder dies."""

    def __init__(self, diary: Path) -> None:
        # beside the real file: two folders whose diary.sqlite3 link to one file share one lock
        self.path = _sidecar(real_path(diary), ".lock")
        self._fd: int | None = None

    def acquire(self, diary: Path) -> None:
        try:
            fd = open_private(self.path, os.O_RDWR)
        except PermissionError as exc:
            raise _open_error(
                "read_only",
                diary,
                _(
                    "The diary at {path} cannot be written (its folder is read-only); it was left untouched."
                ).format(path=diary),
            ) from exc
        except OSError as exc:
            raise _open_error(
                "unreadable",
                diary,
                _(
                    "The diary at {path} could not be opened ({reason}); it was left untouched."
                ).format(path=diary, reason=exc.strerror),
            ) from exc
        try:
            _lock_fd(fd)
        except OSError as exc:
            os.close(fd)
            raise _open_error(
                "locked",
                diary,
                _(
                    "The diary at {path} is already open in another Bedtime Companion window or command; close that one first (the diary was left untouched)."
                ).format(path=diary),
            ) from exc
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass  # the pid is only a courtesy for people looking at the file
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            _unlock_fd(self._fd)
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None


# --------------------------------------------------------------------------------------------
# Row <-> object conversion. Objects are built by filling __dict__ directly: the values come
# from our own CHECKed tables, and this keeps loading ten years of nights well under 30 ms.

_new = object.__new__
_set = object.__setattr__
_parse = datetime.fromisoformat


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _tri(value: bool | None) -> int | None:
    return None if value is None else int(value)


_NIGHT_COLUMNS = (
    "night, bed_time, wake_time, sleep_quality, awakenings, morning_soreness, stretched, notes, "
    "restless_legs, habit_done"
)
_CRAMP_COLUMNS = "night, position, area, side, severity, at, duration_min, relief, part_of_night"
_CRAMP_READ = "night, area, side, severity, at, duration_min, relief, part_of_night"
# Below this span a query with no cache reads just those nights; wider ones load the whole
# diary once into the cache (Trends, stats and the report all ask for wide ranges).
_DIRECT_SPAN_DAYS = 62
# A write touching more nights than this (an import) drops the cache rather than re-reading.
_REFRESH_LIMIT = 64
_SESSION_COLUMNS = "routine, started_at, ended_at, completed, steps_done, steps_skipped"


def _night_key(value: date, name: str) -> str:
    """The stored key of a night; a datetime is refused (which night would 02:00 be?)."""
    if isinstance(value, datetime) or not isinstance(value, date):
        raise TypeError(f"{name} must be a date (the night's evening), not {type(value).__name__}")
    return value.isoformat()


def _range_clause(column: str, start: date | None, end: date | None) -> tuple[str, list[str]]:
    parts: list[str] = []
    params: list[str] = []
    if start is not None:
        parts.append(f"{column} >= ?")
        params.append(_night_key(start, "start"))
    if end is not None:
        parts.append(f"{column} <= ?")
        params.append(_night_key(end, "end"))
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


# --------------------------------------------------------------------------------------------


class Store:
    """The diary on disk. Open with :meth:`Store.open`; close when done (or use ``with``)."""

    path: Path

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        backups_dir: Path,
        lock: _DiaryLock | None,
        read_only: bool,
    ) -> None:
        self._conn: sqlite3.Connection | None = conn
        self.path = path
        self.backups_dir = backups_dir
        self.read_only = read_only
        self._lock = lock
        self._mutex = threading.RLock()
        self.last_backup_error: str | None = None
        # Every night, as returned, once a wide range was asked for. Safe because a writable
        # store holds the diary's exclusive lock: nothing else can change the file under us.
        # Read-only stores never cache (the app may be writing at the same time).
        self._cache: dict[str, Night] | None = None
        self._cache_keys: list[str] = []
        self._listeners: list[DiaryListener] = []
        if lock is not None and not read_only:
            remove_partial_backups(backups_dir)

    # ---- opening and closing -------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        backups_dir: Path | None = None,
        read_only: bool = False,
        start_fresh: bool = False,
    ) -> Store:
        """Open (or, when missing and writable, create) the diary at ``path``.

        Raises DiaryOpenError and leaves the file exactly as it was when it is damaged, not a
        diary, from a newer version, read-only, unreadable or open in another instance.
        A read-only open of a diary that does not exist yet gives an empty diary in memory.
        A writable open first finishes or undoes an interrupted backup restore (callers that
        want to tell the user call :func:`finish_interrupted_restore` themselves first), and
        never creates an empty diary while a restore's side files say the real one exists;
        ``start_fresh`` (the user chose to begin again) allows that.
        """
        path = Path(path)
        backups = Path(backups_dir) if backups_dir is not None else path.parent / "backups"
        if read_only:
            if not (path.exists() or path.is_symlink()) and _restore_pending(path):
                raise _missing_during_restore(path)
            return cls._open_read_only(path, backups)
        notice = finish_interrupted_restore(path, revive_missing=not start_fresh)
        if notice:
            _log.warning("%s", notice)
        if path.exists() or path.is_symlink():
            inspect_file(path)
            if not _user_can_write(path) or not _user_can_write(path.parent):
                raise _open_error(
                    "read_only",
                    path,
                    _(
                        "The diary at {path} cannot be written (it or its folder is read-only); it was left untouched."
                    ).format(path=path),
                )
            lock = _DiaryLock(path)
            lock.acquire(path)
            try:
                # Judge the file through a read-only connection: closing a writable one would
                # checkpoint a leftover -wal into a file we are about to call damaged.
                version = _probe(path)
                conn = _connect(path, read_only=False)
            except sqlite3.Error as exc:
                lock.release()
                raise _classify(exc, path) from exc
            except BaseException:
                lock.release()
                raise
            try:
                _migrate(conn, path, version)
            except BaseException:
                conn.close()
                lock.release()
                raise
            _make_sidecars_private(path)
            return cls(conn, path, backups, lock, read_only=False)
        if not start_fresh and _restore_pending(path):
            raise _missing_during_restore(path)
        return cls._create(path, backups, start_fresh=start_fresh)

    @classmethod
    def _create(cls, path: Path, backups: Path, *, start_fresh: bool = False) -> Store:
        folder = path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise _open_error(
                "read_only",
                path,
                _(
                    "The diary at {path} could not be created ({reason}); it was left untouched."
                ).format(path=path, reason=exc.strerror),
            ) from exc
        if not _user_can_write(folder):
            raise _open_error(
                "read_only",
                path,
                _(
                    "The diary at {path} could not be created (its folder is read-only); it was left untouched."
                ).format(path=path),
            )
        lock = _DiaryLock(path)
        lock.acquire(path)
        try:
            if path.exists() or path.is_symlink():
                # Another process created it between our check and our lock: open it normally.
                lock.release()
                return cls.open(path, backups_dir=backups)
            if not start_fresh and _restore_pending(path):
                raise _missing_during_restore(path)  # a restore started meanwhile was cut off
            # A -wal left with no diary holds another file's saves: replayed onto the new
            # diary it would mix the two. It is kept under its own name instead.
            _move_orphan_sidecars(path, datetime.now().strftime("%Y%m%d-%H%M%S"))
            _build_new_diary(path)
            conn = _connect(path, read_only=False)
            try:
                _migrate(conn, path, SCHEMA_VERSION)
            except BaseException:
                conn.close()
                raise
        except sqlite3.Error as exc:
            lock.release()
            raise _classify(exc, path) from exc
        except SaveFailed:
            lock.release()
            raise
        except OSError as exc:
            lock.release()
            if save_failure(exc) == "disk_full":
                raise SaveFailed("disk_full", path) from exc
            raise _open_error(
                "unreadable",
                path,
                _(
                    "The diary at {path} could not be created ({reason}); it was left untouched."
                ).format(path=path, reason=exc.strerror or exc),
            ) from exc
        except BaseException:
            lock.release()
            raise
        _make_sidecars_private(path)
        return cls(conn, path, backups, lock, read_only=False)

    @classmethod
    def _open_read_only(cls, path: Path, backups: Path) -> Store:
        if not (path.exists() or path.is_symlink()):
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            _migrate(conn, path, 0, in_memory=True)
            return cls(conn, path, backups, None, read_only=True)
        conn, version = _open_healthy_read_only(path)
        if version < SCHEMA_VERSION:
            # An older diary: read it through an upgraded copy in memory, leaving the file as is.
            memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            try:
                conn.backup(memory)
            finally:
                conn.close()
            memory.execute("PRAGMA foreign_keys = ON")
            _migrate(memory, path, version, in_memory=True)
            conn = memory
        return cls(conn, path, backups, None, read_only=True)

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL) and release the lock."""
        with self._mutex:
            if self._conn is not None:
                try:
                    if not self.read_only:
                        try:
                            self._conn.execute("PRAGMA optimize")
                        except sqlite3.Error:
                            pass
                    self._conn.close()
                finally:
                    self._conn = None
                    if self._lock is not None:
                        self._lock.release()
                        self._lock = None

    @property
    def closed(self) -> bool:
        return self._conn is None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten close still frees the lock
        try:
            self.close()
        except Exception:  # never raise from a finaliser; keep the reason in errors.log
            _log.warning("a diary left open could not be closed", exc_info=True)

    # ---- change listeners ----------------------------------------------------------------

    def add_listener(self, listener: DiaryListener) -> None:
        """Call ``listener(nights)`` after every commit, with the nights it changed (an empty
        set when only something else changed, such as an experiment)."""
        self._listeners.append(listener)

    def remove_listener(self, listener: DiaryListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _announce(self, touched: set[str]) -> None:
        nights = frozenset(date.fromisoformat(key) for key in touched)
        for listener in list(self._listeners):
            try:
                listener(nights)
            except Exception:
                # The save is durable; a listener that failed must not make it look failed.
                _log.exception("a diary listener failed after a save")

    # ---- plumbing ------------------------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            # Translators: the reason after "The report could not be made: …"
            raise DiaryClosed(_("the diary is closed"))
        return self._conn

    @contextmanager
    def _query(self) -> Iterator[sqlite3.Connection]:
        """The connection for one read, under the lock; SQLite's errors leave as DiaryError."""
        with self._mutex, _as_diary_error():
            yield self._db

    @contextmanager
    def _write(self) -> Iterator[tuple[sqlite3.Connection, set[str]]]:
        """One durable transaction: everything inside commits together or not at all.

        The body adds the nights it changed to the yielded set; once committed, the cache
        re-reads exactly those and the listeners are told (outside the lock).
        """
        if self.read_only:
            raise _open_error(
                "read_only",
                self.path,
                _(
                    "The diary at {path} was opened read-only, so nothing can be saved to it; it was left untouched."
                ).format(path=self.path),
            )
        with self._mutex:
            conn = self._db
            touched: set[str] = set()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn, touched
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # SQLite already rolled back; the first error is the one to report
                if touched:
                    self._drop_cache()
                reason = save_failure(exc)
                if reason and not isinstance(exc, SaveFailed):
                    raise SaveFailed(reason, self.path) from exc  # "could not save", nothing did
                if isinstance(exc, sqlite3.Error):
                    raise DiaryError(str(exc)) from exc
                raise
            try:
                self._refresh(conn, touched)
            except sqlite3.Error:
                # The save is committed; only re-reading failed. Never report a durable save
                # as failed: forget the cache and let the next read go to the file.
                self._drop_cache()
        self._announce(touched)

    def _drop_cache(self) -> None:
        self._cache = None
        self._cache_keys = []

    def _refresh(self, conn: sqlite3.Connection, touched: set[str]) -> None:
        if self._cache is None or not touched:
            return
        if len(touched) > _REFRESH_LIMIT:
            self._drop_cache()
            return
        cache = self._cache
        keys = self._cache_keys
        for key in touched:
            day = date.fromisoformat(key)
            found = _load_nights(conn, day, day)
            had = key in cache
            if found:
                cache[key] = found[0]
                if not had:
                    insort(keys, key)
            elif had:
                del cache[key]
                keys.pop(bisect_left(keys, key))

    def _fill_cache(self) -> None:
        with self._read() as conn:
            loaded = _load_nights(conn, None, None)
        self._cache = {n.night.isoformat(): n for n in loaded}
        self._cache_keys = list(self._cache)

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot across the several queries that build nights."""
        with self._mutex, _as_diary_error():
            conn = self._db
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    # ---- nights --------------------------------------------------------------------------

    def save_night(self, night: Night, *, morning_note: bool | None = None) -> None:
        """Validate, then replace that night and all its cramps in one durable transaction.

        ``morning_note=True`` marks the night's morning note as saved; None keeps the mark as it
        was (a new night starts without one), so logging a cramp in the night never counts as
        having written the note.
        """
        validate_night(night)
        with self._write() as (conn, touched):
            _write_night(conn, night, morning_note)
            touched.add(night.night.isoformat())

    def has_morning_note(self, night: date) -> bool:
        """Whether the morning note for ``night`` was saved (not merely a cramp logged)."""
        with self._query() as db:
            row = db.execute(
                "SELECT morning_note FROM nights WHERE night = ?", (_night_key(night, "night"),)
            ).fetchone()
        return bool(row and row[0])

    def get_night(self, night: date) -> Night | None:
        with self._mutex:
            if self._cache is not None:
                return self._cache.get(_night_key(night, "night"))
        found = self.nights(night, night)
        return found[0] if found else None

    def delete_night(self, night: date) -> Night | None:
        """Delete a night and its cramps; return what was deleted so the caller can undo."""
        with self._write() as (conn, touched):
            # The stored values (not the derived "stretched"), so save_night(it) undoes exactly.
            existing = _load_nights(conn, night, night, derive_stretched=False)
            if not existing:
                return None
            conn.execute("DELETE FROM nights WHERE night = ?", (night.isoformat(),))
            touched.add(night.isoformat())
        return existing[0]

    def nights(self, start: date | None = None, end: date | None = None) -> list[Night]:
        """Nights with a record from ``start`` to ``end`` inclusive, oldest first."""
        with self._mutex:
            if self._cache is None:
                narrow = (
                    start is not None and end is not None and (end - start).days < _DIRECT_SPAN_DAYS
                )
                if self.read_only or narrow:
                    with self._read() as conn:
                        return _load_nights(conn, start, end)
                self._fill_cache()
            cache = self._cache
            keys = self._cache_keys
            assert cache is not None
            lo = bisect_left(keys, _night_key(start, "start")) if start is not None else 0
            hi = bisect_right(keys, _night_key(end, "end")) if end is not None else len(keys)
            return [cache[k] for k in keys[lo:hi]]

    def add_cramp(self, cramp: Cramp, *, lasted_s: float | None = None) -> Night:
        """Append a timed cramp to the night it belongs to, creating the night if needed.

        ``lasted_s``: how long a cramp timed as it happened (Cramp now) lasted. Its duration is
        then that time capped at MAX_DURATION_MIN, and a long one flags the night long_cramp, in
        the same transaction as the cramp, so the diary never holds one without the other.
        """
        if cramp.at is None:
            raise ValidationError("at", _("a cramp logged as it happens needs its time"))
        key = night_of(cramp.at)
        if lasted_s is not None:
            cramp = replace(cramp, duration_min=timed_duration_min(lasted_s))
        with self._write() as (conn, touched):
            found = _load_nights(conn, key, key, derive_stretched=False)
            base = found[0] if found else Night(night=key)
            updated = base.with_cramp(cramp)
            if (
                lasted_s is not None
                and is_long_cramp(lasted_s)
                and "long_cramp" not in updated.red_flags
            ):
                updated = replace(updated, red_flags=updated.red_flags + ("long_cramp",))
            validate_night(updated)
            _write_night(conn, updated)
            touched.add(key.isoformat())
            result = _load_nights(conn, key, key)[0]
        return result

    def is_empty(self) -> bool:
        with self._query() as db:
            row = db.execute(
                "SELECT EXISTS (SELECT 1 FROM nights) OR EXISTS (SELECT 1 FROM routine_sessions) "
                "OR EXISTS (SELECT 1 FROM experiments)"
            ).fetchone()
        return not row[0]

    def custom_factors(self) -> list[str]:
        """Factor labels the user typed themselves (not built-in), for quick-pick chips."""
        with self._query() as db:
            rows = db.execute("SELECT DISTINCT label FROM night_factors").fetchall()
        builtin = set(BUILTIN_FACTORS)
        labels = [r[0] for r in rows if r[0] not in builtin]
        return sorted(labels, key=lambda s: (s.casefold(), s))

    # ---- routine sessions ----------------------------------------------------------------

    def record_routine_session(self, session: RoutineSession) -> None:
        """Store a finished (or abandoned) routine; recording the same start again updates it."""
        validate_routine_session(session)
        with self._write() as (conn, touched):
            _write_session(conn, session, update=True)
            touched.add(session.night.isoformat())

    def routine_sessions(
        self, start: date | None = None, end: date | None = None
    ) -> list[RoutineSession]:
        where, params = _range_clause("night", start, end)
        with self._query() as db:
            rows = db.execute(
                f"SELECT {_SESSION_COLUMNS} FROM routine_sessions{where} ORDER BY started_at, id",
                params,
            ).fetchall()
        sessions = [
            RoutineSession(
                routine=r[0],
                started_at=_parse(r[1]),
                ended_at=_parse(r[2]),
                completed=bool(r[3]),
                steps_done=r[4],
                steps_skipped=r[5],
            )
            for r in rows
        ]
        # ISO text sorts by local clock; order by the real instant so DST and travel stay right.
        sessions.sort(key=lambda s: s.started_at)
        return sessions

    # ---- the personal experiment ---------------------------------------------------------

    def save_experiment(self, plan: Plan) -> None:
        """Store a plan as made; one with the same start night is replaced."""
        _check_plan(plan)
        with self._write() as (conn, _touched):
            _write_experiment(conn, plan)

    def experiments(self) -> list[Plan]:
        """Every experiment, oldest start first."""
        with self._query() as db:
            rows = db.execute(
                f"SELECT {_EXPERIMENT_COLUMNS} FROM experiments ORDER BY start"
            ).fetchall()
        if not rows:
            return []  # most diaries: the analysis module need not load at start-up
        from companion.core.experiment import Plan

        return [
            Plan(
                question=r[1],
                label=r[2],
                start=date.fromisoformat(r[0]),
                run_in_nights=r[3],
                pairs=r[4],
                block_nights=r[5],
                washout_nights=r[6],
                order=tuple(r[7].split(",")),
                stopped_on=None if r[8] is None else date.fromisoformat(r[8]),
            )
            for r in rows
        ]

    def stop_experiment(self, start: date, stopped_on: date) -> None:
        """Mark the experiment that started on ``start`` as stopped on night ``stopped_on``."""
        with self._write() as (conn, _touched):
            cursor = conn.execute(
                "UPDATE experiments SET stopped_on = ? WHERE start = ?",
                (_night_key(stopped_on, "stopped_on"), _night_key(start, "start")),
            )
            if cursor.rowcount != 1:
                raise ValidationError("start", _("no experiment started on that night"))

    # ---- import --------------------------------------------------------------------------

    def merge_import(
        self,
        nights: list[Night],
        sessions: list[RoutineSession],
        experiments: Iterable[Plan] = (),
    ) -> None:
        """Merge an import into the diary in one transaction: each imported night replaces the
        stored night of that date, nights the import does not name are kept, sessions are added;
        any invalid value means nothing is written.

        An imported experiment replaces the stored one with the same start night.
        """
        plans = list(experiments)
        if plans:
            from companion.core.experiment import Plan
        for plan in plans:
            if not isinstance(plan, Plan):
                raise ValidationError("experiments", _("must be an experiment plan"))
            _check_plan(plan)
        seen: set[date] = set()
        for record in nights:
            if not isinstance(record, Night):
                raise ValidationError("night", _("must be a night record"))
            validate_night(record)
            if record.night in seen:
                raise ValidationError(
                    "night", _("appears more than once in the import"), record.night
                )
            seen.add(record.night)
        for session in sessions:
            if not isinstance(session, RoutineSession):
                raise ValidationError("routine_sessions", _("must be a routine session"))
            validate_routine_session(session)
        with self._write() as (conn, touched):
            for record in nights:
                _write_night(conn, record, has_morning_answers(record))
                touched.add(record.night.isoformat())
            for session in sessions:
                _write_session(conn, session, update=False)
                touched.add(session.night.isoformat())
            for plan in plans:
                _write_experiment(conn, plan)

    # ---- backups -------------------------------------------------------------------------

    def backups(self) -> list[Path]:
        """Automatic backups, newest (most recently written) first."""
        return list_backups(self.backups_dir)

    def backup_if_due(self, now: datetime | None = None) -> Path | None:
        """Back the diary up once per calendar day and keep the BACKUP_KEEP (14) written last.

        Due when no backup was written today by the clock, judged on the newest backup by the
        order they were written in (its sequence number), not on file names: after a day with
        the clock at 2099 the next real day still gets its backup, and the 2099 copy ages out
        like any other. Returns the new backup, or None when it is not due or the diary is
        empty (an empty backup would only push a useful one out of the fourteen). A backup
        that cannot be written (full disk, read-only folder) never stops the diary from
        working: it returns None, logs a warning and leaves the reason in
        ``last_backup_error`` for the app to show.
        """
        if self.read_only or self.is_empty():
            return None
        moment = now or datetime.now().astimezone()
        today = moment.date()
        known = backup_infos(self.backups_dir)
        if known and known[0].written_on == today:
            return None
        target = self.backups_dir / f"diary-{today.isoformat()}.sqlite3"
        n = 1
        while target.exists() or target.is_symlink():
            n += 1
            target = self.backups_dir / f"diary-{today.isoformat()}-{n}.sqlite3"
        sequence = 1 + max((b.sequence for b in known), default=0)
        tmp = self.backups_dir / f".{target.name}.partial-{os.getpid()}"
        try:
            self.backups_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            if tmp.exists():
                tmp.unlink()
            with self._mutex:
                _backup_into(
                    self._db,
                    tmp,
                    meta={
                        BACKUP_SEQUENCE_KEY: str(sequence),
                        BACKUP_WRITTEN_KEY: moment.isoformat(timespec="seconds"),
                    },
                )
            os.replace(tmp, target)
            _fsync_dir(self.backups_dir)
        except (OSError, sqlite3.Error) as exc:
            self.last_backup_error = f"The daily backup could not be written to {target} ({exc})."
            _log.warning("%s", self.last_backup_error)
            try:
                if tmp.exists():
                    tmp.unlink()
            except OSError:
                pass
            return None
        self.last_backup_error = None
        for old in self.backups()[BACKUP_KEEP:]:
            try:
                old.unlink()
            except OSError:
                pass
        return target


@dataclass(frozen=True)
class BackupInfo:
    """What the user needs to choose a backup: when it was written and what it holds."""

    path: Path
    sequence: int  # the order backups were written in; 0 for one made by an older version
    written_at: datetime | None  # as the clock said when it was written
    nights: int | None  # None when the file cannot be read (a damaged backup)
    last_night: date | None

    @property
    def written_on(self) -> date | None:
        return None if self.written_at is None else self.written_at.date()

    @property
    def readable(self) -> bool:
        return self.nights is not None


def read_backup_info(path: Path) -> BackupInfo:
    """Read a backup's sequence, write time and number of nights (only reads, never raises).

    A backup made before sequence numbers has sequence 0 and its file's modification time;
    an unreadable one has sequence -1, so it sorts after every usable copy.
    """
    path = Path(path)
    try:
        st = path.stat()
        mtime: datetime | None = datetime.fromtimestamp(st.st_mtime).astimezone()
    except (OSError, OverflowError, ValueError):
        mtime = None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return BackupInfo(path, -1, mtime, None, None)
    try:
        meta = dict(
            conn.execute(
                "SELECT key, value FROM meta WHERE key IN (?, ?)",
                (BACKUP_SEQUENCE_KEY, BACKUP_WRITTEN_KEY),
            ).fetchall()
        )
        nights, last = conn.execute("SELECT count(*), max(night) FROM nights").fetchone()
    except sqlite3.Error:
        return BackupInfo(path, -1, mtime, None, None)
    finally:
        conn.close()
    try:
        sequence = int(meta.get(BACKUP_SEQUENCE_KEY, 0))
        written = meta.get(BACKUP_WRITTEN_KEY)
        written_at = datetime.fromisoformat(written) if written else mtime
        last_night = date.fromisoformat(last) if last else None
    except (TypeError, ValueError):
        sequence, written_at, last_night = 0, mtime, None
    return BackupInfo(path, sequence, written_at, int(nights), last_night)


def backup_infos(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, most recently written first (by sequence number; copies made
    by an older version come after, by their files' modification time)."""
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    found = [
        read_backup_info(p)
        for p in entries
        if BACKUP_PATTERN.match(p.name) and p.is_file() and not p.is_symlink()
    ]

    def order(info: BackupInfo) -> tuple[int, float, str]:
        try:
            mtime = info.path.stat().st_mtime
        except OSError:
            mtime = 0.0
        return (info.sequence, mtime, info.path.name)

    return sorted(found, key=order, reverse=True)


def remove_partial_backups(folder: Path) -> list[Path]:
    """Delete what a backup killed part-way left in ``folder``; return what was removed.

    Only files named as this app names a backup being written (PARTIAL_BACKUP_PATTERN), and
    only another process's: the caller holds the diary's lock, and backups are written only
    under that lock, so a partial file of any other PID (dead, or a PID since reused) is stale.
    """
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    removed = []
    for name in names:
        match = PARTIAL_BACKUP_PATTERN.match(name)
        if match is None or int(match.group(1)) == os.getpid():
            continue
        path = folder / name
        try:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
        except OSError as exc:
            _log.warning("a leftover partial backup %s could not be removed: %s", path, exc)
    return removed


def list_backups(folder: Path) -> list[Path]:
    """Backups in ``folder``, most recently written first (see :func:`backup_infos`)."""
    return [info.path for info in backup_infos(folder)]


def _backup_into(
    source: sqlite3.Connection, target: Path, meta: dict[str, str] | None = None
) -> None:
    """Copy a live diary page by page with SQLite's backup API into a fresh private file.

    ``meta`` is written into the copy's meta table (a backup's sequence and write time);
    without it those keys are removed, so a restored diary does not pose as a backup.
    """
    _create_private_file(target)
    dest = sqlite3.connect(str(target), isolation_level=None)
    try:
        source.backup(dest)
        if meta:
            dest.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(meta.items())
            )
        elif dest.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'"
        ).fetchone():
            dest.execute(
                "DELETE FROM meta WHERE key IN (?, ?)", (BACKUP_SEQUENCE_KEY, BACKUP_WRITTEN_KEY)
            )
        # A stand-alone copy in rollback mode opens anywhere, even read-only, with no -wal/-shm.
        dest.execute("PRAGMA journal_mode = DELETE")
        dest.execute("PRAGMA synchronous = FULL")
    finally:
        dest.close()
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())


def _free_aside_name(diary: Path, stamp: str, marker: str = _BEFORE_RESTORE) -> Path:
    """``<diary><marker><stamp>[-n]``: a name nothing uses yet (nothing is overwritten)."""
    aside = diary.with_name(f"{diary.name}{marker}{stamp}")
    n = 1
    while aside.exists() or aside.is_symlink():
        n += 1
        aside = diary.with_name(f"{diary.name}{marker}{stamp}-{n}")
    return aside


def set_aside_damaged(diary: Path, now: datetime | None = None) -> Path:
    """Rename a damaged diary and its -wal/-shm/-journal out of the way, to
    ``<diary>.damaged-<stamp>[-n]``, so a fresh diary can start; nothing is deleted or
    overwritten. The companions move first: a -wal never meets another file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = _free_aside_name(diary, stamp, _DAMAGED)
    _move_sidecars(diary, target)
    os.replace(diary, target)
    _fsync_dir(diary.parent)
    return target


def _move_sidecars(diary: Path, target: Path) -> None:
    """Move ``diary``'s -wal/-shm/-journal to ``target``'s names: committed saves in a -wal
    belong to the file they were written for and must never meet another file."""
    for suffix in _SIDECARS:
        side = _sidecar(diary, suffix)
        if side.exists():
            os.replace(side, _sidecar(target, suffix))


def restore_backup(
    backup: Path,
    diary: Path,
    *,
    now: datetime | None = None,
    _step: Callable[[str], None] | None = None,
) -> Path | None:
    """Put ``backup`` in place of ``diary`` (see :func:`_restore_backup`); SQLite's own errors
    while copying leave as the core's DiaryError."""
    with _as_diary_error():
        return _restore_backup(backup, diary, now=now, _step=_step)


def _restore_backup(
    backup: Path,
    diary: Path,
    *,
    now: datetime | None = None,
    _step: Callable[[str], None] | None = None,
) -> Path | None:
    """Put ``backup`` in place of ``diary``; the current diary is set aside, never deleted.

    Crash-safe at every instant (DESIGN.md section 6):
    1. the copy is built beside the diary as ``.<diary>.restoring-<pid>``, fsynced, then
       renamed to ``<diary>.restoring`` (so that name always means a complete copy);
    2. the current diary gets a second name, ``<diary>.before-restore-<stamp>`` (a hard link,
       so ``diary`` never goes missing), and its -wal/-shm move to that name (without hard
       links: the -wal/-shm move first, then the diary is renamed);
    3. one atomic rename puts ``<diary>.restoring`` over ``diary``; the folder is fsynced.
    A kill anywhere leaves a state :func:`finish_interrupted_restore` finishes or undoes.

    The backup is checked first (a damaged backup raises DiaryOpenError and changes nothing).
    Close any Store on ``diary`` before calling: an open one makes this raise ``locked``.
    Returns where the previous diary now is, or None when there was no diary to set aside.
    ``_step`` is called with the name of each step before it runs (tests inject crashes).
    """
    step = _step or (lambda _name: None)
    backup = Path(backup)
    diary = Path(diary)
    src, _version = _open_healthy_read_only(backup)
    try:
        diary.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = _DiaryLock(diary)
        lock.acquire(diary)
        try:
            # An earlier interrupted restore is finished first; the user asked for this backup,
            # so a missing diary is not revived from a side file only to be set aside again.
            _finish_restore_locked(diary, revive_missing=False)
            stamp = (now or datetime.now().astimezone()).strftime("%Y%m%d-%H%M%S")
            aside = _restore_locked(src, diary, stamp, step)
        finally:
            lock.release()
    finally:
        src.close()
    return aside


def _restore_locked(
    src: sqlite3.Connection, diary: Path, stamp: str, step: Callable[[str], None]
) -> Path | None:
    """The steps of :func:`restore_backup` under the diary's lock. An error part-way (a full
    disk, a refused rename) undoes what was done, so the diary is as it was; only a crash can
    leave the steps half done, for :func:`finish_interrupted_restore`."""
    ready = _restoring_name(diary)
    partial = diary.with_name(f".{diary.name}.restoring-{os.getpid()}")
    aside: Path | None = None
    linked = False
    try:
        _remove_with_sidecars(partial)
        step("copy")
        _backup_into(src, partial)
        step("copied")
        os.replace(partial, ready)
        _fsync_dir(diary.parent)
        if diary.exists() or diary.is_symlink():
            aside = _free_aside_name(diary, stamp)
            step("keep")
            try:
                # A second name for the same file: ``diary`` never goes missing.
                os.link(diary, aside, follow_symlinks=False)
                linked = True
            except (OSError, NotImplementedError):
                linked = False  # no hard links here (FAT, some network shares)
            if linked:
                _fsync_dir(diary.parent)
                step("sidecars")
                _move_sidecars(diary, aside)
            else:
                step("sidecars")
                _move_sidecars(diary, aside)
                step("set-aside")
                os.replace(diary, aside)
            _fsync_dir(diary.parent)
        else:
            _move_orphan_sidecars(diary, stamp)
        step("swap")
        os.replace(ready, diary)
    except BaseException:
        _undo_restore(diary, ready, partial, aside, linked)
        raise
    _fsync_dir(diary.parent)
    step("done")
    return aside


def _undo_restore(
    diary: Path, ready: Path, partial: Path, aside: Path | None, linked: bool
) -> None:
    """Put the diary back as it was before an unfinished restore; best effort, never raises
    (what cannot be undone here is finished or undone at the next start)."""
    try:
        if aside is not None and (aside.exists() or aside.is_symlink()):
            if not linked and not (diary.exists() or diary.is_symlink()):
                os.replace(aside, diary)
            for suffix in _SIDECARS:
                side = _sidecar(aside, suffix)
                if side.exists() and not _sidecar(diary, suffix).exists():
                    os.replace(side, _sidecar(diary, suffix))
            if linked and _same_file_as(diary, [aside]) is not None:
                aside.unlink()  # only a second name of the diary
        elif aside is not None:
            for side, suffix in _stranded_sidecars(diary):
                if not _sidecar(diary, suffix).exists():
                    os.replace(side, _sidecar(diary, suffix))
        _remove_with_sidecars(ready)
        _remove_with_sidecars(partial)
        _fsync_dir(diary.parent)
    except OSError as exc:
        _log.warning("an unfinished restore could not be undone yet: %s", exc)


def _remove_with_sidecars(path: Path) -> None:
    for stale in (path, *(_sidecar(path, s) for s in _SIDECARS)):
        if stale.exists():
            stale.unlink()


def _restoring_name(diary: Path) -> Path:
    return diary.with_name(diary.name + _RESTORING)


def _move_orphan_sidecars(diary: Path, stamp: str) -> None:
    """-wal/-shm with no diary beside them are kept under their own name, never replayed."""
    for suffix in _SIDECARS:
        side = _sidecar(diary, suffix)
        if side.exists():
            os.replace(side, diary.with_name(f"{diary.name}.orphan-{stamp}{suffix}"))


def _restore_leftovers(diary: Path) -> tuple[Path | None, list[Path], list[Path]]:
    """What a restore may have left beside ``diary``: the complete copy (or None), partial
    copies, and the side files of earlier diaries (``before-restore-…``). Only lists."""
    try:
        names = os.listdir(diary.parent)
    except OSError:
        return None, [], []
    ready_name = diary.name + _RESTORING
    partial = re.compile(re.escape(f".{diary.name}.restoring-") + r"\d+$")
    aside = re.compile(re.escape(diary.name + _BEFORE_RESTORE) + r"\d{8}-\d{6}(-\d+)?$")
    ready = diary.with_name(ready_name) if ready_name in names else None
    partials = [diary.with_name(n) for n in names if partial.match(n)]
    asides = [diary.with_name(n) for n in names if aside.match(n)]
    return ready, partials, asides


def _missing_during_restore(diary: Path) -> DiaryOpenError:
    return _open_error(
        "unreadable",
        diary,
        _(
            "The diary at {path} is missing, and a backup restore that was cut off left its files beside it; nothing was changed or created; open Bedtime Companion with write access to that folder to finish the restore."
        ).format(path=diary),
    )


def _stranded_sidecars(diary: Path) -> list[tuple[Path, str]]:
    """-wal/-shm/-journal already moved to a side name whose file never came (a restore cut
    off between its steps where there are no hard links), with their suffix."""
    try:
        names = set(os.listdir(diary.parent))
    except OSError:
        return []
    prefix = diary.name + _BEFORE_RESTORE
    found = []
    for name in names:
        for suffix in _SIDECARS:
            if name.startswith(prefix) and name.endswith(suffix):
                if name.removesuffix(suffix) not in names:
                    found.append((diary.with_name(name), suffix))
    return found


def _restore_pending(diary: Path) -> bool:
    """True when a restore was cut off: a copy or a partial copy is left, or the diary is
    missing while a side file of an earlier diary exists."""
    ready, partials, asides = _restore_leftovers(diary)
    if ready is not None or partials:
        return True
    return bool(asides) and not (diary.exists() or diary.is_symlink())


def finish_interrupted_restore(diary: Path, *, revive_missing: bool = True) -> str | None:
    """Finish or undo a backup restore that was cut off (a crash, a kill, a power cut).

    Call before opening the diary; the app and the command line both do. Returns one sentence
    for the user saying what was done and where their data is, or None when nothing was
    pending (the usual case: one directory listing). When a restore is running right now in
    another process (it holds the diary's lock) this leaves everything to it and returns None.
    ``revive_missing=False`` (the user chose to begin again) leaves side files of earlier
    diaries alone instead of putting the newest back when the diary is missing.
    """
    diary = Path(diary)
    if not _restore_pending(diary):
        return None
    lock = _DiaryLock(diary)
    try:
        lock.acquire(diary)
    except DiaryOpenError as exc:
        if exc.kind == "locked":
            return None
        return (
            f"A backup restore was interrupted and could not be finished ({exc}); every file is "
            f"still in {diary.parent}."
        )
    try:
        return _finish_restore_locked(diary, revive_missing=revive_missing)
    except OSError as exc:
        return (
            f"A backup restore was interrupted and could not be finished "
            f"({exc.strerror or exc}); every file is still in {diary.parent}."
        )
    finally:
        lock.release()


def _finish_restore_locked(diary: Path, *, revive_missing: bool = True) -> str | None:
    """The repair itself; the caller holds the diary's lock, so no restore is running."""
    ready, partials, asides = _restore_leftovers(diary)
    for stale in partials:  # a copy cut off before it was complete: only a copy of a backup
        _remove_with_sidecars(stale)
    have_diary = diary.exists() or diary.is_symlink()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    if ready is not None:
        mine = _same_file_as(diary, asides) if have_diary else None
        if have_diary and mine is None:
            # Cut off before the diary was set aside: it is as it was once any -wal/-shm already
            # moved to a side name (whose file never came) is back with it. Drop the copy.
            for side, suffix in _stranded_sidecars(diary):
                if not _sidecar(diary, suffix).exists():
                    os.replace(side, _sidecar(diary, suffix))
            _remove_with_sidecars(ready)
            _fsync_dir(diary.parent)
            return (
                "A backup restore was interrupted before it changed anything; your diary at "
                f"{diary} is as it was."
            )
        if mine is not None:
            _move_sidecars(diary, mine)
        else:
            _move_orphan_sidecars(diary, stamp)
        os.replace(ready, diary)
        _fsync_dir(diary.parent)
        kept = f" Your previous diary is kept at {mine}." if mine is not None else ""
        return f"A backup restore was interrupted; it has now been finished at {diary}.{kept}"
    if partials:
        _fsync_dir(diary.parent)
    if have_diary or not asides or not revive_missing:
        if not partials:
            return None
        if not have_diary:
            return (
                "A backup restore was interrupted before it finished; nothing was changed in "
                f"{diary.parent}."
            )
        return (
            "A backup restore was interrupted before it changed anything; your diary at "
            f"{diary} is as it was."
        )
    # The diary is missing but an earlier one was set aside (a restore by an older version cut
    # off between its two steps): put the most recently set aside one back, with its -wal.
    # A -wal still under the diary's name is that file's own (cut off before it followed).
    newest = max(asides, key=lambda p: (p.lstat().st_ctime_ns, p.name))
    for suffix in _SIDECARS:
        side = _sidecar(newest, suffix)
        if side.exists():
            if _sidecar(diary, suffix).exists():
                os.replace(
                    _sidecar(diary, suffix),
                    diary.with_name(f"{diary.name}.orphan-{stamp}{suffix}"),
                )
            os.replace(side, _sidecar(diary, suffix))
    os.replace(newest, diary)
    _fsync_dir(diary.parent)
    return (
        "A backup restore was interrupted before it finished; your diary has been put back as "
        f"it was before, at {diary} (it had been set aside as {newest.name})."
    )


def _same_file_as(diary: Path, candidates: list[Path]) -> Path | None:
    """The side file that is the very file ``diary`` names (a restore's hard link), if any."""
    try:
        st = diary.lstat()
    except OSError:
        return None
    for path in candidates:
        try:
            other = path.lstat()
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return path
    return None


# --------------------------------------------------------------------------------------------
# Schema upgrades.


def _migrate(
    conn: sqlite3.Connection, path: Path, version: int, *, in_memory: bool = False
) -> None:
    """Bring the diary up to SCHEMA_VERSION one step at a time, each step atomic."""
    if not in_memory:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.Error as exc:
            raise _classify(exc, path) from exc
        if str(mode).lower() != "wal":
            raise _open_error(
                "unreadable",
                path,
                _(
                    "The diary at {path} could not be switched to safe-write mode; it was left untouched."
                ).format(path=path),
            )
    for target in range(version + 1, SCHEMA_VERSION + 1):
        try:
            conn.execute("BEGIN IMMEDIATE")
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current >= target:  # another process got here first
                conn.execute("COMMIT")
                continue
            for statement in MIGRATIONS[target - 1]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise _classify(exc, path) from exc


# --------------------------------------------------------------------------------------------
# Queries shared by the public methods (all run inside the caller's transaction).


def _write_night(conn: sqlite3.Connection, record: Night, morning_note: bool | None = None) -> None:
    key = record.night.isoformat()
    conn.execute("DELETE FROM cramps WHERE night = ?", (key,))
    conn.execute("DELETE FROM night_factors WHERE night = ?", (key,))
    conn.execute("DELETE FROM night_red_flags WHERE night = ?", (key,))
    conn.execute(
        f"INSERT INTO nights ({_NIGHT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (night) DO UPDATE SET bed_time = excluded.bed_time, "
        "wake_time = excluded.wake_time, sleep_quality = excluded.sleep_quality, "
        "awakenings = excluded.awakenings, morning_soreness = excluded.morning_soreness, "
        "stretched = excluded.stretched, notes = excluded.notes, "
        "restless_legs = excluded.restless_legs, habit_done = excluded.habit_done",
        (
            key,
            _iso(record.bed_time),
            _iso(record.wake_time),
            record.sleep_quality,
            record.awakenings,
            record.morning_soreness,
            _tri(record.stretched),
            record.notes,
            _tri(record.restless_legs),
            _tri(record.habit_done),
        ),
    )
    if morning_note is not None:
        conn.execute("UPDATE nights SET morning_note = ? WHERE night = ?", (int(morning_note), key))
    if record.cramps:
        conn.executemany(
            f"INSERT INTO cramps ({_CRAMP_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    key,
                    i,
                    c.area,
                    c.side,
                    c.severity,
                    _iso(c.at),
                    c.duration_min,
                    ",".join(c.relief),
                    c.part_of_night,
                )
                for i, c in enumerate(record.cramps)
            ],
        )
    if record.factors:
        conn.executemany(
            "INSERT INTO night_factors (night, position, label) VALUES (?, ?, ?)",
            [(key, i, label) for i, label in enumerate(record.factors)],
        )
    if record.red_flags:
        conn.executemany(
            "INSERT INTO night_red_flags (night, position, flag) VALUES (?, ?, ?)",
            [(key, i, flag) for i, flag in enumerate(record.red_flags)],
        )


_EXPERIMENT_COLUMNS = (
    "start, question, label, run_in_nights, pairs, block_nights, washout_nights, block_order, "
    "stopped_on"
)


def _check_plan(plan: Plan) -> None:
    """A plan the diary refuses raises ValidationError, like a bad night."""
    from companion.core.experiment import PlanError, check_plan

    try:
        check_plan(plan)
    except PlanError as exc:
        raise ValidationError("experiments", str(exc).rstrip(".")) from None


def _write_experiment(conn: sqlite3.Connection, plan: Plan) -> None:
    conn.execute(
        f"INSERT INTO experiments ({_EXPERIMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (start) DO UPDATE SET question = excluded.question, "
        "label = excluded.label, run_in_nights = excluded.run_in_nights, "
        "pairs = excluded.pairs, block_nights = excluded.block_nights, "
        "washout_nights = excluded.washout_nights, block_order = excluded.block_order, "
        "stopped_on = excluded.stopped_on",
        (
            plan.start.isoformat(),
            plan.question,
            plan.label,
            plan.run_in_nights,
            plan.pairs,
            plan.block_nights,
            plan.washout_nights,
            ",".join(plan.order),
            None if plan.stopped_on is None else plan.stopped_on.isoformat(),
        ),
    )


def _write_session(conn: sqlite3.Connection, session: RoutineSession, *, update: bool) -> None:
    action = (
        "DO UPDATE SET ended_at = excluded.ended_at, completed = excluded.completed, "
        "steps_done = excluded.steps_done, steps_skipped = excluded.steps_skipped, "
        "night = excluded.night"
        if update
        else "DO NOTHING"
    )
    conn.execute(
        "INSERT INTO routine_sessions (routine, night, started_at, ended_at, completed, "
        "steps_done, steps_skipped) VALUES (?, ?, ?, ?, ?, ?, ?) "
        f"ON CONFLICT (routine, started_at) {action}",
        (
            session.routine,
            session.night.isoformat(),
            session.started_at.isoformat(),
            session.ended_at.isoformat(),
            int(session.completed),
            session.steps_done,
            session.steps_skipped,
        ),
    )


def _load_nights(
    conn: sqlite3.Connection,
    start: date | None,
    end: date | None,
    *,
    derive_stretched: bool = True,
) -> list[Night]:
    """Build the nights in range from five range scans, grouped in Python.

    Tens of thousands of small objects are made at once, so the cyclic garbage collector (which
    would otherwise walk the whole heap several times meanwhile, and none of them can form a
    cycle) is paused while they are built.
    """
    if not gc.isenabled():
        return _build_nights(conn, start, end, derive_stretched)
    gc.disable()
    try:
        return _build_nights(conn, start, end, derive_stretched)
    finally:
        gc.enable()


def _build_nights(
    conn: sqlite3.Connection, start: date | None, end: date | None, derive_stretched: bool
) -> list[Night]:
    """Objects are made by filling ``__dict__`` directly: the values come from our own CHECKed
    tables, and skipping the frozen dataclass __init__ halves the time for ten years of nights.
    """
    where, params = _range_clause("night", start, end)
    night_rows = conn.execute(
        f"SELECT {_NIGHT_COLUMNS} FROM nights{where} ORDER BY night", params
    ).fetchall()
    if not night_rows:
        return []
    new = _new
    put = _set
    parse = _parse
    cramp_cls = Cramp
    reliefs: dict[str, tuple[str, ...]] = {"": ()}
    cramps: dict[str, list[Cramp]] = {}
    current: list[Cramp] = []
    current_key = None
    for key, area, side, severity, at, duration, relief, part in conn.execute(
        f"SELECT {_CRAMP_READ} FROM cramps{where} ORDER BY night, position", params
    ):
        cramp = new(cramp_cls)
        relief_tuple = reliefs.get(relief)
        if relief_tuple is None:
            relief_tuple = reliefs[relief] = tuple(relief.split(","))
        put(
            cramp,
            "__dict__",
            {
                "area": area,
                "side": side,
                "severity": severity,
                "at": None if at is None else parse(at),
                "duration_min": duration,
                "relief": relief_tuple,
                "part_of_night": part,
            },
        )
        if key != current_key:
            current = cramps[key] = []
            current_key = key
        current.append(cramp)
    # Two plain range scans in key order: cheaper than one UNION that needs a sort.
    extras: dict[str, tuple[list[str], list[str]]] = {}
    for kind, sql in enumerate(
        (
            f"SELECT night, label FROM night_factors{where} ORDER BY night, position",
            f"SELECT night, flag FROM night_red_flags{where} ORDER BY night, position",
        )
    ):
        for key, label in conn.execute(sql, params):
            pair = extras.get(key)
            if pair is None:
                pair = extras[key] = ([], [])
            pair[kind].append(label)
    completed: set[str] = set()
    if derive_stretched:
        completed = {
            r[0]
            for r in conn.execute(
                f"SELECT DISTINCT night FROM routine_sessions{where}"
                + (" AND" if where else " WHERE")
                + " completed = 1",
                params,
            )
        }
    result: list[Night] = []
    append = result.append
    from_iso = date.fromisoformat
    night_cls = Night
    empty: tuple = ()
    no_extras: tuple[list[str], list[str]] = ([], [])
    for key, bed, wake, quality, awake, sore, stretched, notes, restless, habit in night_rows:
        record = new(night_cls)
        factors, flags = extras.get(key, no_extras)
        put(
            record,
            "__dict__",
            {
                "night": from_iso(key),
                "bed_time": None if bed is None else parse(bed),
                "wake_time": None if wake is None else parse(wake),
                "sleep_quality": quality,
                "awakenings": awake,
                "morning_soreness": sore,
                "stretched": stretched_on_night(
                    None if stretched is None else stretched == 1, key in completed
                ),
                "factors": tuple(factors) if factors else empty,
                "red_flags": tuple(flags) if flags else empty,
                "notes": notes,
                "restless_legs": None if restless is None else restless == 1,
                "habit_done": None if habit is None else habit == 1,
                "cramps": tuple(cramps[key]) if key in cramps else empty,
            },
        )
        append(record)
    return result


__all__ = [
    "APPLICATION_ID",
    "BACKUP_KEEP",
    "BackupInfo",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Store",
    "backup_infos",
    "inspect_file",
    "list_backups",
    "read_backup_info",
    "remove_partial_backups",
    "finish_interrupted_restore",
    "restore_backup",
    "set_aside_damaged",
]
