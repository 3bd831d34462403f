"""The 'stats' command: the diary's key figures, as plain text or as the JSON of DESIGN.md §4.

It opens the diary read-only, so it is safe to run while the app is open and never changes a file.
A diary that does not exist yet simply has no nights (nothing is created).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from companion.core import stats, wording
from companion.core.diary import AREA_LABELS, AREAS, SIDE_LABELS, SIDES, Night
from companion.core.i18n import N_, _, counted, number, percent
from companion.paths import AppPaths


def load_nights(paths: AppPaths, start: date | None, end: date | None) -> list[Night]:
    """The nights in range, read through a read-only store; [] when there is no diary yet."""
    if not paths.diary.exists():
        return []
    from companion.core.store import Store

    store = Store.open(paths.diary, read_only=True)
    try:
        return store.nights(start, end)
    finally:
        store.close()


def _counts(counts: dict[str, int], order: tuple[str, ...], labels: dict[str, str]) -> str:
    """'Calf 3, Foot arch 1': each label as the app writes it (never lower-cased: German
    nouns keep their capital), with its count."""
    parts = [
        # Translators: one place or side with its count in 'stats', as in "Calf 3, Toes 1".
        _("{label} {count}").format(label=_(labels[k]), count=number(counts[k]))
        for k in order
        if counts.get(k)
    ]
    # Translators: the separator between places in 'stats' ("Calf 3, Toes 1").
    return _(", ").join(parts) if parts else _("none")


def readable(summary: dict[str, Any], start: date | None, end: date | None) -> str:
    """A short summary for people, from the same figures the JSON gives."""
    s = summary
    lines = [_("Period: {period}").format(period=wording.date_range(start, end))]
    logged = s["nights_logged"]
    if logged == 0:
        lines.append(_("No nights are logged in this period yet."))
        return "\n".join(lines) + "\n"
    lines += [
        _("Nights logged: {count}").format(count=number(logged)),
        _("Nights with cramps: {count} ({share})").format(
            count=number(s["cramp_nights"]), share=percent(s["cramp_nights"] / logged)
        ),
        counted(
            s["cramps_total"],
            "Cramps: {n} in all, {mean} a night on average",
            "Cramps: {n} in all, {mean} a night on average",
            mean=stats.fmt_mean(s["cramps_per_night"]),
        ),
    ]
    if s["worst_severity_mean"] is not None:
        lines.append(
            _("Worst pain on cramp nights: {mean} on average (pain {scale})").format(
                mean=stats.fmt_mean(s["worst_severity_mean"]), scale=_(wording.PAIN_SCALE)
            )
        )
    if s["sleep_quality_mean"] is not None:
        lines.append(
            _("Sleep quality: {mean} out of 5 on average").format(
                mean=stats.fmt_mean(s["sleep_quality_mean"])
            )
        )
    groups = (
        ("stretched", N_("Stretched: {nights}, {mean} cramps a night")),
        ("not_stretched", N_("Did not stretch: {nights}, {mean} cramps a night")),
    )
    for key, line in groups:
        group = s[key]
        if group["nights"]:
            lines.append(
                _(line).format(
                    nights=counted(group["nights"], "{n} night", "{n} nights"),
                    mean=stats.fmt_mean(group["cramps_per_night"]),
                )
            )
    lines.append(stats.plain_comparison(s))
    if s["cramps_total"]:
        lines.append(_("Where: {places}").format(places=_counts(s["by_area"], AREAS, AREA_LABELS)))
        lines.append(_("Side: {sides}").format(sides=_counts(s["by_side"], SIDES, SIDE_LABELS)))
        timed = sum(s["by_hour"].values())
        if timed >= stats.MIN_TIMED_FOR_PATTERN:
            hour, count = max(
                ((int(h), c) for h, c in s["by_hour"].items()), key=lambda hc: (hc[1], -hc[0])
            )
            lines.append(
                counted(
                    timed,
                    "Most common time: {span} ({count} of {n} cramp with a time)",
                    "Most common time: {span} ({count} of {n} cramps with a time)",
                    span=wording.hour_span(hour, hour + 1),
                    count=number(count),
                )
            )
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    start, end = args.date_from, args.date_to
    nights = load_nights(paths, start, end)
    summary = stats.summary(nights, start, end)
    if args.json:
        sys.stdout.write(json.dumps(summary, indent=2, sort_keys=True) + "\n")
    else:
        sys.stdout.write(readable(summary, start, end))
    return 0
