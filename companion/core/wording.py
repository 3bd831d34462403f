"""The app's words for numbers, lengths, times and dates: one formatter per kind of text.

Tonight, the routine editor, the player, the morning note, Trends, the doctor report and the
command line all call these, so "3 nights" / "1 night", "26 s each side" or "05:30" never reads
differently on two screens. Times of day are 24-hour ("05:30"), dates are "3 Nov 2026" in English
whatever locale Qt or the process has set. Step lengths count the time spent doing the step (holds,
relaxes between them, or the timed block), not the short get-ready and switch-sides pauses the
player adds between them; a routine's "about N minutes" counts everything the player plays.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time

from companion.core.diary import AREA_LABELS, RELIEF_LABELS, SIDE_LABELS, Cramp
from companion.core.routine import Routine, Step

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTHS_LONG = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: The one way the pain of a cramp is described, on screen, in the report and the CLI (DESIGN.md
#: section 3: 0 would mean no cramp, so a logged cramp is 1 to 10).
PAIN_SCALE = "1 (mild) to 10 (worst)"
#: The same scale where only a few words fit: a chart's axis.
PAIN_AXIS = "Worst pain, 1 to 10"

PART_WORDS = {
    "early": "early in the night",
    "middle": "in the middle of the night",
    "late": "towards morning",
}

# --------------------------------------------------------------------------- counts


def word_for(n: int, one: str, many: str | None = None) -> str:
    """The word alone that goes with ``n``: 'night'/'nights', or a verb, 'is'/'are'."""
    return one if n == 1 else (many if many is not None else one + "s")


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 night', '3 nights', '1,204 nights'; ``many`` for irregular words ('1 foot', '2 feet')."""
    return f"{n:,} {word_for(n, one, many)}"


def per_night(mean: float, noun: str = "cramp") -> str:
    """A mean count with one decimal: '1.0 cramp', '0.8 cramps' (one decimal reads as a count)."""
    value = f"{mean:.1f}"
    return f"{value} {noun}" if value == "1.0" else f"{value} {noun}s"


def cramp_count(n: float) -> str:
    """'1 cramp', '3 cramps', or a mean such as '1.5 cramps'."""
    if isinstance(n, float) and not n.is_integer():
        return per_night(n)
    return plural(int(n), "cramp")


def all_of(n: int, one: str, many: str | None = None) -> str:
    """'the one night' for a single item, 'all 4 nights' otherwise (never 'all 1 night')."""
    if n == 1:
        return f"the one {one}"
    return f"all {plural(n, one, many)}"


# --------------------------------------------------------------------------- lengths of time


def seconds_words(seconds: float) -> str:
    """An exact length for people: '12 s', '52 s', '1 min', '2 min 5 s', '1 h 5 min'."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def time_left(seconds: float) -> str:
    """The player's routine count-down: '6 min 20 s left' (whole seconds, rounded up)."""
    return f"{seconds_words(max(0, math.ceil(seconds - 1e-6)))} left"


def about_minutes(seconds: float) -> str:
    """'about 11 minutes', 'about 1 minute': a plan, rounded, never 'about 0'."""
    return f"about {plural(max(1, round(seconds / 60)), 'minute')}"


def rough_minutes(seconds: float) -> str:
    """How long something lasted, said calmly: 'under a minute', 'about 1 minute', 'about 4
    minutes'."""
    if seconds < 60:
        return "under a minute"
    return about_minutes(seconds)


def minutes_words(minutes: float) -> str:
    """A cramp's length as logged: 'under a minute', '1 min', '2.5 min', '12 min'."""
    if minutes < 1:
        return "under a minute"
    return f"{minutes:g} min"


def step_side_seconds(step: Step) -> float:
    """Seconds of doing one round of a step (one side when per side): holds and the relaxes
    between them, or the timed block. 0 for a card."""
    if step.kind == "stretch":
        return float(step.reps * step.hold_s + (step.reps - 1) * step.relax_s)
    if step.kind == "activity":
        return float(step.duration_s)
    return 0.0


def step_length(step: Step) -> str:
    """'12 s', '26 s each side (52 s in all)', 'read, no timer'."""
    if step.kind == "card":
        return "read, no timer"
    each = step_side_seconds(step)
    sides = len(step.sides())
    if sides > 1:
        return f"{seconds_words(each)} each side ({seconds_words(each * sides)} in all)"
    return seconds_words(each)


def stretch_pattern(step: Step) -> str:
    """How a stretch is held: 'hold 10 s, relax 10 s, 3 times'; '' for other kinds."""
    if step.kind != "stretch":
        return ""
    times = "once" if step.reps == 1 else f"{step.reps} times"
    if step.reps == 1:
        return f"hold {seconds_words(step.hold_s)}, {times}"
    return f"hold {seconds_words(step.hold_s)}, relax {seconds_words(step.relax_s)}, {times}"


def routine_length(routine: Routine) -> str:
    """'About 10 minutes, 15 with the optional step', derived from the steps every time."""
    total = routine.planned_seconds()
    required = routine.planned_seconds(include_optional=False)
    text = about_minutes(required).capitalize()
    rounded_total = max(1, round(total / 60))
    if rounded_total != max(1, round(required / 60)):
        optional = sum(1 for s in routine.steps if s.optional)
        what = "the optional step" if optional == 1 else "the optional steps"
        text += f", {rounded_total} with {what}"
    return text


# --------------------------------------------------------------------------- times and dates


def clock(moment: datetime | time) -> str:
    """A time of day, 24-hour: '05:30', '22:00'."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def hour_span(first_hour: int, end_hour: int) -> str:
    """'between 22:00 and 07:00' for the hours starting at ``first_hour`` up to ``end_hour``."""
    return f"between {first_hour % 24:02d}:00 and {end_hour % 24:02d}:00"


def date_words(day: date, weekday: bool = False, *, year: bool = True) -> str:
    """'3 Nov 2026', 'Tue 3 Nov 2026' with ``weekday``, 'Tue 3 Nov' without the ``year``."""
    text = f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def night_title(night: date) -> str:
    """'Friday 20 November': the night as a heading."""
    return f"{WEEKDAYS_LONG[night.weekday()]} {night.day} {MONTHS_LONG[night.month - 1]}"


def long_date(day: date) -> str:
    """'Saturday 21 November 2026': a day named in full, with its year."""
    return f"{night_title(day)} {day.year}"


def date_range(start: date | None, end: date | None) -> str:
    """'3 Nov 2026 to 1 Dec 2026', 'from 3 Nov 2026 on', 'up to 1 Dec 2026', 'all nights'."""
    if start and end:
        if start == end:
            return date_words(start)
        return f"{date_words(start)} to {date_words(end)}"
    if start:
        return f"from {date_words(start)} on"
    if end:
        return f"up to {date_words(end)}"
    return "all nights"


# --------------------------------------------------------------------------- cramps


def place_words(area: str, side: str | None) -> str:
    """'Left calf', 'Both legs, calf', 'Foot or toes, leg not said'."""
    if side is None:
        return f"{AREA_LABELS[area]}, leg not said"
    if side == "both":
        return f"Both legs, {AREA_LABELS[area].lower()}"
    return f"{SIDE_LABELS[side]} {AREA_LABELS[area].lower()}"


def cramp_time_words(moment: datetime) -> str:
    """'at 05:30'; 'about 02:00' on the hour, which is how a rough time is usually typed."""
    if moment.minute == 0:
        return f"about {clock(moment)}"
    return f"at {clock(moment)}"


def cramp_summary(cramp: Cramp) -> str:
    """One line a tired person can read: 'Left calf, 7/10, at 02:10, 3 min, helped: massage'."""
    parts = [place_words(cramp.area, cramp.side), f"{cramp.severity}/10"]
    if cramp.at is not None:
        parts.append(cramp_time_words(cramp.at))
    elif cramp.part_of_night:
        parts.append(PART_WORDS[cramp.part_of_night])
    if cramp.duration_min is not None:
        parts.append(minutes_words(cramp.duration_min))
    if cramp.relief:
        parts.append("helped: " + ", ".join(RELIEF_LABELS[r].lower() for r in cramp.relief))
    return ", ".join(parts)
