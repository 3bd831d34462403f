"""The session engine on a FakeClock: phase order and lengths, pause, navigation, cards, suspend,
recording, and drift under stalls. No test sleeps."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.clock import FakeClock
from companion.core.cues import Cue, CueKind
from companion.core.diary import validate_routine_session
from companion.core.routine import Routine, Step, builtin_routines
from companion.core.session import Phase, SessionEngine, build_segments

T0 = 1000.0


def calf(**kw: object) -> Step:
    base = dict(id="calf", kind="stretch", name="Calf stretch", instruction="Lean in.")
    base.update(kw)
    return Step(**base)  # type: ignore[arg-type]


def roll(**kw: object) -> Step:
    base = dict(
        id="roll",
        kind="activity",
        name="Arch roll",
        instruction="Roll.",
        duration_s=20,
        limb="foot",
    )
    base.update(kw)
    return Step(**base)  # type: ignore[arg-type]


def card(name: str = "Sleep position") -> Step:
    return Step(id="card", kind="card", name=name, instruction="Pillow under your knees.")


def make(*steps: Step, name: str = "Test routine") -> Routine:
    return Routine(name=name, description="", steps=tuple(steps))


class Rig:
    """An engine on a fake clock that records every cue."""

    def __init__(self, routine: Routine, **kw: float) -> None:
        self.clock = FakeClock(monotonic=T0)
        self.cues: list[Cue] = []
        self.engine = SessionEngine(routine, self.clock, self.cues.append, **kw)

    def kinds(self) -> list[CueKind]:
        return [c.kind for c in self.cues]

    def run(self, seconds: float, step: float = 0.1) -> None:
        """Tick every ``step`` seconds for ``seconds``."""
        start = self.clock.monotonic()
        for i in range(1, round(seconds / step) + 1):
            self.clock.advance(start + i * step - self.clock.monotonic())
            self.engine.tick()

    def at(self, seconds: float) -> None:
        """Advance to exactly T0 + seconds and tick once."""
        self.clock.advance(T0 + seconds - self.clock.monotonic())
        self.engine.tick()


# --------------------------------------------------------------------------- order and lengths


def test_per_side_holds_and_relaxes_in_order_and_length() -> None:
    rig = Rig(make(calf(hold_s=10, relax_s=8, reps=3), card()), get_ready_s=5, switch_s=4)
    rig.engine.start()
    rig.run(200)
    got = [
        (r.phase, r.side, r.rep, round(r.scheduled - T0, 6))
        for r in rig.engine.history
        if r.step_index == 0
    ]
    expected = [(Phase.GET_READY, "left", 1, 0.0)]
    t = 5.0
    for side in ("left", "right"):
        if side == "right":
            expected.append((Phase.SWITCH_SIDES, "right", 1, t))
            t += 4
        for rep in (1, 2, 3):
            expected.append((Phase.HOLD, side, rep, t))
            t += 10
            if rep < 3:
                expected.append((Phase.RELAX, side, rep, t))
                t += 8
    assert got == expected
    card_record = rig.engine.history[-1]
    assert card_record.phase == Phase.CARD and card_record.scheduled - T0 == pytest.approx(t)
    assert rig.engine.snapshot.phase == Phase.CARD  # a card waits, however long
    assert rig.engine.routine.planned_seconds(5, 4) == t


def test_snapshot_fields_during_a_stretch() -> None:
    rig = Rig(make(calf(limb="leg"), roll(), card()))
    s = rig.engine.snapshot  # before start: the first phase, full length
    assert s.phase == Phase.GET_READY and s.remaining_s == 5 and not s.paused
    rig.engine.start()
    rig.at(7.5)  # get-ready 5 s, then 2.5 s into the first hold
    s = rig.engine.snapshot
    assert s.phase == Phase.HOLD and s.side == "left" and s.side_label == "Left leg"
    assert (s.rep, s.reps) == (1, 3)
    assert (s.step_index, s.step_count) == (0, 3)
    assert s.remaining_s == pytest.approx(7.5) and s.phase_total_s == 10
    total = rig.engine.routine.planned_seconds()
    assert s.routine_total_s == total
    assert s.routine_remaining_s == pytest.approx(total - 7.5)
    assert s.next_label == "Next: Arch roll"
    assert "Hold" in s.instruction and not s.finished
    rig.at(110 + 20 + 5 + 3)  # into the right-foot arch roll
    s = rig.engine.snapshot
    assert s.phase == Phase.ACTIVITY and s.side_label == "Right foot"
    assert (s.rep, s.reps) == (0, 0) and s.instruction == "Roll."
    assert s.remaining_s == pytest.approx(17)
    assert s.next_label == "Next: Sleep position"


def test_cues_for_a_stretch_step() -> None:
    rig = Rig(make(calf(hold_s=5, relax_s=4, reps=2, per_side=True), roll(per_side=False)))
    rig.engine.start()
    rig.run(5 + 14 + 5 + 14 + 0.2)
    words = [(c.kind, c.text, c.count) for c in rig.cues]
    assert words[:3] == [
        (CueKind.STEP_START, "Calf stretch", None),
        (CueKind.GET_READY, "Get ready. Left leg first.", None),
        (CueKind.HOLD, "Hold", None),
    ]
    assert words[3:6] == [(CueKind.COUNTDOWN, str(n), n) for n in (3, 2, 1)]
    assert words[6] == (CueKind.RELAX, "Relax", None)
    assert (CueKind.SWITCH_SIDES, "Switch to your right leg", None) in words
    assert words[-3:] == [
        (CueKind.COUNTDOWN, "1", 1),
        (CueKind.STEP_DONE, "Well done", None),
        (CueKind.STEP_START, "Arch roll", None),
    ]
    # Each timed hold/relax counted 3-2-1 exactly once: 4 holds + 2 relaxes.
    assert rig.kinds().count(CueKind.COUNTDOWN) == 6 * 3


def test_countdown_skips_numbers_a_short_phase_cannot_have() -> None:
    rig = Rig(make(calf(hold_s=3, relax_s=0, reps=1, per_side=False), roll(per_side=False)))
    rig.engine.start()
    rig.run(5 + 3 + 0.05)
    counts = [c.count for c in rig.cues if c.kind == CueKind.COUNTDOWN]
    assert counts == [2, 1]


def test_routine_end_cues_and_result_times() -> None:
    rig = Rig(make(calf(per_side=False, reps=1, hold_s=60)))
    started = rig.clock.now()
    rig.engine.start()
    rig.run(70, step=1.0)
    assert rig.engine.finished and rig.engine.snapshot.phase == Phase.DONE
    assert rig.kinds()[-2:] == [CueKind.STEP_DONE, CueKind.ROUTINE_DONE]
    assert rig.engine.end_monotonic == pytest.approx(T0 + 65)
    result = rig.engine.result()
    validate_routine_session(result)
    assert result.routine == "Test routine" and result.completed
    assert result.started_at == started
    assert result.ended_at == started + timedelta(seconds=65)  # the deadline, not the late tick
    assert (result.steps_done, result.steps_skipped) == (1, 0)
    assert rig.engine.should_record
    s = rig.engine.tick()
    assert s.finished and s.remaining_s == 0 and s.routine_remaining_s == 0


# --------------------------------------------------------------------------- pause


def test_pause_and_resume_keep_the_remaining_time_exactly() -> None:
    rig = Rig(make(calf(per_side=False, reps=2), card()))
    rig.engine.start()
    rig.at(5 + 3.3)
    rig.engine.pause()
    assert rig.engine.paused and not rig.engine.auto_paused_for_suspend
    assert rig.cues[-1].kind == CueKind.PAUSED
    before = rig.engine.snapshot
    rig.at(5 + 3.3 + 500)  # a long pause with ticks
    after = rig.engine.snapshot
    assert after.remaining_s == pytest.approx(6.7, abs=1e-9) == before.remaining_s
    assert after.paused and after.phase == Phase.HOLD and "Paused" in after.instruction
    assert after.routine_remaining_s == before.routine_remaining_s
    rig.engine.resume()
    assert rig.cues[-1].kind == CueKind.RESUMED
    rig.at(5 + 3.3 + 500 + 6.7 - 1e-6)
    assert rig.engine.snapshot.phase == Phase.HOLD
    rig.at(5 + 3.3 + 500 + 6.7)
    assert rig.engine.snapshot.phase == Phase.RELAX
    relax = rig.engine.history[-1]
    assert relax.scheduled == pytest.approx(T0 + 5 + 10 + 500, abs=1e-9)


def test_no_countdown_while_paused_and_toggle() -> None:
    rig = Rig(make(calf(per_side=False), card()))
    rig.engine.start()
    rig.at(5 + 6)
    rig.engine.toggle_pause()
    n = len(rig.cues)
    rig.run(30)
    assert len(rig.cues) == n
    rig.engine.toggle_pause()
    assert not rig.engine.paused
    rig.run(4)
    assert [c.count for c in rig.cues if c.kind == CueKind.COUNTDOWN] == [3, 2, 1]


def test_pause_after_an_unnoticed_boundary_counts_that_boundary() -> None:
    rig = Rig(make(calf(per_side=False), card()))
    rig.engine.start()
    rig.clock.advance(5 + 10 + 2)  # into the first relax, no tick yet
    rig.engine.pause()
    s = rig.engine.snapshot
    assert s.phase == Phase.RELAX and s.remaining_s == pytest.approx(8)


# --------------------------------------------------------------------------- navigation


def three_steps() -> Routine:
    return make(
        calf(per_side=False, reps=1),
        roll(id="roll", per_side=False),
        card(),
    )


def test_skip_marks_skipped_and_starts_the_next_step_now() -> None:
    rig = Rig(three_steps())
    rig.engine.start()
    rig.at(7)
    rig.engine.skip()
    s = rig.engine.snapshot
    assert s.step_index == 1 and s.phase == Phase.ACTIVITY and s.remaining_s == 20
    assert rig.cues[-1] == Cue(CueKind.STEP_START, "Arch roll")
    assert CueKind.STEP_DONE not in rig.kinds()
    assert rig.engine.history[-1].scheduled == T0 + 7
    rig.engine.skip()
    assert rig.engine.snapshot.phase == Phase.CARD
    rig.engine.skip()
    assert rig.engine.finished and rig.cues[-1].kind == CueKind.ROUTINE_DONE
    result = rig.engine.result()
    assert (result.steps_done, result.steps_skipped) == (0, 3)
    assert not result.completed  # the stretch was skipped
    assert rig.engine.should_record  # finished: the UI records it, as not completed


def test_back_goes_to_the_previous_step_early_and_restarts_later() -> None:
    rig = Rig(three_steps())
    rig.engine.start()
    rig.at(5 + 10 + 2)  # 2 s into the roll
    rig.engine.back()
    s = rig.engine.snapshot
    assert s.step_index == 0 and s.phase == Phase.GET_READY and s.remaining_s == 5
    rig.at(5 + 10 + 2 + 4)  # 4 s into the calf step again
    rig.engine.back()
    s = rig.engine.snapshot
    assert s.step_index == 0 and s.phase == Phase.GET_READY and s.remaining_s == 5
    rig.at(5 + 10 + 2 + 4 + 15 + 10)  # 10 s into the roll
    rig.engine.back()
    s = rig.engine.snapshot
    assert s.step_index == 1 and s.phase == Phase.ACTIVITY and s.remaining_s == 20
    assert rig.cues[-1] == Cue(CueKind.STEP_START, "Arch roll")


def test_back_restarts_the_current_hold_then_goes_to_the_previous_repetition() -> None:
    """Issue 11: Back from "Left leg, repetition 2" jumped to "Right leg, repetition 1"."""
    rig = Rig(make(calf(first_side="right"), card()), get_ready_s=5, switch_s=5)
    rig.engine.start()
    # get ready 5, right: hold 10 relax 10 hold 10 relax 10 hold 10 (to 55), switch 5,
    # left: hold 1 starts at 60, relax, hold 2 starts at 80
    rig.at(80 + 6)  # 6 s into "Left leg, repetition 2"
    s = rig.engine.snapshot
    assert (s.side_label, s.rep, s.phase) == ("Left leg", 2, Phase.HOLD)
    rig.engine.back()
    s = rig.engine.snapshot
    assert (s.side_label, s.rep, s.phase, s.remaining_s) == ("Left leg", 2, Phase.HOLD, 10)
    rig.at(80 + 6 + 1)  # pressed again within the first seconds: the previous repetition
    rig.engine.back()
    s = rig.engine.snapshot
    assert (s.side_label, s.rep, s.phase, s.remaining_s) == ("Left leg", 1, Phase.HOLD, 10)
    rig.engine.back()  # at its start already: back again, across the switch to the right side
    s = rig.engine.snapshot
    assert (s.side_label, s.rep, s.phase, s.remaining_s) == ("Right leg", 3, Phase.HOLD, 10)


def test_back_in_a_relax_repeats_the_hold_before_it_and_a_switch_goes_to_the_last_hold() -> None:
    rig = Rig(make(calf(reps=2), card()), get_ready_s=5, switch_s=5)
    rig.engine.start()
    rig.at(5 + 10 + 4)  # 4 s into the relax after left hold 1
    rig.engine.back()
    s = rig.engine.snapshot
    assert (s.side_label, s.rep, s.phase, s.remaining_s) == ("Left leg", 1, Phase.HOLD, 10)
    rig.at(5 + 10 + 4 + 10 + 10 + 10 + 2)  # 2 s into the switch to the right leg
    assert rig.engine.snapshot.phase == Phase.SWITCH_SIDES
    rig.engine.back()
    s = rig.engine.snapshot
    assert (s.side_label, s.rep, s.phase) == ("Left leg", 2, Phase.HOLD)


def test_back_from_the_first_hold_of_a_step_goes_to_the_previous_steps_start() -> None:
    rig = Rig(make(roll(per_side=False), calf(reps=2)), get_ready_s=5, switch_s=5)
    rig.engine.start()
    rig.at(20 + 5 + 1)  # 1 s into the calf's first hold
    rig.engine.back()
    s = rig.engine.snapshot
    assert s.step_index == 0 and s.phase == Phase.ACTIVITY and s.remaining_s == 20


def test_restart_step_and_navigation_while_paused_stays_paused() -> None:
    rig = Rig(three_steps())
    rig.engine.start()
    rig.at(5 + 10 + 12)  # 12 s into the roll
    rig.engine.restart_step()
    s = rig.engine.snapshot
    assert s.step_index == 1 and s.remaining_s == 20
    rig.at(5 + 10 + 12 + 3)
    rig.engine.pause()
    rig.engine.skip()
    rig.engine.back()
    rig.engine.restart_step()
    rig.at(5 + 10 + 12 + 100)
    s = rig.engine.snapshot
    assert s.paused and s.step_index == 1 and s.remaining_s == 20
    rig.engine.resume()
    rig.at(5 + 10 + 12 + 120)
    assert rig.engine.snapshot.phase == Phase.CARD


def test_card_waits_for_confirm_then_the_next_step_starts_now() -> None:
    rig = Rig(make(card("Read first"), calf(per_side=False, reps=1)))
    rig.engine.start()
    assert rig.cues == [Cue(CueKind.STEP_START, "Read first")]
    rig.at(3600)
    s = rig.engine.snapshot
    assert s.phase == Phase.CARD and s.remaining_s == 0 and s.instruction
    rig.engine.confirm_card()
    s = rig.engine.snapshot
    assert s.step_index == 1 and s.phase == Phase.GET_READY
    assert rig.engine.history[-1].scheduled == T0 + 3600
    assert rig.kinds()[-3:] == [CueKind.STEP_DONE, CueKind.STEP_START, CueKind.GET_READY]
    rig.engine.confirm_card()  # not on a card: nothing happens
    assert rig.engine.snapshot.phase == Phase.GET_READY


def test_confirming_the_last_card_finishes() -> None:
    rig = Rig(three_steps())
    rig.engine.start()
    rig.run(40, step=0.5)
    assert rig.engine.snapshot.phase == Phase.CARD and not rig.engine.finished
    rig.engine.confirm_card()
    assert rig.engine.finished and rig.kinds()[-1] == CueKind.ROUTINE_DONE
    result = rig.engine.result()
    assert result.completed and (result.steps_done, result.steps_skipped) == (3, 0)
    assert result.ended_at == result.started_at + timedelta(seconds=40)


# --------------------------------------------------------------------------- suspend


def test_suspend_pauses_until_the_user_resumes() -> None:
    rig = Rig(make(calf(per_side=False), card()), suspend_gap_s=5)
    rig.engine.start()
    rig.at(5 + 4)
    rig.clock.suspend(3600)  # lid closed for an hour: wall moves, monotonic does not
    s = rig.engine.tick()
    assert rig.engine.auto_paused_for_suspend and s.paused
    assert "asleep" in s.instruction
    assert s.phase == Phase.HOLD and s.remaining_s == pytest.approx(6)
    assert rig.cues[-1].kind == CueKind.PAUSED
    rig.run(60)
    assert rig.engine.snapshot.remaining_s == pytest.approx(6)
    rig.engine.resume()
    assert not rig.engine.auto_paused_for_suspend
    rig.run(6.2)
    assert rig.engine.snapshot.phase == Phase.RELAX


def test_suspend_with_some_awake_time_advances_that_time_first() -> None:
    rig = Rig(make(calf(per_side=False), card()))
    rig.engine.start()
    rig.at(5 + 4)
    rig.clock.advance(2)  # awake 2 s without a tick ...
    rig.clock.suspend(600)  # ... then asleep
    s = rig.engine.tick()
    assert s.paused and s.remaining_s == pytest.approx(4)


def test_a_sleep_while_a_card_is_shown_does_not_pause() -> None:
    rig = Rig(make(card("Read first"), calf(per_side=False)))
    rig.engine.start()
    rig.clock.suspend(600)
    s = rig.engine.tick()
    assert not s.paused and s.phase == Phase.CARD


def test_small_wall_jumps_and_a_clock_set_back_do_not_pause() -> None:
    rig = Rig(make(calf(per_side=False), card()), suspend_gap_s=5)
    rig.engine.start()
    rig.at(6)
    rig.clock.suspend(4.5)
    rig.engine.tick()
    rig.clock.set_wall(rig.clock.now() - timedelta(hours=1))  # clock set back (DST, NTP)
    rig.run(2)
    assert not rig.engine.paused


def test_a_long_stall_walks_every_phase_and_cues_only_the_latest() -> None:
    rig = Rig(make(calf(), roll(), calf(id="calf2", name="Second calf"), card()))
    rig.engine.start()
    rig.cues.clear()
    rig.at(5 + 50 + 5 + 50 + 45 + 5 + 7)  # 7 s into the second calf step's first hold
    s = rig.engine.snapshot
    assert not s.paused  # a stall is not a suspend: monotonic time moved too
    assert s.step_index == 2 and s.phase == Phase.HOLD and s.remaining_s == pytest.approx(3)
    assert [c.kind for c in rig.cues] == [
        CueKind.STEP_DONE,
        CueKind.STEP_START,
        CueKind.HOLD,
        CueKind.COUNTDOWN,
    ]
    assert rig.cues[1].text == "Second calf"
    # The history still holds every phase at its planned time.
    starts = [round(r.scheduled - T0, 6) for r in rig.engine.history]
    assert starts[:4] == [0, 5, 15, 25]
    assert rig.engine.history[-1].scheduled == T0 + 5 + 50 + 5 + 50 + 45 + 5
    assert len({r.segment for r in rig.engine.history}) == len(rig.engine.history)


# --------------------------------------------------------------------------- stop / record


def test_stop_after_the_stretches_records_a_completed_session() -> None:
    rig = Rig(three_steps())
    rig.engine.start()
    rig.at(5 + 10 + 3)
    rig.engine.stop()
    assert rig.engine.stopped and not rig.engine.finished
    s = rig.engine.snapshot
    assert s.phase == Phase.STOPPED and not s.finished
    assert rig.engine.should_record
    result = rig.engine.result()
    validate_routine_session(result)
    assert result.completed and result.steps_done == 1
    assert result.ended_at == result.started_at + timedelta(seconds=18)
    rig.engine.skip()  # nothing moves once stopped
    rig.engine.resume()
    assert rig.engine.snapshot.phase == Phase.STOPPED


def test_stop_before_the_stretches_is_recorded_as_not_completed() -> None:
    rig = Rig(three_steps())
    rig.engine.start()
    rig.at(5 + 9)
    rig.engine.stop()
    assert rig.engine.should_record
    result = rig.engine.result()
    validate_routine_session(result)
    assert not result.completed and result.steps_done == 0
    assert result.ended_at == result.started_at + timedelta(seconds=14)


def test_not_started_does_nothing_and_is_not_recorded() -> None:
    rig = Rig(three_steps())
    assert rig.engine.tick().phase == Phase.GET_READY
    rig.engine.pause()
    rig.engine.skip()
    rig.engine.stop()
    assert not rig.engine.should_record and rig.cues == []
    rig.engine.start()
    rig.engine.start()
    assert rig.kinds() == [CueKind.STEP_START, CueKind.GET_READY]


def test_an_empty_routine_is_refused() -> None:
    with pytest.raises(ValueError):
        SessionEngine(make(), FakeClock())


# --------------------------------------------------------------------------- drift


def fifteen_minutes() -> Routine:
    """The standard wind-down with its optional heat: 15 minutes, ending on a timed step."""
    standard = builtin_routines()[0]
    steps = tuple(s for s in standard.steps if s.kind != "card")
    return Routine(name="Fifteen", description="", steps=steps)


def test_fifteen_minutes_with_stalls_ends_within_50_ms_and_never_drifts() -> None:
    routine = fifteen_minutes()
    planned = routine.planned_seconds()
    assert planned == 900
    rig = Rig(routine)
    rig.engine.start()
    # 1 s ticks; every few ticks the loop stalls 300 ms (the tick comes 1.3 s after the last).
    n = 0
    while not rig.engine.finished:
        n += 1
        rig.clock.advance(1.3 if n % 3 == 0 else 1.0)
        rig.engine.tick()
        assert n < 2000
    end = rig.engine.end_monotonic
    assert end is not None and abs(end - (T0 + planned)) < 0.050
    # Every boundary sits exactly at its planned offset, the last as exactly as the first.
    offsets = []
    t = 0.0
    for seg in build_segments(routine, 5, 5):
        offsets.append(t)
        t += seg.seconds
    history = rig.engine.history
    assert len(history) == len(offsets)
    errors = [abs((r.scheduled - T0) - want) for r, want in zip(history, offsets, strict=True)]
    assert max(errors) < 1e-6
    # Ticks noticed boundaries late (so an engine re-anchoring on the tick would drift by the
    # sum of these), but never by more than one tick interval.
    lateness = [r.observed - r.scheduled for r in history]
    assert sum(lateness) > 5.0
    assert max(lateness) <= 1.3 + 1e-9
    # The wall-clock end in the result is the plan, not the late tick.
    result = rig.engine.result()
    assert abs((result.ended_at - result.started_at).total_seconds() - planned) < 0.050


@settings(max_examples=60, deadline=None)
@given(
    actions=st.lists(
        st.tuples(st.floats(0.01, 4.0), st.booleans()),
        min_size=1,
        max_size=400,
    )
)
def test_end_is_plan_plus_paused_time_whatever_the_ticks(actions: list[tuple[float, bool]]):
    """Random tick gaps and pause toggles: the end moves by exactly the time spent paused."""
    routine = make(calf(reps=2), roll(), calf(id="c2", name="Again", per_side=False, reps=1))
    rig = Rig(routine)
    rig.engine.start()
    paused_for = 0.0
    for gap, toggle in actions:
        if rig.engine.finished:
            break
        if rig.engine.paused:
            paused_for += gap
        rig.clock.advance(gap)
        rig.engine.tick()
        if toggle and not rig.engine.finished:
            rig.engine.toggle_pause()
    if rig.engine.paused:
        rig.engine.resume()
    while not rig.engine.finished:
        rig.clock.advance(0.7)
        rig.engine.tick()
    end = rig.engine.end_monotonic
    assert end == pytest.approx(T0 + routine.planned_seconds() + paused_for, abs=1e-6)
