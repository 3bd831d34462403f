"""The doctor report's content, without Qt: every figure, percentage, table row and sentence.

``companion.ui.report`` only lays this out and paints it (and the CLI's ``report`` command gets
its figures here through it), so what the doctor reads can be tested without a painter. The
sentences are written about the patient, in the third person, never turned from the app's "you"
by string replacement. Every figure comes from ``companion.core.stats``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from companion.core import stats, wording
from companion.core.diary import (
    AREA_LABELS,
    AREAS,
    PART_OF_NIGHT_LABELS,
    RED_FLAG_LABELS,
    RED_FLAGS,
    SIDE_LABELS,
    SIDES,
    SLEEP_QUALITY_LABELS,
    Night,
    RoutineSession,
)
from companion.core.text import without_bidi_controls

REPORT_TITLE = "Night leg cramps: diary summary"
REPORT_DISCLAIMER = (
    "All figures are self-reported by the patient in a morning diary; they are not measurements. "
    "Bedtime Companion is a companion, not a treatment, and it does not diagnose."
)
NOT_PROOF_ANYWAY = "The nights were not assigned at random, so this is not proof either way."
EMPTY_LINE = "No nights were logged in this period."
NOTE_MAX_CHARS = 300
FLAG_DATES_SHOWN = 10
EMPTY_ADVICE = (
    "Choose a longer period, or log a few mornings in the diary and make the report again."
)
NO_RED_FLAGS_LINE = (
    "None: no swelling, numbness, weakness, cramp over 10 minutes or unrelieved pain."
)
NO_CRAMPS_LINE = "No cramps were logged in this period."
NO_NOTES_LINE = "No notes were written in this period."
WEEKLY_AFTER_DAYS = 366  # longer periods get one bar a week: a bar a night would be sub-pixel


MAX_DATE_TICKS = 12


def month_steps() -> Iterator[int]:
    """Tick spacings in months, without end: 1, 2, 3, 6 months, then 1, 2, 5, 10, 20, 50, ...
    years, so a period of any length (a clock that said 2099, a report from 1960) gets ticks."""
    yield from (1, 2, 3, 6)
    years = 1
    while True:
        for factor in (1, 2, 5):
            yield 12 * years * factor
        years *= 10


def month_ticks(start: date, end: date) -> list[date]:
    """First days of months within ``start``..``end``, at most MAX_DATE_TICKS of them, spaced by
    the first of ``month_steps`` that fits and aligned to it (January, even years, decades)."""
    first = start.year * 12 + start.month - 1 + (start.day > 1)  # months since year 0
    last = end.year * 12 + end.month - 1
    every = next(n for n in month_steps() if (last - first + 1) / n <= MAX_DATE_TICKS)
    aligned = first + (-first) % every
    return [date(m // 12, m % 12 + 1, 1) for m in range(aligned, last + 1, every)]


def trim_note(text: str, limit: int = NOTE_MAX_CHARS) -> str:
    """One tidy line: whitespace collapsed, cut at a word with an ellipsis when long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",.;:") + "…"


def nice_top(peak: float) -> tuple[int, int]:
    """A round axis top above ``peak`` and a grid step giving four to six lines."""
    peak = max(1.0, peak)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if peak / step <= 5:
            return int(math.ceil(peak / step) * step), step
    step = 10 ** int(math.log10(peak))
    return int(math.ceil(peak / step) * step), step


@dataclass
class ReportFigures:
    """What the pages show: ``stats.trends`` (every figure) plus dates and words from the nights.

    ``start``/``end`` are the period printed on the report: the chosen bounds, or the first/last
    logged night where a bound was left open.
    """

    start: date | None
    end: date | None
    trends: stats.Trends
    routine_nights: int = 0
    red_flags: list[tuple[str, list[date]]] = field(default_factory=list)
    notes: list[tuple[date, str]] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, Any]:
        return self.trends.summary

    @property
    def nights_logged(self) -> int:
        return self.trends.nights_logged

    @property
    def period_days(self) -> int | None:
        if self.start is None or self.end is None:
            return None
        return (self.end - self.start).days + 1

    @property
    def weekly(self) -> bool:
        """Periods over WEEKLY_AFTER_DAYS are charted one bar a week: a bar a night would be
        sub-pixel."""
        days = self.period_days
        return days is not None and days > WEEKLY_AFTER_DAYS

    @property
    def dates(self) -> tuple[date, ...]:
        return self.trends.series.dates

    @property
    def counts(self) -> list[int]:
        return [int(v) for v in self.trends.series.cramps]

    @property
    def rolling(self) -> list[float | None]:
        return [None if math.isnan(v) else float(v) for v in self.trends.series.rolling]

    @property
    def stretched_flags(self) -> list[bool | None]:
        flags = {stats.STRETCHED_YES: True, stats.STRETCHED_NO: False}
        return [flags.get(int(v)) for v in self.trends.series.stretched]

    @property
    def hours(self) -> list[tuple[int, int, bool]]:
        """(clock hour, cramps, is a night hour) in the order a night runs."""
        h = self.trends.hours
        return [
            (hour, int(count), bool(night))
            for hour, count, night in zip(h.hours, h.counts, h.is_night, strict=True)
        ]

    @property
    def area_side(self) -> dict[str, dict[str, int]]:
        matrix = self.trends.area_side
        return {
            area: {side: int(matrix[i, j]) for j, side in enumerate(SIDES)}
            | {"not_said": int(matrix[i, len(SIDES)])}
            for i, area in enumerate(AREAS)
        }

    @property
    def sleep_counts(self) -> dict[int, int]:
        return {q: n for q, n in self.trends.quality.counts.items() if n}


def collect_figures(
    nights: Sequence[Night],
    sessions: Sequence[RoutineSession],
    start: date | None,
    end: date | None,
) -> ReportFigures:
    """Gather the period's figures; a bound left open becomes the first/last logged night."""
    chosen = stats.in_range(nights, start, end)
    if chosen:
        start = start or chosen[0].night
        end = end or chosen[-1].night
    figures = ReportFigures(start=start, end=end, trends=stats.trends(chosen, start, end))
    # only logged nights: a routine session alone makes no night record, and the stretched
    # counts beside this figure are over logged nights
    logged = set(figures.dates)
    figures.routine_nights = len({s.night for s in sessions if s.completed and s.night in logged})
    by_flag: dict[str, list[date]] = {}
    for day, flags in figures.trends.red_flags:
        for flag in flags:
            by_flag.setdefault(flag, []).append(day)
    figures.red_flags = [(flag, by_flag[flag]) for flag in RED_FLAGS if flag in by_flag]
    notes = ((n.night, trim_note(without_bidi_controls(n.notes))) for n in chosen)
    figures.notes = [(day, note) for day, note in notes if note]
    return figures


def period_line(f: ReportFigures) -> str:
    if f.start is None or f.end is None:
        return "Period: all nights (none logged yet)"
    days = f.period_days or 0
    return f"Period: {wording.date_words(f.start)} to {wording.date_words(f.end)} ({wording.plural(days, 'night')})"


def key_rows(f: ReportFigures) -> list[tuple[str, str]]:
    s = f.summary
    logged = f.nights_logged
    days = f.period_days or logged
    cramp_nights = int(s.get("cramp_nights") or 0)
    share = f" ({round(100 * cramp_nights / logged)}% of logged nights)" if logged else ""
    worst = s.get("worst_severity_mean")
    worst_text = (
        f"{stats.fmt_mean(worst)} on average (each cramp night's worst cramp, pain "
        f"{wording.PAIN_SCALE}); "
        f"highest {f.trends.worst_severity_max}"
        if worst is not None
        else "no cramps logged"
    )
    sleep = s.get("sleep_quality_mean")
    sleep_rated = sum(f.sleep_counts.values())
    sleep_text = (
        f"mean {stats.fmt_mean(sleep)} on a scale of 1 (very poor) to 5 (very good), "
        f"over {wording.plural(sleep_rated, 'rated night')}"
        if sleep is not None
        else "not rated"
    )
    return [
        ("Nights logged", f"{logged:,} of {wording.plural(days, 'night')} in the period"),
        ("Nights with cramps", f"{cramp_nights:,}{share}"),
        (
            "Cramps per night",
            f"{stats.fmt_mean(s.get('cramps_per_night'))} on average ({wording.plural(int(s.get('cramps_total') or 0), 'cramp')} in all)",
        ),
        ("Worst severity", worst_text),
        ("Sleep quality", sleep_text),
    ]


def stretch_rows(f: ReportFigures) -> list[tuple[str, str]]:
    s = f.summary
    yes, no = s.get("stretched") or {}, s.get("not_stretched") or {}
    unknown = f.nights_logged - int(yes.get("nights") or 0) - int(no.get("nights") or 0)
    yes_text = (
        f"{wording.plural(int(yes.get('nights') or 0), 'night')}: "
        f"{stats.fmt_mean(yes.get('cramps_per_night'))} cramps per night"
    )
    if f.routine_nights:
        yes_text += f" (the app's guided routine was completed on {wording.plural(f.routine_nights, 'night')})"
    rows = [
        ("Stretched before bed", yes_text),
        (
            "Did not stretch",
            f"{wording.plural(int(no.get('nights') or 0), 'night')}: "
            f"{stats.fmt_mean(no.get('cramps_per_night'))} cramps per night",
        ),
    ]
    if unknown > 0:
        rows.append(
            ("Not recorded", f"{wording.plural(unknown, 'night')} (left out of both groups)")
        )
    return rows


def stretch_sentence(f: ReportFigures) -> str:
    """The stretched/not-stretched comparison said about the patient, with the same figures as
    the app's, and always a caveat: the nights were not assigned at random."""
    sentence = stats.plain_comparison(f.trends.stretch, person=stats.PATIENT)
    if stats.PATTERN_NOT_PROOF not in sentence:
        sentence += " " + NOT_PROOF_ANYWAY
    return sentence


def red_flag_lines(f: ReportFigures) -> list[str]:
    lines = []
    for flag, days in f.red_flags:
        shown = ", ".join(wording.date_words(d) for d in days[:FLAG_DATES_SHOWN])
        more = len(days) - FLAG_DATES_SHOWN
        tail = f" and {more} more" if more > 0 else ""
        lines.append(
            f"{RED_FLAG_LABELS[flag]} ({wording.plural(len(days), 'night')}): {shown}{tail}"
        )
    return lines


def area_rows(f: ReportFigures) -> list[tuple[str, str]]:
    s = f.summary
    total = int(s.get("cramps_total") or 0)
    rows = []
    for area, label_text in AREA_LABELS.items():
        sides = f.area_side.get(area, {})
        count = sum(sides.values())
        if not count:
            continue
        parts = ", ".join(
            f"{SIDE_LABELS[side].lower()} {sides[side]:,}"
            for side in SIDE_LABELS
            if sides.get(side)
        )
        if sides.get("not_said"):
            parts += (", " if parts else "") + f"leg not said {sides['not_said']:,}"
        rows.append((label_text, f"{count:,} ({round(100 * count / total)}%): {parts}"))
    by_side = s.get("by_side") or {}
    sides_text = ", ".join(
        f"{SIDE_LABELS[side]} {by_side[side]:,}" for side in SIDE_LABELS if by_side.get(side)
    )
    if sides_text:
        rows.append(("All areas by side", sides_text))
    return rows


def night_span() -> str:
    """The highlighted night hours in words, from stats.NIGHT_HOURS ("between 22:00 and 07:00")."""
    night_hours = [h for h in stats.HOUR_ORDER if h in stats.NIGHT_HOURS]
    return wording.hour_span(night_hours[0], night_hours[-1] + 1)


def hour_text(f: ReportFigures) -> str:
    hours = f.trends.hours
    timed = int(hours.counts.sum())
    text = stats.describe_hours(hours)
    if timed >= stats.MIN_TIMED_FOR_PATTERN:
        night = int(hours.counts[hours.is_night].sum())
        text += f" {round(100 * night / timed)}% fell {night_span()}."
    if hours.untimed:
        parts = ", ".join(
            f"{PART_OF_NIGHT_LABELS[p].lower()} {n}" for p, n in hours.by_part.items() if n
        )
        text += f" {wording.plural(hours.untimed, 'cramp')} had no time" + (
            f" ({parts})." if parts else "."
        )
    return text


def sleep_text(f: ReportFigures) -> str:
    if not f.sleep_counts:
        return "Sleep quality was not rated in this period."
    text = "  ·  ".join(
        f"{SLEEP_QUALITY_LABELS[q]}: {f.sleep_counts.get(q, 0):,}" for q in SLEEP_QUALITY_LABELS
    )
    missing = f.trends.quality.not_recorded
    return text + (f"  ·  Not rated: {missing:,}" if missing else "")


def factor_rows(f: ReportFigures) -> list[tuple[str, str]]:
    """Factors stats compares (enough nights with and without), as plain figures."""
    return [
        (
            comp.label,
            f"with: {stats.fmt_mean(comp.with_mean)} over {wording.plural(comp.with_nights, 'night')};  "
            f"without: {stats.fmt_mean(comp.without_mean)} over {wording.plural(comp.without_nights, 'night')}",
        )
        for comp in f.trends.factors.compared
    ]


def page_count(figures: ReportFigures) -> int:
    """Two pages when any night is logged, else the one page saying none was."""
    return 2 if figures.nights_logged else 1


def prepared_line(f: ReportFigures, generated: date) -> str:
    """The line under page 1's title: the period and the day the report was made."""
    return f"{period_line(f)}   ·   Prepared {wording.date_words(generated)} with Bedtime Companion"


def continued_line(f: ReportFigures) -> str:
    """Page 2's heading line."""
    return f"{REPORT_TITLE} (continued)  ·  {period_line(f)}"


def notes_left_out_line(left_out: int) -> str:
    """Said when only the most recent notes fit on the page."""
    return (
        f"{wording.plural(left_out, 'earlier note')} in this period did not fit; "
        "the most recent are shown."
    )


def note_date(day: date) -> str:
    """A note's date as printed beside it."""
    return wording.date_words(day, weekday=True)
