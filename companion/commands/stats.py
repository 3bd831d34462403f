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
    parts = [f"{labels[k].lower()} {counts[k]}" for k in order if counts.get(k)]
    return ", ".join(parts) if parts else "none"


def readable(summary: dict[str, Any], start: date | None, end: date | None) -> str:
    """A short summary for people, from the same figures the JSON gives."""
    s = summary
    lines = [f"Period: {wording.date_range(start, end)}"]
    logged = s["nights_logged"]
    if logged == 0:
        lines.append("No nights are logged in this period yet.")
        return "\n".join(lines) + "\n"
    share = round(100 * s["cramp_nights"] / logged)
    lines += [
        f"Nights logged: {logged}",
        f"Nights with cramps: {s['cramp_nights']} ({share}%)",
        f"Cramps: {s['cramps_total']} in all, "
        f"{stats.fmt_mean(s['cramps_per_night'])} a night on average",
    ]
    if s["worst_severity_mean"] is not None:
        lines.append(
            f"Worst pain on cramp nights: {stats.fmt_mean(s['worst_severity_mean'])} on average "
            f"(pain {wording.PAIN_SCALE})"
        )
    if s["sleep_quality_mean"] is not None:
        lines.append(
            f"Sleep quality: {stats.fmt_mean(s['sleep_quality_mean'])} out of 5 on average"
        )
    for key, title in (("stretched", "Stretched"), ("not_stretched", "Did not stretch")):
        group = s[key]
        if group["nights"]:
            lines.append(
                f"{title}: {wording.plural(group['nights'], 'night')}, "
                f"{stats.fmt_mean(group['cramps_per_night'])} cramps a night"
            )
    lines.append(stats.plain_comparison(s))
    if s["cramps_total"]:
        lines.append("Where: " + _counts(s["by_area"], AREAS, AREA_LABELS))
        lines.append("Side: " + _counts(s["by_side"], SIDES, SIDE_LABELS))
        timed = sum(s["by_hour"].values())
        if timed >= stats.MIN_TIMED_FOR_PATTERN:
            hour, count = max(
                ((int(h), c) for h, c in s["by_hour"].items()), key=lambda hc: (hc[1], -hc[0])
            )
            lines.append(
                f"Most common time: {wording.hour_span(hour, hour + 1)} "
                f"({count} of {timed} cramps with a time)"
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
