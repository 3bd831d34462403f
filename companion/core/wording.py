"""The app's words for numbers, lengths, times and dates: one formatter per kind of text.

Tonight, the routine editor, the player, the morning note, Trends, the doctor report and the
command line all call these, so "3 nights" / "1 night", "26 s each side" or "05:30" never reads
differently on two screens. Every function speaks the current language (companion.core.i18n):
month and weekday names come from the catalog, the order of day, month and year from a
translatable format, numbers from ``number()``. Times of day are 24-hour ("05:30") whatever locale
Qt or the process has set. Step lengths count the time spent doing the step (holds, relaxes
between them, or the timed block), not the short get-ready and switch-sides pauses the player adds
between them; a routine's "about N minutes" counts everything the player plays.

Plurals: ``companion.core.i18n.counted`` is the one plural helper, for every noun.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time

from companion.core.diary import Cramp
from companion.core.i18n import N_, _, counted, number, pgettext
from companion.core.routine import Routine, Step

#: The one way the pain of a cramp is described, on screen, in the report and the CLI (DESIGN.md
#: section 3: 0 would mean no cramp, so a logged cramp is 1 to 10). Show it with pain_scale().
PAIN_SCALE = N_("1 (mild) to 10 (worst)")
#: The same scale where only a few words fit: a chart's axis. Show it with pain_axis().
PAIN_AXIS = N_("Worst pain, 1 to 10")

#: A part of the night inside a sentence or a cramp's line; show it with part_words().
PART_WORDS = {
    "early": N_("early in the night"),
    "middle": N_("in the middle of the night"),
    "late": N_("towards morning"),
}


def pain_scale() -> str:
    """'1 (mild) to 10 (worst)' in the current language."""
    return _(PAIN_SCALE)


def pain_axis() -> str:
    """'Worst pain, 1 to 10' in the current language (a chart's axis)."""
    return _(PAIN_AXIS)


def part_words(part: str) -> str:
    """'early in the night', 'in the middle of the night', 'towards morning'."""
    return _(PART_WORDS[part])


# --------------------------------------------------------------------------- lengths of time


def seconds_words(seconds: float) -> str:
    """An exact length for people: '12 s', '52 s', '1 min', '2 min 5 s', '1 h 5 min'."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    h, m, s = number(hours), number(minutes), number(secs)
    if hours:
        if minutes:
            # Translators: a length of time in hours and minutes, as short as a clock face.
            return _("{hours} h {minutes} min").format(hours=h, minutes=m)
        # Translators: a length of time in whole hours.
        return _("{hours} h").format(hours=h)
    if not minutes:
        # Translators: a length of time in seconds.
        return _("{seconds} s").format(seconds=s)
    if secs:
        # Translators: a length of time in minutes and seconds.
        return _("{minutes} min {seconds} s").format(minutes=m, seconds=s)
    # Translators: a length of time in whole minutes.
    return _("{minutes} min").format(minutes=m)


def time_left(seconds: float) -> str:
    """The player's routine count-down: '6 min 20 s left' (whole seconds, rounded up)."""
    # Translators: the routine's count-down; {time} is a length such as "6 min 20 s".
    return _("{time} left").format(time=seconds_words(max(0, math.ceil(seconds - 1e-6))))


def about_minutes(seconds: float) -> str:
    """'about 11 minutes', 'about 1 minute': a plan, rounded, never 'about 0'."""
    return counted(max(1, round(seconds / 60)), "about {n} minute", "about {n} minutes")


def rough_minutes(seconds: float) -> str:
    """How long something lasted, said calmly: 'under a minute', 'about 1 minute', 'about 4
    minutes'."""
    if seconds < 60:
        return _("under a minute")
    return about_minutes(seconds)


def minutes_words(minutes: float) -> str:
    """A cramp's length as logged: 'under a minute', '1 min', '2.5 min', '12 min'."""
    if minutes < 1:
        return _("under a minute")
    return _("{minutes} min").format(minutes=number(minutes))


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
        # Translators: the length of a step that is read and confirmed, with no countdown.
        return _("read, no timer")
    each = step_side_seconds(step)
    sides = len(step.sides())
    if sides > 1:
        # Translators: {each} and {total} are lengths such as "26 s" and "52 s".
        return _("{each} each side ({total} in all)").format(
            each=seconds_words(each), total=seconds_words(each * sides)
        )
    return seconds_words(each)


def stretch_pattern(step: Step) -> str:
    """How a stretch is held: 'hold 10 s, relax 10 s, 3 times'; '' for other kinds."""
    if step.kind != "stretch":
        return ""
    hold = seconds_words(step.hold_s)
    if step.reps == 1:
        # Translators: how a stretch is held; {hold} is a length such as "10 s".
        return _("hold {hold}, once").format(hold=hold)
    return counted(
        step.reps,
        "hold {hold}, relax {relax}, {n} time",
        "hold {hold}, relax {relax}, {n} times",
        hold=hold,
        relax=seconds_words(step.relax_s),
    )


def routine_length(routine: Routine) -> str:
    """'About 10 minutes, 15 with the optional step', derived from the steps every time."""
    required = max(1, round(routine.planned_seconds(include_optional=False) / 60))
    total = max(1, round(routine.planned_seconds() / 60))
    if total == required:
        return counted(required, "About {n} minute", "About {n} minutes")
    if sum(1 for s in routine.steps if s.optional) == 1:
        return counted(
            required,
            "About {n} minute, {total} with the optional step",
            "About {n} minutes, {total} with the optional step",
            total=number(total),
        )
    return counted(
        required,
        "About {n} minute, {total} with the optional steps",
        "About {n} minutes, {total} with the optional steps",
        total=number(total),
    )


# --------------------------------------------------------------------------- times and dates


def month_name(month: int, *, short: bool = False) -> str:
    """The month (1-12) in the current language: 'November', or 'Nov' with ``short``."""
    names = _months_short() if short else _months_long()
    return names[month - 1]


def weekday_name(day: date, *, short: bool = False) -> str:
    """The day's weekday in the current language: 'Tuesday', or 'Tue' with ``short``."""
    names = _weekdays_short() if short else _weekdays_long()
    return names[day.weekday()]


def _months_long() -> tuple[str, ...]:
    return (
        pgettext("month", "January"),
        pgettext("month", "February"),
        pgettext("month", "March"),
        pgettext("month", "April"),
        pgettext("month", "May"),
        pgettext("month", "June"),
        pgettext("month", "July"),
        pgettext("month", "August"),
        pgettext("month", "September"),
        pgettext("month", "October"),
        pgettext("month", "November"),
        pgettext("month", "December"),
    )


def _months_short() -> tuple[str, ...]:
    # Translators: short month names as written in a date: German "Jan.", Spanish "ene".
    return (
        pgettext("month, short", "Jan"),
        pgettext("month, short", "Feb"),
        pgettext("month, short", "Mar"),
        pgettext("month, short", "Apr"),
        pgettext("month, short", "May"),
        pgettext("month, short", "Jun"),
        pgettext("month, short", "Jul"),
        pgettext("month, short", "Aug"),
        pgettext("month, short", "Sep"),
        pgettext("month, short", "Oct"),
        pgettext("month, short", "Nov"),
        pgettext("month, short", "Dec"),
    )


def _weekdays_long() -> tuple[str, ...]:
    return (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )


def _weekdays_short() -> tuple[str, ...]:
    # Translators: short weekday names as written in a date: German "Di.", Spanish "mar".
    return (
        pgettext("weekday, short", "Mon"),
        pgettext("weekday, short", "Tue"),
        pgettext("weekday, short", "Wed"),
        pgettext("weekday, short", "Thu"),
        pgettext("weekday, short", "Fri"),
        pgettext("weekday, short", "Sat"),
        pgettext("weekday, short", "Sun"),
    )


def clock(moment: datetime | time) -> str:
    """A time of day, 24-hour: '05:30', '22:00'."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def hour_span(first_hour: int, end_hour: int) -> str:
    """'between 22:00 and 07:00' for the hours starting at ``first_hour`` up to ``end_hour``."""
    # Translators: a span of the night inside a sentence; {start} and {end} are times "22:00".
    return _("between {start} and {end}").format(
        start=f"{first_hour % 24:02d}:00", end=f"{end_hour % 24:02d}:00"
    )


def date_words(day: date, weekday: bool = False, *, year: bool = True) -> str:
    """'3 Nov 2026', 'Tue 3 Nov 2026' with ``weekday``, 'Tue 3 Nov' without the ``year``."""
    fields = {
        "day": number(day.day),
        "month": month_name(day.month, short=True),
        "year": str(day.year),
        "weekday": weekday_name(day, short=True),
    }
    if weekday and year:
        # Translators: a short date with its weekday: German "Di., 3. Nov. 2026", Spanish
        # "mar, 3 nov 2026".
        text = pgettext("date, short", "{weekday} {day} {month} {year}")
    elif weekday:
        # Translators: a short date with its weekday, no year: German "Di., 3. Nov.", Spanish
        # "mar, 3 nov".
        text = pgettext("date, short", "{weekday} {day} {month}")
    elif year:
        # Translators: a short date: German "3. Nov. 2026", Spanish "3 nov 2026".
        text = pgettext("date, short", "{day} {month} {year}")
    else:
        # Translators: a short date without the year: German "3. Nov.", Spanish "3 nov".
        text = pgettext("date, short", "{day} {month}")
    return text.format(**fields)


def month_year(day: date) -> str:
    """'November 2026': a month as a heading."""
    # Translators: a month as a heading: German "November 2026", Spanish "noviembre de 2026".
    return pgettext("date", "{month} {year}").format(
        month=month_name(day.month), year=str(day.year)
    )


def night_title(night: date) -> str:
    """'Friday 20 November': the night as a heading."""
    # Translators: a day named in full: German "Freitag, 20. November", Spanish
    # "viernes, 20 de noviembre".
    return pgettext("date, long", "{weekday} {day} {month}").format(
        weekday=weekday_name(night), day=number(night.day), month=month_name(night.month)
    )


def long_date(day: date) -> str:
    """'Saturday 21 November 2026': a day named in full, with its year."""
    # Translators: a day named in full, with its year: German "Samstag, 21. November 2026",
    # Spanish "sábado, 21 de noviembre de 2026".
    return pgettext("date, long", "{weekday} {day} {month} {year}").format(
        weekday=weekday_name(day),
        day=number(day.day),
        month=month_name(day.month),
        year=str(day.year),
    )


def date_range(start: date | None, end: date | None) -> str:
    """'3 Nov 2026 to 1 Dec 2026', 'from 3 Nov 2026 on', 'up to 1 Dec 2026', 'all nights'."""
    if start and end:
        if start == end:
            return date_words(start)
        # Translators: a period of nights; {start} and {end} are dates such as "3 Nov 2026".
        return _("{start} to {end}").format(start=date_words(start), end=date_words(end))
    if start:
        # Translators: a period with no end; {start} is a date such as "3 Nov 2026".
        return _("from {start} on").format(start=date_words(start))
    if end:
        # Translators: a period with no start; {end} is a date such as "1 Dec 2026".
        return _("up to {end}").format(end=date_words(end))
    # Translators: the period when no dates were chosen: every night in the diary.
    return _("all nights")


# --------------------------------------------------------------------------- cramps


def _places() -> dict[tuple[str, str | None], str]:
    # Translators: where a cramp was, as a short label. Each area and side is its own phrase so
    # that adjectives can agree with the noun (Spanish "pantorrilla izquierda", "pie izquierdo").
    return {
        ("calf", "left"): pgettext("cramp place", "Left calf"),
        ("calf", "right"): pgettext("cramp place", "Right calf"),
        ("calf", "both"): pgettext("cramp place", "Both legs, calf"),
        ("calf", None): pgettext("cramp place", "Calf, leg not said"),
        ("foot_arch", "left"): pgettext("cramp place", "Left foot arch"),
        ("foot_arch", "right"): pgettext("cramp place", "Right foot arch"),
        ("foot_arch", "both"): pgettext("cramp place", "Both legs, foot arch"),
        ("foot_arch", None): pgettext("cramp place", "Foot arch, leg not said"),
        ("toes", "left"): pgettext("cramp place", "Left toes"),
        ("toes", "right"): pgettext("cramp place", "Right toes"),
        ("toes", "both"): pgettext("cramp place", "Both legs, toes"),
        ("toes", None): pgettext("cramp place", "Toes, leg not said"),
        ("shin", "left"): pgettext("cramp place", "Left shin"),
        ("shin", "right"): pgettext("cramp place", "Right shin"),
        ("shin", "both"): pgettext("cramp place", "Both legs, shin"),
        ("shin", None): pgettext("cramp place", "Shin, leg not said"),
        ("thigh_front", "left"): pgettext("cramp place", "Left front of thigh"),
        ("thigh_front", "right"): pgettext("cramp place", "Right front of thigh"),
        ("thigh_front", "both"): pgettext("cramp place", "Both legs, front of thigh"),
        ("thigh_front", None): pgettext("cramp place", "Front of thigh, leg not said"),
        ("thigh_back", "left"): pgettext("cramp place", "Left back of thigh"),
        ("thigh_back", "right"): pgettext("cramp place", "Right back of thigh"),
        ("thigh_back", "both"): pgettext("cramp place", "Both legs, back of thigh"),
        ("thigh_back", None): pgettext("cramp place", "Back of thigh, leg not said"),
        ("foot", "left"): pgettext("cramp place", "Left foot or toes"),
        ("foot", "right"): pgettext("cramp place", "Right foot or toes"),
        ("foot", "both"): pgettext("cramp place", "Both legs, foot or toes"),
        ("foot", None): pgettext("cramp place", "Foot or toes, leg not said"),
        ("thigh", "left"): pgettext("cramp place", "Left thigh"),
        ("thigh", "right"): pgettext("cramp place", "Right thigh"),
        ("thigh", "both"): pgettext("cramp place", "Both legs, thigh"),
        ("thigh", None): pgettext("cramp place", "Thigh, leg not said"),
    }


def place_words(area: str, side: str | None) -> str:
    """'Left calf', 'Both legs, calf', 'Foot or toes, leg not said'."""
    return _places()[(area, side)]


def relief_words(relief: str) -> str:
    """What helped, as it reads inside a cramp's line: 'massage', 'something else'."""
    phrases = {
        # Translators: what eased a cramp, in a list after "helped:" (lower case in English).
        "stretch": pgettext("relief, in a list", "stretching"),
        "massage": pgettext("relief, in a list", "massage"),
        "walk": pgettext("relief, in a list", "walking"),
        "heat": pgettext("relief, in a list", "warmth"),
        "other": pgettext("relief, in a list", "something else"),
    }
    return phrases[relief]


def cramp_time_words(moment: datetime) -> str:
    """'at 05:30'; 'about 02:00' on the hour, which is how a rough time is usually typed."""
    if moment.minute == 0:
        # Translators: when a cramp came, given roughly; {time} is a time such as "02:00".
        return _("about {time}").format(time=clock(moment))
    # Translators: when a cramp came; {time} is a time such as "05:30".
    return _("at {time}").format(time=clock(moment))


def cramp_summary(cramp: Cramp) -> str:
    """One line a tired person can read: 'Left calf, 7/10, at 02:10, 3 min, helped: massage'.

    A list of separate facts (each one translated whole), not a sentence."""
    # Translators: a cramp's pain on the 1-10 scale, e.g. "7/10".
    parts = [
        place_words(cramp.area, cramp.side),
        _("{severity}/10").format(severity=cramp.severity),
    ]
    if cramp.at is not None:
        parts.append(cramp_time_words(cramp.at))
    elif cramp.part_of_night:
        parts.append(part_words(cramp.part_of_night))
    if cramp.duration_min is not None:
        parts.append(minutes_words(cramp.duration_min))
    if cramp.relief:
        reliefs = ", ".join(relief_words(r) for r in cramp.relief)
        # Translators: the last item of a cramp's line; {reliefs} is e.g. "massage, warmth".
        parts.append(_("helped: {reliefs}").format(reliefs=reliefs))
    return ", ".join(parts)
