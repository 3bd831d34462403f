"""The 'routines' command: list the built-in and custom routines with their steps and lengths.

The human view is a short table per routine; ``--json`` prints a stable list (keys below) that
scripts and tests can rely on. A custom-routines file that cannot be read is reported on stderr
in one sentence and the listing still succeeds (the file is kept aside as ``.bad``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from companion.core.routine import Routine, RoutineLibrary, Step, step_seconds, step_to_dict
from companion.paths import AppPaths


def routine_summary(routine: Routine) -> dict[str, Any]:
    """Stable JSON for one routine: its fields, lengths in seconds, and each step's length."""
    return {
        "name": routine.name,
        "description": routine.description,
        "builtin": routine.builtin,
        "planned_seconds": round(routine.planned_seconds(), 3),
        "planned_seconds_without_optional": round(
            routine.planned_seconds(include_optional=False), 3
        ),
        "steps": [
            {**step_to_dict(step), "planned_seconds": round(step_seconds(step), 3)}
            for step in routine.steps
        ],
    }


def _clock(seconds: float) -> str:
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _minutes(seconds: float) -> str:
    """Rough length for people, not machines: '90 s', '7½ min', '15 min'."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    halves = round(seconds / 30)
    whole, half = divmod(halves, 2)
    return f"{whole}{'½' if half else ''} min"


def _timing(step: Step) -> str:
    each = f", each {step.limb}" if step.per_side else ""
    if step.kind == "stretch":
        times = "once" if step.reps == 1 else f"{step.reps} times"
        return f"hold {step.hold_s} s, relax {step.relax_s} s, {times}{each}"
    if step.kind == "activity":
        if step.duration_s >= 120 and step.duration_s % 60 == 0:
            return f"{step.duration_s // 60} min{each}"
        return f"{step.duration_s} s{each}"
    return "read, then tap Done"


def format_routine(routine: Routine) -> list[str]:
    total = routine.planned_seconds()
    required = routine.planned_seconds(include_optional=False)
    length = f"about {_minutes(required)}"
    if total != required:
        length += f", {_minutes(total)} with the optional steps"
    kind = "built-in" if routine.builtin else "your own"
    lines = [f"{routine.name} ({kind}) — {length}"]
    if routine.description:
        lines.append(f"  {routine.description}")
    rows = []
    for i, step in enumerate(routine.steps, 1):
        name = step.name + (" (optional)" if step.optional else "")
        seconds = step_seconds(step)
        rows.append((str(i), name, step.kind, _timing(step), _clock(seconds) if seconds else "-"))
    head = ("#", "Step", "Kind", "Timing", "Length")
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    for row in [head, *rows]:
        cells = [row[c].ljust(widths[c]) if c < 4 else row[c].rjust(widths[c]) for c in range(5)]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    try:
        return _list(args, paths)
    except BrokenPipeError:
        # Piped into `head` or similar: the reader has what it wanted; stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _list(args: argparse.Namespace, paths: AppPaths) -> int:
    library = RoutineLibrary(paths.custom_routines)
    for warning in library.warnings:
        print(f"bedtime-companion: {warning}", file=sys.stderr)
    routines = library.all()
    if getattr(args, "json", False):
        json.dump([routine_summary(r) for r in routines], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    blocks = ["\n".join(format_routine(r)) for r in routines]
    print("\n\n".join(blocks))
    if not library.custom():
        print(
            f"\nYou have no routines of your own yet. They will be kept in {paths.custom_routines}."
        )
    return 0
