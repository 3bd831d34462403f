"""Routine model: built-in data, timing layout, validation messages, JSON shape."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from companion.core.routine import (
    BUILTIN_NAMES,
    ILLUSTRATIONS,
    Routine,
    RoutineError,
    Step,
    builtin_routines,
    routine_from_dict,
    routine_to_dict,
    side_label,
    step_phases,
    step_seconds,
    validate_routine,
)
from companion.paths import asset


def stretch(**kw: object) -> Step:
    base = dict(id="calf", kind="stretch", name="Calf", instruction="Lean in.")
    base.update(kw)
    return Step(**base)  # type: ignore[arg-type]


def activity(**kw: object) -> Step:
    base = dict(id="roll", kind="activity", name="Roll", instruction="Roll.", duration_s=60)
    base.update(kw)
    return Step(**base)  # type: ignore[arg-type]


def card() -> Step:
    return Step(id="card", kind="card", name="Card", instruction="Read me.")


def routine(*steps: Step, name: str = "Mine") -> Routine:
    return Routine(name=name, description="", steps=tuple(steps))


# --------------------------------------------------------------------------- built-ins


def test_builtins_load_in_order_with_exact_names_and_are_valid() -> None:
    routines = builtin_routines()
    assert [r.name for r in routines] == list(BUILTIN_NAMES)
    assert BUILTIN_NAMES == ("Standard wind-down", "Gentle — flare day", "Foot focus")
    for r in routines:
        assert r.builtin
        validate_routine(r)
        for step in r.steps:
            assert step.illustration in ILLUSTRATIONS, (r.name, step.id)


def test_every_illustration_stem_is_used_by_some_builtin() -> None:
    used = {s.illustration for r in builtin_routines() for s in r.steps}
    assert used == set(ILLUSTRATIONS)


def by_name() -> dict[str, Routine]:
    return {r.name: r for r in builtin_routines()}


@pytest.mark.parametrize(
    ("name", "lo_min", "hi_min"),
    [("Standard wind-down", 10, 12), ("Gentle — flare day", 4.5, 6), ("Foot focus", 6.5, 8)],
)
def test_planned_lengths_land_near_the_about_figures(name: str, lo_min: float, hi_min: float):
    r = by_name()[name]
    without_optional = r.planned_seconds(include_optional=False) / 60
    assert lo_min <= without_optional <= hi_min
    heat = [s for s in r.steps if s.optional]
    assert len(heat) == 1 and heat[0].duration_s == 300
    assert r.planned_seconds() == pytest.approx(r.planned_seconds(include_optional=False) + 300)


def test_stretch_defaults_follow_the_trial_protocol() -> None:
    routines = by_name()
    for name, reps in (("Standard wind-down", 3), ("Foot focus", 3), ("Gentle — flare day", 2)):
        stretches = [s for s in routines[name].steps if s.kind == "stretch"]
        assert stretches, name
        for s in stretches:
            assert (s.hold_s, s.relax_s, s.reps, s.per_side) == (10, 10, reps, True), (name, s.id)


def test_standard_wind_down_has_the_content_steps_in_order() -> None:
    r = by_name()["Standard wind-down"]
    assert [s.id for s in r.steps] == [
        "settle",
        "heat",
        "standing-calf",
        "standing-hamstring",
        "seated-toe-pull",
        "arch-roll",
        "ankle-circles",
        "water",
        "sleep-position",
    ]
    steps = {s.id: s for s in r.steps}
    assert steps["settle"].duration_s == 30 and not steps["settle"].per_side
    assert steps["arch-roll"].duration_s == 60 and steps["arch-roll"].per_side
    assert steps["arch-roll"].limb == "foot"
    assert "10 slow circles" in steps["ankle-circles"].instruction
    assert steps["ankle-circles"].per_side and steps["ankle-circles"].kind == "activity"
    heat = steps["heat"]
    assert heat.optional and heat.kind == "activity"
    assert "heating pad" in heat.instruction and "1–2 hours before bed" in heat.instruction
    position = steps["sleep-position"]
    assert position.kind == "card"
    for phrase in (
        "pillow under your knees",
        "pillow between your knees",
        "pointed down",
        "covers",
    ):
        assert phrase in position.instruction


def test_gentle_is_all_seated_and_foot_focus_has_the_foot_steps() -> None:
    routines = by_name()
    gentle = [s.id for s in routines["Gentle — flare day"].steps]
    assert "standing-calf" not in gentle and "standing-hamstring" not in gentle
    assert {"towel-calf", "seated-hamstring", "seated-toe-pull", "ankle-circles"} <= set(gentle)
    assert gentle[-1] == "sleep-position"
    foot = [s.id for s in routines["Foot focus"].steps]
    assert foot == [
        "seated-toe-pull",
        "arch-roll",
        "ankle-circles",
        "towel-calf",
        "heat",
        "sleep-position",
    ]
    soak = routines["Foot focus"].steps[4]
    assert "warm water" in soak.instruction and "1–2 hours before bed" in soak.instruction


def test_asset_files_are_in_the_routine_to_dict_shape() -> None:
    for r in builtin_routines():
        stem = {"Standard wind-down": "standard-wind-down", "Foot focus": "foot-focus"}.get(
            r.name, "gentle-flare-day"
        )
        raw = json.loads(asset("routines", f"{stem}.json").read_text(encoding="utf-8"))
        assert routine_from_dict(raw, builtin=True) == r
        assert routine_from_dict(routine_to_dict(r), builtin=True) == r


# --------------------------------------------------------------------------- timing layout


def test_stretch_layout_get_ready_holds_relax_between_switch() -> None:
    phases = step_phases(stretch(hold_s=10, relax_s=8, reps=3), get_ready_s=5, switch_s=4)
    assert [(p.phase, p.side, p.rep, p.seconds) for p in phases] == [
        ("get_ready", "left", 1, 5),
        ("hold", "left", 1, 10),
        ("relax", "left", 1, 8),
        ("hold", "left", 2, 10),
        ("relax", "left", 2, 8),
        ("hold", "left", 3, 10),
        ("switch_sides", "right", 1, 4),
        ("hold", "right", 1, 10),
        ("relax", "right", 1, 8),
        ("hold", "right", 2, 10),
        ("relax", "right", 2, 8),
        ("hold", "right", 3, 10),
    ]
    assert step_seconds(stretch(hold_s=10, relax_s=8, reps=3), 5, 4) == 5 + 2 * 46 + 4


def test_first_side_right_and_one_round_steps() -> None:
    phases = step_phases(stretch(first_side="right", reps=1))
    assert [(p.phase, p.side) for p in phases] == [
        ("get_ready", "right"),
        ("hold", "right"),
        ("switch_sides", "left"),
        ("hold", "left"),
    ]
    assert [p.side for p in step_phases(stretch(per_side=False, reps=2))] == [None] * 4
    assert [(p.phase, p.seconds) for p in step_phases(activity(per_side=False))] == [
        ("activity", 60)
    ]
    assert [(p.phase, p.side) for p in step_phases(activity(limb="foot"))] == [
        ("activity", "left"),
        ("switch_sides", "right"),
        ("activity", "right"),
    ]
    assert [(p.phase, p.seconds) for p in step_phases(card())] == [("card", 0)]


def test_zero_relax_and_zero_transitions_are_left_out() -> None:
    phases = step_phases(stretch(relax_s=0, reps=2), get_ready_s=0, switch_s=0)
    assert [p.phase for p in phases] == ["hold", "hold", "hold", "hold"]


def test_side_label_wording() -> None:
    assert side_label("left", "leg") == "Left leg"
    assert side_label("right", "foot") == "Right foot"
    assert side_label(None, "leg") is None


# --------------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("bad", "field", "words"),
    [
        (routine(stretch(), stretch(hold_s=2)), "steps[1].hold_s", "3–300 seconds"),
        (routine(stretch(hold_s=301)), "steps[0].hold_s", "3–300"),
        (routine(stretch(relax_s=-1)), "steps[0].relax_s", "0–300"),
        (routine(stretch(reps=0)), "steps[0].reps", "1–10"),
        (routine(stretch(reps=11)), "steps[0].reps", "1–10"),
        (routine(stretch(), activity(duration_s=4)), "steps[1].duration_s", "5–1800"),
        (routine(stretch(hold_s=True)), "steps[0].hold_s", "3–300"),
        (routine(stretch(hold_s=10.5)), "steps[0].hold_s", "3–300"),
        (routine(stretch(kind="yoga")), "steps[0].kind", "stretch"),
        (routine(stretch(first_side="middle")), "steps[0].first_side", "left"),
        (routine(stretch(limb="arm")), "steps[0].limb", "leg"),
        (routine(stretch(name="  ")), "steps[0].name", "empty"),
        (routine(stretch(instruction="")), "steps[0].instruction", "empty"),
        (routine(stretch(id="Bad Id")), "steps[0].id", "slug"),
        (routine(stretch(illustration="../../etc/passwd")), "steps[0].illustration", ""),
        (routine(stretch(per_side="yes")), "steps[0].per_side", "true or false"),
        (routine(stretch(), name=""), "name", "empty"),
        (routine(stretch(), name="x" * 61), "name", "60"),
        (routine(), "steps", "at least one"),
        (routine(*[stretch(reps=1, hold_s=3, relax_s=0)] * 41), "steps", "40"),
        (routine(card()), "steps", "1–60 minutes"),
        (routine(activity(per_side=False, duration_s=30)), "steps", "1–60 minutes"),
        (routine(activity(duration_s=1800), activity(duration_s=1)), "steps[1].duration_s", ""),
        (routine(*[activity(duration_s=1800)] * 2), "steps", "1–60 minutes"),
    ],
)
def test_validation_message_names_the_field(bad: Routine, field: str, words: str) -> None:
    with pytest.raises(RoutineError) as info:
        validate_routine(bad)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field}: ")
    assert words in str(info.value)


def test_valid_routine_with_a_card_and_one_minute_passes() -> None:
    validate_routine(routine(activity(per_side=False, duration_s=60), card()))


@given(hold=st.integers(-50, 400), reps=st.integers(-3, 14), relax=st.integers(-20, 400))
def test_stretch_ranges(hold: int, reps: int, relax: int) -> None:
    r = routine(stretch(hold_s=hold, reps=reps, relax_s=relax, per_side=False))
    ok = 3 <= hold <= 300 and 1 <= reps <= 10 and 0 <= relax <= 300
    if ok:
        total = r.planned_seconds()
        ok = 60 <= total <= 3600
    if ok:
        validate_routine(r)
    else:
        with pytest.raises(RoutineError):
            validate_routine(r)


@given(duration=st.integers(-10, 2000))
def test_activity_duration_range(duration: int) -> None:
    r = routine(stretch(), activity(duration_s=duration, per_side=False))
    if 5 <= duration <= 1800:
        validate_routine(r)
    else:
        with pytest.raises(RoutineError) as info:
            validate_routine(r)
        assert info.value.field == "steps[1].duration_s"


# --------------------------------------------------------------------------- JSON shape


def test_from_dict_defaults_unknown_keys_and_missing_fields() -> None:
    raw = {
        "name": " Evening ",
        "steps": [{"id": "calf", "kind": "stretch", "name": "Calf", "instruction": "Lean."}],
        "colour": "blue",
    }
    r = routine_from_dict(raw)
    assert r.name == "Evening" and r.description == "" and not r.builtin
    assert r.steps[0] == Step("calf", "stretch", "Calf", "Lean.")
    raw["steps"][0].pop("instruction")
    with pytest.raises(RoutineError) as info:
        routine_from_dict(raw)
    assert info.value.field == "steps[0].instruction"


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ([], "routine"),
        ({"name": "x"}, "steps"),
        ({"name": "x", "steps": "calf"}, "steps"),
        ({"name": "x", "steps": [1]}, "steps[0]"),
        ({"name": 3, "steps": []}, "name"),
    ],
)
def test_from_dict_rejects_wrong_shapes(raw: object, field: str) -> None:
    with pytest.raises(RoutineError) as info:
        routine_from_dict(raw)
    assert info.value.field == field


def test_to_dict_round_trip_of_a_custom_routine() -> None:
    r = routine(
        stretch(first_side="right", limb="foot", illustration="towel-calf"),
        activity(optional=True),
        card(),
    )
    again = routine_from_dict(json.loads(json.dumps(routine_to_dict(r))))
    assert again == r
    assert replace(again, builtin=True) != r
