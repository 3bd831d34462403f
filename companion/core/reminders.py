"""When to remind: the bedtime routine and the morning note, as pure date arithmetic.

No timers live here. The Qt layer asks ``Reminders.due(now, last_checked, ...)`` every few seconds
and shows whatever comes back; everything about time zones, daylight saving, chosen weekdays,
machine sleep and "already done tonight" is decided here, with the clock injected.

Rules, all in the user's local time zone:

- The bedtime reminder for night D (chosen by weekday, Mon=0) is at bedtime minus the lead, on the
  wall clock. A bedtime before 12:00 belongs to the early hours after the evening of D, following
  the diary's rule that a night runs from 12:00 on D to 11:59 on D+1.
- The morning reminder on calendar day D is about night D-1 and comes every day.
- A wall time that does not exist (the spring-forward gap) fires at the first valid instant after
  the gap (02:30 on that day fires at 03:00). A wall time that happens twice (the fall-back hour)
  fires only at its first occurrence.
- ``due`` reports a reminder once, when its instant lies in (last_checked, now]. After a machine
  sleep that slept through several, only the latest of each kind is reported; a bedtime reminder
  more than ``BEDTIME_GRACE`` late and a morning reminder more than ``MORNING_GRACE`` late are
  dropped, because by then the evening (or the morning) has passed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from companion.core import wording
from companion.core.diary import day_in_night
from companion.core.i18n import N_, _, counted

BEDTIME = "bedtime"
MORNING = "morning"

BEDTIME_GRACE = timedelta(hours=3)
# "Postpone 15 minutes" on a bedtime reminder, as break-timer users expect.
POSTPONE = timedelta(minutes=15)
MORNING_GRACE = timedelta(hours=4)
DEFAULT_ROUTINE_MINUTES = 12


class ReminderSettings(Protocol):
    """The part of ``companion.core.settings.Settings`` the schedule reads (read-only: the
    settings are frozen)."""

    @property
    def bedtime(self) -> str: ...
    @property
    def bedtime_days(self) -> Sequence[int]: ...
    @property
    def reminder_enabled(self) -> bool: ...
    @property
    def reminder_lead_min(self) -> int: ...
    @property
    def morning_reminder_enabled(self) -> bool: ...
    @property
    def morning_reminder(self) -> str: ...


@dataclass(frozen=True)
class Reminder:
    kind: str  # BEDTIME or MORNING
    at: datetime  # the instant it fires, aware, in the schedule's time zone
    night: date  # the night it is about

    @property
    def key(self) -> tuple[str, date]:
        """One reminder per kind and night; lets a caller remember what it already showed."""
        return (self.kind, self.night)


def bedtime_text(minutes: int = DEFAULT_ROUTINE_MINUTES) -> str:
    """The bedtime notification, in the current language."""
    return counted(
        minutes,
        "It's almost bedtime. Your routine takes about {n} minute.",
        "It's almost bedtime. Your routine takes about {n} minutes.",
    )


#: The morning notification; shown translated, ``_(MORNING_TEXT)``.
MORNING_TEXT = N_("Good morning. How was your night? Your note takes less than a minute.")


def parse_hhmm(value: str) -> time:
    """'22:30' -> time(22, 30); raises ValueError on anything else."""
    if len(value) != 5 or value[2] != ":" or not (value[:2].isdigit() and value[3:].isdigit()):
        raise ValueError(_("{value} is not a time like 22:30").format(value=repr(value)))
    return time(int(value[:2]), int(value[3:]))


# time zones ------------------------------------------------------------------------------------


def local_zone() -> tzinfo:
    """The system's IANA zone, so daylight-saving changes are known (a fixed offset is not enough).

    Looks at TZ, then /etc/localtime; falls back to the current fixed offset only when the system
    names no zone at all.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            return ZoneInfo(target.split("zoneinfo/", 1)[1])
        with localtime.open("rb") as fh:
            return ZoneInfo.from_file(fh, key="localtime")
    except (OSError, ZoneInfoNotFoundError, ValueError):
        pass
    return datetime.now().astimezone().tzinfo or UTC


def zone_of(now: datetime) -> tzinfo:
    """``now``'s own zone when it knows its rules (ZoneInfo), else the system's zone."""
    if isinstance(now.tzinfo, ZoneInfo):
        return now.tzinfo
    return local_zone()


def resolve_wall(wall: datetime, tz: tzinfo) -> datetime:
    """The instant a naive local wall time means in ``tz``.

    In the spring-forward gap it is the first valid instant after the gap (the transition itself);
    in the fall-back hour it is the first of the two occurrences.
    """
    first = wall.replace(tzinfo=tz, fold=0)
    if first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall:
        return first.astimezone(UTC).astimezone(tz)
    # In a gap: fold=1 reads the wall time with the later offset (an earlier instant), fold=0 with
    # the earlier offset (a later instant). The transition lies between: find it to the second.
    low = int(wall.replace(tzinfo=tz, fold=1).timestamp())
    high = int(first.timestamp())
    if low > high:
        low, high = high, low
    after = datetime.fromtimestamp(high, tz).utcoffset()
    while high - low > 1:
        mid = (low + high) // 2
        if datetime.fromtimestamp(mid, tz).utcoffset() == after:
            high = mid
        else:
            low = mid
    return datetime.fromtimestamp(high, tz)


# the schedule ----------------------------------------------------------------------------------


class Reminders:
    """The reminder schedule for one set of settings in one time zone."""

    def __init__(self, settings: ReminderSettings, tz: tzinfo | None = None) -> None:
        self.tz = tz or local_zone()
        self.bedtime_enabled = bool(settings.reminder_enabled) and bool(settings.bedtime_days)
        self.bedtime = parse_hhmm(settings.bedtime)
        self.days = frozenset(int(d) for d in settings.bedtime_days)
        self.lead = timedelta(minutes=max(0, int(settings.reminder_lead_min)))
        self.morning_enabled = bool(settings.morning_reminder_enabled)
        self.morning = parse_hhmm(settings.morning_reminder)

    # occurrences -------------------------------------------------------------------------------
    def bedtime_for(self, night: date) -> Reminder | None:
        """The bedtime reminder for night ``night``, or None when that weekday is not chosen."""
        if not self.bedtime_enabled or night.weekday() not in self.days:
            return None
        day = day_in_night(night, self.bedtime)  # a bedtime before noon is the next day
        wall = datetime.combine(day, self.bedtime) - self.lead
        return Reminder(BEDTIME, resolve_wall(wall, self.tz), night)

    def morning_for(self, day: date) -> Reminder | None:
        """The morning reminder on calendar day ``day``, about the night before."""
        if not self.morning_enabled:
            return None
        wall = datetime.combine(day, self.morning)
        return Reminder(MORNING, resolve_wall(wall, self.tz), day - timedelta(days=1))

    def between(self, start: datetime, end: datetime) -> list[Reminder]:
        """Every reminder whose instant lies in (start, end], in time order."""
        if end <= start:
            return []
        first = start.astimezone(self.tz).date() - timedelta(days=2)
        last = end.astimezone(self.tz).date() + timedelta(days=1)
        found: list[Reminder] = []
        day = first
        while day <= last:
            for reminder in (self.bedtime_for(day), self.morning_for(day)):
                if reminder is not None and start < reminder.at <= end:
                    found.append(reminder)
            day += timedelta(days=1)
        return sorted(found, key=lambda r: r.at)

    def next_after(self, now: datetime, kind: str, horizon_days: int = 8) -> Reminder | None:
        """The next reminder of ``kind`` strictly after ``now`` (None when that kind is off)."""
        for reminder in self.between(now, now + timedelta(days=horizon_days)):
            if reminder.kind == kind:
                return reminder
        return None

    def next_bedtime(self, now: datetime) -> Reminder | None:
        return self.next_after(now, BEDTIME)

    def next_morning(self, now: datetime) -> Reminder | None:
        return self.next_after(now, MORNING)

    # what to show now --------------------------------------------------------------------------
    def due(
        self,
        now: datetime,
        last_checked: datetime,
        night_has_completed_routine: Callable[[date], bool],
        night_has_note: Callable[[date], bool],
        postponed: Iterable[Reminder] = (),
        not_tonight: Collection[date] = (),
    ) -> list[Reminder]:
        """Reminders to show now: at most one per kind, each only once, never a stale burst.

        The caller passes the ``now`` of its previous call as ``last_checked`` next time.
        ``night_has_note`` says whether that night's morning note was saved, which a night record
        alone does not show: Cramp now creates one in the night, before any note is written.
        ``postponed`` are reminders the user put off (see ``postpone``), due again at their new
        time; a bedtime reminder for a night in ``not_tonight`` does not come again that night.
        """
        latest: dict[str, Reminder] = {}
        found = [
            *self.between(last_checked, now),
            *(p for p in postponed if last_checked < p.at <= now),
        ]
        for reminder in sorted(found, key=lambda r: r.at):
            if reminder.kind == BEDTIME and reminder.night in not_tonight:
                continue
            latest[reminder.kind] = reminder  # sorted, so the last one wins
        shown: list[Reminder] = []
        bed = latest.get(BEDTIME)
        if bed and now - bed.at <= BEDTIME_GRACE and not night_has_completed_routine(bed.night):
            shown.append(bed)
        morning = latest.get(MORNING)
        if morning and now - morning.at <= MORNING_GRACE and not night_has_note(morning.night):
            shown.append(morning)
        return sorted(shown, key=lambda r: r.at)


def postpone(reminder: Reminder, now: datetime, delay: timedelta = POSTPONE) -> Reminder:
    """The same reminder, due again ``delay`` from ``now`` (about the same night)."""
    return Reminder(reminder.kind, now + delay, reminder.night)


def describe_next(reminder: Reminder | None, now: datetime) -> str:
    """A plain line such as 'Next bedtime reminder: tonight at 22:00.'"""
    if reminder is None:
        return _("No reminder is planned.")
    local_now = now.astimezone(reminder.at.tzinfo)
    days = (reminder.at.date() - local_now.date()).days
    fields = {"time": wording.clock(reminder.at), "weekday": wording.weekday_name(reminder.at)}
    bedtime = reminder.kind == BEDTIME
    if days == 0 and reminder.at.hour >= 17:
        if bedtime:
            return _("Next bedtime reminder: tonight at {time}.").format(**fields)
        return _("Next morning reminder: tonight at {time}.").format(**fields)
    if days == 0:
        if bedtime:
            return _("Next bedtime reminder: today at {time}.").format(**fields)
        return _("Next morning reminder: today at {time}.").format(**fields)
    if days == 1:
        if bedtime:
            return _("Next bedtime reminder: tomorrow at {time}.").format(**fields)
        return _("Next morning reminder: tomorrow at {time}.").format(**fields)
    # Translators: {weekday} is a day's name in full, e.g. "Friday".
    if bedtime:
        return _("Next bedtime reminder: on {weekday} at {time}.").format(**fields)
    return _("Next morning reminder: on {weekday} at {time}.").format(**fields)
