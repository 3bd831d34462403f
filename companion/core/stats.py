"""Pure aggregations of the diary: the ``stats`` command's figures, chart feeds and plain sentences.

Everything here works on a list of ``Night`` records (as the store returns them: one per night that
has a record, with ``stretched`` already folded from completed routine sessions). One pass turns the
nights into numpy columns (``columns``); every figure is then derived from those columns, so the
whole set for ten years (3,650 nights, ~10,000 cramps) takes a few milliseconds. No Qt here: the
Trends page, the PDF report and the command line all read the same numbers.

Conventions, chosen once so every view agrees:
- A range ``start``/``end`` is inclusive and compares night dates (the evening a night begins).
- Means over zero nights are ``None`` (``nan`` inside numpy arrays).
- A cramp's hour is the hour of its local time *with the offset it was recorded with*, so a DST
  night never shifts a cramp by an hour.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from companion.core import wording
from companion.core.diary import (
    AREAS,
    BUILTIN_FACTORS,
    PARTS_OF_NIGHT,
    SIDES,
    Night,
    area_label,
)
from companion.core.diary import factor_label as _builtin_factor_label
from companion.core.i18n import N_, _, counted, number
from companion.core.text import without_bidi_controls

#: Hours of the clock in the order a night runs: noon first, the small hours in the middle.
HOUR_ORDER: tuple[int, ...] = tuple(range(12, 24)) + tuple(range(0, 12))
#: Hours most people are in bed; the by-hour chart highlights them.
NIGHT_HOURS: frozenset[int] = frozenset({22, 23, 0, 1, 2, 3, 4, 5, 6})
#: A factor is compared only once it was logged on this many nights, and absent on this many.
MIN_NIGHTS_TO_COMPARE = 3
#: The rolling average needs this many logged nights inside its 7-night window.
ROLLING_MIN_NIGHTS = 3
ROLLING_WINDOW = 7
#: Shown translated: ``_(PATTERN_NOT_PROOF)``.
PATTERN_NOT_PROOF = N_("This shows a pattern, not proof.")
# Fewer timed cramps than this and no "most often between ..." is claimed.
MIN_TIMED_FOR_PATTERN = 5

STRETCHED_YES, STRETCHED_NO, STRETCHED_UNKNOWN = 1, 0, -1
#: The column of a cramp whose side was not said, after the columns of SIDES.
SIDE_NOT_SAID = len(SIDES)


# --------------------------------------------------------------------------------------------
# one pass: nights -> columns
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Columns:
    """The nights in range as parallel arrays (one row per logged night, ascending by date),
    plus one row per cramp. Built once; every other figure is a cheap numpy reduction of it."""

    dates: tuple[date, ...]
    ordinals: np.ndarray  # int64, date.toordinal()
    cramps: np.ndarray  # int64 cramps per night
    worst: np.ndarray  # float, nan on nights without a cramp
    soreness: np.ndarray  # float, nan when not recorded
    sleep_quality: np.ndarray  # float, nan when not recorded
    stretched: np.ndarray  # int8: 1 yes, 0 no, -1 unknown
    factors: tuple[tuple[str, ...], ...]
    red_flags: tuple[tuple[str, ...], ...]
    cramp_night: np.ndarray  # int64 row index of each cramp's night
    cramp_area: np.ndarray  # int64 index into AREAS
    cramp_side: np.ndarray  # int64 index into SIDES, len(SIDES) when the side was not said
    cramp_hour: np.ndarray  # int64 0..23, -1 when the cramp has no time
    cramp_part: np.ndarray  # int64 index into PARTS_OF_NIGHT, -1 when not given
    cramp_severity: np.ndarray  # int64

    def __len__(self) -> int:
        return len(self.dates)


_AREA_INDEX = {a: i for i, a in enumerate(AREAS)}
# Looked up with a cramp's optional side and part of night: None gets the default.
_SIDE_INDEX: dict[str | None, int] = {s: i for i, s in enumerate(SIDES)}
_PART_INDEX: dict[str | None, int] = {p: i for i, p in enumerate(PARTS_OF_NIGHT)}


def in_range(nights: Iterable[Night], start: date | None, end: date | None) -> list[Night]:
    """Nights whose date lies in [start, end] (either bound may be open), ascending by date."""
    if start is None and end is None:
        chosen = list(nights)
    else:
        lo = start or date.min
        hi = end or date.max
        chosen = [n for n in nights if lo <= n.night <= hi]
    dates = [n.night for n in chosen]
    if any(a > b for a, b in zip(dates, dates[1:], strict=False)):
        chosen.sort(key=lambda n: n.night)
    return chosen


def _nan_floats(values: list[int | None]) -> np.ndarray:
    """Optional whole numbers as floats, None becoming nan."""
    return np.array(values, dtype=float) if values else np.zeros(0)


def columns(nights: Iterable[Night], start: date | None = None, end: date | None = None) -> Columns:
    """Flatten the nights in range into arrays: list comprehensions over the nights and over the
    cramps (much faster than appending field by field), then numpy for everything else."""
    rows = in_range(nights, start, end)
    size = len(rows)
    counts = np.fromiter((len(n.cramps) for n in rows), dtype=np.int64, count=size)
    flat = [c for n in rows for c in n.cramps]
    total = len(flat)
    cramp_night = np.repeat(np.arange(size, dtype=np.int64), counts)
    area_index, side_index, part_index = _AREA_INDEX, _SIDE_INDEX, _PART_INDEX
    severity = np.fromiter((c.severity for c in flat), dtype=np.int64, count=total)
    worst = np.full(size, np.nan)
    if total:
        top = np.zeros(size, dtype=np.int64)
        np.maximum.at(top, cramp_night, severity)
        has = counts > 0
        worst[has] = top[has]
    stretched_map = {True: STRETCHED_YES, False: STRETCHED_NO, None: STRETCHED_UNKNOWN}
    return Columns(
        dates=tuple(n.night for n in rows),
        ordinals=np.fromiter((n.night.toordinal() for n in rows), dtype=np.int64, count=size),
        cramps=counts,
        worst=worst,
        soreness=_nan_floats([n.morning_soreness for n in rows]),
        sleep_quality=_nan_floats([n.sleep_quality for n in rows]),
        stretched=np.fromiter(
            (stretched_map[n.stretched] for n in rows), dtype=np.int8, count=size
        ),
        factors=tuple(n.factors for n in rows),
        red_flags=tuple(n.red_flags for n in rows),
        cramp_night=cramp_night,
        cramp_area=np.fromiter(
            (area_index.get(c.area, 0) for c in flat), dtype=np.int64, count=total
        ),
        cramp_side=np.fromiter(
            (side_index.get(c.side, SIDE_NOT_SAID) for c in flat), dtype=np.int64, count=total
        ),
        cramp_hour=np.fromiter(
            (c.at.hour if c.at is not None else -1 for c in flat), dtype=np.int64, count=total
        ),
        cramp_part=np.fromiter(
            (part_index.get(c.part_of_night, -1) for c in flat), dtype=np.int64, count=total
        ),
        cramp_severity=severity,
    )


def mean_or_none(values: np.ndarray) -> float | None:
    """Mean of the non-nan values; None over zero values (JSON null)."""
    if values.size == 0:
        return None
    finite = values[~np.isnan(values)] if values.dtype.kind == "f" else values
    if finite.size == 0:
        return None
    return float(finite.mean())


# --------------------------------------------------------------------------------------------
# the stats --json object (DESIGN.md section 4)
# --------------------------------------------------------------------------------------------
def summary_from(cols: Columns) -> dict[str, Any]:
    """The ``stats --json`` object for already-built columns (see ``summary``)."""
    cramps = cols.cramps
    yes = cols.stretched == STRETCHED_YES
    no = cols.stretched == STRETCHED_NO
    area_counts = np.bincount(cols.cramp_area, minlength=len(AREAS))
    side_counts = np.bincount(cols.cramp_side, minlength=len(SIDES) + 1)
    timed = cols.cramp_hour[cols.cramp_hour >= 0]
    hour_counts = np.bincount(timed, minlength=24)
    return {
        "nights_logged": len(cols),
        "cramp_nights": int(np.count_nonzero(cramps)),
        "cramps_total": int(cramps.sum()),
        "cramps_per_night": mean_or_none(cramps.astype(float)),
        "worst_severity_mean": mean_or_none(cols.worst),
        "sleep_quality_mean": mean_or_none(cols.sleep_quality),
        "stretched": {
            "nights": int(np.count_nonzero(yes)),
            "cramps_per_night": mean_or_none(cramps[yes].astype(float)),
        },
        "not_stretched": {
            "nights": int(np.count_nonzero(no)),
            "cramps_per_night": mean_or_none(cramps[no].astype(float)),
        },
        "by_area": {a: int(area_counts[i]) for i, a in enumerate(AREAS)},
        "by_side": {s: int(side_counts[i]) for i, s in enumerate(SIDES)},
        "by_hour": {str(h): int(hour_counts[h]) for h in range(24)},
    }


def summary(
    nights: Iterable[Night], start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """The ``stats --json`` object of DESIGN.md section 4 over the nights in [start, end].

    ``worst_severity_mean`` averages each cramp night's highest severity; ``sleep_quality_mean``
    averages the nights where sleep quality was recorded; ``stretched``/``not_stretched`` count
    nights whose ``stretched`` is True/False (unknown nights are in neither). Every area, side and
    hour "0".."23" is present, 0 when no cramp. Means over zero nights are None.
    """
    return summary_from(columns(nights, start, end))


# --------------------------------------------------------------------------------------------
# chart feeds
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NightSeries:
    """One point per logged night, for the per-night charts."""

    dates: tuple[date, ...]
    ordinals: np.ndarray
    cramps: np.ndarray
    worst: np.ndarray
    soreness: np.ndarray
    sleep_quality: np.ndarray
    stretched: np.ndarray  # 1 / 0 / -1
    rolling: np.ndarray  # 7-night rolling mean of cramps, nan where too few nights


def rolling_mean(
    ordinals: np.ndarray, values: np.ndarray, window: int = ROLLING_WINDOW
) -> np.ndarray:
    """Rolling mean over *calendar* nights: for each logged night D, the mean of ``values`` over
    the logged nights in D-6 … D. Nights with no record are left out, never counted as zero (an
    unlogged night is unknown, not a quiet one). Where fewer than ``ROLLING_MIN_NIGHTS`` logged
    nights fall in the window the result is nan, so the line breaks instead of guessing."""
    n = ordinals.size
    if n == 0:
        return np.zeros(0)
    first = int(ordinals[0])
    span = int(ordinals[-1]) - first + 1
    offsets = ordinals - first
    sums = np.zeros(span + 1)
    counts = np.zeros(span + 1)
    np.add.at(sums, offsets + 1, values)
    np.add.at(counts, offsets + 1, 1)
    csum = np.cumsum(sums)
    ccount = np.cumsum(counts)
    hi = offsets + 1
    lo = np.maximum(offsets + 1 - window, 0)
    total = csum[hi] - csum[lo]
    num = ccount[hi] - ccount[lo]
    out = np.full(n, np.nan)
    ok = num >= ROLLING_MIN_NIGHTS
    out[ok] = total[ok] / num[ok]
    return out


def night_series(cols: Columns) -> NightSeries:
    return NightSeries(
        dates=cols.dates,
        ordinals=cols.ordinals,
        cramps=cols.cramps,
        worst=cols.worst,
        soreness=cols.soreness,
        sleep_quality=cols.sleep_quality,
        stretched=cols.stretched,
        rolling=rolling_mean(cols.ordinals, cols.cramps.astype(float)),
    )


@dataclass(frozen=True)
class WeeklySeries:
    """Logged nights grouped by week (Monday to Sunday nights), for ranges too long for one bar a
    night. ``cramps_per_night`` is the mean over the week's *logged* nights."""

    week_starts: tuple[date, ...]
    ordinals: np.ndarray  # Monday of each week
    nights: np.ndarray  # logged nights in the week
    cramps_per_night: np.ndarray
    stretched_nights: np.ndarray
    worst: np.ndarray  # mean of nightly worst severity over the week's cramp nights (nan: none)
    soreness: np.ndarray  # mean morning soreness over nights it was recorded (nan: none)
    sleep_quality: np.ndarray  # mean sleep quality over nights it was recorded (nan: none)


def _group_mean(index: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """Per-group mean of the non-nan values; nan for a group with none."""
    known = ~np.isnan(values)
    sums = np.bincount(index[known], weights=values[known], minlength=groups)
    counts = np.bincount(index[known], minlength=groups)
    out = np.full(groups, np.nan)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


def weekly_series(cols: Columns) -> WeeklySeries:
    if len(cols) == 0:
        empty = np.zeros(0, dtype=np.int64)
        none = np.zeros(0)
        return WeeklySeries((), empty, empty, none, empty, none, none, none)
    week = (cols.ordinals - 1) // 7  # ordinal 1 (0001-01-01) is a Monday
    weeks, index = np.unique(week, return_inverse=True)
    nights = np.bincount(index)
    cramps = np.bincount(index, weights=cols.cramps)
    stretched = np.bincount(index, weights=(cols.stretched == STRETCHED_YES).astype(float))
    ordinals = weeks * 7 + 1
    return WeeklySeries(
        week_starts=tuple(date.fromordinal(int(o)) for o in ordinals),
        ordinals=ordinals,
        nights=nights,
        cramps_per_night=cramps / nights,
        stretched_nights=stretched.astype(np.int64),
        worst=_group_mean(index, cols.worst, weeks.size),
        soreness=_group_mean(index, cols.soreness, weeks.size),
        sleep_quality=_group_mean(index, cols.sleep_quality, weeks.size),
    )


@dataclass(frozen=True)
class Comparison:
    """Cramps per night on nights with something (stretching, a factor) and on nights without."""

    key: str  # "stretched" or the factor identifier / label
    label: str  # in words: "Stretched", "Caffeine late"
    with_nights: int
    with_mean: float | None
    without_nights: int
    without_mean: float | None

    @property
    def enough(self) -> bool:
        """Both sides have at least ``MIN_NIGHTS_TO_COMPARE`` nights."""
        return min(self.with_nights, self.without_nights) >= MIN_NIGHTS_TO_COMPARE


def stretch_comparison(cols: Columns) -> Comparison:
    yes = cols.stretched == STRETCHED_YES
    no = cols.stretched == STRETCHED_NO
    return Comparison(
        key="stretched",
        label=_("Stretched"),
        with_nights=int(yes.sum()),
        with_mean=mean_or_none(cols.cramps[yes].astype(float)),
        without_nights=int(no.sum()),
        without_mean=mean_or_none(cols.cramps[no].astype(float)),
    )


def factor_label(factor: str) -> str:
    """A factor in words: built-in ones have a label in the current language, the user's own are
    kept as typed (without bidi controls, which would reorder what is drawn)."""
    if factor in BUILTIN_FACTORS:
        return _builtin_factor_label(factor)
    return without_bidi_controls(factor)


@dataclass(frozen=True)
class FactorComparisons:
    compared: tuple[Comparison, ...]  # factors with >= 3 nights with and >= 3 without
    waiting: tuple[tuple[str, int], ...]  # (factor, nights with it) not compared yet


def factor_comparisons(cols: Columns) -> FactorComparisons:
    """Each factor seen in range: cramps per night with it vs without it (over all other logged
    nights). Compared only once it has ``MIN_NIGHTS_TO_COMPARE`` nights on each side; the others
    are listed as waiting. Built-in factors first, then the user's own by how often they appear."""
    rows: dict[str, list[int]] = {}
    for i, labels in enumerate(cols.factors):
        for f in labels:
            rows.setdefault(f, []).append(i)
    order = [f for f in BUILTIN_FACTORS if f in rows]
    order += sorted((f for f in rows if f not in BUILTIN_FACTORS), key=lambda f: (-len(rows[f]), f))
    total_nights = len(cols)
    total_cramps = float(cols.cramps.sum())
    compared: list[Comparison] = []
    waiting: list[tuple[str, int]] = []
    for f in order:
        idx = np.asarray(rows[f], dtype=np.int64)
        n_with = idx.size
        n_without = total_nights - n_with
        if n_with < MIN_NIGHTS_TO_COMPARE or n_without < MIN_NIGHTS_TO_COMPARE:
            waiting.append((f, n_with))
            continue
        with_sum = float(cols.cramps[idx].sum())
        compared.append(
            Comparison(
                key=f,
                label=factor_label(f),
                with_nights=n_with,
                with_mean=with_sum / n_with,
                without_nights=n_without,
                without_mean=(total_cramps - with_sum) / n_without,
            )
        )
    return FactorComparisons(tuple(compared), tuple(waiting))


@dataclass(frozen=True)
class HourCounts:
    """Cramps by hour of the night, ordered 12:00 … 23:00, 0:00 … 11:00."""

    hours: tuple[int, ...]
    counts: np.ndarray
    is_night: np.ndarray  # bool, hours in NIGHT_HOURS
    untimed: int  # cramps logged without a time
    by_part: dict[str, int]  # untimed cramps by early / middle / late, when given


def hour_counts(cols: Columns) -> HourCounts:
    hours = cols.cramp_hour
    timed = hours[hours >= 0]
    by_clock = np.bincount(timed, minlength=24)
    order = np.asarray(HOUR_ORDER)
    parts = cols.cramp_part[hours < 0]
    part_counts = np.bincount(parts[parts >= 0], minlength=len(PARTS_OF_NIGHT))
    return HourCounts(
        hours=HOUR_ORDER,
        counts=by_clock[order],
        is_night=np.asarray([h in NIGHT_HOURS for h in HOUR_ORDER]),
        untimed=int((hours < 0).sum()),
        by_part={p: int(part_counts[i]) for i, p in enumerate(PARTS_OF_NIGHT)},
    )


def area_side_counts(cols: Columns) -> np.ndarray:
    """Cramp counts as a (len(AREAS), len(SIDES) + 1) matrix, rows in AREAS order, columns in
    SIDES order and then ``SIDE_NOT_SAID`` (cramps logged without saying which leg)."""
    width = len(SIDES) + 1
    flat = cols.cramp_area * width + cols.cramp_side
    return np.bincount(flat, minlength=len(AREAS) * width).reshape(len(AREAS), width)


@dataclass(frozen=True)
class QualityCounts:
    counts: dict[int, int]  # sleep quality 1..5 -> nights
    not_recorded: int


def sleep_quality_counts(cols: Columns) -> QualityCounts:
    q = cols.sleep_quality
    known = q[~np.isnan(q)].astype(np.int64)
    counts = np.bincount(known, minlength=6)
    return QualityCounts({k: int(counts[k]) for k in range(1, 6)}, int(np.isnan(q).sum()))


#: "Now" holds while the run's last stretched night is the range's end or at most this many nights
#: before it (tonight is not done yet; last night may have no routine and no note yet).
STREAK_GRACE_NIGHTS = 2


@dataclass(frozen=True)
class Streaks:
    """Runs of stretched nights by the DESIGN.md rule: a completed routine session that night, or
    ``stretched`` ticked. A night the user said no to ends a run; a night nobody knows about (no
    record and no routine, or ``stretched`` unknown) is skipped, neither breaking nor adding to it.
    ``current`` is the run of the latest known night when that night was stretched and lies within
    ``STREAK_GRACE_NIGHTS`` of the range's end; otherwise 0."""

    current: int
    longest: int


def stretch_streaks(
    cols: Columns, end: date | None = None, routine_nights: Iterable[date] = ()
) -> Streaks:
    """``routine_nights``: nights in range with a completed routine session, which count as
    stretched even when that night has no record (no morning note)."""
    known: dict[date, bool] = {}
    for day, value in zip(cols.dates, cols.stretched.tolist(), strict=True):
        if value != STRETCHED_UNKNOWN:
            known[day] = value == STRETCHED_YES
    for day in routine_nights:
        known[day] = True
    run = longest = 0
    for day in sorted(known):
        run = run + 1 if known[day] else 0
        longest = max(longest, run)
    current = 0
    if known:
        last = max(known)
        if known[last] and (end is None or (end - last).days <= STREAK_GRACE_NIGHTS):
            current = run
    return Streaks(current, longest)


@dataclass(frozen=True)
class CalendarData:
    """Every calendar night from ``first`` to ``last``: cramps (-1 = no record) and stretched
    (1 / 0 / -1), for a heat-map of months."""

    first: date
    last: date
    cramps: np.ndarray
    stretched: np.ndarray

    def at(self, day: date) -> tuple[int, int]:
        i = (day - self.first).days
        if 0 <= i < self.cramps.size:
            return int(self.cramps[i]), int(self.stretched[i])
        return -1, STRETCHED_UNKNOWN


def calendar(
    cols: Columns, start: date | None = None, end: date | None = None
) -> CalendarData | None:
    """Calendar grid data for [start, end], defaulting to the first/last logged night."""
    if len(cols) == 0 and (start is None or end is None):
        return None
    first = start or cols.dates[0]
    last = end or cols.dates[-1]
    if last < first:
        return None
    span = (last - first).days + 1
    cramps = np.full(span, -1, dtype=np.int64)
    stretched = np.full(span, STRETCHED_UNKNOWN, dtype=np.int8)
    off = cols.ordinals - first.toordinal()
    ok = (off >= 0) & (off < span)
    cramps[off[ok]] = cols.cramps[ok]
    stretched[off[ok]] = cols.stretched[ok]
    return CalendarData(first, last, cramps, stretched)


def red_flag_nights(cols: Columns) -> list[tuple[date, tuple[str, ...]]]:
    """Nights where red-flag symptoms were logged, oldest first."""
    return [(d, f) for d, f in zip(cols.dates, cols.red_flags, strict=True) if f]


@dataclass(frozen=True)
class Trends:
    """Everything the Trends page and the report draw, computed together from one pass."""

    start: date | None
    end: date | None
    summary: dict[str, Any]
    series: NightSeries
    weekly: WeeklySeries
    stretch: Comparison
    factors: FactorComparisons
    hours: HourCounts
    area_side: np.ndarray
    quality: QualityCounts
    streaks: Streaks
    calendar: CalendarData | None
    worst_severity_max: int | None
    red_flags: list[tuple[date, tuple[str, ...]]] = field(default_factory=list)

    @property
    def nights_logged(self) -> int:
        return int(self.summary["nights_logged"])


def trends(
    nights: Iterable[Night],
    start: date | None = None,
    end: date | None = None,
    routine_nights: Iterable[date] = (),
) -> Trends:
    """All stats and chart feeds for the nights in [start, end]; ``routine_nights`` are the
    nights with a completed routine session (the streak counts them with or without a note)."""
    cols = columns(nights, start, end)
    lo, hi = start or date.min, end or date.max
    completed = [d for d in routine_nights if lo <= d <= hi]
    return Trends(
        start=start,
        end=end,
        summary=summary_from(cols),
        series=night_series(cols),
        weekly=weekly_series(cols),
        stretch=stretch_comparison(cols),
        factors=factor_comparisons(cols),
        hours=hour_counts(cols),
        area_side=area_side_counts(cols),
        quality=sleep_quality_counts(cols),
        streaks=stretch_streaks(cols, end, completed),
        calendar=calendar(cols, start, end) if len(cols) else None,
        worst_severity_max=int(cols.cramp_severity.max()) if cols.cramp_severity.size else None,
        red_flags=red_flag_nights(cols),
    )


# --------------------------------------------------------------------------------------------
# plain words
# --------------------------------------------------------------------------------------------
#: Who a comparison sentence speaks of: the user in the app ("you stretched") or the patient in
#: the doctor report ("the patient stretched"). Each has its own whole sentences below.
YOU = "you"
PATIENT = "patient"


def _mean_cramps(mean: float) -> str:
    """A mean count with one decimal, as a noun phrase: '0.8 cramps', '1.0 cramp'."""
    # Translators: a mean number of cramps with one decimal, e.g. "0.8 cramps".
    return counted(mean, "{mean} cramp", "{mean} cramps", mean=number(mean, 1))


def _first_sentence(comp: Comparison, person: str) -> str:
    """'On 23 nights you stretched, you averaged 0.8 cramps a night; on 11 nights you did not
    stretch, 1.9.' One whole sentence per person and kind of comparison."""
    fields = {
        "mean": _mean_cramps(comp.with_mean or 0.0),
        "without": counted(comp.without_nights, "{n} night", "{n} nights"),
        "other": number(comp.without_mean or 0.0, 1),
        "label": comp.label,
    }
    n = comp.with_nights
    # Translators: {mean} is e.g. "0.8 cramps", {without} e.g. "11 nights", {other} e.g. "1.9".
    if comp.key == "stretched" and person == PATIENT:
        return counted(
            n,
            "On {n} night the patient stretched, they averaged {mean} a night; "
            "on {without} the patient did not stretch, {other}.",
            "On {n} nights the patient stretched, they averaged {mean} a night; "
            "on {without} the patient did not stretch, {other}.",
            **fields,
        )
    if comp.key == "stretched":
        return counted(
            n,
            "On {n} night you stretched, you averaged {mean} a night; "
            "on {without} you did not stretch, {other}.",
            "On {n} nights you stretched, you averaged {mean} a night; "
            "on {without} you did not stretch, {other}.",
            **fields,
        )
    if person == PATIENT:
        return counted(
            n,
            "On {n} night marked \u201c{label}\u201d, they averaged {mean} a night; "
            "on {without} without it, {other}.",
            "On {n} nights marked \u201c{label}\u201d, they averaged {mean} a night; "
            "on {without} without it, {other}.",
            **fields,
        )
    return counted(
        n,
        "On {n} night marked \u201c{label}\u201d, you averaged {mean} a night; "
        "on {without} without it, {other}.",
        "On {n} nights marked \u201c{label}\u201d, you averaged {mean} a night; "
        "on {without} without it, {other}.",
        **fields,
    )


def _only_with(comp: Comparison, person: str) -> str:
    """Every night with an answer was a stretched night: nothing to compare with."""
    mean = _mean_cramps(comp.with_mean or 0.0)
    n = comp.with_nights
    if person == PATIENT:
        if n == 1:
            return _(
                "The patient stretched on the one night with an answer, averaging {mean} a "
                "night. There are no nights without it to compare."
            ).format(mean=mean)
        return counted(
            n,
            "The patient stretched on all {n} night with an answer, averaging {mean} a night. "
            "There are no nights without it to compare.",
            "The patient stretched on all {n} nights with an answer, averaging {mean} a night. "
            "There are no nights without it to compare.",
            mean=mean,
        )
    if n == 1:
        return _(
            "You stretched on the one night with an answer, averaging {mean} a night. "
            "There are no nights without it to compare."
        ).format(mean=mean)
    return counted(
        n,
        "You stretched on all {n} night with an answer, averaging {mean} a night. "
        "There are no nights without it to compare.",
        "You stretched on all {n} nights with an answer, averaging {mean} a night. "
        "There are no nights without it to compare.",
        mean=mean,
    )


def _lean(comp: Comparison, person: str, diff: float) -> str:
    """Which way the comparison leans, said without claiming a cause."""
    if abs(diff) < 0.1 or (
        max(comp.with_mean or 0.0, comp.without_mean or 0.0) > 0 and _close(comp)
    ):
        return _("That is about the same either way.")
    fewer = diff < 0
    if comp.key != "stretched":
        return (
            _("That is fewer cramps on those nights.")
            if fewer
            else _("That is more cramps on those nights.")
        )
    if person == PATIENT:
        return (
            _("That is fewer cramps on nights the patient stretched.")
            if fewer
            else _("That is more cramps on nights the patient stretched.")
        )
    return (
        _("That is fewer cramps on nights you stretched.")
        if fewer
        else _("That is more cramps on nights you stretched.")
    )


def plain_comparison(
    comp: Comparison | dict[str, Any], *, caveat: bool = True, person: str = YOU
) -> str:
    """Honest plain sentences for a with/without comparison, e.g. "On 23 nights you stretched,
    you averaged 0.8 cramps a night; on 11 nights you did not stretch, 1.9." followed by which
    way it leans and that it is a pattern, not proof (``caveat=False`` leaves that last part out,
    for a list of comparisons that states it once). Accepts a ``Comparison`` or a ``summary``
    dict (then it compares stretched with not stretched). ``person=PATIENT`` says it about the
    patient, for the doctor report. Never claims a cause. Each sentence is translated whole."""
    if isinstance(comp, dict):
        comp = Comparison(
            "stretched",
            _("Stretched"),
            int(comp["stretched"]["nights"]),
            comp["stretched"]["cramps_per_night"],
            int(comp["not_stretched"]["nights"]),
            comp["not_stretched"]["cramps_per_night"],
        )
    if comp.with_nights == 0 and comp.without_nights == 0:
        if comp.key == "stretched":
            return _("No night is marked as stretched or not yet, so there is nothing to compare.")
        return _(
            "No night is marked \u201c{label}\u201d yet, so there is nothing to compare."
        ).format(label=comp.label)
    if comp.with_nights == 0 or comp.with_mean is None:
        if comp.key == "stretched":
            return _("No night is marked as stretched yet, so there is nothing to compare.")
        return _(
            "No night is marked \u201c{label}\u201d yet, so there is nothing to compare."
        ).format(label=comp.label)
    if comp.without_nights == 0 or comp.without_mean is None:
        if comp.key == "stretched":
            return _only_with(comp, person)
        return _(
            "Every logged night is marked \u201c{label}\u201d, so there is nothing to "
            "compare it with."
        ).format(label=comp.label)
    first = _first_sentence(comp, person)
    if not comp.enough:
        if person == PATIENT:
            more = _(
                "That is too few nights to see a pattern yet; the picture will be clearer as "
                "more nights are logged."
            )
        else:
            more = _(
                "That is too few nights to see a pattern yet; the picture will be clearer as "
                "you log more."
            )
        return f"{first} {more}"
    lean = _lean(comp, person, comp.with_mean - comp.without_mean)
    if not caveat:
        return f"{first} {lean}"
    tail = _(PATTERN_NOT_PROOF)
    if min(comp.with_nights, comp.without_nights) < 10:
        if person == PATIENT:
            change = _("With this few nights it may change as more nights are logged.")
        else:
            change = _("With this few nights it may change as you log more.")
        return f"{first} {lean} {tail} {change}"
    return f"{first} {lean} {tail}"


def _close(comp: Comparison) -> bool:
    """Within 10 % of each other: too small a gap to call a difference in words."""
    a, b = comp.with_mean or 0.0, comp.without_mean or 0.0
    return abs(a - b) <= 0.1 * max(a, b)


def describe_hours(hours: HourCounts) -> str:
    """The peak hour in words, e.g. "Cramps came most often between 02:00 and 03:00 (14 of 40
    with a time)."; below ``MIN_TIMED_FOR_PATTERN`` timed cramps no pattern is claimed."""
    total = int(hours.counts.sum())
    if total == 0:
        return _("No cramp has a time logged yet.")
    if total < MIN_TIMED_FOR_PATTERN:
        return counted(
            total,
            "Only {n} cramp has a time so far: too few to show a time-of-night pattern "
            "(that needs {needed}).",
            "Only {n} cramps have a time so far: too few to show a time-of-night pattern "
            "(that needs {needed}).",
            needed=number(MIN_TIMED_FOR_PATTERN),
        )
    i = int(np.argmax(hours.counts))
    h = hours.hours[i]
    # Translators: {span} is e.g. "between 02:00 and 03:00"; "(14 of 40 with a time)".
    return _("Cramps came most often {span} ({count} of {total} with a time).").format(
        span=wording.hour_span(h, h + 1),
        count=number(int(hours.counts[i])),
        total=number(total),
    )


def describe_areas(matrix: np.ndarray) -> str:
    total = int(matrix.sum())
    if total == 0:
        return _("No cramps logged in this period.")
    per_area = matrix.sum(axis=1)
    i = int(np.argmax(per_area))
    # Translators: {area} is a body area such as "Calf"; "... 12 of 40 cramps."
    return counted(
        total,
        "{area} was the most common place: {count} of {n} cramp.",
        "{area} was the most common place: {count} of {n} cramps.",
        area=area_label(AREAS[i]),
        count=number(int(per_area[i])),
    )


def fmt_mean(value: float | None, digits: int = 1) -> str:
    """A mean for people: one decimal (in the language's form), or a dash when there were no
    nights to average."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\u2013"
    return number(value, digits)
