"""The one set of wording helpers: step lengths, plurals, times and dates read the same everywhere."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone

import pytest

from companion.core import wording
from companion.core.diary import Cramp
from companion.core.i18n import counted
from companion.core.routine import (
    Routine,
    RoutineLibrary,
    Step,
    builtin_routines,
    description_without_length,
)


def stretch(**kw: object) -> Step:
    base = dict(id="calf", kind="stretch", name="Calf stretch", instruction="Lean in.")
    base.update(kw)
    return Step(**base)  # type: ignore[arg-type]


def activity(**kw: object) -> Step:
    base = dict(id="roll", kind="activity", name="Foot arch roll", instruction="Roll.")
    base.update(kw)
    return Step(**base)  # type: ignore[arg-type]


def test_a_12_second_step_shows_12_seconds_not_10() -> None:
    assert wording.step_length(activity(duration_s=12, per_side=False)) == "12 s"
    assert wording.step_length(stretch(hold_s=12, reps=1, per_side=False)) == "12 s"


def test_a_26_second_per_side_stretch_shows_its_side_and_its_total() -> None:
    step = stretch(hold_s=8, relax_s=1, reps=3)  # 8 + 1 + 8 + 1 + 8 = 26 s a side
    assert wording.step_length(step) == "26 s each side (52 s in all)"


def test_foot_arch_roll_is_60_seconds_per_side() -> None:
    roll = next(s for s in builtin_routines()[0].steps if s.name == "Foot arch roll")
    assert wording.step_length(roll) == "1 min each side (2 min in all)"


def test_a_card_has_no_timer() -> None:
    card = Step(id="card", kind="card", name="Sleep position", instruction="Pillow.")
    assert wording.step_length(card) == "read, no timer"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 s"),
        (12, "12 s"),
        (59.6, "1 min"),
        (125, "2 min 5 s"),
        (300, "5 min"),
        (3900, "1 h 5 min"),
    ],
)
def test_seconds_words(seconds: float, words: str) -> None:
    assert wording.seconds_words(seconds) == words


def test_about_one_minute_is_singular() -> None:
    assert wording.about_minutes(60) == "about 1 minute"
    assert wording.about_minutes(10) == "about 1 minute"  # never "about 0 minutes"
    assert wording.about_minutes(11 * 60 + 10) == "about 11 minutes"


def test_counted_is_the_one_plural_helper_for_every_noun() -> None:
    assert counted(1, "{n} night", "{n} nights") == "1 night"
    assert counted(3, "{n} night", "{n} nights") == "3 nights"
    assert counted(1204, "{n} cramp", "{n} cramps") == "1,204 cramps"
    assert counted(0, "{n} cramp", "{n} cramps") == "0 cramps"
    assert counted(2, "{n} foot", "{n} feet") == "2 feet"


def test_routine_length_is_derived_from_the_steps() -> None:
    standard = builtin_routines()[0]
    assert wording.routine_length(standard) == "About 10 minutes, 15 with the optional step"
    short = Routine("Quick", "", (activity(duration_s=60, per_side=False),))
    assert wording.routine_length(short) == "About 1 minute"


def test_a_copied_routine_does_not_keep_the_built_ins_stated_length(tmp_path) -> None:
    library = RoutineLibrary(tmp_path / "routines.json")
    standard = library.builtins()[0]
    old = replace(
        standard, description=standard.description + " About 10 minutes, 15 with the warm-up."
    )
    assert "About 10 minutes" not in description_without_length(old.description)
    library._builtins[0] = old  # as the built-in read before lengths were derived
    copy = library.duplicate(standard.name, "Mine")
    assert "minutes" not in copy.description and copy.description.startswith("The full routine")
    shorter = replace(copy, steps=copy.steps[:3])
    assert wording.routine_length(shorter).startswith("About 2 minutes")


def test_no_built_in_description_states_a_length() -> None:
    for routine in builtin_routines():
        assert "minute" not in routine.description, routine.name


def test_times_are_24_hour_and_dates_english() -> None:
    zone = timezone(timedelta(hours=1))
    assert wording.clock(datetime(2026, 11, 21, 5, 30, tzinfo=zone)) == "05:30"
    assert wording.clock(time(22, 0)) == "22:00"
    assert wording.hour_span(22, 7) == "between 22:00 and 07:00"
    assert wording.date_words(date(2026, 11, 3)) == "3 Nov 2026"
    assert wording.date_words(date(2026, 11, 3), weekday=True) == "Tue 3 Nov 2026"
    assert wording.night_title(date(2026, 11, 20)) == "Friday 20 November"
    assert wording.date_range(date(2026, 9, 1), date(2026, 11, 30)) == "1 Sep 2026 to 30 Nov 2026"
    assert wording.date_range(None, None) == "all nights"
    assert wording.date_words(date(2026, 12, 15), weekday=True, year=False) == "Tue 15 Dec"
    assert wording.long_date(date(2026, 11, 21)) == "Saturday 21 November 2026"


def test_cramp_counts_and_places_read_the_same_on_every_screen() -> None:
    assert counted(1, "{n} cramp", "{n} cramps") == "1 cramp"
    assert counted(3, "{n} cramp", "{n} cramps") == "3 cramps"
    assert counted(3.0, "{n} cramp", "{n} cramps") == "3 cramps"
    assert counted(1.5, "{n} cramp", "{n} cramps") == "1.5 cramps"
    assert wording.place_words("calf", "both") == "Both legs, calf"
    assert wording.place_words("foot", None) == "Foot or toes, leg not said"


def test_no_second_plural_or_date_helper_in_the_package() -> None:
    """One formatter per kind of text (STYLE.md): ``i18n.counted`` is THE plural helper and
    core/wording.py holds the date and place words. A local plural or date-to-words helper, a
    direct ngettext call or a hand-made 's' plural anywhere else is a second one."""
    import re
    from pathlib import Path

    root = Path(wording.__file__).resolve().parents[1]
    plural_def = re.compile(
        r"def _?(\w*plural\w*|word_for|per_night|all_of|cramp_count|counted)\b|\b(n|np)gettext\("
    )
    date_def = re.compile(
        r"def _?(\w*day_words|date_words|date_range\w*|night_title|place_words|long_date"
        r"|month_name|weekday_name|month_year)\b"
    )
    hand_plural = re.compile(r"\{'[\w ]*' if [^}]*[=!<>]=? ?1 else '[\w ]*'\}")
    # argparse_words.py hands argparse's own %-style ngettext messages to the catalog.
    plural_home = ("i18n.py", "argparse_words.py")
    found = [
        f"{path.relative_to(root)}:{i}"
        for path in root.rglob("*.py")
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if (plural_def.search(line) and path.name not in plural_home)
        or (date_def.search(line) and path.name != "wording.py")
        or hand_plural.search(line)
    ]
    assert found == []


def test_the_cramp_summary_says_5_30_in_24_hour_time() -> None:
    zone = timezone(timedelta(hours=1))
    cramp = Cramp("calf", "left", 7, at=datetime(2026, 11, 21, 5, 30, tzinfo=zone), duration_min=3)
    assert wording.cramp_summary(cramp) == "Left calf, 7/10, at 05:30, 3 min"
