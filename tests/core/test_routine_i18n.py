"""Built-in routines are shown in the person's language; their ids, timings and the stored name
stay as they are, and a routine the user typed is never touched."""

from __future__ import annotations

from dataclasses import replace

from companion.core import i18n
from companion.core.routine import builtin_routines, routine_title, shown, side_label


def _is_pseudo(text: str) -> bool:
    return text.startswith(i18n.PSEUDO_OPEN) and text.endswith(i18n.PSEUDO_CLOSE)


def test_builtin_steps_are_translated_and_ids_and_timings_kept() -> None:
    for routine in builtin_routines():
        with i18n.using("pseudo"):
            seen = shown(routine)
            title = routine_title(routine)
        assert seen.name == routine.name  # the key settings and the diary store
        assert _is_pseudo(title)
        assert title == i18n.pseudo(routine.name)
        assert _is_pseudo(seen.description)
        assert len(seen.steps) == len(routine.steps)
        for before, after in zip(routine.steps, seen.steps, strict=True):
            assert after.name == i18n.pseudo(before.name)
            assert after.instruction == i18n.pseudo(before.instruction)
            assert replace(after, name=before.name, instruction=before.instruction) == before
        assert seen.planned_seconds() == routine.planned_seconds()


def test_builtin_in_english_is_unchanged() -> None:
    for routine in builtin_routines():
        assert shown(routine) == routine
        assert routine_title(routine) == routine.name


def test_custom_routine_comes_back_as_typed() -> None:
    custom = replace(builtin_routines()[0], name="Mine", description="As I typed it", builtin=False)
    with i18n.using("pseudo"):
        assert shown(custom) is custom
        assert routine_title(custom) == "Mine"


def test_side_label_is_one_translated_phrase() -> None:
    assert side_label("left", "leg") == "Left leg"
    assert side_label("right", "foot") == "Right foot"
    assert side_label(None, "leg") is None
    with i18n.using("pseudo"):
        assert side_label("right", "foot") == i18n.pseudo("Right foot")
