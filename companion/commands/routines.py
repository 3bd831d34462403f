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

from companion.core import wording
from companion.core.routine import (
    Routine,
    RoutineLibrary,
    Step,
    description_without_length,
    step_seconds,
    step_to_dict,
)
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


def _timing(step: Step) -> str:
    """The Timing column: how a stretch is held, or what kind of step it is."""
    if step.kind == "stretch":
        return wording.stretch_pattern(step)
    if step.kind == "activity":
        return "one timed block" + (", each side" if step.per_side else "")
    return "read, then tap Done"


def format_routine(routine: Routine) -> list[str]:
    kind = "built-in" if routine.builtin else "your own"
    lines = [f"{routine.name} ({kind}) — {wording.routine_length(routine)}"]
    description = description_without_length(routine.description)
    if description:
        lines.append(f"  {description}")
    rows = []
    for i, step in enumerate(routine.steps, 1):
        name = step.name + (" (optional)" if step.optional else "")
        rows.append((str(i), name, step.kind, _timing(step), wording.step_length(step)))
    head = ("#", "Step", "Kind", "Timing", "Length")
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(len(head))]
    for row in [head, *rows]:
        cells = [row[c].ljust(widths[c]) for c in range(5)]
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
