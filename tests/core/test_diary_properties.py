"""Property tests: every valid value is accepted, every out-of-range one refused by name, and the
night rule agrees with the window validation for any moment in any offset or time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.diary import (
    AREAS,
    BUILTIN_FACTORS,
    MAX_DURATION_MIN,
    PARTS_OF_NIGHT,
    RED_FLAGS,
    RELIEFS,
    SIDES,
    Cramp,
    Night,
    ValidationError,
    night_of,
    validate_night,
)

settings.register_profile("diary", max_examples=100, deadline=None)
settings.load_profile("diary")

ZONES = [ZoneInfo(z) for z in ("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC")]
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
zones = st.one_of(offsets, st.sampled_from(ZONES))
naive_moments = st.datetimes(min_value=datetime(2000, 1, 2), max_value=datetime(2099, 12, 30))
aware_moments = st.builds(
    lambda naive, tz, fold: naive.replace(tzinfo=tz, fold=fold),
    naive_moments,
    zones,
    st.integers(0, 1),
)
labels = st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != "")


@st.composite
def cramps_for(draw: st.DrawFn, night: date) -> Cramp:
    at = None
    if draw(st.booleans()):
        offset = draw(st.integers(0, 24 * 3600 * 1_000_000 - 1))
        naive = datetime.combine(night, time(12)) + timedelta(microseconds=offset)
        at = naive.replace(tzinfo=draw(zones))
    return Cramp(
        area=draw(st.sampled_from(AREAS)),
        side=draw(st.none() | st.sampled_from(SIDES)),
        severity=draw(st.integers(1, 10)),
        at=at,
        duration_min=draw(
            st.none()
            | st.integers(0, MAX_DURATION_MIN)
            | st.floats(0, MAX_DURATION_MIN, allow_nan=False)
        ),
        relief=tuple(draw(st.lists(st.sampled_from(RELIEFS), unique=True))),
        part_of_night=draw(st.none() | st.sampled_from(PARTS_OF_NIGHT)),
    )


@st.composite
def valid_nights(draw: st.DrawFn) -> Night:
    night = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 30)))
    tz = draw(zones)
    bed = wake = None
    if draw(st.booleans()):
        bed = datetime.combine(night, time(20)) + timedelta(minutes=draw(st.integers(0, 300)))
        bed = bed.replace(tzinfo=tz)
    if draw(st.booleans()):
        wake = datetime.combine(night + timedelta(days=1), time(5)) + timedelta(
            minutes=draw(st.integers(0, 300))
        )
        wake = wake.replace(tzinfo=tz)
    return Night(
        night=night,
        bed_time=bed,
        wake_time=wake,
        sleep_quality=draw(st.none() | st.integers(1, 5)),
        awakenings=draw(st.none() | st.integers(0, 50)),
        morning_soreness=draw(st.none() | st.integers(0, 10)),
        stretched=draw(st.none() | st.booleans()),
        factors=tuple(
            draw(st.lists(st.sampled_from(BUILTIN_FACTORS) | labels, unique=True, max_size=5))
        ),
        red_flags=tuple(draw(st.lists(st.sampled_from(RED_FLAGS), unique=True))),
        notes=draw(st.text(max_size=300)),
        restless_legs=draw(st.none() | st.booleans()),
        cramps=tuple(draw(st.lists(cramps_for(night), max_size=6))),
    )


@given(valid_nights())
def test_valid_nights_are_accepted(record: Night) -> None:
    validate_night(record)


OUT_OF_RANGE = {
    "sleep_quality": st.integers(max_value=0) | st.integers(min_value=6),
    "awakenings": st.integers(max_value=-1) | st.integers(min_value=51),
    "morning_soreness": st.integers(max_value=-1) | st.integers(min_value=11),
}


@given(valid_nights(), st.sampled_from(sorted(OUT_OF_RANGE)), st.data())
def test_an_out_of_range_night_field_is_refused_by_name(
    record: Night, field: str, data: st.DataObject
) -> None:
    from dataclasses import replace

    bad = replace(record, **{field: data.draw(OUT_OF_RANGE[field])})
    try:
        validate_night(bad)
    except ValidationError as exc:
        assert exc.field == field
        assert exc.night == record.night
    else:
        raise AssertionError(f"{field}={getattr(bad, field)} was accepted")


CRAMP_OUT_OF_RANGE = {
    "severity": st.integers(max_value=0) | st.integers(min_value=11),
    "duration_min": st.floats(max_value=-0.001) | st.floats(min_value=MAX_DURATION_MIN + 0.001),
    "area": st.text().filter(lambda s: s not in AREAS),
    "side": st.text().filter(lambda s: s not in SIDES),
}


@given(valid_nights(), st.sampled_from(sorted(CRAMP_OUT_OF_RANGE)), st.data())
def test_an_out_of_range_cramp_is_refused_naming_which_cramp(
    record: Night, field: str, data: st.DataObject
) -> None:
    from dataclasses import replace

    good = data.draw(cramps_for(record.night))
    bad_cramp = replace(good, **{field: data.draw(CRAMP_OUT_OF_RANGE[field])})
    index = len(record.cramps)
    bad = replace(record, cramps=record.cramps + (bad_cramp,))
    try:
        validate_night(bad)
    except ValidationError as exc:
        assert exc.field == f"cramps[{index}].{field}"
    else:
        raise AssertionError(f"cramp {field}={getattr(bad_cramp, field)!r} was accepted")


@given(aware_moments)
def test_night_is_the_local_date_before_noon_minus_one(moment: datetime) -> None:
    local = moment.replace(tzinfo=None)
    expected = local.date() if local.time() >= time(12) else local.date() - timedelta(days=1)
    assert night_of(moment) == expected


@given(aware_moments)
def test_a_cramp_attributed_to_a_night_is_valid_in_that_night(moment: datetime) -> None:
    night = night_of(moment)
    validate_night(Night(night=night, cramps=(Cramp("calf", "left", 5, at=moment),)))


@given(aware_moments)
def test_attribution_survives_the_stored_text(moment: datetime) -> None:
    """Stored as ISO text with its offset, a moment reads back to the same instant and night."""
    back = datetime.fromisoformat(moment.isoformat())
    assert back == moment
    assert back.utcoffset() == moment.utcoffset()
    assert night_of(back) == night_of(moment)


@given(aware_moments, st.sampled_from(ZONES))
def test_a_moment_cannot_belong_to_two_nights(moment: datetime, other: ZoneInfo) -> None:
    """Seen from another zone the night may differ, but each view validates only in its own."""
    for view in (moment, moment.astimezone(other)):
        night = night_of(view)
        cramp = Cramp("foot_arch", "right", 3, at=view)
        validate_night(Night(night=night, cramps=(cramp,)))
        for wrong in (night - timedelta(days=1), night + timedelta(days=1)):
            try:
                validate_night(Night(night=wrong, cramps=(cramp,)))
            except ValidationError as exc:
                assert exc.field == "cramps[0].at"
            else:
                raise AssertionError(f"{view} accepted in night {wrong}")
