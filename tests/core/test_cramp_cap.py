"""Fault 4 (issue 10): at most 50 cramps in one night, in validation, the store and import.

One import of a night with 150,000 cramps used to make the app hang opening that night. The cap
(DESIGN.md section 3) holds in validate_night, in a schema trigger (migration v4) that refuses
a 51st row whatever the caller, and in both import formats with one sentence naming the night.
A diary that already holds more in a night keeps every cramp.
"""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core import exchange
from companion.core.diary import MAX_CRAMPS_PER_NIGHT, Cramp, Night, ValidationError, validate_night
from companion.core.errors import ImportRejected
from companion.core.store import Store

CET = timezone(timedelta(hours=1))
N = date(2026, 11, 20)


def cramps(count: int) -> tuple[Cramp, ...]:
    start = datetime(2026, 11, 20, 22, 0, tzinfo=CET)
    return tuple(
        Cramp("calf", "left", 1 + i % 10, at=start + timedelta(minutes=i)) for i in range(count)
    )


def test_fault04_the_cap_is_fifty() -> None:
    assert MAX_CRAMPS_PER_NIGHT == 50


def test_fault04_validation_takes_fifty_and_refuses_fifty_one() -> None:
    validate_night(Night(night=N, cramps=cramps(50)))
    with pytest.raises(ValidationError) as info:
        validate_night(Night(night=N, cramps=cramps(51)))
    assert info.value.field == "cramps" and info.value.night == N
    assert "at most 50" in str(info.value) and "51" in str(info.value)


def test_fault04_add_cramp_refuses_the_fifty_first(tmp_path: Path) -> None:
    with Store.open(tmp_path / "diary.sqlite3") as s:
        s.save_night(Night(night=N, sleep_quality=3, cramps=cramps(49)))
        assert len(s.add_cramp(cramps(51)[49]).cramps) == 50
        with pytest.raises(ValidationError) as info:
            s.add_cramp(cramps(51)[50])
        assert "2026-11-20" in str(info.value) and "at most 50" in str(info.value)
        assert len(s.get_night(N).cramps) == 50  # nothing changed


def test_fault04_the_schema_refuses_a_fifty_first_row_whatever_the_caller(tmp_path: Path) -> None:
    with Store.open(tmp_path / "diary.sqlite3") as s:
        s.save_night(Night(night=N, cramps=cramps(50)))
        conn = s._db
        with pytest.raises(sqlite3.IntegrityError, match="at most 50 cramps"):
            conn.execute(
                "INSERT INTO cramps (night, position, area, side, severity) "
                "VALUES ('2026-11-20', 50, 'calf', 'left', 3)"
            )
        s.save_night(Night(night=N + timedelta(days=1), cramps=(Cramp("toes", "right", 3),)))
        with pytest.raises(sqlite3.IntegrityError, match="at most 50 cramps"):
            conn.execute(
                "UPDATE cramps SET night = '2026-11-20', position = 99 WHERE night = '2026-11-21'"
            )
        assert conn.execute("SELECT count(*) FROM cramps").fetchone()[0] == 51


def test_fault04_an_old_diary_with_more_than_fifty_in_a_night_keeps_them_all(
    tmp_path: Path,
) -> None:
    """Migrating never drops a cramp; the night opens and exports whole; saving it with more
    than the cap is refused in words, and it can still be deleted or trimmed."""
    path = tmp_path / "diary.sqlite3"
    with Store.open(path) as s:
        s.save_night(Night(night=N, sleep_quality=2, notes="a bad night"))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER cramps_per_night_insert")
    conn.execute("DROP TRIGGER cramps_per_night_update")
    conn.execute("PRAGMA user_version = 4")  # as the previous version left it
    conn.executemany(
        "INSERT INTO cramps (night, position, area, side, severity) VALUES (?, ?, ?, ?, ?)",
        [("2026-11-20", i, "calf", "left", 5) for i in range(60)],
    )
    conn.close()
    with Store.open(path) as s:
        night = s.get_night(N)
        assert len(night.cramps) == 60 and night.notes == "a bad night"
        exported = json.loads(exchange.export_store(s, "json"))
        assert len(exported["nights"][0]["cramps"]) == 60
        with pytest.raises(ValidationError, match="at most 50"):
            s.save_night(night)
        assert len(s.get_night(N).cramps) == 60  # the refusal changed nothing
        s.save_night(Night(night=N, sleep_quality=2, cramps=night.cramps[:50]))
        assert len(s.get_night(N).cramps) == 50
    with pytest.raises(ImportRejected) as info:
        exchange.parse_json(json.dumps(exported))
    assert "Night 2026-11-20" in str(info.value)


def test_fault04_a_json_night_of_150000_cramps_is_refused_quickly_naming_the_night() -> None:
    cramp = {"area": "calf", "side": "left", "severity": 5}
    data = {
        "format": "bedtime-companion-diary",
        "version": 1,
        "nights": [
            {"night": "2026-11-19", "sleep_quality": 3},
            {"night": "2026-11-20", "cramps": [cramp] * 150_000},
        ],
    }
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as info:
        exchange.parse_json(json.dumps(data))
    elapsed = time.perf_counter() - started
    text = str(info.value)
    assert text.startswith("Night 2026-11-20, cramps:") and "at most 50" in text
    assert "150,000" in text and text.count(". ") == 0
    assert elapsed < 10  # a generous bound: refused before the cramps are parsed


def test_fault04_a_csv_night_with_a_fifty_first_cramp_row_is_refused_naming_it() -> None:
    nights = (Night(night=N, cramps=cramps(50)),)
    text = exchange.export_csv(nights, ())
    lines = text.splitlines()
    exchange.parse_csv(text)  # 50 is fine
    lines.append(lines[-1])
    with pytest.raises(ImportRejected) as info:
        exchange.parse_csv("\n".join(lines) + "\n")
    message = str(info.value)
    assert f"Line {len(lines)}" in message and "night 2026-11-20" in message
    assert "at most 50" in message
