"""The diary's rules: validation names the bad field, and nights run noon to noon on local time."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from companion.core.diary import (
    MAX_NOTES,
    RED_FLAG_ADVICE,
    RED_FLAG_URGENT_ADVICE,
    Cramp,
    Night,
    RoutineSession,
    ValidationError,
    day_in_night,
    night_has_information,
    night_of,
    red_flag_advice,
    stretched_on_night,
    validate_cramp,
    validate_night,
    validate_routine_session,
)

CET = timezone(timedelta(hours=1))
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
N = date(2026, 11, 20)


def field_of(record: Night) -> str:
    with pytest.raises(ValidationError) as info:
        validate_night(record)
    return info.value.field


def test_a_complete_night_is_valid() -> None:
    validate_night(
        Night(
            night=N,
            bed_time=datetime(2026, 11, 20, 22, 40, tzinfo=CET),
            wake_time=datetime(2026, 11, 21, 6, 55, tzinfo=CET),
            sleep_quality=3,
            awakenings=2,
            morning_soreness=4,
            stretched=True,
            factors=("heat", "caffeine_late", "new shoes"),
            red_flags=("numbness",),
            notes="free text, any Unicode: ü 🙂",
            restless_legs=False,
            cramps=(
                Cramp(
                    "calf",
                    "left",
                    7,
                    at=datetime(2026, 11, 21, 2, 10, tzinfo=CET),
                    duration_min=3,
                    relief=("stretch", "walk"),
                ),
                Cramp("toes", "both", 1, duration_min=0.5, part_of_night="late"),
            ),
        )
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"sleep_quality": 0}, "sleep_quality"),
        ({"sleep_quality": 6}, "sleep_quality"),
        ({"sleep_quality": 3.0}, "sleep_quality"),
        ({"sleep_quality": True}, "sleep_quality"),
        ({"awakenings": -1}, "awakenings"),
        ({"awakenings": 51}, "awakenings"),
        ({"morning_soreness": 11}, "morning_soreness"),
        ({"stretched": 1}, "stretched"),
        ({"restless_legs": "yes"}, "restless_legs"),
        ({"factors": ("heat", "heat")}, "factors"),
        ({"factors": ("",)}, "factors"),
        ({"factors": ("   ",)}, "factors"),
        ({"factors": ("x" * 41,)}, "factors"),
        ({"factors": ["heat"]}, "factors"),
        ({"factors": ("bad \ud800 label",)}, "factors"),
        ({"red_flags": ("headache",)}, "red_flags"),
        ({"red_flags": ("numbness", "numbness")}, "red_flags"),
        ({"notes": "x" * (MAX_NOTES + 1)}, "notes"),
        ({"notes": None}, "notes"),
        ({"notes": "lone surrogate \udc80"}, "notes"),
        ({"bed_time": datetime(2026, 11, 20, 22, 0)}, "bed_time"),  # no offset
        ({"bed_time": datetime(2026, 11, 20, 11, 0, tzinfo=CET)}, "bed_time"),
        ({"wake_time": datetime(2026, 11, 21, 19, 0, tzinfo=CET)}, "wake_time"),
        (
            {
                "bed_time": datetime(2026, 11, 20, 23, 0, tzinfo=CET),
                "wake_time": datetime(2026, 11, 20, 22, 0, tzinfo=CET),
            },
            "wake_time",
        ),
        ({"cramps": [Cramp("calf", "left", 5)]}, "cramps"),
        ({"cramps": ("calf",)}, "cramps[0]"),
        ({"cramps": (Cramp("calf", "left", 5), Cramp("knee", "left", 5))}, "cramps[1].area"),
        ({"cramps": (Cramp("calf", "middle", 5),)}, "cramps[0].side"),
        ({"cramps": (Cramp("calf", "left", 0),)}, "cramps[0].severity"),
        ({"cramps": (Cramp("calf", "left", 11),)}, "cramps[0].severity"),
        ({"cramps": (Cramp("calf", "left", 5.5),)}, "cramps[0].severity"),
        ({"cramps": (Cramp("calf", "left", 5, duration_min=-1),)}, "cramps[0].duration_min"),
        ({"cramps": (Cramp("calf", "left", 5, duration_min=181),)}, "cramps[0].duration_min"),
        (
            {"cramps": (Cramp("calf", "left", 5, duration_min=float("nan")),)},
            "cramps[0].duration_min",
        ),
        ({"cramps": (Cramp("calf", "left", 5, relief=("ice",)),)}, "cramps[0].relief"),
        (
            {"cramps": (Cramp("calf", "left", 5, relief=("walk", "walk")),)},
            "cramps[0].relief",
        ),
        ({"cramps": (Cramp("calf", "left", 5, part_of_night="dawn"),)}, "cramps[0].part_of_night"),
        (
            {"cramps": (Cramp("calf", "left", 5, at=datetime(2026, 11, 21, 13, 0, tzinfo=CET)),)},
            "cramps[0].at",
        ),
        ({"cramps": (Cramp("calf", "left", 5, at=datetime(2026, 11, 21, 2, 0)),)}, "cramps[0].at"),
    ],
)
def test_each_bad_value_is_refused_naming_its_field(changes: dict, field: str) -> None:
    assert field_of(Night(night=N, **changes)) == field


def test_the_error_names_the_night_too() -> None:
    with pytest.raises(ValidationError) as info:
        validate_night(Night(night=N, sleep_quality=9))
    assert info.value.night == N
    assert "2026-11-20" in str(info.value) and "sleep_quality" in str(info.value)


def test_the_night_itself_must_be_a_date() -> None:
    assert field_of(Night(night=datetime(2026, 11, 20, 22, 0))) == "night"  # type: ignore[arg-type]
    assert field_of(Night(night="2026-11-20")) == "night"  # type: ignore[arg-type]


def test_a_factor_is_kept_as_typed_up_to_40_characters() -> None:
    validate_night(Night(night=N, factors=("  Cold Bedroom ", "x" * 40)))


def test_cramp_on_its_own_needs_no_night() -> None:
    validate_cramp(Cramp("shin", "right", 2, at=datetime(2026, 1, 1, 15, 0, tzinfo=CET)))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"routine": ""}, "routine"),
        ({"routine": "  "}, "routine"),
        ({"started_at": datetime(2026, 11, 20, 22, 0)}, "started_at"),
        ({"ended_at": datetime(2026, 11, 20, 21, 0, tzinfo=CET)}, "ended_at"),
        ({"completed": 1}, "completed"),
        ({"steps_done": -1}, "steps_done"),
        ({"steps_skipped": 1001}, "steps_skipped"),
    ],
)
def test_bad_routine_sessions_are_refused(changes: dict, field: str) -> None:
    base = {
        "routine": "Standard wind-down",
        "started_at": datetime(2026, 11, 20, 22, 5, tzinfo=CET),
        "ended_at": datetime(2026, 11, 20, 22, 17, tzinfo=CET),
        "completed": True,
    }
    base.update(changes)
    with pytest.raises(ValidationError) as info:
        validate_routine_session(RoutineSession(**base))
    assert info.value.field == field


# ---- the night rule ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "night"),
    [
        (datetime(2026, 11, 21, 2, 10, tzinfo=CET), date(2026, 11, 20)),  # the spec's example
        (datetime(2026, 11, 20, 12, 0, tzinfo=CET), date(2026, 11, 20)),
        (datetime(2026, 11, 21, 11, 59, 59, 999999, tzinfo=CET), date(2026, 11, 20)),
        (datetime(2026, 11, 21, 12, 0, tzinfo=CET), date(2026, 11, 21)),
        (datetime(2027, 1, 1, 0, 30, tzinfo=CET), date(2026, 12, 31)),  # across New Year
        (datetime(2028, 3, 1, 3, 0, tzinfo=CET), date(2028, 2, 29)),  # leap day
    ],
)
def test_noon_to_noon(moment: datetime, night: date) -> None:
    assert night_of(moment) == night
    # day_in_night is its inverse: the time of day on that night lands on the same moment's day
    assert day_in_night(night, moment.time()) == moment.date()


def test_berlin_spring_forward_night() -> None:
    """2026-03-29 02:00 jumps to 03:00: the short night still runs noon to noon."""
    before = datetime(2026, 3, 29, 1, 59, tzinfo=BERLIN)
    after = datetime(2026, 3, 29, 3, 1, tzinfo=BERLIN)
    assert before.utcoffset() == timedelta(hours=1)
    assert after.utcoffset() == timedelta(hours=2)
    assert night_of(before) == night_of(after) == date(2026, 3, 28)
    noon = datetime(2026, 3, 29, 12, 0, tzinfo=BERLIN)
    assert night_of(noon) == date(2026, 3, 29)
    assert night_of(noon - timedelta(microseconds=1)) == date(2026, 3, 28)


def test_berlin_fall_back_night_both_halves_of_the_repeated_hour() -> None:
    """2026-10-25 02:30 happens twice (+02:00 then +01:00); both belong to night 24 Oct."""
    first = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=0)
    second = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1)
    assert first.utcoffset() == timedelta(hours=2) and second.utcoffset() == timedelta(hours=1)
    assert night_of(first) == night_of(second) == date(2026, 10, 24)
    # Recorded as text with its offset and read back: still the same night.
    for moment in (first, second):
        assert night_of(datetime.fromisoformat(moment.isoformat())) == date(2026, 10, 24)


def test_new_york_dst_nights() -> None:
    spring = datetime(2026, 3, 8, 3, 30, tzinfo=NEW_YORK)  # just after 02:00 -> 03:00
    fall = datetime(2026, 11, 1, 1, 30, tzinfo=NEW_YORK, fold=1)  # the second 01:30
    assert night_of(spring) == date(2026, 3, 7)
    assert night_of(fall) == date(2026, 10, 31)


def test_attribution_uses_the_recorded_offset_not_the_viewer_s() -> None:
    """The night follows the clock the moment was recorded on, whatever zone views it later."""
    tokyo = datetime(2026, 11, 21, 2, 10, tzinfo=timezone(timedelta(hours=9)))
    assert night_of(tokyo) == date(2026, 11, 20)
    hawaii_view = tokyo.astimezone(timezone(timedelta(hours=-10)))  # 07:10 on 20 Nov
    assert hawaii_view == tokyo  # the same instant...
    assert night_of(hawaii_view) == date(2026, 11, 19)  # ...on another clock is another night
    stored = datetime.fromisoformat(tokyo.isoformat())  # what the store keeps: Tokyo's clock
    assert night_of(stored) == date(2026, 11, 20)


def test_a_cramp_in_the_dst_night_is_valid_for_that_night() -> None:
    cramp = Cramp("calf", "left", 6, at=datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN, fold=1))
    validate_night(Night(night=date(2026, 10, 24), cramps=(cramp,)))
    with pytest.raises(ValidationError):
        validate_night(Night(night=date(2026, 10, 25), cramps=(cramp,)))


def test_red_flag_advice_is_urgent_for_swelling_only() -> None:
    assert red_flag_advice(()) is None
    assert red_flag_advice(("numbness",)) == RED_FLAG_ADVICE
    assert red_flag_advice(["numbness", "swelling"]) == RED_FLAG_URGENT_ADVICE


def test_routine_session_night_follows_its_start() -> None:
    s = RoutineSession(
        "Standard wind-down",
        datetime(2026, 11, 21, 0, 30, tzinfo=CET),
        datetime(2026, 11, 21, 0, 45, tzinfo=CET),
        True,
    )
    assert s.night == date(2026, 11, 20)


def test_night_has_information_rule() -> None:
    assert not night_has_information(Night(date(2026, 11, 20)))
    assert not night_has_information(Night(date(2026, 11, 20), notes="  "))
    assert night_has_information(Night(date(2026, 11, 20)), no_cramps_said=True)
    assert night_has_information(Night(date(2026, 11, 20), sleep_quality=3))
    assert night_has_information(Night(date(2026, 11, 20), stretched=False))
    assert night_has_information(Night(date(2026, 11, 20), cramps=(Cramp("calf", "left", 4),)))
    assert night_has_information(Night(date(2026, 11, 20), factors=("alcohol",)))


@pytest.mark.parametrize(
    ("recorded", "completed", "stretched"),
    [
        (None, False, None),  # unknown stays unknown
        (None, True, True),  # a finished routine means they stretched
        (False, True, True),
        (False, False, False),
        (True, False, True),  # ticked by hand (stretched without the app)
    ],
)
def test_a_finished_routine_means_stretched(
    recorded: bool | None, completed: bool, stretched: bool | None
) -> None:
    assert stretched_on_night(recorded, completed) is stretched
