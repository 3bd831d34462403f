"""The doctor report's content without Qt: the figures, rows and sentences a clinician reads.

``companion.core.report_model`` decides all of it; ``tests/ui/test_report.py`` reads the same
words back out of the painted PDF. These fixtures' figures were worked out by hand there.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from companion.core import report_model as rm
from companion.core import stats
from companion.core.diary import Cramp, Night, RoutineSession

CET = timezone(timedelta(hours=1))
SECRET = "SECRET-NOTE-TEXT"


def at(day: int, hh: int, mm: int = 0) -> datetime:
    """A local time in March 2026 (+01:00)."""
    return datetime(2026, 3, day, hh, mm, tzinfo=CET)


def fixture_nights() -> list[Night]:
    """Five nights whose figures were worked out by hand (see the test below)."""
    return [
        Night(
            date(2026, 3, 1),
            sleep_quality=4,
            stretched=True,
            cramps=(Cramp("calf", "left", 6, at=at(2, 2, 10), duration_min=3),),
        ),
        Night(
            date(2026, 3, 2),
            sleep_quality=2,
            stretched=False,
            red_flags=("numbness",),
            notes="Woke twice,   calf knot.",
            cramps=(
                Cramp("calf", "right", 8, at=at(3, 3, 30)),
                Cramp("foot_arch", "both", 4, at=at(3, 3, 50)),
            ),
        ),
        Night(date(2026, 3, 3), sleep_quality=5, stretched=True),
        Night(
            date(2026, 3, 4),
            sleep_quality=3,
            stretched=False,
            red_flags=("swelling", "long_cramp"),
            notes=f"{SECRET} walked it off",
            cramps=(Cramp("toes", "left", 5, part_of_night="late"),),
        ),
        Night(date(2026, 3, 5), cramps=(Cramp("calf", "left", 3, at=at(5, 23, 15)),)),
    ]


def fixture_sessions() -> list[RoutineSession]:
    return [
        RoutineSession("Standard wind-down", at(1, 22, 0), at(1, 22, 12), True),
        # on a night with no record (6 Mar) and an unfinished one: neither counts
        RoutineSession("Standard wind-down", at(6, 22, 0), at(6, 22, 12), True),
        RoutineSession("Standard wind-down", at(2, 22, 0), at(2, 22, 3), False),
    ]


def test_trim_note_collapses_space_and_cuts_at_a_word() -> None:
    assert rm.trim_note("  a\n\n b  ") == "a b"
    long = "word " * 100
    trimmed = rm.trim_note(long, 50)
    assert len(trimmed) <= 51 and trimmed.endswith("…") and "wor…" not in trimmed


def test_time_of_night_sentences_are_plain_english_and_claim_no_pattern_from_few() -> None:
    """Issue 11: "between 22:00 to 07:00", "most often ... (1 of 2 with a time)"."""
    few = rm.collect_figures(fixture_nights(), [], None, None)  # 4 cramps with a time
    text = rm.hour_text(few)
    assert "most often" not in text and "too few" in text and " to 0" not in text
    night = date(2026, 3, 10)
    many = [
        *fixture_nights(),
        Night(night, cramps=tuple(Cramp("calf", "left", 4, at=at(11, 2, m)) for m in (1, 2, 3))),
    ]
    text = rm.hour_text(rm.collect_figures(many, [], None, None))
    assert "Cramps came most often between 02:00 and 03:00 (4 of 7 with a time)." in text
    assert "% fell between 22:00 and 07:00." in text


def test_one_night_one_cramp_reads_in_the_singular() -> None:
    """Issue 11: one plural helper everywhere ("1 nights", "on all 1 night")."""
    one = [Night(date(2026, 3, 1), stretched=True, cramps=(Cramp("calf", "left", 6),))]
    figures = rm.collect_figures(one, [], date(2026, 3, 1), date(2026, 3, 1))
    text = " ".join(f"{k} {v}" for k, v in [*rm.key_rows(figures), *rm.stretch_rows(figures)])
    assert "1 of 1 night in the period" in text and "(1 cramp in all)" in text
    for wrong in ("1 nights", "1 cramps", "all 1 "):
        assert wrong not in text
    words = rm.stretch_sentence(figures)
    assert "all 1 night" not in words


def hand_figures() -> rm.ReportFigures:
    return rm.collect_figures(
        fixture_nights(), fixture_sessions(), date(2026, 3, 1), date(2026, 3, 7)
    )


def test_the_rows_hold_the_hand_computed_figures() -> None:
    """The same figures tests/ui reads from the PDF, straight from the model."""
    f = hand_figures()
    assert rm.period_line(f) == "Period: 1 Mar 2026 to 7 Mar 2026 (7 nights)"
    rows = dict(rm.key_rows(f))
    assert rows["Nights logged"] == "5 of 7 nights in the period"
    assert rows["Nights with cramps"] == "4 (80% of logged nights)"
    assert rows["Cramps per night"] == "1.0 on average (5 cramps in all)"
    assert (
        rows["Worst severity"].startswith("5.5 on average")
        and "highest 8" in rows["Worst severity"]
    )
    stretch = dict(rm.stretch_rows(f))
    assert stretch["Stretched before bed"] == (
        "2 nights: 0.5 cramps per night (the app's guided routine was completed on 1 night)"
    )
    assert stretch["Did not stretch"] == "2 nights: 1.5 cramps per night"
    assert stretch["Not recorded"] == "1 night (left out of both groups)"
    assert rm.red_flag_lines(f) == [
        "A cramp over 10 minutes that did not ease (1 night): 4 Mar 2026",
        "Calf swelling, redness or warmth (1 night): 4 Mar 2026",
        "Numbness (1 night): 2 Mar 2026",
    ]
    areas = dict(rm.area_rows(f))
    assert areas["Calf"] == "3 (60%): left 2, right 1"
    assert areas["All areas by side"] == "Left 3, Right 1, Both 1"
    assert rm.sleep_text(f) == (
        "Very poor: 0  ·  Poor: 1  ·  Fair: 1  ·  Good: 1  ·  Very good: 1  ·  Not rated: 1"
    )
    assert rm.page_count(f) == 2
    assert rm.page_count(rm.collect_figures([], [], None, None)) == 1


def _old_replacement(sentence: str) -> str:
    """How the report used to turn the app's sentence about "you" into one about the patient."""
    for yours, theirs in (
        ("You stretched", "The patient stretched"),
        ("you stretched", "the patient stretched"),
        ("you did not stretch", "the patient did not stretch"),
        ("you averaged", "they averaged"),
        ("as you log more", "as more nights are logged"),
    ):
        sentence = sentence.replace(yours, theirs)
    if stats.PATTERN_NOT_PROOF not in sentence:
        sentence += " " + rm.NOT_PROOF_ANYWAY
    return sentence


@pytest.mark.parametrize(
    ("yes", "no"),
    [(0, 0), (3, 0), (0, 3), (2, 2), (12, 12), (30, 4), (4, 30)],
)
def test_the_stretch_sentence_is_written_about_the_patient(yes: int, no: int) -> None:
    """Written in the third person (not replaced), and word for word what the PDF said before."""
    nights = [
        Night(
            date(2026, 1, 1) + timedelta(days=i),
            stretched=i < yes,
            cramps=(Cramp("calf", "left", 4),) * (i % 3),
        )
        for i in range(yes + no)
    ]
    f = rm.collect_figures(nights, [], None, None)
    sentence = rm.stretch_sentence(f)
    assert " you " not in f" {sentence} ".lower() and "You " not in sentence
    assert sentence == _old_replacement(stats.plain_comparison(f.trends.stretch))
    assert "proof" in sentence
