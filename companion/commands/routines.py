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
from companion.core.i18n import _, number, pgettext
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
        if step.per_side:
            return _("one timed block, each side")
        return _("one timed block")
    return _("read, then tap Done")


def _kind(kind: str) -> str:
    """The Kind column: the kind of step in words (the kinds themselves are ids)."""
    # Translators: the kinds of step in the 'routines' table: a held stretch, a timed activity,
    # a card to read.
    words = {
        "stretch": pgettext("step kind", "stretch"),
        "activity": pgettext("step kind", "activity"),
        "card": pgettext("step kind", "card"),
    }
    return words.get(kind, kind)


def format_routine(routine: Routine) -> list[str]:
    """A routine as a heading and a table; a built-in routine's words are translated where they
    are shown, a routine the person made stays as they typed it."""
    length = wording.routine_length(routine)
    if routine.builtin:
        name = _(routine.name)
        heading = _("{name} (built-in) — {length}").format(name=name, length=length)
    else:
        name = routine.name
        heading = _("{name} (your own) — {length}").format(name=name, length=length)
    lines = [heading]
    description = description_without_length(routine.description)
    if description:
        lines.append("  " + (_(description) if routine.builtin else description))
    rows = []
    for i, step in enumerate(routine.steps, 1):
        step_name = _(step.name) if routine.builtin else step.name
        if step.optional:
            step_name = _("{step} (optional)").format(step=step_name)
        rows.append(
            (number(i), step_name, _kind(step.kind), _timing(step), wording.step_length(step))
        )
    head = (
        "#",
        # Translators: column headings of the table of steps in 'routines'.
        _("Step"),
        _("Kind"),
        _("Timing"),
        _("Length"),
    )
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
        print(
            _("{prog}: {message}").format(prog="bedtime-companion", message=warning),
            file=sys.stderr,
        )
    routines = library.all()
    if getattr(args, "json", False):
        json.dump([routine_summary(r) for r in routines], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    blocks = ["\n".join(format_routine(r)) for r in routines]
    print("\n\n".join(blocks))
    if not library.custom():
        print()
        print(
            _("You have no routines of your own yet. They will be kept in {path}.").format(
                path=paths.custom_routines
            )
        )
    return 0
