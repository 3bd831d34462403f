"""The routine player: a state machine driven by ``tick()``, with no timers of its own.

Every phase boundary is a deadline on ``clock.monotonic()``. When a phase ends, the next phase's
deadline is the previous *deadline* plus the next phase's length (never "now" plus a length), so a
late or missing tick delays only when a boundary is *noticed*, never when it *is*: the schedule
cannot drift however many steps accumulate. A tick after a long stall walks through every phase
whose deadline passed and speaks only the cue of the phase it lands in.

Pause stores the remaining time of the phase exactly; resume re-derives the deadline from it.
The monotonic clock stops while the computer sleeps (Linux), so on each tick the engine compares
how far wall time moved with how far monotonic time moved; when wall time ran ahead by more than
``suspend_gap_s`` the computer slept, and the routine pauses itself until the user resumes.

Only user actions re-anchor the schedule on "now": start, resume, confirming a card, and skip /
back / restart.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from companion.core.clock import Clock
from companion.core.cues import Cue, CueKind
from companion.core.diary import RoutineSession
from companion.core.i18n import _
from companion.core.routine import (
    GET_READY_S,
    SWITCH_S,
    Routine,
    RoutineError,
    Step,
    side_label,
    step_phases,
)

# back() restarts the current hold instead of going to the previous one once this far in.
BACK_RESTART_S = 3.0
# Float slack when comparing a tick with a whole-second countdown mark.
_EPS = 1e-6


class Phase(Enum):
    GET_READY = "get_ready"
    HOLD = "hold"
    RELAX = "relax"
    SWITCH_SIDES = "switch_sides"
    ACTIVITY = "activity"
    CARD = "card"
    DONE = "done"
    STOPPED = "stopped"


TIMED_PHASES = frozenset(
    {Phase.GET_READY, Phase.HOLD, Phase.RELAX, Phase.SWITCH_SIDES, Phase.ACTIVITY}
)
# Phases that count 3-2-1 before they end.
COUNTED_PHASES = frozenset({Phase.HOLD, Phase.RELAX, Phase.ACTIVITY})


@dataclass(frozen=True)
class Snapshot:
    phase: Phase
    paused: bool
    step_index: int
    step_count: int
    step: Step
    side: str | None
    side_label: str | None
    rep: int
    reps: int
    remaining_s: float
    phase_total_s: float
    routine_remaining_s: float
    routine_total_s: float
    next_label: str | None
    instruction: str
    finished: bool


@dataclass(frozen=True)
class Segment:
    """One phase of the flattened plan."""

    step_index: int
    phase: Phase
    side: str | None
    rep: int
    seconds: float


@dataclass(frozen=True)
class PhaseRecord:
    """When a phase began: ``scheduled`` is the engine's deadline-based start (monotonic seconds),
    ``observed`` the monotonic time of the tick or action that noticed it."""

    segment: int
    step_index: int
    phase: Phase
    side: str | None
    rep: int
    scheduled: float
    observed: float


def build_segments(routine: Routine, get_ready_s: float, switch_s: float) -> list[Segment]:
    out: list[Segment] = []
    for i, step in enumerate(routine.steps):
        for p in step_phases(step, get_ready_s, switch_s):
            out.append(Segment(i, Phase(p.phase), p.side, p.rep, p.seconds))
    return out


class SessionEngine:
    """Plays one routine. Drive it with ``tick()`` (e.g. from a 100 ms QTimer); read ``snapshot``.

    ``on_cue`` receives what should be heard; it is called synchronously from the method that
    caused it (start, tick, pause, ...).
    """

    def __init__(
        self,
        routine: Routine,
        clock: Clock,
        on_cue: Callable[[Cue], None] | None = None,
        get_ready_s: float = GET_READY_S,
        switch_s: float = SWITCH_S,
        suspend_gap_s: float = 5,
    ) -> None:
        if not routine.steps:
            raise RoutineError("steps", _("a routine needs at least one step"))
        self.routine = routine
        self.clock = clock
        self.on_cue = on_cue
        self.get_ready_s = float(get_ready_s)
        self.switch_s = float(switch_s)
        self.suspend_gap_s = float(suspend_gap_s)
        self._segments = build_segments(routine, self.get_ready_s, self.switch_s)
        # _after[i]: planned seconds of all segments after i.
        self._after: list[float] = [0.0] * len(self._segments)
        acc = 0.0
        for i in range(len(self._segments) - 1, -1, -1):
            self._after[i] = acc
            acc += self._segments[i].seconds
        self._total = acc
        self._first_of_step: dict[int, int] = {}
        for i, seg in enumerate(self._segments):
            self._first_of_step.setdefault(seg.step_index, i)
        # Where Back can land inside a step: each hold, activity block and card.
        self._unit_starts = [
            i
            for i, seg in enumerate(self._segments)
            if seg.phase in (Phase.HOLD, Phase.ACTIVITY, Phase.CARD)
        ]

        self._started = False
        self._index = 0
        self._deadline: float | None = None  # monotonic end of the current timed phase
        self._remaining: float = self._segments[0].seconds  # used while paused / not started
        self._paused = False
        self._auto_paused = False
        self._phase = self._segments[0].phase  # DONE / STOPPED once over
        self._last_count: int | None = None
        self._last_mono = 0.0
        self._last_wall: datetime | None = None
        self._started_at: datetime | None = None
        self._ended_at: datetime | None = None
        self._end_mono: float | None = None
        self._start_mono: float | None = None
        self._done: set[int] = set()
        self._skipped: set[int] = set()
        self.history: list[PhaseRecord] = []

    # ------------------------------------------------------------------ public API

    def start(self) -> None:
        """Begin the first step now; a second call does nothing."""
        if self._started:
            return
        self._started = True
        now = self.clock.monotonic()
        self._start_mono = now
        self._started_at = self.clock.now()
        self._mark_clocks(now)
        self._enter(0, now, observed=now)
        self._emit_entry(None, self._index)

    def tick(self) -> Snapshot:
        """Advance through every phase whose deadline passed, emit cues, notice a suspend."""
        if not self._started or self._over:
            return self.snapshot
        now = self.clock.monotonic()
        wall = self.clock.now()
        slept = self._slept(now, wall)
        self._mark_clocks(now, wall)
        if self._paused:
            return self.snapshot
        self._advance(now)
        # A card has no timer to lose, so a sleep while it is shown needs no pause.
        if slept and not self._over and self._deadline is not None:
            self._pause(now, auto=True)
        return self.snapshot

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot(self.clock.monotonic())

    @property
    def started(self) -> bool:
        return self._started

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def auto_paused_for_suspend(self) -> bool:
        return self._paused and self._auto_paused

    def pause(self) -> None:
        if not self._started or self._over or self._paused:
            return
        now = self.clock.monotonic()
        self._advance(now)  # a boundary that passed before the pause still counts
        if not self._over:
            self._pause(now, auto=False)

    def resume(self) -> None:
        if not self._started or self._over or not self._paused:
            return
        now = self.clock.monotonic()
        self._paused = False
        self._auto_paused = False
        if self._segments[self._index].phase != Phase.CARD:
            self._deadline = now + self._remaining
        self._mark_clocks(now)
        # Translators: spoken when the routine goes on after a pause.
        self._cue(CueKind.RESUMED, _("Carry on"))

    def toggle_pause(self) -> None:
        if self._paused:
            self.resume()
        else:
            self.pause()

    def skip(self) -> None:
        """Go to the next step now; the current one counts as skipped unless it was done."""
        if not self._started or self._over:
            return
        now = self.clock.monotonic()
        step = self._segments[self._index].step_index
        if step not in self._done:
            self._skipped.add(step)
        nxt = self._first_of_step.get(step + 1)
        if nxt is None:
            self._finish(now, self.clock.now())
            return
        self._jump(nxt, now)

    def back(self) -> None:
        """Back to the start of this hold (or block); pressed again at its start, to the previous.

        A repetition's relax belongs to the hold before it; a get-ready or switch-sides pause
        belongs to the hold after it, so it counts as "at the start". From the first hold of a
        step, "previous" is the start of the previous step (get-ready included).
        """
        if not self._started or self._over:
            return
        now = self.clock.monotonic()
        unit = self._unit_start(self._index)
        step = self._segments[self._index].step_index
        if unit is not None and self._elapsed_since(unit, now) > BACK_RESTART_S:
            self._jump(unit, now)
            return
        starts = [i for i in self._unit_starts if self._segments[i].step_index == step]
        earlier = [i for i in starts if i < (unit if unit is not None else self._index)]
        if earlier:
            self._jump(earlier[-1], now)
        elif step > 0:
            self._jump(self._first_of_step[step - 1], now)
        else:
            self._jump(self._first_of_step[0], now)

    def restart_step(self) -> None:
        if not self._started or self._over:
            return
        now = self.clock.monotonic()
        self._jump(self._first_of_step[self._segments[self._index].step_index], now)

    def confirm_card(self) -> None:
        """The user read the card: it is done and the next step starts now."""
        if not self._started or self._over:
            return
        now = self.clock.monotonic()
        if not self._paused:
            self._advance(now)
        if self._over or self._segments[self._index].phase != Phase.CARD:
            return
        self._paused = False
        self._auto_paused = False
        self._mark_clocks(now)
        self._done.add(self._segments[self._index].step_index)
        self._skipped.discard(self._segments[self._index].step_index)
        prev = self._index
        if self._index + 1 >= len(self._segments):
            self._finish(now, self.clock.now())
            return
        self._enter(self._index + 1, now, observed=now)
        self._emit_entry(prev, self._index)

    def stop(self) -> None:
        """End the routine early; it is still recorded, with the steps done (``should_record``)."""
        if not self._started or self._over:
            return
        now = self.clock.monotonic()
        if not self._paused:
            self._advance(now)
        if self._over:
            return
        self._phase = Phase.STOPPED
        self._paused = False
        self._auto_paused = False
        self._deadline = None
        self._end_mono = now
        self._ended_at = self._wall_not_before_start(self.clock.now())

    @property
    def finished(self) -> bool:
        return self._phase == Phase.DONE

    @property
    def stopped(self) -> bool:
        return self._phase == Phase.STOPPED

    @property
    def stretches_done(self) -> bool:
        """Every stretch step of the routine was played through (none skipped)."""
        stretch_steps = [i for i, s in enumerate(self.routine.steps) if s.kind == "stretch"]
        return all(i in self._done for i in stretch_steps)

    @property
    def should_record(self) -> bool:
        """Every routine that was started and has ended, finished or stopped, is recorded with the
        steps done; only ``result().completed`` makes the night count as stretched."""
        return self._started and (self.finished or self.stopped)

    @property
    def end_monotonic(self) -> float | None:
        """Monotonic time the routine ended (its last deadline when it ran out naturally)."""
        return self._end_mono

    @property
    def start_monotonic(self) -> float | None:
        return self._start_mono

    def result(self) -> RoutineSession:
        """The session to record: completed means every stretch step was done."""
        wall = self.clock.now()
        started = self._started_at or wall
        ended = self._ended_at or self._wall_not_before_start(wall)
        done = len(self._done)
        return RoutineSession(
            routine=self.routine.name,
            started_at=started,
            ended_at=max(ended, started),
            completed=self._started and self.stretches_done and (self.finished or self.stopped),
            steps_done=done,
            steps_skipped=len(self._skipped - self._done),
        )

    # ------------------------------------------------------------------ internals

    @property
    def _over(self) -> bool:
        return self._phase in (Phase.DONE, Phase.STOPPED)

    def _mark_clocks(self, mono: float, wall: datetime | None = None) -> None:
        self._last_mono = mono
        self._last_wall = wall if wall is not None else self.clock.now()

    def _slept(self, mono: float, wall: datetime) -> bool:
        if self._last_wall is None:
            return False
        wall_progress = (wall - self._last_wall).total_seconds()
        mono_progress = mono - self._last_mono
        return wall_progress - mono_progress > self.suspend_gap_s

    def _wall_not_before_start(self, wall: datetime) -> datetime:
        if self._started_at is not None and wall < self._started_at:
            return self._started_at
        return wall

    def _enter(self, index: int, start: float, *, observed: float) -> None:
        """Make ``index`` current, its phase beginning at monotonic ``start``."""
        seg = self._segments[index]
        self._index = index
        self._phase = seg.phase
        self._last_count = None
        if seg.phase == Phase.CARD:
            self._deadline = None
            self._remaining = 0.0
        elif self._paused:
            self._deadline = None
            self._remaining = seg.seconds
        else:
            self._deadline = start + seg.seconds
            self._remaining = seg.seconds
        self.history.append(
            PhaseRecord(index, seg.step_index, seg.phase, seg.side, seg.rep, start, observed)
        )

    def _jump(self, index: int, now: float) -> None:
        prev = self._index
        self._enter(index, now, observed=now)
        self._mark_clocks(now)
        self._emit_entry(prev, index, announce_done=False)

    def _advance(self, now: float) -> None:
        """Walk past every phase whose deadline is due; cue only the phase we land in."""
        if self._paused or self._deadline is None:
            self._countdown(now)
            return
        first = self._index
        crossed = False
        while self._deadline is not None and now >= self._deadline:
            crossed = True
            boundary = self._deadline
            step = self._segments[self._index].step_index
            nxt = self._index + 1
            if nxt >= len(self._segments) or self._segments[nxt].step_index != step:
                self._done.add(step)
                self._skipped.discard(step)
            if nxt >= len(self._segments):
                wall = self.clock.now() - timedelta(seconds=now - boundary)
                self._finish(boundary, wall, from_index=first)
                return
            self._enter(nxt, boundary, observed=now)
        if crossed:
            self._emit_entry(first, self._index)
        self._countdown(now)

    def _finish(self, end_mono: float, end_wall: datetime, from_index: int | None = None) -> None:
        self._phase = Phase.DONE
        self._paused = False
        self._auto_paused = False
        self._deadline = None
        self._end_mono = end_mono
        self._ended_at = self._wall_not_before_start(end_wall)
        if from_index is not None and from_index == len(self._segments) - 1:
            self._cue(CueKind.STEP_DONE, _("Well done"))
        self._cue(CueKind.ROUTINE_DONE, _("All done. Sleep well."))

    def _pause(self, now: float, *, auto: bool) -> None:
        if self._deadline is not None:
            self._remaining = max(0.0, self._deadline - now)
        self._deadline = None
        self._paused = True
        self._auto_paused = auto
        self._cue(CueKind.PAUSED, "Paused")

    def _unit_start(self, index: int) -> int | None:
        """The hold, activity block or card ``index`` is part of; None in a get-ready/switch."""
        seg = self._segments[index]
        if seg.phase in (Phase.GET_READY, Phase.SWITCH_SIDES):
            return None
        if seg.phase == Phase.RELAX:
            return index - 1
        return index

    def _elapsed_since(self, index: int, now: float) -> float:
        """Planned seconds from the start of segment ``index`` to now (``index`` <= current)."""
        before = sum(s.seconds for s in self._segments[index : self._index])
        seg = self._segments[self._index]
        return before + (seg.seconds - self._phase_remaining(now))

    def _phase_remaining(self, now: float) -> float:
        seg = self._segments[self._index]
        if seg.phase == Phase.CARD:
            return 0.0
        if self._deadline is None:
            return max(0.0, self._remaining)
        return min(seg.seconds, max(0.0, self._deadline - now))

    def _countdown(self, now: float) -> None:
        """3-2-1 before a hold, relax or activity ends: one cue per whole second, never a burst."""
        if self._paused or self._over:
            return
        seg = self._segments[self._index]
        if seg.phase not in COUNTED_PHASES or self._deadline is None:
            return
        remaining = self._deadline - now
        if remaining <= 0 or remaining > 3 + _EPS:
            return
        count = max(1, math.ceil(remaining - _EPS))
        if count >= seg.seconds:
            return  # a 3 s hold does not say "3" as it starts
        if self._last_count is None or count < self._last_count:
            self._last_count = count
            self._cue(CueKind.COUNTDOWN, str(count), count)

    def _cue(self, kind: CueKind, text: str = "", count: int | None = None) -> None:
        if self.on_cue is not None:
            self.on_cue(Cue(kind, text, count))

    def _emit_entry(self, prev: int | None, index: int, *, announce_done: bool = True) -> None:
        """Cues for arriving at segment ``index`` from ``prev`` (possibly several phases back)."""
        seg = self._segments[index]
        step = self.routine.steps[seg.step_index]
        new_step = (
            prev is None or self._segments[prev].step_index != seg.step_index or prev >= index
        )
        if new_step:
            if announce_done and prev is not None and prev < index:
                self._cue(CueKind.STEP_DONE, _("Well done"))
            self._cue(CueKind.STEP_START, step.name)
        if seg.phase == Phase.GET_READY:
            self._cue(CueKind.GET_READY, _get_ready_words(seg.side, step.limb))
        elif seg.phase == Phase.HOLD:
            # Translators: spoken: hold the stretch now.
            self._cue(CueKind.HOLD, _("Hold"))
        elif seg.phase == Phase.RELAX:
            # Translators: spoken: let the stretch go now.
            self._cue(CueKind.RELAX, _("Relax"))
        elif seg.phase == Phase.SWITCH_SIDES:
            self._cue(CueKind.SWITCH_SIDES, _switch_words(seg.side, step.limb, spoken=True))

    def _instruction(self, seg: Segment, step: Step) -> str:
        if self._paused:
            if self._auto_paused:
                return _("Paused while the computer was asleep. Resume when you are ready.")
            return _("Paused. Resume when you are ready.")
        if seg.phase == Phase.GET_READY:
            return _position_words(seg.side, step.limb)
        if seg.phase == Phase.HOLD:
            return _("Hold the stretch. Breathe normally.")
        if seg.phase == Phase.RELAX:
            return _("Relax")
        if seg.phase == Phase.SWITCH_SIDES:
            return _switch_words(seg.side, step.limb, spoken=False)
        return step.instruction

    def _next_label(self, step_index: int) -> str | None:
        if step_index + 1 < len(self.routine.steps):
            # Translators: the step after this one; {name} is a step's name.
            return _("Next: {name}").format(name=self.routine.steps[step_index + 1].name)
        return None

    def _snapshot(self, now: float) -> Snapshot:
        steps = self.routine.steps
        if self._over:
            last = steps[-1]
            done = self._phase == Phase.DONE
            return Snapshot(
                phase=self._phase,
                paused=False,
                step_index=len(steps) - 1,
                step_count=len(steps),
                step=last,
                side=None,
                side_label=None,
                rep=0,
                reps=0,
                remaining_s=0.0,
                phase_total_s=0.0,
                routine_remaining_s=0.0,
                routine_total_s=self._total,
                next_label=None,
                instruction=_("All done. Sleep well.")
                if done
                else _("Stopped. You can start again any time."),
                finished=done,
            )
        seg = self._segments[self._index]
        step = steps[seg.step_index]
        remaining = self._phase_remaining(now) if self._started else seg.seconds
        is_stretch = step.kind == "stretch"
        return Snapshot(
            phase=seg.phase,
            paused=self._paused,
            step_index=seg.step_index,
            step_count=len(steps),
            step=step,
            side=seg.side,
            side_label=side_label(seg.side, step.limb),
            rep=seg.rep if is_stretch else 0,
            reps=step.reps if is_stretch else 0,
            remaining_s=remaining,
            phase_total_s=seg.seconds,
            routine_remaining_s=remaining + self._after[self._index],
            routine_total_s=self._total,
            next_label=self._next_label(seg.step_index),
            instruction=self._instruction(seg, step),
            finished=False,
        )


# Each side of each limb in each cue is its own whole sentence (no lower-cased labels glued in):
# Spanish and German change the words around the side ("tu pierna izquierda", "dein linkes Bein").


def _get_ready_words(side: str | None, limb: str) -> str:
    """Spoken before a stretch: 'Get ready. Left leg first.'"""
    phrases = {
        ("left", "leg"): _("Get ready. Left leg first."),
        ("right", "leg"): _("Get ready. Right leg first."),
        ("left", "foot"): _("Get ready. Left foot first."),
        ("right", "foot"): _("Get ready. Right foot first."),
    }
    if side is None:
        return _("Get ready.")
    return phrases[(side, limb)]


def _position_words(side: str | None, limb: str) -> str:
    """Shown while getting ready: 'Get into position: left leg'."""
    phrases = {
        ("left", "leg"): _("Get into position: left leg"),
        ("right", "leg"): _("Get into position: right leg"),
        ("left", "foot"): _("Get into position: left foot"),
        ("right", "foot"): _("Get into position: right foot"),
    }
    if side is None:
        return _("Get into position")
    return phrases[(side, limb)]


def _switch_words(side: str | None, limb: str, *, spoken: bool) -> str:
    """'Switch to your right leg' (spoken and shown alike); without a side, 'Switch to your other
    side' is spoken and 'Switch sides' shown."""
    phrases = {
        ("left", "leg"): _("Switch to your left leg"),
        ("right", "leg"): _("Switch to your right leg"),
        ("left", "foot"): _("Switch to your left foot"),
        ("right", "foot"): _("Switch to your right foot"),
    }
    if side is None:
        return _("Switch to your other side") if spoken else _("Switch sides")
    return phrases[(side, limb)]
