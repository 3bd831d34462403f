"""A reproducible, realistic example diary for the demo mode, screenshots and benchmarks.

Why a model rather than random noise: the demo has to *show* what the app is for. So the story is
a person who starts the bedtime routine a few weeks in (most nights after that), has fewer cramps
on stretched nights, more after hard days, on hot days and in flare weeks; cramps are mostly in
the calf or foot and mostly between 1 and 4 am; sleep quality and morning soreness follow the
cramps; some nights are not logged; a few have notes, own factors or (rarely) a red flag.

The same ``seed`` and ``today`` always give the same diary. At 3,650 nights it yields about
10,000 cramps (the size the benchmarks need) and writes them in one transaction.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TypeVar

from companion.core.diary import Cramp, Night, RoutineSession
from companion.core.errors import ImportRejected
from companion.core.i18n import _

AREA_WEIGHTS = {
    "calf": 56,
    "foot_arch": 19,
    "toes": 12,
    "thigh_back": 6,
    "shin": 4,
    "thigh_front": 3,
}
SIDE_WEIGHTS = {"left": 45, "right": 40, "both": 15}
# Hour of the night a cramp strikes: mostly 1-4 am.
HOUR_WEIGHTS = {22: 2, 23: 4, 0: 7, 1: 20, 2: 23, 3: 20, 4: 10, 5: 8, 6: 6}
CUSTOM_FACTORS = ("long walk", "cold bedroom", "new shoes", "stressful day")
NOTES = (
    "Woke with the calf knot, walked it off.",
    "Slept better after the warm shower.",
    "Too tired to do the full routine, did the seated stretches.",
    "Feet cold all evening.",
    "Long day at work, lots of standing.",
    "Pillow under the knees seemed to help.",
    "Restless evening, hard to settle.",
    "Quiet night. 🙂",
    "Forgot water before bed.",
    "Massage eased it quickly.",
)


@dataclass(frozen=True)
class DemoDiary:
    nights: list[Night]
    sessions: list[RoutineSession]


def _zone() -> tzinfo:
    """Europe/Berlin for realistic DST nights; a fixed +01:00 where no tz database exists."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Berlin")
    except Exception:  # ZoneInfoNotFoundError, or no tzdata on this system
        return timezone(timedelta(hours=1))


def _at(day: date, minutes_after_noon: float, zone: tzinfo) -> datetime:
    """An aware local time, counted in minutes from 12:00 on ``day`` (so it stays in the night)."""
    naive = datetime.combine(day, time(12, 0)) + timedelta(minutes=round(minutes_after_noon))
    # Round-tripping through UTC resolves DST gaps to a real wall time with a fixed offset.
    aware = naive.replace(tzinfo=zone)
    fixed = aware.astimezone(UTC).astimezone(zone)
    offset = fixed.utcoffset() or timedelta(0)
    return fixed.replace(tzinfo=timezone(offset))


_T = TypeVar("_T")


def _pick(rng: random.Random, weights: dict[_T, int]) -> _T:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; lam stays small here."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _part_of_night(hour: int) -> str:
    """Before 1 am is early, 1-4 am the middle, after that towards morning."""
    if hour >= 12 or hour < 1:
        return "early"
    return "middle" if hour < 4 else "late"


def _flare_days(rng: random.Random, days: int) -> set[int]:
    """Flare weeks: a flare starts on about 3 days in 100 and lasts 3-10 days."""
    flares: set[int] = set()
    i = 0
    while i < days:
        if rng.random() < 0.03:
            length = rng.randint(3, 10)
            flares.update(range(i, min(days, i + length)))
            i += length + rng.randint(5, 20)  # some rest between flares
        else:
            i += 1
    return flares


def generate_demo(nights: int = 120, seed: int = 1, today: date | None = None) -> DemoDiary:
    """The demo nights (ending last night) and routine sessions, without touching any store."""
    if nights < 1:
        raise ValueError("The demo needs at least one night.")
    rng = random.Random(seed)
    zone = _zone()
    last = (today or date.today()) - timedelta(days=1)
    first = last - timedelta(days=nights - 1)
    # The routine is adopted after a few weeks (or a fifth of the span, when shorter).
    adopt_at = min(28, max(3, nights // 5))
    flares = _flare_days(rng, nights)
    magnesium_from = rng.randint(nights // 3, max(nights // 3, (2 * nights) // 3))
    out_nights: list[Night] = []
    sessions: list[RoutineSession] = []

    for i in range(nights):
        day = first + timedelta(days=i)
        flare = i in flares
        summer = day.month in (6, 7, 8)
        hard_day = rng.random() < (0.45 if flare else 0.22)
        hot = rng.random() < (0.35 if summer else 0.02)
        caffeine = rng.random() < 0.12
        alcohol = rng.random() < 0.07
        magnesium = i >= magnesium_from and rng.random() < 0.6

        # Did they stretch tonight?
        p_stretch = 0.18 if i < adopt_at else (0.62 if flare else 0.78)
        stretched = rng.random() < p_stretch
        routine_name = "Standard wind-down"
        if flare:
            routine_name = "Gentle — flare day"
        elif rng.random() < 0.15:
            routine_name = "Foot focus"

        bed = _at(day, 10 * 60 + rng.gauss(45, 25), zone)  # about 22:45
        wake = _at(day, 18 * 60 + rng.gauss(60, 30), zone)  # about 07:00 next day
        if stretched and rng.random() < 0.9:  # most stretched nights used the app
            start = bed - timedelta(seconds=round(rng.uniform(15, 45) * 60))
            length = timedelta(
                seconds=round(60 * (rng.uniform(5, 7) if flare else rng.uniform(9, 13)))
            )
            sessions.append(
                RoutineSession(
                    routine=routine_name,
                    started_at=start,
                    ended_at=start + length,
                    completed=True,
                    steps_done=rng.randint(6, 9),
                    steps_skipped=rng.choice((0, 0, 0, 1)),
                )
            )
        elif not stretched and rng.random() < 0.05:  # started, then stopped early
            start = bed - timedelta(seconds=round(rng.uniform(15, 40) * 60))
            sessions.append(
                RoutineSession(
                    routine=routine_name,
                    started_at=start,
                    ended_at=start + timedelta(seconds=round(rng.uniform(1, 4) * 60)),
                    completed=False,
                    steps_done=rng.randint(0, 2),
                    steps_skipped=0,
                )
            )

        if rng.random() < 0.08:  # not logged that morning
            continue

        lam = 2.25 if stretched else 3.65
        lam += 0.9 * hard_day + 1.4 * flare + 0.6 * hot + 0.5 * alcohol + 0.2 * caffeine
        lam -= 0.35 * magnesium
        count = min(_poisson(rng, max(lam, 0.2)), 9)

        cramps: list[Cramp] = []
        for _cramp in range(count):
            hour = _pick(rng, HOUR_WEIGHTS)
            minutes = ((hour - 12) % 24) * 60 + rng.randint(0, 59)
            at = _at(day, minutes, zone)
            if at <= bed:
                at = bed + timedelta(minutes=rng.randint(10, 60))
            if at >= wake:
                at = wake - timedelta(minutes=rng.randint(5, 40))
            severity = round(rng.gauss(5.2 + 1.2 * flare + 0.6 * hard_day - 0.4 * stretched, 1.7))
            duration = round(min(9.5, max(0.5, rng.lognormvariate(0.8, 0.6))) * 2) / 2
            if rng.random() < 0.002:
                duration = float(rng.randint(11, 15))  # rare: a cramp that would not ease
            relief = tuple(
                sorted(
                    {r for r in ("stretch", "massage", "walk", "heat") if rng.random() < 0.35},
                    key=("stretch", "massage", "walk", "heat").index,
                )
            )
            timed = rng.random() < 0.9
            cramps.append(
                Cramp(
                    area=str(_pick(rng, AREA_WEIGHTS)),
                    side=str(_pick(rng, SIDE_WEIGHTS)),
                    severity=min(10, max(1, severity)),
                    at=at if timed else None,
                    duration_min=duration if rng.random() < 0.85 else None,
                    relief=relief,
                    part_of_night=None if timed else _part_of_night(hour),
                )
            )
        cramps.sort(key=lambda c: (c.at is None, c.at or bed))

        factors = [
            name
            for name, on in (
                ("heat", hot),
                ("caffeine_late", caffeine),
                ("alcohol", alcohol),
                ("hard_day", hard_day),
                ("magnesium", magnesium),
                ("flare", flare),
            )
            if on
        ]
        if rng.random() < 0.05:
            factors.append(rng.choice(CUSTOM_FACTORS))
        red_flags: list[str] = []
        if any((c.duration_min or 0) > 10 for c in cramps):
            red_flags.append("long_cramp")
        if rng.random() < 0.004:
            red_flags.append(rng.choice(("numbness", "weakness", "unrelieved_pain")))
        if rng.random() < 0.0008:
            red_flags.append("swelling")

        quality = round(4.4 - 0.42 * count - 0.6 * flare + rng.gauss(0, 0.6))
        soreness = round(1.5 + 0.8 * count + 2.0 * flare + rng.gauss(0, 1.0))
        if stretched:
            stretched_value: bool | None = True
        else:
            stretched_value = False if rng.random() < 0.9 else None
        out_nights.append(
            Night(
                night=day,
                bed_time=bed if rng.random() < 0.85 else None,
                wake_time=wake if rng.random() < 0.85 else None,
                sleep_quality=min(5, max(1, quality)),
                awakenings=min(50, count + _poisson(rng, 1.0)),
                morning_soreness=min(10, max(0, soreness)) if rng.random() < 0.9 else None,
                stretched=stretched_value,
                factors=tuple(factors),
                red_flags=tuple(red_flags),
                notes=rng.choice(NOTES) if rng.random() < 0.12 else "",
                restless_legs=True if rng.random() < 0.06 else None,
                cramps=tuple(cramps),
            )
        )
    return DemoDiary(out_nights, sessions)


def seed_demo(store, nights: int = 120, seed: int = 1, today: date | None = None) -> int:
    """Fill an EMPTY diary with demo nights in one transaction; returns the nights written.

    A diary that already holds nights is refused, so real entries are never mixed with examples.
    """
    if not store.is_empty():
        raise ImportRejected(
            _("This diary already has nights in it; demo nights only go into an empty diary.")
        )
    diary = generate_demo(nights=nights, seed=seed, today=today)
    store.merge_import(diary.nights, diary.sessions)
    return len(diary.nights)
