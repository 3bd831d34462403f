"""The diary's domain: nights, cramps, routine sessions, their validation and the night rule.

A night is named by the date of the evening it begins: anything from 12:00 on day D until 11:59
on day D+1 belongs to night D, judged on the local time *with the offset it was recorded with*, so
DST changes never move a cramp to another night.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TypeGuard

from companion.core.i18n import N_, _, number

SIDES: tuple[str, ...] = ("left", "right", "both")
RED_FLAGS: tuple[str, ...] = ("long_cramp", "swelling", "numbness", "weakness", "unrelieved_pain")
PARTS_OF_NIGHT: tuple[str, ...] = ("early", "middle", "late")

# The body areas, reliefs and built-in factors: each is ONE table here (identifier -> label, in
# the order shown, marked N_ and translated where shown by area_label() and its siblings below),
# and the identifier tuples below derive from them. Adding one is one line in
# its table; a new area also needs a migration step in companion.core.store (see the comment
# above MIGRATIONS): the schema's CHECK lists the areas each version knew.
# "foot" and "thigh" are a foot or toes, and a thigh, when the person did not say exactly where
# (Cramp now asks only "Calf / Foot or toes / Thigh"; the detail is optional).
AREA_LABELS = {
    "calf": N_("Calf"),
    "foot_arch": N_("Foot arch"),
    "toes": N_("Toes"),
    "shin": N_("Shin"),
    "thigh_front": N_("Front of thigh"),
    "thigh_back": N_("Back of thigh"),
    "foot": N_("Foot or toes"),
    "thigh": N_("Thigh"),
}
AREAS: tuple[str, ...] = tuple(AREA_LABELS)
EXACT_AREAS: tuple[str, ...] = AREAS[:6]  # the places the morning note's body map shows
# The places a person names a cramp by, each with the exact areas it holds: a place is itself an
# area (what is saved when no exact part is said: "foot" is "Foot or toes"), and every area in
# AREA_LABELS belongs to exactly one place. A new area joins its place's tuple here, or is a new
# place of its own. Cramp now asks only the places one tells apart half-awake (NIGHT_PLACES).
PLACE_AREAS: dict[str, tuple[str, ...]] = {
    "calf": (),
    "foot": ("foot_arch", "toes"),
    "thigh": ("thigh_back", "thigh_front"),
    "shin": (),
}
PLACES: tuple[str, ...] = tuple(PLACE_AREAS)
NIGHT_PLACES: tuple[str, ...] = ("calf", "foot", "thigh")
# Translators: the side of the body a cramp was on ("Both" legs).
SIDE_LABELS = {"left": N_("Left"), "right": N_("Right"), "both": N_("Both")}
RELIEF_LABELS = {
    "stretch": N_("Stretching"),
    "massage": N_("Massage"),
    "walk": N_("Walking"),
    "heat": N_("Warmth"),
    "other": N_("Something else"),
}
RELIEFS: tuple[str, ...] = tuple(RELIEF_LABELS)
FACTOR_LABELS = {
    "heat": N_("Hot day"),
    "caffeine_late": N_("Caffeine late"),
    "alcohol": N_("Alcohol"),
    "hard_day": N_("Hard day"),
    "magnesium": N_("Took magnesium"),
    "flare": N_("Flare"),
}
BUILTIN_FACTORS: tuple[str, ...] = tuple(FACTOR_LABELS)
RED_FLAG_LABELS = {
    "swelling": N_("Calf swelling, redness or warmth"),
    "numbness": N_("Numbness"),
    "weakness": N_("Muscle weakness"),
    "long_cramp": N_("A cramp over 10 minutes that did not ease"),
    "unrelieved_pain": N_("Pain that stretching does not relieve"),
}
SLEEP_QUALITY_LABELS = {
    1: N_("Very poor"),
    2: N_("Poor"),
    3: N_("Fair"),
    4: N_("Good"),
    5: N_("Very good"),
}
PART_OF_NIGHT_LABELS = {
    "early": N_("Early night"),
    "middle": N_("Middle of the night"),
    "late": N_("Towards morning"),
}

RED_FLAG_ADVICE = N_(
    "Please contact your doctor about this soon. Cramps usually ease within minutes; "
    "these signs are worth a check."
)
RED_FLAG_URGENT_ADVICE = N_(
    "Swelling, redness or warmth in one calf can be a blood clot. Please seek medical help today "
    "(call your doctor or an urgent care line) rather than stretching or massaging that leg."
)


def area_label(area: str) -> str:
    """A body area's label in the current language: 'Calf', 'Foot arch'."""
    return _(AREA_LABELS[area])


def place_of(area: str) -> str:
    """The place an area belongs to: 'toes' -> 'foot', 'calf' -> 'calf'. KeyError if unknown."""
    if area in PLACE_AREAS:
        return area
    for place, parts in PLACE_AREAS.items():
        if area in parts:
            return place
    raise KeyError(area)


def place_area(place: str, part: str | None = None) -> str:
    """The area saved for a place and the exact part said, if any: the place's own area when
    none was said, so nothing is assumed. KeyError if the part is not one of the place's."""
    if part is None:
        if place not in PLACE_AREAS:
            raise KeyError(place)
        return place
    if part not in PLACE_AREAS[place]:
        raise KeyError((place, part))
    return part


def side_label(side: str) -> str:
    """'Left', 'Right' or 'Both' (legs) in the current language."""
    return _(SIDE_LABELS[side])


def relief_label(relief: str) -> str:
    """What eased a cramp, as a label in the current language: 'Stretching', 'Warmth'."""
    return _(RELIEF_LABELS[relief])


def factor_label(factor: str) -> str:
    """A built-in factor's label in the current language; a factor the person typed comes back
    as typed (it is their own word, not ours)."""
    label = FACTOR_LABELS.get(factor)
    return _(label) if label is not None else factor


def red_flag_label(flag: str) -> str:
    """A red-flag symptom's label in the current language."""
    return _(RED_FLAG_LABELS[flag])


def sleep_quality_label(quality: int) -> str:
    """'Very poor' .. 'Very good' for sleep quality 1-5, in the current language."""
    return _(SLEEP_QUALITY_LABELS[quality])


def part_of_night_label(part: str) -> str:
    """'Early night', 'Middle of the night', 'Towards morning' in the current language."""
    return _(PART_OF_NIGHT_LABELS[part])


MAX_NOTES = 10_000
MAX_FACTOR_LABEL = 40
MAX_DURATION_MIN = 180
MAX_AWAKENINGS = 50
MAX_SORENESS = 10  # morning soreness, 0-10
MAX_SEVERITY = 10  # a logged cramp is 1-10 (0 would mean no cramp)
# DESIGN.md section 3: more cramps than this in one night is a bad file, not a night.
MAX_CRAMPS_PER_NIGHT = 50
NIGHT_START = time(12, 0)
# DESIGN.md section 3: a cramp lasting over 10 minutes that does not ease is a red flag.
LONG_CRAMP_S = 10 * 60


class ValidationError(ValueError):
    """A value the diary refuses; ``field`` names it so the message can point at it."""

    def __init__(self, field: str, message: str, night: date | None = None) -> None:
        self.field = field
        self.reason = message
        self.night = night
        if night is None:
            super().__init__(_("{field}: {reason}").format(field=field, reason=message))
        else:
            # Translators: a diary value refused; {field} is its name in the file, e.g. "cramps[0].area".
            text = _("night {night}, {field}: {reason}")
            super().__init__(text.format(night=night.isoformat(), field=field, reason=message))


def night_of(moment: datetime) -> date:
    """The night a moment belongs to, on its own local clock (its recorded offset)."""
    if moment.time() < NIGHT_START:
        return moment.date() - timedelta(days=1)
    return moment.date()


def day_in_night(night: date, clock_time: time) -> date:
    """The calendar day a time of day falls on within night ``night``: the evening's own date
    from NIGHT_START on, the next day before it (the inverse of night_of)."""
    return night if clock_time >= NIGHT_START else night + timedelta(days=1)


def stretched_on_night(recorded: bool | None, routine_completed: bool) -> bool | None:
    """Whether the person stretched that night (DESIGN.md section 3): yes when a routine was
    completed in the app, otherwise what they recorded (a stopped routine does not count)."""
    return True if routine_completed else recorded


def timed_duration_min(seconds: float) -> float:
    """A cramp timed as it happened, in minutes to one decimal, capped at MAX_DURATION_MIN so a
    guide left open all night still logs a valid cramp."""
    return round(min(seconds, MAX_DURATION_MIN * 60) / 60, 1)


def is_long_cramp(seconds: float) -> bool:
    """Whether a cramp timed as it happened lasted long enough to be the long_cramp red flag."""
    return seconds >= LONG_CRAMP_S


def night_window(night: date) -> tuple[datetime, datetime]:
    """Naive local bounds [D 12:00, D+1 12:00) of a night, compared against local wall times."""
    start = datetime.combine(night, NIGHT_START)
    return start, start + timedelta(days=1)


@dataclass(frozen=True)
class Cramp:
    area: str
    side: str | None  # None: which leg was not said
    severity: int
    at: datetime | None = None
    duration_min: float | None = None
    relief: tuple[str, ...] = ()
    part_of_night: str | None = None  # early / middle / late, when no exact time is known


@dataclass(frozen=True)
class Night:
    night: date
    bed_time: datetime | None = None
    wake_time: datetime | None = None
    sleep_quality: int | None = None
    awakenings: int | None = None
    morning_soreness: int | None = None
    stretched: bool | None = None
    factors: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    notes: str = ""
    restless_legs: bool | None = None  # an urge to move rather than a cramp; treated differently
    habit_done: bool | None = None  # the personal experiment's own habit, asked in the morning
    cramps: tuple[Cramp, ...] = field(default_factory=tuple)

    def with_cramp(self, cramp: Cramp) -> Night:
        return replace(self, cramps=self.cramps + (cramp,))

    @property
    def worst_severity(self) -> int | None:
        return max((c.severity for c in self.cramps), default=None)


@dataclass(frozen=True)
class RoutineSession:
    routine: str
    started_at: datetime
    ended_at: datetime
    completed: bool
    steps_done: int = 0
    steps_skipped: int = 0

    @property
    def night(self) -> date:
        return night_of(self.started_at)


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_text(value: object) -> bool:
    """A str that can be stored: lone surrogates (e.g. from a JSON "\\ud800") cannot be."""
    if not isinstance(value, str):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_range(value: object, lo: int, hi: int, name: str, night: date | None) -> None:
    if value is None:
        return
    if not _is_int(value):
        raise ValidationError(
            name, _("must be a whole number from {lo} to {hi}").format(lo=lo, hi=hi), night
        )
    if not lo <= value <= hi:
        raise ValidationError(
            name,
            _("must be from {lo} to {hi}, not {value}").format(lo=lo, hi=hi, value=value),
            night,
        )


def _check_aware(value: object, name: str, night: date | None) -> None:
    if value is None:
        return
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValidationError(name, _("must be a date and time with its UTC offset"), night)


def _within(moment: datetime, night: date, extra_hours: int = 0) -> bool:
    start, end = night_window(night)
    local = moment.replace(tzinfo=None)
    return start <= local < end + timedelta(hours=extra_hours)


def validate_cramp(cramp: Cramp, night: date | None = None, prefix: str = "cramp") -> None:
    if cramp.area not in AREAS:
        raise ValidationError(
            f"{prefix}.area", _("must be one of {values}").format(values=", ".join(AREAS)), night
        )
    if cramp.side is not None and cramp.side not in SIDES:
        raise ValidationError(
            f"{prefix}.side",
            _("must be one of {values} or empty").format(values=", ".join(SIDES)),
            night,
        )
    if not _is_int(cramp.severity):
        raise ValidationError(
            f"{prefix}.severity",
            _("must be a whole number from 1 to {hi}").format(hi=MAX_SEVERITY),
            night,
        )
    if not 1 <= cramp.severity <= MAX_SEVERITY:
        raise ValidationError(
            f"{prefix}.severity",
            _("must be from {lo} to {hi}, not {value}").format(
                lo=1, hi=MAX_SEVERITY, value=cramp.severity
            ),
            night,
        )
    _check_aware(cramp.at, f"{prefix}.at", night)
    if cramp.at is not None and night is not None and not _within(cramp.at, night):
        raise ValidationError(
            f"{prefix}.at",
            _("must fall within the night (12:00 that day to 11:59 the next morning)"),
            night,
        )
    if cramp.duration_min is not None:
        if not _is_number(cramp.duration_min) or cramp.duration_min != cramp.duration_min:
            raise ValidationError(f"{prefix}.duration_min", _("must be a number of minutes"), night)
        if not 0 <= cramp.duration_min <= MAX_DURATION_MIN:
            raise ValidationError(
                f"{prefix}.duration_min",
                _("must be from 0 to {hi} minutes").format(hi=MAX_DURATION_MIN),
                night,
            )
    if not isinstance(cramp.relief, tuple):
        raise ValidationError(f"{prefix}.relief", _("must be a list"), night)
    for item in cramp.relief:
        if item not in RELIEFS:
            raise ValidationError(
                f"{prefix}.relief",
                _("must be among {values}").format(values=", ".join(RELIEFS)),
                night,
            )
    if len(set(cramp.relief)) != len(cramp.relief):
        raise ValidationError(f"{prefix}.relief", _("lists the same relief twice"), night)
    if cramp.part_of_night is not None and cramp.part_of_night not in PARTS_OF_NIGHT:
        raise ValidationError(
            f"{prefix}.part_of_night",
            _("must be one of {values}").format(values=", ".join(PARTS_OF_NIGHT)),
            night,
        )


def validate_factor(label: object, night: date | None = None, name: str = "factors") -> None:
    if not isinstance(label, str) or not label.strip():
        raise ValidationError(name, _("a factor must be a non-empty label"), night)
    if not _is_text(label):
        raise ValidationError(
            name, _("a factor label contains characters that are not text"), night
        )
    if len(label) > MAX_FACTOR_LABEL:
        raise ValidationError(
            name, _("a factor label is at most {n} characters").format(n=MAX_FACTOR_LABEL), night
        )


def validate_night(record: Night) -> None:
    """Raise ValidationError naming the first bad field; return None when the night is sound."""
    if not isinstance(record.night, date) or isinstance(record.night, datetime):
        raise ValidationError("night", _("must be a date (YYYY-MM-DD)"))
    n = record.night
    _check_aware(record.bed_time, "bed_time", n)
    _check_aware(record.wake_time, "wake_time", n)
    if record.bed_time is not None and not _within(record.bed_time, n):
        raise ValidationError(
            "bed_time", _("must fall within the night (12:00 to 11:59 next day)"), n
        )
    if record.wake_time is not None and not _within(record.wake_time, n, extra_hours=6):
        raise ValidationError("wake_time", _("must be the morning after the night"), n)
    if record.bed_time and record.wake_time and record.wake_time <= record.bed_time:
        raise ValidationError("wake_time", _("must be after the bed time"), n)
    _check_range(record.sleep_quality, 1, 5, "sleep_quality", n)
    _check_range(record.awakenings, 0, MAX_AWAKENINGS, "awakenings", n)
    _check_range(record.morning_soreness, 0, MAX_SORENESS, "morning_soreness", n)
    if record.stretched is not None and not isinstance(record.stretched, bool):
        raise ValidationError("stretched", _("must be true, false or empty"), n)
    if record.restless_legs is not None and not isinstance(record.restless_legs, bool):
        raise ValidationError("restless_legs", _("must be true, false or empty"), n)
    if record.habit_done is not None and not isinstance(record.habit_done, bool):
        raise ValidationError("habit_done", _("must be true, false or empty"), n)
    if not isinstance(record.factors, tuple):
        raise ValidationError("factors", _("must be a list"), n)
    for label in record.factors:
        validate_factor(label, n)
    if len(set(record.factors)) != len(record.factors):
        raise ValidationError("factors", _("lists the same factor twice"), n)
    if not isinstance(record.red_flags, tuple):
        raise ValidationError("red_flags", _("must be a list"), n)
    for flag in record.red_flags:
        if flag not in RED_FLAGS:
            raise ValidationError(
                "red_flags", _("must be among {values}").format(values=", ".join(RED_FLAGS)), n
            )
    if len(set(record.red_flags)) != len(record.red_flags):
        raise ValidationError("red_flags", _("lists the same symptom twice"), n)
    if not _is_text(record.notes):
        raise ValidationError("notes", _("must be text"), n)
    if len(record.notes) > MAX_NOTES:
        raise ValidationError(
            "notes", _("are at most {n} characters").format(n=number(MAX_NOTES)), n
        )
    if not isinstance(record.cramps, tuple):
        raise ValidationError("cramps", _("must be a list"), n)
    if len(record.cramps) > MAX_CRAMPS_PER_NIGHT:
        raise ValidationError(
            "cramps",
            _("a night holds at most {most} cramps, not {n}").format(
                most=MAX_CRAMPS_PER_NIGHT, n=number(len(record.cramps))
            ),
            n,
        )
    for i, cramp in enumerate(record.cramps):
        if not isinstance(cramp, Cramp):
            raise ValidationError(f"cramps[{i}]", _("must be a cramp"), n)
        validate_cramp(cramp, n, prefix=f"cramps[{i}]")


def night_has_information(record: Night, *, no_cramps_said: bool = False) -> bool:
    """Whether a night says anything: a field filled in, a cramp, or an explicit "no cramps".

    A night with none of these must not be saved: it would count as a logged, cramp-free night
    although nobody said so (a stray key on the save button did exactly that).
    """
    return bool(no_cramps_said or record.cramps or record.red_flags or has_morning_answers(record))


def has_morning_answers(record: Night) -> bool:
    """Whether a night holds anything only the morning note asks for (not cramps or red flags,
    which Cramp now logs in the night): how an imported or older night is judged "noted"."""
    return bool(
        record.sleep_quality is not None
        or record.bed_time is not None
        or record.wake_time is not None
        or record.awakenings is not None
        or record.morning_soreness is not None
        or record.stretched is not None
        or record.restless_legs is not None
        or record.habit_done is not None
        or record.factors
        or record.notes.strip()  # white space alone says nothing
    )


def validate_routine_session(session: RoutineSession) -> None:
    if not _is_text(session.routine) or not session.routine.strip():
        raise ValidationError("routine", _("must be a non-empty name"))
    _check_aware(session.started_at, "started_at", None)
    _check_aware(session.ended_at, "ended_at", None)
    if session.started_at is None or session.ended_at is None:
        raise ValidationError("started_at", _("start and end times are required"))
    if session.ended_at < session.started_at:
        raise ValidationError("ended_at", _("must not be before started_at"))
    if not isinstance(session.completed, bool):
        raise ValidationError("completed", _("must be true or false"))
    for name in ("steps_done", "steps_skipped"):
        _check_range(getattr(session, name), 0, 1000, name, None)


def red_flag_advice(flags: tuple[str, ...] | list[str]) -> str | None:
    """The calm advice to show for ticked red flags; urgent wording for calf swelling."""
    if not flags:
        return None
    if "swelling" in flags:
        return _(RED_FLAG_URGENT_ADVICE)
    return _(RED_FLAG_ADVICE)
