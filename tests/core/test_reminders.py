"""Reminder schedule: weekdays, nights after midnight, daylight saving, sleep-through, done nights."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.clock import FakeClock
from companion.core.reminders import (
    BEDTIME,
    MORNING,
    Reminders,
    bedtime_text,
    describe_next,
    local_zone,
    parse_hhmm,
    postpone,
    resolve_wall,
    zone_of,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


@dataclass
class Plan:
    bedtime: str = "22:30"
    bedtime_days: list[int] = field(default_factory=lambda: list(range(7)))
    reminder_enabled: bool = True
    reminder_lead_min: int = 30
    morning_reminder_enabled: bool = True
    morning_reminder: str = "08:30"


def never(_night: date) -> bool:
    return False


def at(tz, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=tz)


def poll(rem: Reminders, clock: FakeClock, until: datetime, step_s: float = 30.0, **kw):
    """Drive due() the way the tray timer does, returning everything it reported."""
    done = kw.get("done", never)
    noted = kw.get("noted", never)
    shown = []
    last = clock.now()
    while clock.now() < until:
        clock.advance(step_s)
        now = clock.now()
        shown += rem.due(now, last, done, noted)
        last = now
    return shown


# the schedule -----------------------------------------------------------------------------------


def test_next_bedtime_is_bedtime_minus_lead_tonight() -> None:
    rem = Reminders(Plan(), BERLIN)
    nxt = rem.next_bedtime(at(BERLIN, 2026, 11, 20, 19, 0))
    assert nxt is not None
    assert nxt.at == at(BERLIN, 2026, 11, 20, 22, 0)
    assert nxt.night == date(2026, 11, 20) and nxt.kind == BEDTIME


def test_only_chosen_weekdays_get_a_bedtime_reminder() -> None:
    rem = Reminders(Plan(bedtime_days=[0, 2]), BERLIN)  # Monday and Wednesday nights
    # Tuesday 2026-11-17, after the time: next is Wednesday 18th
    nxt = rem.next_bedtime(at(BERLIN, 2026, 11, 17, 23, 0))
    assert nxt is not None and nxt.night == date(2026, 11, 18)
    # Thursday: next is Monday 23rd
    nxt = rem.next_bedtime(at(BERLIN, 2026, 11, 19, 12, 0))
    assert nxt is not None and nxt.at == at(BERLIN, 2026, 11, 23, 22, 0)
    nights = {
        r.night.weekday()
        for r in rem.between(at(BERLIN, 2026, 11, 1), at(BERLIN, 2026, 12, 1))
        if r.kind == BEDTIME
    }
    assert nights == {0, 2}


def test_bedtime_after_midnight_belongs_to_the_evening_before() -> None:
    rem = Reminders(Plan(bedtime="00:30", bedtime_days=[4], reminder_lead_min=45), BERLIN)
    nxt = rem.next_bedtime(at(BERLIN, 2026, 11, 16, 12, 0))
    assert nxt is not None
    assert nxt.night == date(2026, 11, 20)  # Friday night
    assert nxt.at == at(BERLIN, 2026, 11, 20, 23, 45)  # lead crosses midnight back into Friday
    later = Reminders(Plan(bedtime="01:00", bedtime_days=[4], reminder_lead_min=0), BERLIN)
    assert later.next_bedtime(at(BERLIN, 2026, 11, 16)).at == at(BERLIN, 2026, 11, 21, 1, 0)


def test_morning_reminder_is_about_last_night_every_day() -> None:
    rem = Reminders(Plan(bedtime_days=[]), BERLIN)
    nxt = rem.next_morning(at(BERLIN, 2026, 11, 21, 7, 0))
    assert nxt is not None and nxt.kind == MORNING
    assert nxt.at == at(BERLIN, 2026, 11, 21, 8, 30)
    assert nxt.night == date(2026, 11, 20)
    assert rem.next_bedtime(at(BERLIN, 2026, 11, 21)) is None  # no days chosen


def test_switched_off_reminders_never_come() -> None:
    rem = Reminders(Plan(reminder_enabled=False, morning_reminder_enabled=False), BERLIN)
    assert rem.between(at(BERLIN, 2026, 1, 1), at(BERLIN, 2026, 2, 1)) == []
    assert rem.next_bedtime(at(BERLIN, 2026, 1, 1)) is None


def test_bad_time_text_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_hhmm("7:30")
    assert parse_hhmm("07:30").hour == 7


# daylight saving --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "gap_day"),
    [(BERLIN, date(2026, 3, 29)), (NEW_YORK, date(2026, 3, 8))],
)
def test_spring_forward_gap_fires_at_the_first_valid_instant(tz, gap_day) -> None:
    wall = datetime.combine(gap_day, parse_hhmm("02:30"))
    fired = resolve_wall(wall, tz)
    assert (fired.hour, fired.minute) == (3, 0)
    # a morning reminder set to 02:30 on that day fires once, at 03:00
    rem = Reminders(Plan(reminder_enabled=False, morning_reminder="02:30"), tz)
    start = datetime.combine(gap_day, parse_hhmm("00:00"), tzinfo=tz)
    clock = FakeClock(start)
    shown = poll(rem, clock, start + timedelta(hours=6))
    assert [r.at for r in shown] == [fired]
    # the bedtime reminder that evening stays at 22:00 on the wall clock
    evening = Reminders(Plan(), tz).next_bedtime(start)
    assert evening is not None and (evening.at.hour, evening.at.minute) == (22, 0)
    assert evening.at.utcoffset() != start.utcoffset()  # it really is after the change


@pytest.mark.parametrize(
    ("tz", "fold_day", "wall"),
    [(BERLIN, date(2026, 10, 25), "02:30"), (NEW_YORK, date(2026, 11, 1), "01:30")],
)
def test_fall_back_hour_fires_only_once(tz, fold_day, wall) -> None:
    rem = Reminders(Plan(reminder_enabled=False, morning_reminder=wall), tz)
    start = datetime.combine(fold_day, parse_hhmm("00:00"), tzinfo=tz)
    clock = FakeClock(start)
    shown = poll(rem, clock, start + timedelta(hours=5))
    assert len(shown) == 1
    first = shown[0].at
    assert first.strftime("%H:%M") == wall
    assert first.fold == 0  # the first of the two occurrences
    # a bedtime reminder in the repeated hour also fires once
    bed = Reminders(Plan(bedtime=wall, reminder_lead_min=0, morning_reminder_enabled=False), tz)
    clock = FakeClock(start)
    assert len(poll(bed, clock, start + timedelta(hours=5), step_s=60)) == 1


def test_evening_reminders_keep_wall_time_across_the_change() -> None:
    rem = Reminders(Plan(), BERLIN)
    nights = [
        r
        for r in rem.between(at(BERLIN, 2026, 10, 23), at(BERLIN, 2026, 10, 28))
        if r.kind == BEDTIME
    ]
    assert [r.at.strftime("%H:%M") for r in nights] == ["22:00"] * 5
    assert {r.at.utcoffset() for r in nights} == {timedelta(hours=2), timedelta(hours=1)}


# due(): once, no burst, not when done ----------------------------------------------------------


def test_polling_reports_each_reminder_once() -> None:
    rem = Reminders(Plan(), BERLIN)
    clock = FakeClock(at(BERLIN, 2026, 11, 20, 18, 0))
    shown = poll(rem, clock, at(BERLIN, 2026, 11, 21, 12, 0))
    assert [(r.kind, r.at) for r in shown] == [
        (BEDTIME, at(BERLIN, 2026, 11, 20, 22, 0)),
        (MORNING, at(BERLIN, 2026, 11, 21, 8, 30)),
    ]


def test_sleeping_through_several_reminders_reports_only_the_latest_once() -> None:
    rem = Reminders(Plan(), BERLIN)
    last = at(BERLIN, 2026, 11, 16, 21, 0)  # Monday evening, then the laptop slept
    now = at(BERLIN, 2026, 11, 19, 22, 10)  # woke on Thursday, 10 minutes after the reminder
    due = rem.due(now, last, never, never)
    # four bedtime and three morning reminders passed; Thursday's 08:30 morning one is too late
    assert [(r.kind, r.night) for r in due] == [(BEDTIME, date(2026, 11, 19))]
    assert rem.due(now + timedelta(seconds=30), now, never, never) == []


def test_waking_after_a_whole_evening_drops_the_bedtime_reminder() -> None:
    rem = Reminders(Plan(morning_reminder_enabled=False), BERLIN)
    last = at(BERLIN, 2026, 11, 20, 21, 0)
    assert rem.due(at(BERLIN, 2026, 11, 21, 1, 30), last, never, never) == []  # 3 h 30 late
    assert len(rem.due(at(BERLIN, 2026, 11, 21, 0, 30), last, never, never)) == 1  # 2 h 30 late


def test_a_clock_suspend_is_treated_like_a_sleep() -> None:
    rem = Reminders(Plan(), BERLIN)
    clock = FakeClock(at(BERLIN, 2026, 11, 20, 21, 59))
    last = clock.now()
    clock.suspend(3 * 24 * 3600 + 300)  # wall time jumps three days while the machine slept
    due = rem.due(clock.now(), last, never, never)
    assert [(r.kind, r.night) for r in due] == [(BEDTIME, date(2026, 11, 23))]


def test_no_bedtime_reminder_after_tonights_routine_is_done() -> None:
    rem = Reminders(Plan(), BERLIN)
    done = {date(2026, 11, 20)}
    clock = FakeClock(at(BERLIN, 2026, 11, 20, 18, 0))
    shown = poll(rem, clock, at(BERLIN, 2026, 11, 22, 0, 0), step_s=300, done=done.__contains__)
    assert [(r.kind, r.night) for r in shown if r.kind == BEDTIME] == [
        (BEDTIME, date(2026, 11, 21))
    ]


def test_no_morning_reminder_when_the_note_is_written() -> None:
    rem = Reminders(Plan(reminder_enabled=False), BERLIN)
    noted = {date(2026, 11, 20)}
    clock = FakeClock(at(BERLIN, 2026, 11, 21, 6, 0))
    shown = poll(rem, clock, at(BERLIN, 2026, 11, 22, 10, 0), step_s=300, noted=noted.__contains__)
    assert [r.night for r in shown] == [date(2026, 11, 21)]


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(st.integers(min_value=1, max_value=14 * 3600), min_size=1, max_size=60),
    zone=st.sampled_from([BERLIN, NEW_YORK]),
    bedtime=st.sampled_from(["22:30", "02:30", "01:30", "00:00", "12:00"]),
    lead=st.integers(min_value=0, max_value=240),
)
def test_any_polling_pattern_never_repeats_a_reminder(steps, zone, bedtime, lead) -> None:
    rem = Reminders(Plan(bedtime=bedtime, reminder_lead_min=lead, morning_reminder=bedtime), zone)
    now = datetime(2026, 10, 22, 18, 0, tzinfo=zone)
    keys = []
    for step in steps:
        later = now + timedelta(seconds=step)
        due = rem.due(later, now, never, never)
        assert len({r.kind for r in due}) == len(due)  # at most one of each kind per check
        keys += [r.key for r in due]
        assert all(later - timedelta(hours=4) <= r.at <= later for r in due)
        now = later
    assert len(keys) == len(set(keys))


# time zones and wording -------------------------------------------------------------------------


def test_local_zone_follows_tz_and_knows_its_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    zone = local_zone()
    assert isinstance(zone, ZoneInfo) and zone.key == "America/New_York"
    assert zone_of(datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=-5)))) == zone
    assert zone_of(datetime(2026, 1, 1, tzinfo=BERLIN)) is BERLIN


def test_now_in_another_zone_is_converted() -> None:
    rem = Reminders(Plan(), BERLIN)
    utc_now = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)  # 19:00 in Berlin
    nxt = rem.next_bedtime(utc_now)
    assert nxt is not None and nxt.at == at(BERLIN, 2026, 11, 20, 22, 0)


def test_next_reminder_is_described_plainly() -> None:
    rem = Reminders(Plan(), BERLIN)
    now = at(BERLIN, 2026, 11, 20, 19, 0)
    assert describe_next(rem.next_bedtime(now), now) == "Next bedtime reminder: tonight at 22:00."
    assert describe_next(rem.next_morning(now), now) == "Next morning reminder: tomorrow at 08:30."
    assert describe_next(None, now) == "No reminder is planned."


def test_bedtime_text_says_1_minute_not_1_minutes() -> None:
    assert bedtime_text(1) == "It's almost bedtime. Your routine takes about 1 minute."
    assert bedtime_text(12).endswith("about 12 minutes.")


def test_next_reminder_a_week_away_names_the_day_in_english() -> None:
    rem = Reminders(Plan(bedtime_days=[0]), BERLIN)  # Mondays only
    now = at(BERLIN, 2026, 11, 20, 19, 0)  # a Friday
    assert describe_next(rem.next_bedtime(now), now) == "Next bedtime reminder: on Monday at 22:00."


def test_a_postponed_bedtime_reminder_is_due_again_and_not_tonight_drops_it() -> None:
    rem = Reminders(Plan(), BERLIN)
    first = rem.next_bedtime(at(BERLIN, 2026, 11, 20, 19, 0))
    assert first is not None
    shown_at = first.at + timedelta(minutes=1)
    again = postpone(first, shown_at)
    assert again.at == shown_at + timedelta(minutes=15) and again.night == first.night
    before = again.at - timedelta(seconds=30)
    assert rem.due(before, shown_at, never, never, postponed=[again]) == []
    assert rem.due(again.at, before, never, never, postponed=[again]) == [again]
    dropped = rem.due(again.at, before, never, never, postponed=[again], not_tonight={first.night})
    assert dropped == []
