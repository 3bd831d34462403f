"""stats.py against figures worked out by hand on small diaries."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import numpy as np
import pytest

from companion.core import stats
from companion.core.diary import AREAS, SIDES, Cramp, Night

CET = timezone(timedelta(hours=1))
CEST = timezone(timedelta(hours=2))
D = date(2026, 11, 2)  # a Monday


def at(day: date, hh: int, mm: int = 0, tz: timezone = CET) -> datetime:
    """A moment of night ``day``: evening hours on the day, small hours on the next."""
    real = day if hh >= 12 else day + timedelta(days=1)
    return datetime(real.year, real.month, real.day, hh, mm, tzinfo=tz)


def cramp(day: date, severity: int, hh: int | None = None, area="calf", side="left", **kw) -> Cramp:
    return Cramp(area, side, severity, at(day, hh) if hh is not None else None, **kw)


@pytest.fixture
def fixture_nights() -> list[Night]:
    """Five nights, worked by hand:

    D+0 stretched, quality 4, soreness 2: cramps sev 3 @02h calf/left, sev 5 @03h foot_arch/right
    D+1 not stretched, quality 2: one cramp sev 7 with no time (middle), calf/both
    D+2 unknown stretched, quality None, soreness 5: no cramps
    D+3 stretched, quality 3: no cramps
    D+5 not stretched, quality 1, soreness 8: cramps sev 9 @23h thigh_back/left, sev 2 @05h calf/left,
        sev 4 @05h calf/right
    """
    return [
        Night(
            D,
            sleep_quality=4,
            morning_soreness=2,
            stretched=True,
            factors=("caffeine_late",),
            cramps=(
                cramp(D, 3, 2),
                cramp(D, 5, 3, area="foot_arch", side="right"),
            ),
        ),
        Night(
            D + timedelta(days=1),
            sleep_quality=2,
            stretched=False,
            factors=("caffeine_late", "hard_day"),
            cramps=(Cramp("calf", "both", 7, None, part_of_night="middle"),),
        ),
        Night(D + timedelta(days=2), morning_soreness=5, factors=("caffeine_late",)),
        Night(D + timedelta(days=3), sleep_quality=3, stretched=True),
        Night(
            D + timedelta(days=5),
            sleep_quality=1,
            morning_soreness=8,
            stretched=False,
            red_flags=("numbness",),
            cramps=(
                cramp(D + timedelta(days=5), 9, 23, area="thigh_back"),
                cramp(D + timedelta(days=5), 2, 5),
                cramp(D + timedelta(days=5), 4, 5, side="right"),
            ),
        ),
    ]


def test_summary_matches_hand_figures(fixture_nights: list[Night]) -> None:
    s = stats.summary(fixture_nights)
    assert s["nights_logged"] == 5
    assert s["cramp_nights"] == 3
    assert s["cramps_total"] == 6
    assert s["cramps_per_night"] == pytest.approx(6 / 5)
    assert s["worst_severity_mean"] == pytest.approx((5 + 7 + 9) / 3)
    assert s["sleep_quality_mean"] == pytest.approx((4 + 2 + 3 + 1) / 4)  # D+2 not recorded
    assert s["stretched"] == {"nights": 2, "cramps_per_night": pytest.approx(2 / 2)}
    assert s["not_stretched"] == {"nights": 2, "cramps_per_night": pytest.approx((1 + 3) / 2)}
    assert s["by_area"] == {
        "calf": 4,
        "foot_arch": 1,
        "toes": 0,
        "shin": 0,
        "thigh_front": 0,
        "thigh_back": 1,
        "foot": 0,
        "thigh": 0,
    }
    assert s["by_side"] == {"left": 3, "right": 2, "both": 1}
    expected_hours = {str(h): 0 for h in range(24)}
    expected_hours.update({"2": 1, "3": 1, "23": 1, "5": 2})  # the untimed cramp is not counted
    assert s["by_hour"] == expected_hours


def test_summary_has_exactly_the_documented_keys(fixture_nights: list[Night]) -> None:
    s = stats.summary(fixture_nights)
    assert set(s) == {
        "nights_logged",
        "cramp_nights",
        "cramps_total",
        "cramps_per_night",
        "worst_severity_mean",
        "sleep_quality_mean",
        "stretched",
        "not_stretched",
        "by_area",
        "by_side",
        "by_hour",
    }
    assert set(s["stretched"]) == set(s["not_stretched"]) == {"nights", "cramps_per_night"}
    assert set(s["by_hour"]) == {str(h) for h in range(24)}
    assert set(s["by_area"]) == set(AREAS) and set(s["by_side"]) == set(SIDES)


def test_zero_nights_gives_nulls_not_zeros() -> None:
    s = stats.summary([])
    assert s["nights_logged"] == 0 and s["cramps_total"] == 0
    for key in ("cramps_per_night", "worst_severity_mean", "sleep_quality_mean"):
        assert s[key] is None
    assert s["stretched"] == {"nights": 0, "cramps_per_night": None}
    assert s["not_stretched"] == {"nights": 0, "cramps_per_night": None}


def test_quiet_nights_only_have_no_worst_severity_and_unknowns_stay_out() -> None:
    nights = [Night(D), Night(D + timedelta(days=1), stretched=None)]
    s = stats.summary(nights)
    assert s["cramps_per_night"] == 0.0
    assert s["worst_severity_mean"] is None  # over zero cramp nights
    assert s["sleep_quality_mean"] is None  # never recorded
    assert s["stretched"]["nights"] == 0 and s["not_stretched"]["nights"] == 0


def test_range_is_inclusive_on_both_ends(fixture_nights: list[Night]) -> None:
    s = stats.summary(fixture_nights, D + timedelta(days=1), D + timedelta(days=3))
    assert s["nights_logged"] == 3
    assert s["cramps_total"] == 1
    only_last = stats.summary(fixture_nights, D + timedelta(days=5), D + timedelta(days=5))
    assert only_last["nights_logged"] == 1 and only_last["cramps_total"] == 3
    open_start = stats.summary(fixture_nights, None, D)
    assert open_start["nights_logged"] == 1
    assert stats.summary(fixture_nights, D + timedelta(days=4), D + timedelta(days=4)) == (
        stats.summary([])
    )


def test_unsorted_input_is_handled() -> None:
    nights = [Night(D + timedelta(days=2)), Night(D, cramps=(cramp(D, 4, 1),))]
    series = stats.trends(nights).series
    assert series.dates == (D, D + timedelta(days=2))
    assert list(series.cramps) == [1, 0]


def test_hour_uses_the_offset_each_cramp_was_recorded_with() -> None:
    """The night DST ends in Europe (25 Oct 2026): a cramp at 02:30 CEST and one at 02:30 CET
    are both hour 2 on their own clocks, and both belong to night 24 Oct."""
    night = date(2026, 10, 24)
    first = Cramp("calf", "left", 4, datetime(2026, 10, 25, 2, 30, tzinfo=CEST))
    second = Cramp("calf", "left", 6, datetime(2026, 10, 25, 2, 30, tzinfo=CET))
    s = stats.summary([Night(night, cramps=(first, second))])
    assert s["by_hour"]["2"] == 2
    assert s["by_hour"]["1"] == 0 and s["by_hour"]["3"] == 0
    hours = stats.trends([Night(night, cramps=(first, second))]).hours
    assert int(hours.counts[hours.hours.index(2)]) == 2


def test_hours_are_ordered_noon_to_noon_with_night_hours_marked(fixture_nights) -> None:
    h = stats.trends(fixture_nights).hours
    assert h.hours[0] == 12 and h.hours[12] == 0 and h.hours[-1] == 11
    assert h.is_night[h.hours.index(2)] and not h.is_night[h.hours.index(15)]
    assert int(h.counts.sum()) == 5
    assert h.untimed == 1 and h.by_part == {"early": 0, "middle": 1, "late": 0}


def test_rolling_average_counts_only_logged_nights_in_the_calendar_window() -> None:
    # Logged nights D..D+3 with 1,2,3,4 cramps, nothing on D+4..D+8, then D+9 with 0.
    counts = [1, 2, 3, 4]
    nights = [
        Night(
            D + timedelta(days=i), cramps=tuple(cramp(D + timedelta(days=i), 3) for _ in range(k))
        )
        for i, k in enumerate(counts)
    ] + [Night(D + timedelta(days=9))]
    rolling = stats.trends(nights).series.rolling
    assert math.isnan(rolling[0]) and math.isnan(rolling[1])  # fewer than 3 nights in window
    assert rolling[2] == pytest.approx((1 + 2 + 3) / 3)
    assert rolling[3] == pytest.approx((1 + 2 + 3 + 4) / 4)
    # window D+3..D+9 holds D+3 (4 cramps) and D+9 (0): only two logged nights -> no value
    assert math.isnan(rolling[4])


def test_weekly_series_averages_over_logged_nights(fixture_nights) -> None:
    w = stats.trends(fixture_nights).weekly
    assert w.week_starts == (D,)  # D is a Monday; D+5 is the Saturday of the same week
    assert list(w.nights) == [5]
    assert w.cramps_per_night[0] == pytest.approx(6 / 5)
    assert list(w.stretched_nights) == [2]
    assert w.worst[0] == pytest.approx((5 + 7 + 9) / 3)
    assert w.soreness[0] == pytest.approx((2 + 5 + 8) / 3)
    assert w.sleep_quality[0] == pytest.approx(10 / 4)


def test_factor_compared_only_with_three_nights_each_side(fixture_nights) -> None:
    f = stats.trends(fixture_nights).factors
    # caffeine_late on D, D+1, D+2 (3 nights: 2+1+0 cramps) vs D+3, D+5 (2 nights) -> waiting
    assert f.compared == ()
    assert ("caffeine_late", 3) in f.waiting and ("hard_day", 1) in f.waiting
    more = fixture_nights + [Night(D + timedelta(days=6)), Night(D + timedelta(days=7))]
    f = stats.trends(more).factors
    [caffeine] = f.compared
    assert caffeine.key == "caffeine_late" and caffeine.label == "Caffeine late"
    assert (caffeine.with_nights, caffeine.without_nights) == (3, 4)
    assert caffeine.with_mean == pytest.approx(3 / 3)
    assert caffeine.without_mean == pytest.approx(3 / 4)


def test_custom_factor_labels_are_kept_as_typed() -> None:
    nights = [
        Night(D + timedelta(days=i), factors=("New shoes",) if i < 3 else ()) for i in range(6)
    ]
    [cmp] = stats.trends(nights).factors.compared
    assert cmp.key == cmp.label == "New shoes"


def test_area_side_matrix_and_sleep_quality_counts(fixture_nights) -> None:
    t = stats.trends(fixture_nights)
    m = t.area_side
    assert m.shape == (len(AREAS), len(SIDES) + 1)  # the last column: the leg was not said
    assert m[AREAS.index("calf"), SIDES.index("left")] == 2
    assert m[AREAS.index("calf"), SIDES.index("right")] == 1
    assert m[AREAS.index("calf"), SIDES.index("both")] == 1
    assert m[AREAS.index("thigh_back"), SIDES.index("left")] == 1
    assert int(m.sum()) == 6
    assert t.quality.counts == {1: 1, 2: 1, 3: 1, 4: 1, 5: 0}
    assert t.quality.not_recorded == 1
    assert t.worst_severity_max == 9
    assert t.red_flags == [(D + timedelta(days=5), ("numbness",))]


def test_streaks_skip_unknown_nights_and_break_on_a_no() -> None:
    yes = [D + timedelta(days=i) for i in (0, 1, 2, 4, 5, 9, 10)]
    nights = [Night(d, stretched=True) for d in yes] + [
        Night(D + timedelta(days=3), stretched=False),  # said no: ends the run D..D+2
        Night(D + timedelta(days=7), sleep_quality=4),  # a note that does not say: skipped
    ]
    s = stats.trends(nights).streaks
    # D+4, D+5, D+9, D+10: D+6..8 are unknown (no record, or stretched not said), not a break
    assert s.longest == 4
    assert s.current == 4
    # tonight and last night may not be known yet: the run is still "now" two nights on
    assert stats.trends(nights, end=D + timedelta(days=12)).streaks.current == 4
    later = stats.trends(nights, end=D + timedelta(days=13)).streaks
    assert later.current == 0 and later.longest == 4


def test_a_completed_routine_counts_without_a_morning_note() -> None:
    """A week of stretching with the app and no notes was 'Stretching streak: 0 nights now'."""
    week = [D + timedelta(days=i) for i in range(7)]
    noted = [Night(D + timedelta(days=2), sleep_quality=3)]  # one note, stretched left unsaid
    t = stats.trends(noted, end=D + timedelta(days=7), routine_nights=week)
    assert (t.streaks.current, t.streaks.longest) == (7, 7)
    # outside the range they do not count
    t = stats.trends(noted, D + timedelta(days=3), D + timedelta(days=7), routine_nights=week)
    assert (t.streaks.current, t.streaks.longest) == (4, 4)
    # a gap with nothing known (no routine, no note) is skipped; a "no" still breaks
    gappy = [D, D + timedelta(days=1), D + timedelta(days=4), D + timedelta(days=5)]
    assert stats.trends([], routine_nights=gappy).streaks == stats.Streaks(4, 4)
    said_no = [Night(D + timedelta(days=3), stretched=False)]
    assert stats.trends(said_no, routine_nights=gappy).streaks == stats.Streaks(2, 2)
    # a routine session outweighs an earlier "no" typed for that night (DESIGN.md: completed)
    no_then_done = [Night(D + timedelta(days=4), stretched=False)]
    assert stats.trends(no_then_done, routine_nights=gappy).streaks == stats.Streaks(4, 4)
    assert stats.trends([]).streaks == stats.Streaks(0, 0)


def test_calendar_marks_unlogged_nights(fixture_nights) -> None:
    cal = stats.trends(fixture_nights).calendar
    assert cal is not None and cal.first == D and cal.last == D + timedelta(days=5)
    assert list(cal.cramps) == [2, 1, 0, 0, -1, 3]
    assert cal.at(D + timedelta(days=4)) == (-1, stats.STRETCHED_UNKNOWN)
    assert cal.at(D) == (2, stats.STRETCHED_YES)
    wider = stats.trends(fixture_nights, D - timedelta(days=2), D + timedelta(days=6)).calendar
    assert wider.first == D - timedelta(days=2) and wider.cramps.size == 9
    assert stats.trends([]).calendar is None


def test_plain_comparison_words(fixture_nights) -> None:
    summary = {
        "stretched": {"nights": 23, "cramps_per_night": 0.8},
        "not_stretched": {"nights": 11, "cramps_per_night": 1.9},
    }
    text = stats.plain_comparison(summary)
    assert text.startswith(
        "On 23 nights you stretched, you averaged 0.8 cramps a night; "
        "on 11 nights you did not stretch, 1.9."
    )
    assert "fewer cramps on nights you stretched" in text
    assert "pattern, not proof" in text
    assert "cause" not in text and "prove" not in text.replace("proof", "")


def test_plain_comparison_is_careful_with_few_or_missing_nights() -> None:
    few = stats.Comparison("stretched", "Stretched", 2, 1.0, 5, 2.0)
    assert "too few nights" in stats.plain_comparison(few)
    none_yet = stats.Comparison("stretched", "Stretched", 0, None, 4, 2.0)
    assert "nothing to compare" in stats.plain_comparison(none_yet)
    same = stats.Comparison("alcohol", "Alcohol", 12, 1.50, 30, 1.45)
    text = stats.plain_comparison(same)
    assert "about the same" in text and "\u201cAlcohol\u201d" in text
    assert "pattern, not proof" not in stats.plain_comparison(same, caveat=False)
    assert "averaged 1.0 cramp a night" in stats.plain_comparison(
        stats.Comparison("stretched", "Stretched", 12, 1.0, 12, 2.5)
    )


def test_describe_helpers() -> None:
    nights = [Night(D, cramps=(cramp(D, 4, 2), cramp(D, 5, 2), cramp(D, 2, 4, area="toes")))]
    t = stats.trends(nights)
    more = [
        Night(D, cramps=(*nights[0].cramps, cramp(D, 3, 2), cramp(D, 3, 5))),
    ]
    assert stats.describe_hours(stats.trends(more).hours) == (
        "Cramps came most often between 02:00 and 03:00 (3 of 5 with a time)."
    )
    assert stats.describe_areas(t.area_side) == "Calf was the most common place: 2 of 3 cramps."
    assert stats.fmt_mean(None) == "\u2013" and stats.fmt_mean(1.25) == "1.2"


def test_no_time_of_night_pattern_is_claimed_from_fewer_than_five_timed_cramps() -> None:
    """Issue 11: "most often between 18:00 and 19:00 (1 of 2 with a time)"."""
    two = [Night(D, cramps=(cramp(D, 4, 18), cramp(D, 5, 2)))]
    words = stats.describe_hours(stats.trends(two).hours)
    assert "most often" not in words and "too few" in words and "2 cramps" in words


def test_a_single_stretched_night_is_not_all_1_night() -> None:
    only = stats.Comparison("stretched", "Stretched", 1, 2.0, 0, None)
    text = stats.plain_comparison(only)
    assert "all 1" not in text and "on the one night with an answer" in text


def test_ten_years_are_summarised_quickly() -> None:
    """Not a timing bar (the benchmark measures that), but a guard against an accidental
    quadratic: 3,650 nights and ~11,000 cramps must stay well within a second."""
    import random
    import time

    rng = random.Random(3)
    nights = []
    for i in range(3650):
        day = D - timedelta(days=i)
        cs = tuple(
            Cramp(
                rng.choice(AREAS),
                rng.choice(SIDES),
                rng.randint(1, 10),
                at(day, rng.choice([1, 2, 23])),
            )
            for _ in range(rng.randint(0, 5))
        )
        nights.append(
            Night(day, sleep_quality=rng.randint(1, 5), stretched=rng.random() < 0.5, cramps=cs)
        )
    nights.reverse()
    start = time.perf_counter()
    t = stats.trends(nights)
    assert time.perf_counter() - start < 1.0
    assert t.nights_logged == 3650
    assert int(np.sum(t.series.cramps)) == t.summary["cramps_total"]


def test_a_cramp_without_a_side_is_counted_apart_never_as_left() -> None:
    """Cramp now stores what was said: a foot, no leg. That must not turn into 'left calf'."""
    nights = [
        Night(D, cramps=(Cramp("foot", None, 6), Cramp("calf", "right", 4))),
        Night(D + timedelta(days=1), cramps=(Cramp("thigh", None, 3),)),
    ]
    t = stats.trends(nights)
    assert t.summary["by_side"] == {"left": 0, "right": 1, "both": 0}
    assert t.summary["by_area"]["foot"] == 1 and t.summary["by_area"]["calf"] == 1
    m = t.area_side
    assert m.shape == (len(AREAS), len(SIDES) + 1)
    assert m[AREAS.index("foot"), stats.SIDE_NOT_SAID] == 1
    assert m[AREAS.index("calf"), SIDES.index("right")] == 1
    assert int(m.sum()) == 3
    assert stats.describe_areas(m).endswith("1 of 3 cramps.")
