"""The store keeps exactly what was saved: round trips, order, replace, delete/undo, add_cramp,
the derived "stretched", all-or-nothing import, and a cache that never disagrees with the file."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from companion.core.diary import Cramp, Night, RoutineSession, ValidationError
from companion.core.errors import DiaryClosed, DiaryError, DiaryOpenError, SaveFailed
from companion.core.store import APPLICATION_ID, SCHEMA_VERSION, Store

CET = timezone(timedelta(hours=1))
BERLIN = ZoneInfo("Europe/Berlin")
N = date(2026, 11, 20)


def at(day: date, hour: int, minute: int = 0, tz=CET) -> datetime:
    """A moment in night ``day``: hours before 12 fall on the next calendar day."""
    base = day if hour >= 12 else day + timedelta(days=1)
    return datetime(base.year, base.month, base.day, hour, minute, tzinfo=tz)


def full_night(day: date = N, tz=CET) -> Night:
    return Night(
        night=day,
        bed_time=at(day, 22, 40, tz),
        wake_time=at(day, 6, 55, tz),
        sleep_quality=3,
        awakenings=2,
        morning_soreness=4,
        stretched=False,
        factors=("heat", "caffeine_late", "Cold bedroom 🥶"),
        red_flags=("numbness", "long_cramp"),
        notes="free text, any Unicode: ü ß 漢字 🙂\nsecond line\x00after a NUL",
        restless_legs=True,
        cramps=(
            Cramp("calf", "left", 7, at=at(day, 2, 10, tz), duration_min=3, relief=("stretch",)),
            Cramp("toes", "both", 2, duration_min=2.5, part_of_night="late"),
            Cramp("thigh_back", "right", 10, at=at(day, 4, 0, tz), relief=("walk", "heat")),
        ),
    )


def session(day: date, completed: bool = True, hour: int = 22, routine: str = "Standard"):
    start = at(day, hour)
    return RoutineSession(routine, start, start + timedelta(minutes=12), completed, 9, 1)


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    return tmp_path / "data" / "diary.sqlite3"


@pytest.fixture
def store(diary: Path):
    s = Store.open(diary)
    yield s
    s.close()


def cold_nights(path: Path) -> list[Night]:
    """What a fresh, uncached read of the file returns."""
    with Store.open(path, read_only=True) as other:
        return other.nights()


def raw(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


# ---- a new diary ---------------------------------------------------------------------------


def test_a_new_diary_is_created_empty_in_safe_mode(diary: Path) -> None:
    with Store.open(diary) as s:
        assert diary.exists()
        assert s.path == diary
        assert s.is_empty()
        assert s.nights() == [] and s.routine_sessions() == [] and s.custom_factors() == []
        conn = s._db
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_a_new_diary_appears_complete_in_one_step(diary: Path) -> None:
    """It is built aside and moved into place: no temp file is left, no 0-byte diary can be."""
    Store.open(diary).close()
    assert sorted(p.name for p in diary.parent.iterdir()) == ["diary.sqlite3", "diary.sqlite3.lock"]
    conn = sqlite3.connect(diary)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_closed_store_refuses_work_and_frees_the_lock(diary: Path) -> None:
    s = Store.open(diary)
    s.close()
    s.close()  # twice is fine
    assert s.closed
    with pytest.raises(DiaryClosed):
        s.nights()
    with pytest.raises(DiaryClosed):
        s.save_night(Night(N))
    Store.open(diary).close()  # the lock was released


# ---- round trips ---------------------------------------------------------------------------


def test_a_full_night_round_trips_exactly(store: Store, diary: Path) -> None:
    record = full_night()
    store.save_night(record)
    for back in (store.get_night(N), cold_nights(diary)[0]):
        assert back == record
        # Equality of aware datetimes ignores the offset: check the recorded clock too.
        assert back.bed_time.isoformat() == record.bed_time.isoformat()
        assert [c.at and c.at.isoformat() for c in back.cramps] == [
            c.at and c.at.isoformat() for c in record.cramps
        ]
        # 3 minutes stays an int, 2.5 a float: export gives back what was typed.
        assert type(back.cramps[0].duration_min) is int
        assert type(back.cramps[1].duration_min) is float


def test_time_zone_moments_keep_their_offset_across_dst(store: Store) -> None:
    night = date(2026, 10, 24)  # Berlin falls back in this night
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    record = Night(
        night=night,
        bed_time=datetime(2026, 10, 24, 23, 0, tzinfo=BERLIN),
        cramps=(Cramp("calf", "left", 5, at=first), Cramp("calf", "right", 6, at=second)),
    )
    store.save_night(record)
    back = store.get_night(night)
    # Python never calls a fold-dependent ZoneInfo time equal to one in another tzinfo, and the
    # store hands back fixed offsets: compare the recorded clock and the instant instead.
    assert replace(back, cramps=()) == replace(record, cramps=())
    assert [c.at.timestamp() for c in back.cramps] == [c.at.timestamp() for c in record.cramps]
    assert [c.at.isoformat() for c in back.cramps] == [
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:30:00+01:00",
    ]
    assert back.cramps[1].at - back.cramps[0].at == timedelta(hours=1)


def test_microseconds_and_odd_offsets_round_trip(store: Store) -> None:
    odd = timezone(timedelta(hours=5, minutes=45))  # Nepal
    record = Night(night=N, bed_time=datetime(2026, 11, 20, 21, 1, 2, 345678, tzinfo=odd))
    store.save_night(record)
    assert store.get_night(N).bed_time.isoformat() == "2026-11-20T21:01:02.345678+05:45"


def test_an_empty_night_round_trips(store: Store) -> None:
    store.save_night(Night(night=N))
    assert store.get_night(N) == Night(night=N)
    assert not store.is_empty()


def test_long_notes_round_trip(store: Store) -> None:
    record = Night(night=N, notes="🙂" * 10_000)
    store.save_night(record)
    assert store.get_night(N).notes == record.notes


def test_saving_again_replaces_the_night_and_all_its_cramps(store: Store) -> None:
    store.save_night(full_night())
    smaller = Night(
        night=N, sleep_quality=5, factors=("flare",), cramps=(Cramp("shin", "left", 1),)
    )
    store.save_night(smaller)
    assert store.get_night(N) == smaller
    assert len(store.nights()) == 1


def test_cramp_order_is_kept(store: Store) -> None:
    cramps = tuple(Cramp("calf", "left", s) for s in (5, 9, 1, 7, 3, 10, 2))
    store.save_night(Night(night=N, cramps=cramps))
    assert [c.severity for c in store.get_night(N).cramps] == [5, 9, 1, 7, 3, 10, 2]


def test_nights_come_back_oldest_first_with_inclusive_ranges(store: Store) -> None:
    days = [N + timedelta(days=d) for d in (5, -3, 0, 9, 1, -10)]
    for day in days:
        store.save_night(Night(night=day, sleep_quality=3))
    assert [n.night for n in store.nights()] == sorted(days)
    got = store.nights(N - timedelta(days=3), N + timedelta(days=5))
    assert [n.night for n in got] == [
        N - timedelta(days=3),
        N,
        N + timedelta(days=1),
        N + timedelta(days=5),
    ]
    assert [n.night for n in store.nights(start=N + timedelta(days=1))] == [
        N + timedelta(days=1),
        N + timedelta(days=5),
        N + timedelta(days=9),
    ]
    assert [n.night for n in store.nights(end=N - timedelta(days=3))] == [
        N - timedelta(days=10),
        N - timedelta(days=3),
    ]
    assert store.nights(N + timedelta(days=2), N + timedelta(days=4)) == []
    assert store.nights(N + timedelta(days=5), N) == []
    assert store.get_night(N + timedelta(days=2)) is None


def test_an_invalid_night_is_refused_and_nothing_changes(store: Store, diary: Path) -> None:
    store.save_night(full_night())
    bad = replace(full_night(), sleep_quality=3, cramps=(Cramp("calf", "left", 11),))
    with pytest.raises(ValidationError) as info:
        store.save_night(bad)
    assert info.value.field == "cramps[0].severity"
    assert store.get_night(N) == full_night()
    assert cold_nights(diary) == [full_night()]


def test_the_schema_refuses_what_validation_refuses(store: Store, diary: Path) -> None:
    """A bug that bypassed validation still could not store an impossible value."""
    store.save_night(Night(night=N))
    conn = sqlite3.connect(diary)
    conn.execute("PRAGMA foreign_keys = ON")
    bad_statements = [
        "UPDATE nights SET sleep_quality = 6",
        "UPDATE nights SET sleep_quality = 2.5",
        "UPDATE nights SET awakenings = 51",
        "UPDATE nights SET morning_soreness = -1",
        "UPDATE nights SET stretched = 2",
        "UPDATE nights SET restless_legs = 3",
        "INSERT INTO nights (night) VALUES ('20 Nov 2026')",
        "INSERT INTO cramps (night, position, area, side, severity) "
        "VALUES ('2026-11-20', 0, 'knee', 'left', 5)",
        "INSERT INTO cramps (night, position, area, side, severity) "
        "VALUES ('2026-11-20', 0, 'calf', 'left', 0)",
        "INSERT INTO cramps (night, position, area, side, severity, duration_min) "
        "VALUES ('2026-11-20', 0, 'calf', 'left', 5, 181)",
        "INSERT INTO cramps (night, position, area, side, severity, part_of_night) "
        "VALUES ('2026-11-20', 0, 'calf', 'left', 5, 'noon')",
        "INSERT INTO cramps (night, position, area, side, severity) "
        "VALUES ('2026-11-21', 0, 'calf', 'left', 5)",  # no such night
        "INSERT INTO night_red_flags (night, position, flag) VALUES ('2026-11-20', 0, 'itch')",
        "INSERT INTO night_factors (night, position, label) VALUES ('2026-11-20', 0, '')",
    ]
    try:
        for sql in bad_statements:
            with pytest.raises(sqlite3.IntegrityError):
                conn.execute(sql)
    finally:
        conn.close()


# ---- delete and undo -----------------------------------------------------------------------


def test_delete_returns_the_night_and_saving_it_undoes(store: Store, diary: Path) -> None:
    record = full_night()
    store.save_night(record)
    store.save_night(Night(night=N + timedelta(days=1)))
    deleted = store.delete_night(N)
    assert deleted == record
    assert store.get_night(N) is None
    assert raw(diary, "SELECT count(*) FROM cramps WHERE night = '2026-11-20'") == [(0,)]
    assert raw(diary, "SELECT count(*) FROM night_factors WHERE night = '2026-11-20'") == [(0,)]
    store.save_night(deleted)
    assert store.get_night(N) == record
    assert store.delete_night(date(2000, 1, 1)) is None


def test_undo_after_delete_keeps_the_stored_stretched_answer(store: Store) -> None:
    """A completed session makes "stretched" read True; undo must not turn None into True."""
    store.save_night(Night(night=N, stretched=None))
    store.record_routine_session(session(N))
    assert store.get_night(N).stretched is True
    deleted = store.delete_night(N)
    assert deleted.stretched is None
    store.save_night(deleted)
    assert store.get_night(N).stretched is True
    assert store.delete_night(N).stretched is None


# ---- add_cramp -----------------------------------------------------------------------------


def test_add_cramp_creates_the_night_it_belongs_to(store: Store) -> None:
    cramp = Cramp("calf", "left", 6, at=datetime(2026, 11, 21, 2, 10, tzinfo=CET))
    night = store.add_cramp(cramp)
    assert night == Night(night=N, cramps=(cramp,))
    assert store.get_night(N) == night
    assert store.get_night(date(2026, 11, 21)) is None


def test_add_cramp_appends_and_keeps_the_rest_of_the_night(store: Store) -> None:
    store.save_night(full_night())
    extra = Cramp("foot_arch", "right", 4, at=at(N, 5, 30))
    night = store.add_cramp(extra)
    assert night.cramps == full_night().cramps + (extra,)
    assert replace(night, cramps=()) == replace(full_night(), cramps=())


def test_add_cramp_in_the_afternoon_starts_tonight(store: Store) -> None:
    store.add_cramp(Cramp("calf", "left", 3, at=datetime(2026, 11, 21, 12, 0, tzinfo=CET)))
    assert [n.night for n in store.nights()] == [date(2026, 11, 21)]


def test_add_cramp_needs_a_time_and_a_valid_cramp(store: Store) -> None:
    with pytest.raises(ValidationError):
        store.add_cramp(Cramp("calf", "left", 5))
    with pytest.raises(ValidationError):
        store.add_cramp(Cramp("calf", "left", 0, at=at(N, 2)))
    assert store.is_empty()


def test_add_cramp_reports_derived_stretched(store: Store) -> None:
    store.record_routine_session(session(N))
    assert store.add_cramp(Cramp("calf", "left", 5, at=at(N, 3))).stretched is True
    assert store.delete_night(N).stretched is None  # not written as True


# ---- stretched and routine sessions --------------------------------------------------------


def test_stretched_is_true_when_a_completed_session_exists(store: Store) -> None:
    a, b, c = N, N + timedelta(days=1), N + timedelta(days=2)
    for day in (a, b, c):
        store.save_night(Night(night=day, stretched=False))
    store.record_routine_session(session(a, completed=True))
    store.record_routine_session(session(b, completed=False))
    store.record_routine_session(session(date(2026, 1, 1)))  # a night with no record
    assert [n.stretched for n in store.nights()] == [True, False, False]
    assert [n.night for n in store.nights()] == [a, b, c]  # a session alone adds no night
    assert store.get_night(a).stretched is True


def test_stretched_keeps_the_user_answer_without_sessions(store: Store) -> None:
    for offset, answer in enumerate((True, False, None)):
        store.save_night(Night(night=N + timedelta(days=offset), stretched=answer))
    assert [n.stretched for n in store.nights()] == [True, False, None]


def test_a_session_after_midnight_counts_for_the_evening_before(store: Store) -> None:
    store.save_night(Night(night=N))
    store.record_routine_session(session(N, hour=0))  # 00:00 on 21 Nov
    assert store.get_night(N).stretched is True


def test_routine_sessions_round_trip_in_order_and_range(store: Store) -> None:
    later = session(N + timedelta(days=1))
    first = session(N)
    store.record_routine_session(later)
    store.record_routine_session(first)
    assert store.routine_sessions() == [first, later]
    assert store.routine_sessions(N + timedelta(days=1)) == [later]
    assert store.routine_sessions(end=N) == [first]
    assert not store.is_empty()


def test_recording_the_same_session_again_updates_it(store: Store) -> None:
    s = session(N, completed=False)
    store.record_routine_session(s)
    done = replace(s, completed=True, ended_at=s.ended_at + timedelta(minutes=3), steps_done=10)
    store.record_routine_session(done)
    assert store.routine_sessions() == [done]


def test_an_invalid_session_is_refused(store: Store) -> None:
    bad = RoutineSession("x", at(N, 22), at(N, 21), True)
    with pytest.raises(ValidationError):
        store.record_routine_session(bad)
    assert store.routine_sessions() == []


# ---- import --------------------------------------------------------------------------------


def test_import_replaces_existing_nights_and_adds_new_ones(store: Store) -> None:
    store.save_night(full_night())
    store.save_night(Night(night=N - timedelta(days=1), notes="kept"))
    store.record_routine_session(session(N))
    new_n = Night(night=N, sleep_quality=1)
    added = Night(night=N + timedelta(days=3), cramps=(Cramp("shin", "left", 2),))
    store.merge_import([new_n, added], [session(N), session(N + timedelta(days=3))])
    assert store.nights() == [
        Night(night=N - timedelta(days=1), notes="kept"),
        replace(new_n, stretched=True),
        replace(added, stretched=True),
    ]
    assert len(store.routine_sessions()) == 2  # the identical session was not duplicated
    store.merge_import([], [session(N), session(N + timedelta(days=3))])
    assert len(store.routine_sessions()) == 2


@pytest.mark.parametrize("where", ["first", "last"])
def test_import_is_all_or_nothing(store: Store, diary: Path, where: str) -> None:
    store.save_night(full_night())
    before = cold_nights(diary)
    good = [Night(night=N + timedelta(days=i), sleep_quality=4) for i in range(1, 50)]
    bad = Night(night=N - timedelta(days=1), awakenings=99)
    nights = [bad, *good] if where == "first" else [*good, bad]
    with pytest.raises(ValidationError) as info:
        store.merge_import(nights, [session(N)])
    assert info.value.field == "awakenings" and info.value.night == bad.night
    assert store.nights() == before
    assert cold_nights(diary) == before
    assert store.routine_sessions() == []


def test_import_with_a_bad_session_writes_nothing(store: Store) -> None:
    with pytest.raises(ValidationError):
        store.merge_import([Night(night=N)], [RoutineSession("", at(N, 22), at(N, 23), True)])
    assert store.is_empty()


def test_import_refuses_the_same_night_twice(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        store.merge_import([Night(night=N), Night(night=N, notes="again")], [])
    assert info.value.night == N
    assert store.is_empty()


def test_a_failure_inside_the_transaction_rolls_everything_back(
    store: Store, diary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even past validation (e.g. a disk error mid-import) nothing is half-written."""
    import companion.core.store as store_module

    store.save_night(full_night())
    real = store_module._write_night
    calls = {"n": 0}

    def flaky(conn, record, *rest):
        calls["n"] += 1
        if calls["n"] == 30:
            raise sqlite3.OperationalError("disk I/O error")
        real(conn, record, *rest)

    monkeypatch.setattr(store_module, "_write_night", flaky)
    nights = [Night(night=N + timedelta(days=i), notes=str(i)) for i in range(0, 40)]
    with pytest.raises(SaveFailed) as caught:  # "could not save", the core's error for it
        store.merge_import(nights, [])
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert store.nights() == [full_night()]
    assert cold_nights(diary) == [full_night()]


# ---- custom factors ------------------------------------------------------------------------


def test_custom_factors_lists_user_labels_once_sorted(store: Store) -> None:
    store.save_night(Night(night=N, factors=("heat", "new shoes", "Long walk")))
    store.save_night(Night(night=N + timedelta(days=1), factors=("new shoes", "alcohol", "Zumba")))
    assert store.custom_factors() == ["Long walk", "new shoes", "Zumba"]


# ---- read-only opens -----------------------------------------------------------------------


def test_read_only_open_of_a_missing_diary_is_empty_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "diary.sqlite3"
    with Store.open(path, read_only=True) as s:
        assert s.is_empty() and s.nights() == []
        with pytest.raises(DiaryOpenError) as info:
            s.save_night(Night(night=N))
        assert info.value.kind == "read_only"
    assert not path.parent.exists()


def test_read_only_open_reads_while_the_app_holds_the_diary(store: Store, diary: Path) -> None:
    store.save_night(full_night())
    with Store.open(diary, read_only=True) as reader:
        assert reader.nights() == [full_night()]
        store.save_night(Night(night=N + timedelta(days=1)))
        assert len(reader.nights()) == 2  # no stale cache in a reader


# ---- the cache never disagrees with the file -----------------------------------------------


@pytest.mark.parametrize("seed", range(4))
def test_cached_reads_match_a_fresh_read_after_any_operations(diary: Path, seed: int) -> None:
    rng = random.Random(seed)
    days = [N + timedelta(days=i) for i in range(30)]
    with Store.open(diary) as s:
        s.nights()  # fill the cache first, so every later write has to keep it right
        for _step in range(60):
            day = rng.choice(days)
            op = rng.randrange(6)
            if op == 0:
                s.save_night(
                    Night(
                        night=day,
                        sleep_quality=rng.randint(1, 5),
                        stretched=rng.choice((True, False, None)),
                        factors=tuple(
                            rng.sample(["heat", "flare", "own label"], rng.randint(0, 2))
                        ),
                        cramps=tuple(
                            Cramp("calf", "left", rng.randint(1, 10))
                            for _ in range(rng.randint(0, 3))
                        ),
                    )
                )
            elif op == 1:
                s.delete_night(day)
            elif op == 2:
                s.add_cramp(Cramp("toes", "right", rng.randint(1, 10), at=at(day, 3)))
            elif op == 3:
                s.record_routine_session(session(day, completed=rng.random() < 0.7))
            elif op == 4:
                batch = [Night(night=d, notes=str(rng.random())) for d in rng.sample(days, 3)]
                s.merge_import(batch, [session(rng.choice(days))])
            else:
                try:  # a refused save must leave the cache as it was
                    s.save_night(Night(night=day, awakenings=-5))
                except ValidationError:
                    pass
            lo, hi = sorted(rng.sample(days, 2))
            fresh = cold_nights(diary)
            assert s.nights() == fresh
            assert s.nights(lo, hi) == [n for n in fresh if lo <= n.night <= hi]
            assert s.get_night(day) == next((n for n in fresh if n.night == day), None)


def test_a_datetime_is_not_a_night(store: Store) -> None:
    """Which night would 02:00 be? Callers pass the night's date; a datetime is a bug."""
    moment = datetime(2026, 11, 21, 2, 0, tzinfo=CET)
    for call in (
        lambda: store.nights(moment),
        lambda: store.nights(end=moment),
        lambda: store.get_night(moment),
        lambda: store.delete_night(moment),
        lambda: store.routine_sessions(moment),
    ):
        with pytest.raises(TypeError):
            call()
    store.nights()  # also from the cache
    with pytest.raises(TypeError):
        store.get_night(moment)


def test_a_committed_save_is_not_reported_as_failed_when_the_cache_refresh_fails(
    store: Store, diary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import companion.core.store as store_module

    store.nights()  # the cache is in use
    real = store_module._load_nights

    def failing(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module, "_load_nights", failing)
    store.save_night(full_night())  # committed: must not raise
    monkeypatch.setattr(store_module, "_load_nights", real)
    assert store.nights() == [full_night()] == cold_nights(diary)


def test_a_cramp_logged_in_the_night_is_not_a_morning_note(store: Store) -> None:
    """The morning reminder and the Morning page ask whether the note was saved, not whether a
    night record exists: Cramp now makes one at 3 am."""
    night = store.add_cramp(Cramp("calf", "left", 6, at=at(N, 3, 0)))
    assert store.get_night(N) is not None and not store.has_morning_note(N)
    store.save_night(replace(night, red_flags=("long_cramp",)))  # Cramp now's long-cramp flag
    assert not store.has_morning_note(N)
    store.save_night(replace(night, sleep_quality=2), morning_note=True)
    assert store.has_morning_note(N)
    store.add_cramp(Cramp("toes", "right", 3, at=at(N, 5, 0)))  # a later cramp keeps the mark
    store.save_night(store.get_night(N))
    assert store.has_morning_note(N)
    store.delete_night(N)
    assert not store.has_morning_note(N)
    assert not store.has_morning_note(N + timedelta(days=1))  # no record at all


def test_imported_nights_are_noted_when_they_hold_morning_answers(store: Store) -> None:
    only_cramps = Night(N, cramps=(Cramp("calf", "left", 6, at=at(N, 3, 0)),))
    quiet = Night(N + timedelta(days=1), sleep_quality=4)
    store.merge_import([only_cramps, quiet], [])
    assert not store.has_morning_note(N)
    assert store.has_morning_note(N + timedelta(days=1))


def test_add_cramp_timed_now_caps_the_duration_and_flags_a_long_cramp_in_one_write(
    store: Store,
) -> None:
    """Cramp now's cap and long_cramp flag are the store's rule: one call, one transaction."""
    long = store.add_cramp(Cramp("calf", "left", 7, at=at(N, 2)), lasted_s=11 * 60)
    assert long.cramps[0].duration_min == 11.0
    assert long.red_flags == ("long_cramp",)
    night = store.add_cramp(Cramp("calf", "left", 7, at=at(N, 3)), lasted_s=10 * 3600)
    assert night.cramps[1].duration_min == 180  # the guide left open all night still logs
    assert night.red_flags == ("long_cramp",)  # flagged once
    assert store.get_night(N) == night


def test_add_cramp_timed_now_under_ten_minutes_is_not_a_red_flag(store: Store) -> None:
    night = store.add_cramp(Cramp("calf", "left", 7, at=at(N, 2)), lasted_s=9 * 60 + 59)
    assert night.cramps[0].duration_min == 10.0  # rounded to a tenth of a minute
    assert night.red_flags == ()


def test_sqlite_errors_leave_the_store_as_core_errors(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app catches the core's types, never sqlite3's: a locked write and a damaged read
    are DiaryError (the cause kept), a disk problem is SaveFailed, a closed diary DiaryClosed."""
    import companion.core.store as store_module

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(store_module, "_write_night", locked)
    with pytest.raises(DiaryError) as caught:
        store.save_night(full_night())
    assert not isinstance(caught.value, SaveFailed)
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    monkeypatch.undo()

    def malformed(*_args, **_kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(store_module, "_load_nights", malformed)
    with pytest.raises(DiaryError):
        store.nights(N, N)
    monkeypatch.undo()
    assert store.nights() == []  # the refused write changed nothing
