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
    AREAS,
    RED_FLAGS,
    SIDES,
    SLEEP_QUALITY_LABELS,
    Night,
    RoutineSession,
    area_label,
    red_flag_label,
    sleep_quality_label,
)
from companion.core.i18n import N_, _, counted, number, percent
from companion.core.text import without_bidi_controls

# The report's fixed texts: marked here, translated where drawn (``_(REPORT_TITLE)``).
REPORT_TITLE = N_("Night leg cramps: diary summary")
REPORT_DISCLAIMER = N_(
    "All figures are self-reported by the patient in a morning diary; they are not measurements. "
    "Bedtime Companion is a companion, not a treatment, and it does not diagnose."
)
NOT_PROOF_ANYWAY = N_("The nights were not assigned at random, so this is not proof either way.")
EMPTY_LINE = N_("No nights were logged in this period.")
NOTE_MAX_CHARS = 300
FLAG_DATES_SHOWN = 10
EMPTY_ADVICE = N_(
    "Choose a longer period, or log a few mornings in the diary and make the report again."
)
NO_RED_FLAGS_LINE = N_(
    "None: no swelling, numbness, weakness, cramp over 10 minutes or unrelieved pain."
)
NO_CRAMPS_LINE = N_("No cramps were logged in this period.")
NO_NOTES_LINE = N_("No notes were written in this period.")
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
        return _("Period: all nights (none logged yet)")
    return counted(
        f.period_days or 0,
        "Period: {start} to {end} ({n} night)",
        "Period: {start} to {end} ({n} nights)",
        start=wording.date_words(f.start),
        end=wording.date_words(f.end),
    )


def key_rows(f: ReportFigures) -> list[tuple[str, str]]:
    s = f.summary
    logged = f.nights_logged
    days = f.period_days or logged
    cramp_nights = int(s.get("cramp_nights") or 0)
    cramp_nights_text = (
        _("{count} ({share} of logged nights)").format(
            count=number(cramp_nights), share=percent(cramp_nights / logged)
        )
        if logged
        else number(cramp_nights)
    )
    worst = s.get("worst_severity_mean")
    worst_text = (
        # Translators: {mean} is e.g. "6.5", {scale} "1 (mild) to 10 (worst)", {highest} "9".
        _(
            "{mean} on average (each cramp night's worst cramp, pain {scale}); highest {highest}"
        ).format(
            mean=stats.fmt_mean(worst),
            scale=wording.pain_scale(),
            highest=number(f.trends.worst_severity_max or 0),
        )
        if worst is not None
        else _("no cramps logged")
    )
    sleep = s.get("sleep_quality_mean")
    sleep_text = (
        counted(
            sum(f.sleep_counts.values()),
            "mean {mean} on a scale of 1 (very poor) to 5 (very good), over {n} rated night",
            "mean {mean} on a scale of 1 (very poor) to 5 (very good), over {n} rated nights",
            mean=stats.fmt_mean(sleep),
        )
        if sleep is not None
        else _("not rated")
    )
    return [
        (
            _("Nights logged"),
            counted(
                days,
                "{logged} of {n} night in the period",
                "{logged} of {n} nights in the period",
                logged=number(logged),
            ),
        ),
        (_("Nights with cramps"), cramp_nights_text),
        (
            _("Cramps per night"),
            counted(
                int(s.get("cramps_total") or 0),
                "{mean} on average ({n} cramp in all)",
                "{mean} on average ({n} cramps in all)",
                mean=stats.fmt_mean(s.get("cramps_per_night")),
            ),
        ),
        (_("Worst severity"), worst_text),
        (_("Sleep quality"), sleep_text),
    ]


def _group_text(nights: int, mean: float | None) -> str:
    """'12 nights: 0.8 cramps per night' (a row of the stretched/not-stretched table)."""
    return counted(
        nights,
        "{n} night: {mean} cramps per night",
        "{n} nights: {mean} cramps per night",
        mean=stats.fmt_mean(mean),
    )


def stretch_rows(f: ReportFigures) -> list[tuple[str, str]]:
    s = f.summary
    yes, no = s.get("stretched") or {}, s.get("not_stretched") or {}
    unknown = f.nights_logged - int(yes.get("nights") or 0) - int(no.get("nights") or 0)
    yes_text = _group_text(int(yes.get("nights") or 0), yes.get("cramps_per_night"))
    if f.routine_nights:
        # Translators: {stretched} is e.g. "12 nights: 0.8 cramps per night", {nights} "9 nights".
        yes_text = _("{stretched} (the app's guided routine was completed on {nights})").format(
            stretched=yes_text, nights=counted(f.routine_nights, "{n} night", "{n} nights")
        )
    rows = [
        (_("Stretched before bed"), yes_text),
        (
            _("Did not stretch"),
            _group_text(int(no.get("nights") or 0), no.get("cramps_per_night")),
        ),
    ]
    if unknown > 0:
        rows.append(
            (
                _("Not recorded"),
                counted(
                    unknown,
                    "{n} night (left out of both groups)",
                    "{n} nights (left out of both groups)",
                ),
            )
        )
    return rows


def stretch_sentence(f: ReportFigures) -> str:
    """The stretched/not-stretched comparison said about the patient, with the same figures as
    the app's, and always a caveat: the nights were not assigned at random."""
    sentence = stats.plain_comparison(f.trends.stretch, person=stats.PATIENT)
    if _(stats.PATTERN_NOT_PROOF) not in sentence:
        sentence += " " + _(NOT_PROOF_ANYWAY)
    return sentence


def red_flag_lines(f: ReportFigures) -> list[str]:
    lines = []
    for flag, days in f.red_flags:
        shown = ", ".join(wording.date_words(d) for d in days[:FLAG_DATES_SHOWN])
        more = len(days) - FLAG_DATES_SHOWN
        if more > 0:
            # Translators: {flag} is a symptom, {dates} a list of dates, {more} a number.
            line = counted(
                len(days),
                "{flag} ({n} night): {dates} and {more} more",
                "{flag} ({n} nights): {dates} and {more} more",
                flag=red_flag_label(flag),
                dates=shown,
                more=number(more),
            )
        else:
            line = counted(
                len(days),
                "{flag} ({n} night): {dates}",
                "{flag} ({n} nights): {dates}",
                flag=red_flag_label(flag),
                dates=shown,
            )
        lines.append(line)
    return lines


def _side_count(side: str, count: int) -> str:
    """'left 3' inside an area's row of the report (one whole phrase per side)."""
    n = number(count)
    if side == "left":
        # Translators: cramps on the left side, in a list: "left 3, right 2".
        return _("left {count}").format(count=n)
    if side == "right":
        return _("right {count}").format(count=n)
    if side == "both":
        # Translators: cramps in both legs at once, in a list: "left 3, both 1".
        return _("both {count}").format(count=n)
    # Translators: cramps whose side was not said, in a list: "left 3, leg not said 1".
    return _("leg not said {count}").format(count=n)


def _side_total(side: str, count: int) -> str:
    """'Left 12' in the report's row of all areas by side."""
    n = number(count)
    if side == "left":
        # Translators: all cramps on the left side: "Left 12, Right 9".
        return _("Left {count}").format(count=n)
    if side == "right":
        return _("Right {count}").format(count=n)
    # Translators: all cramps in both legs at once: "Left 12, Both 2".
    return _("Both {count}").format(count=n)


def area_rows(f: ReportFigures) -> list[tuple[str, str]]:
    s = f.summary
    total = int(s.get("cramps_total") or 0)
    rows = []
    for area in AREAS:
        sides = f.area_side.get(area, {})
        count = sum(sides.values())
        if not count:
            continue
        parts = ", ".join(
            _side_count(side, sides[side]) for side in (*SIDES, "not_said") if sides.get(side)
        )
        # Translators: an area's row: "12 (40%): left 5, right 7".
        text = _("{count} ({share}): {sides}").format(
            count=number(count), share=percent(count / total), sides=parts
        )
        rows.append((area_label(area), text))
    by_side = s.get("by_side") or {}
    sides_text = ", ".join(_side_total(side, by_side[side]) for side in SIDES if by_side.get(side))
    if sides_text:
        rows.append((_("All areas by side"), sides_text))
    return rows


def night_span() -> str:
    """The highlighted night hours in words, from stats.NIGHT_HOURS ("between 22:00 and 07:00")."""
    night_hours = [h for h in stats.HOUR_ORDER if h in stats.NIGHT_HOURS]
    return wording.hour_span(night_hours[0], night_hours[-1] + 1)


def _part_count(part: str, count: int) -> str:
    """'early night 2' in the list of untimed cramps by part of the night."""
    n = number(count)
    if part == "early":
        # Translators: untimed cramps by part of the night, in a list: "early night 2".
        return _("early night {count}").format(count=n)
    if part == "middle":
        return _("middle of the night {count}").format(count=n)
    return _("towards morning {count}").format(count=n)


def hour_text(f: ReportFigures) -> str:
    hours = f.trends.hours
    timed = int(hours.counts.sum())
    text = stats.describe_hours(hours)
    if timed >= stats.MIN_TIMED_FOR_PATTERN:
        night = int(hours.counts[hours.is_night].sum())
        # Translators: {share} is e.g. "85%", {span} "between 22:00 and 07:00".
        fell = _("{share} fell {span}.").format(share=percent(night / timed), span=night_span())
        text = f"{text} {fell}"
    if hours.untimed:
        parts = ", ".join(_part_count(p, n) for p, n in hours.by_part.items() if n)
        if parts:
            untimed = counted(
                hours.untimed,
                "{n} cramp had no time ({parts}).",
                "{n} cramps had no time ({parts}).",
                parts=parts,
            )
        else:
            untimed = counted(hours.untimed, "{n} cramp had no time.", "{n} cramps had no time.")
        text = f"{text} {untimed}"
    return text


def sleep_text(f: ReportFigures) -> str:
    if not f.sleep_counts:
        return _("Sleep quality was not rated in this period.")
    text = "  ·  ".join(
        # Translators: how many nights had a sleep quality: "Good: 12".
        _("{quality}: {count}").format(
            quality=sleep_quality_label(q), count=number(f.sleep_counts.get(q, 0))
        )
        for q in SLEEP_QUALITY_LABELS
    )
    missing = f.trends.quality.not_recorded
    if missing:
        text += "  ·  " + _("Not rated: {count}").format(count=number(missing))
    return text


def factor_rows(f: ReportFigures) -> list[tuple[str, str]]:
    """Factors stats compares (enough nights with and without), as plain figures."""
    return [
        (
            comp.label,
            # Translators: a factor's row: "with: 1.2 over 5 nights;  without: 0.7 over 20 nights".
            _(
                "with: {with_mean} over {with_nights};  without: {without_mean} over {without_nights}"
            ).format(
                with_mean=stats.fmt_mean(comp.with_mean),
                with_nights=counted(comp.with_nights, "{n} night", "{n} nights"),
                without_mean=stats.fmt_mean(comp.without_mean),
                without_nights=counted(comp.without_nights, "{n} night", "{n} nights"),
            ),
        )
        for comp in f.trends.factors.compared
    ]


def page_count(figures: ReportFigures) -> int:
    """Two pages when any night is logged, else the one page saying none was."""
    return 2 if figures.nights_logged else 1


def prepared_line(f: ReportFigures, generated: date) -> str:
    """The line under page 1's title: the period and the day the report was made."""
    # Translators: {period} is the period line, {date} the day the report was made.
    return _("{period}   ·   Prepared {date} with Bedtime Companion").format(
        period=period_line(f), date=wording.date_words(generated)
    )


def continued_line(f: ReportFigures) -> str:
    """Page 2's heading line."""
    return _("{title} (continued)  ·  {period}").format(
        title=_(REPORT_TITLE), period=period_line(f)
    )


def notes_left_out_line(left_out: int) -> str:
    """Said when only the most recent notes fit on the page."""
    return counted(
        left_out,
        "{n} earlier note in this period did not fit; the most recent are shown.",
        "{n} earlier notes in this period did not fit; the most recent are shown.",
    )


def note_date(day: date) -> str:
    """A note's date as printed beside it."""
    return wording.date_words(day, weekday=True)
