"""Every earlier diary format upgrades with the current code and keeps every value.

FROZEN holds a literal copy of each shipped schema version's DDL, as that version created it.
Never edit an entry; when a migration is added, add its frozen copy here (a test insists).
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.diary import Cramp, Night, RoutineSession
from companion.core.experiment import Plan
from companion.core.store import MIGRATIONS, SCHEMA_VERSION, Store

CET = timezone(timedelta(hours=1))

V1 = [
    "PRAGMA application_id = 1111704681",
    """CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        )""",
    """CREATE TABLE nights (
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
                CHECK (typeof(notes) = 'text' AND length(notes) <= 10000)
        ) WITHOUT ROWID""",
    """CREATE TABLE cramps (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            area TEXT NOT NULL CHECK (area IN ('calf', 'foot_arch', 'toes', 'shin', 'thigh_front', 'thigh_back')),
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
            severity INTEGER NOT NULL
                CHECK (typeof(severity) = 'integer' AND severity BETWEEN 1 AND 10),
            at TEXT CHECK (at IS NULL OR typeof(at) = 'text'),
            duration_min CHECK (duration_min IS NULL OR
                (typeof(duration_min) IN ('integer', 'real')
                 AND duration_min BETWEEN 0 AND 180)),
            relief TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (night, position)
        ) WITHOUT ROWID""",
    """CREATE TABLE night_factors (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            label TEXT NOT NULL
                CHECK (typeof(label) = 'text' AND length(label) BETWEEN 1 AND 40),
            PRIMARY KEY (night, position),
            UNIQUE (night, label)
        ) WITHOUT ROWID""",
    """CREATE TABLE night_red_flags (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            flag TEXT NOT NULL CHECK (flag IN ('long_cramp', 'swelling', 'numbness', 'weakness', 'unrelieved_pain')),
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
]

V2 = [
    """ALTER TABLE nights ADD COLUMN restless_legs INTEGER
            CHECK (restless_legs IS NULL OR restless_legs IN (0, 1))""",
    """ALTER TABLE cramps ADD COLUMN part_of_night TEXT
            CHECK (part_of_night IS NULL OR part_of_night IN ('early', 'middle', 'late'))""",
    """ALTER TABLE routine_sessions ADD COLUMN steps_done INTEGER NOT NULL DEFAULT 0
            CHECK (steps_done BETWEEN 0 AND 1000)""",
    """ALTER TABLE routine_sessions ADD COLUMN steps_skipped INTEGER NOT NULL DEFAULT 0
            CHECK (steps_skipped BETWEEN 0 AND 1000)""",
]

V3 = [
    """ALTER TABLE nights ADD COLUMN habit_done INTEGER
            CHECK (habit_done IS NULL OR habit_done IN (0, 1))""",
    """CREATE TABLE experiments (
            start TEXT PRIMARY KEY NOT NULL
                CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
            question TEXT NOT NULL
                CHECK (typeof(question) = 'text' AND length(trim(question)) BETWEEN 1 AND 60),
            label TEXT NOT NULL
                CHECK (typeof(label) = 'text' AND length(trim(label)) BETWEEN 1 AND 200),
            run_in_nights INTEGER NOT NULL CHECK (typeof(run_in_nights) = 'integer'
                AND run_in_nights BETWEEN 0 AND 28),
            pairs INTEGER NOT NULL CHECK (typeof(pairs) = 'integer'
                AND pairs BETWEEN 6 AND 12),
            block_nights INTEGER NOT NULL CHECK (typeof(block_nights) = 'integer'
                AND block_nights BETWEEN 5 AND 14),
            washout_nights INTEGER NOT NULL CHECK (typeof(washout_nights) = 'integer'
                AND washout_nights BETWEEN 0 AND 3
                AND washout_nights <= block_nights - 3),
            block_order TEXT NOT NULL
                CHECK (length(block_order) BETWEEN 1 AND 200 AND block_order GLOB '[onf,]*'),
            stopped_on TEXT CHECK (stopped_on IS NULL OR
                stopped_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
        ) WITHOUT ROWID""",
]

V4 = [
    """ALTER TABLE nights ADD COLUMN morning_note INTEGER NOT NULL DEFAULT 0
            CHECK (morning_note IN (0, 1))""",
    """UPDATE nights SET morning_note = 1 WHERE sleep_quality IS NOT NULL
            OR bed_time IS NOT NULL OR wake_time IS NOT NULL OR awakenings IS NOT NULL
            OR morning_soreness IS NOT NULL OR stretched IS NOT NULL OR restless_legs IS NOT NULL
            OR habit_done IS NOT NULL OR notes <> '' OR night IN (SELECT night FROM night_factors)""",
]

V5 = [
    """CREATE TRIGGER cramps_per_night_insert BEFORE INSERT ON cramps
            WHEN (SELECT count(*) FROM cramps WHERE night = NEW.night) >= 50
            BEGIN
                SELECT RAISE(ABORT, 'a night holds at most 50 cramps');
            END""",
    """CREATE TRIGGER cramps_per_night_update BEFORE UPDATE OF night ON cramps
            WHEN NEW.night != OLD.night
                AND (SELECT count(*) FROM cramps WHERE night = NEW.night) >= 50
            BEGIN
                SELECT RAISE(ABORT, 'a night holds at most 50 cramps');
            END""",
]

V6 = [
    """CREATE TABLE cramps_v6 (
            night TEXT NOT NULL REFERENCES nights (night) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            area TEXT NOT NULL CHECK (area IN ('calf', 'foot_arch', 'toes', 'shin', 'thigh_front', 'thigh_back', 'foot', 'thigh')),
            side TEXT CHECK (side IS NULL OR side IN ('left', 'right', 'both')),
            severity INTEGER NOT NULL
                CHECK (typeof(severity) = 'integer' AND severity BETWEEN 1 AND 10),
            at TEXT CHECK (at IS NULL OR typeof(at) = 'text'),
            duration_min CHECK (duration_min IS NULL OR
                (typeof(duration_min) IN ('integer', 'real')
                 AND duration_min BETWEEN 0 AND 180)),
            relief TEXT NOT NULL DEFAULT '',
            part_of_night TEXT
                CHECK (part_of_night IS NULL OR part_of_night IN ('early', 'middle', 'late')),
            PRIMARY KEY (night, position)
        ) WITHOUT ROWID""",
    """INSERT INTO cramps_v6 (night, position, area, side, severity, at, duration_min,
            relief, part_of_night) SELECT night, position, area, side, severity, at,
            duration_min, relief, part_of_night FROM cramps""",
    """DROP TABLE cramps""",
    """ALTER TABLE cramps_v6 RENAME TO cramps""",
    """CREATE TRIGGER cramps_per_night_insert BEFORE INSERT ON cramps
            WHEN (SELECT count(*) FROM cramps WHERE night = NEW.night) >= 50
            BEGIN
                SELECT RAISE(ABORT, 'a night holds at most 50 cramps');
            END""",
    """CREATE TRIGGER cramps_per_night_update BEFORE UPDATE OF night ON cramps
            WHEN NEW.night != OLD.night
                AND (SELECT count(*) FROM cramps WHERE night = NEW.night) >= 50
            BEGIN
                SELECT RAISE(ABORT, 'a night holds at most 50 cramps');
            END""",
]

FROZEN: dict[int, list[str]] = {1: V1, 2: V2, 3: V3, 4: V4, 5: V5, 6: V6}

# Data as each version wrote it (only the columns that version had).
V1_DATA = [
    "INSERT INTO nights VALUES ('2026-11-20', '2026-11-20T22:40:00+01:00', "
    "'2026-11-21T06:55:00+01:00', 3, 2, 4, 1, 'first night, ü 🙂')",
    "INSERT INTO nights VALUES ('2026-11-21', NULL, NULL, NULL, NULL, NULL, NULL, '')",
    "INSERT INTO cramps VALUES ('2026-11-20', 0, 'calf', 'left', 7, "
    "'2026-11-21T02:10:00+01:00', 3, 'stretch,walk')",
    "INSERT INTO cramps VALUES ('2026-11-20', 1, 'toes', 'both', 2, NULL, 1.5, '')",
    "INSERT INTO night_factors VALUES ('2026-11-20', 0, 'heat')",
    "INSERT INTO night_factors VALUES ('2026-11-20', 1, 'new shoes')",
    "INSERT INTO night_red_flags VALUES ('2026-11-20', 0, 'numbness')",
    "INSERT INTO routine_sessions (routine, night, started_at, ended_at, completed) VALUES "
    "('Standard wind-down', '2026-11-21', '2026-11-21T22:05:00+01:00', "
    "'2026-11-21T22:17:30+01:00', 1)",
]
V2_DATA = [
    "UPDATE nights SET restless_legs = 0 WHERE night = '2026-11-20'",
    "UPDATE cramps SET part_of_night = 'late' WHERE position = 1",
    "UPDATE routine_sessions SET steps_done = 9, steps_skipped = 1",
]
V3_DATA = [
    "UPDATE nights SET habit_done = 1 WHERE night = '2026-11-20'",
    "INSERT INTO experiments VALUES ('2026-11-20', 'warm foot soak', "
    "'Does \u201cwarm foot soak\u201d reduce my night cramps?', 0, 6, 5, 1, "
    "'on,off,off,on,on,off,on,off,off,on,on,off', '2026-12-01')",
]
V4_DATA = [
    "INSERT INTO nights (night, morning_note) VALUES ('2026-11-19', 1)",  # a note: "no cramps"
]
V5_DATA: list[str] = []  # v5 adds no column, only the cap on cramps per night
V6_DATA = [  # Cramp now: a foot, which part and which leg not said
    "INSERT INTO nights (night) VALUES ('2026-11-23')",
    "INSERT INTO cramps (night, position, area, side, severity) "
    "VALUES ('2026-11-23', 0, 'foot', NULL, 6)",
]
DATA: dict[int, list[str]] = {
    1: V1_DATA,
    2: V2_DATA,
    3: V3_DATA,
    4: V4_DATA,
    5: V5_DATA,
    6: V6_DATA,
}


def at(y: int, m: int, d: int, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, ss, tzinfo=CET)


def expected_nights(version: int) -> list[Night]:
    """What the current code must read from a diary written by ``version``."""
    v2 = version >= 2
    said_none = [Night(night=date(2026, 11, 19))] if version >= 4 else []
    return (
        said_none
        + [
            Night(
                night=date(2026, 11, 20),
                bed_time=at(2026, 11, 20, 22, 40),
                wake_time=at(2026, 11, 21, 6, 55),
                sleep_quality=3,
                awakenings=2,
                morning_soreness=4,
                stretched=True,
                factors=("heat", "new shoes"),
                red_flags=("numbness",),
                notes="first night, ü 🙂",
                restless_legs=False if v2 else None,
                habit_done=True if version >= 3 else None,
                cramps=(
                    Cramp("calf", "left", 7, at(2026, 11, 21, 2, 10), 3, ("stretch", "walk")),
                    Cramp("toes", "both", 2, None, 1.5, (), "late" if v2 else None),
                ),
            ),
            Night(night=date(2026, 11, 21), stretched=True),  # the completed session counts
        ]
        + (
            [Night(night=date(2026, 11, 23), cramps=(Cramp("foot", None, 6),))]
            if version >= 6
            else []
        )
    )


def expected_sessions(version: int) -> list[RoutineSession]:
    done, skipped = (9, 1) if version >= 2 else (0, 0)
    return [
        RoutineSession(
            "Standard wind-down",
            at(2026, 11, 21, 22, 5),
            at(2026, 11, 21, 22, 17, 30),
            True,
            done,
            skipped,
        )
    ]


def build(path: Path, version: int, with_data: bool = True) -> Path:
    """A diary exactly as version ``version`` of the app left it, from the frozen DDL."""
    conn = sqlite3.connect(path, isolation_level=None)
    for v in range(1, version + 1):
        conn.execute("BEGIN")
        for statement in FROZEN[v]:
            conn.execute(statement)
        if with_data:
            for statement in DATA[v]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {v}")
        conn.execute("COMMIT")
    conn.close()
    return path


def schema_of(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def test_every_shipped_version_has_a_frozen_copy() -> None:
    assert sorted(FROZEN) == list(range(1, SCHEMA_VERSION + 1))
    assert sorted(DATA) == sorted(FROZEN)


def test_the_frozen_copies_match_the_migrations_as_shipped() -> None:
    """A shipped migration must never be edited: old diaries already ran the old text."""
    for version, statements in FROZEN.items():
        assert list(MIGRATIONS[version - 1]) == statements, f"migration {version} was edited"


def test_a_fresh_diary_has_the_same_schema_as_an_upgraded_one(tmp_path: Path) -> None:
    Store.open(tmp_path / "fresh.sqlite3").close()
    build(tmp_path / "old.sqlite3", 1, with_data=False)
    Store.open(tmp_path / "old.sqlite3").close()
    assert schema_of(tmp_path / "fresh.sqlite3") == schema_of(tmp_path / "old.sqlite3")


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION + 1))
def test_each_earlier_version_upgrades_and_keeps_every_value(tmp_path: Path, version: int) -> None:
    diary = build(tmp_path / "diary.sqlite3", version)
    with Store.open(diary) as s:
        assert s.nights() == expected_nights(version)
        assert s.routine_sessions() == expected_sessions(version)
        assert s._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # a night with sleep quality was a morning note; one that held nothing was not
        assert s.has_morning_note(date(2026, 11, 20))
        assert not s.has_morning_note(date(2026, 11, 21))
        assert s.has_morning_note(date(2026, 11, 19)) is (version >= 4)
        # The upgraded diary takes the newest fields.
        s.save_night(Night(night=date(2026, 11, 22), restless_legs=True))
        assert s.get_night(date(2026, 11, 22)).restless_legs is True
    with Store.open(diary) as again:  # and opens again without migrating twice
        assert len(again.nights()) == 3 + (version >= 4) + (version >= 6)
        assert again.experiments() == expected_experiments(version)


def expected_experiments(version: int) -> list[Plan]:
    if version < 3:
        return []
    return [
        Plan(
            question="warm foot soak",
            label="Does \u201cwarm foot soak\u201d reduce my night cramps?",
            start=date(2026, 11, 20),
            run_in_nights=0,
            pairs=6,
            block_nights=5,
            washout_nights=1,
            order=("on", "off", "off", "on", "on", "off", "on", "off", "off", "on", "on", "off"),
            stopped_on=date(2026, 12, 1),
        )
    ]


@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))
def test_a_read_only_open_of_an_old_diary_reads_it_without_upgrading(
    tmp_path: Path, version: int
) -> None:
    diary = build(tmp_path / "diary.sqlite3", version)
    before = hashlib.sha256(diary.read_bytes()).hexdigest()
    with Store.open(diary, read_only=True) as reader:
        assert reader.nights() == expected_nights(version)
        assert reader.routine_sessions() == expected_sessions(version)
    assert hashlib.sha256(diary.read_bytes()).hexdigest() == before


def test_an_interrupted_upgrade_leaves_the_old_version_intact_and_retries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failing step rolls back with its version bump; the next open upgrades cleanly."""
    import companion.core.store as store_module
    from companion.core.errors import DiaryOpenError

    diary = build(tmp_path / "diary.sqlite3", 1)
    broken = list(MIGRATIONS)
    broken[1] = MIGRATIONS[1][:2] + ("THIS IS NOT SQL",)
    monkeypatch.setattr(store_module, "MIGRATIONS", tuple(broken))
    with pytest.raises(DiaryOpenError):
        Store.open(diary)
    conn = sqlite3.connect(diary)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(nights)")]
    assert "restless_legs" not in columns  # the first statements of the step were undone too
    conn.close()
    monkeypatch.undo()
    with Store.open(diary) as s:
        assert s.nights() == expected_nights(1)


def test_an_empty_sqlite_file_made_elsewhere_becomes_a_diary(tmp_path: Path) -> None:
    """A version-0 SQLite file with no tables (e.g. `sqlite3 diary.sqlite3 'VACUUM'`)."""
    diary = tmp_path / "diary.sqlite3"
    conn = sqlite3.connect(diary)
    conn.execute("VACUUM")
    conn.close()
    with Store.open(diary) as s:
        assert s.is_empty()
        s.save_night(Night(night=date(2026, 11, 20)))


# ---- diary.py's tables and the schema agree -------------------------------------------------


def test_every_area_relief_and_factor_in_diary_s_tables_is_stored_and_read_back(
    tmp_path: Path,
) -> None:
    """Adding an area, relief or factor is one line in companion/core/diary.py; a new area also
    needs a migration step (store.py's MIGRATIONS comment says how). Until it has one, this fails."""
    from companion.core.diary import AREAS, BUILTIN_FACTORS, RELIEFS

    store = Store.open(tmp_path / "diary.sqlite3")
    try:
        start = date(2026, 1, 1)
        nights = [
            Night(
                start + timedelta(days=i),
                cramps=(Cramp(area, "left", 3, relief=RELIEFS),),
                factors=BUILTIN_FACTORS,
            )
            for i, area in enumerate(AREAS)
        ]
        for night in nights:
            store.save_night(night)
        store.close()
        store = Store.open(tmp_path / "diary.sqlite3", read_only=True)
        assert store.nights() == nights
    finally:
        store.close()
