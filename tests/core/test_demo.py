"""The demo diary: reproducible, refuses a diary with entries, and tells a realistic story."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from pathlib import Path

import pytest

from companion.core import exchange
from companion.core.demo import generate_demo, seed_demo
from companion.core.diary import Night, night_of
from companion.core.errors import ImportRejected
from companion.core.store import Store

TODAY = date(2026, 11, 21)
YEAR = generate_demo(nights=365, seed=4, today=TODAY)


def export_of(folder: Path, seed: int) -> str:
    store = Store.open(folder / "diary.sqlite3")
    try:
        count = seed_demo(store, nights=90, seed=seed, today=TODAY)
        assert count == len(store.nights())
        return exchange.export_store(store, "json")
    finally:
        store.close()


def test_same_seed_gives_the_same_export_and_another_seed_does_not(tmp_path: Path) -> None:
    first = export_of(tmp_path / "a", 7)
    assert export_of(tmp_path / "b", 7) == first
    assert export_of(tmp_path / "c", 8) != first


def test_refuses_a_diary_that_already_has_nights(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "diary.sqlite3")
    try:
        store.save_night(Night(date(2026, 11, 1), notes="mine"))
        with pytest.raises(ImportRejected, match="already has nights"):
            seed_demo(store, nights=30, seed=1, today=TODAY)
        assert [n.notes for n in store.nights()] == ["mine"]
    finally:
        store.close()


def test_nights_end_last_night_and_some_are_not_logged() -> None:
    days = [n.night for n in YEAR.nights]
    assert days == sorted(days) and len(set(days)) == len(days)
    assert days[-1] <= TODAY - timedelta(days=1)
    assert days[0] >= TODAY - timedelta(days=365)
    assert 0.85 * 365 < len(days) < 0.97 * 365


def test_stretched_nights_have_fewer_cramps() -> None:
    yes = [len(n.cramps) for n in YEAR.nights if n.stretched is True]
    no = [len(n.cramps) for n in YEAR.nights if n.stretched is False]
    assert len(yes) > 100 and len(no) > 30
    assert statistics.mean(yes) + 0.7 < statistics.mean(no)


def test_hard_days_and_flares_bring_more_cramps() -> None:
    def mean_with(factor: str, present: bool) -> float:
        return statistics.mean(
            len(n.cramps) for n in YEAR.nights if (factor in n.factors) == present
        )

    assert mean_with("hard_day", True) > mean_with("hard_day", False) + 0.4
    assert mean_with("flare", True) > mean_with("flare", False) + 0.6


def test_cramps_are_mostly_calf_or_foot_and_mostly_between_1_and_4_am() -> None:
    cramps = [c for n in YEAR.nights for c in n.cramps]
    leg_foot = sum(c.area in ("calf", "foot_arch", "toes") for c in cramps)
    assert leg_foot / len(cramps) > 0.75
    assert sum(c.area == "calf" for c in cramps) / len(cramps) > 0.45
    timed = [c for c in cramps if c.at is not None]
    assert sum(1 <= c.at.hour < 4 for c in timed) / len(timed) > 0.5
    untimed = [c for c in cramps if c.at is None]
    assert untimed and all(c.part_of_night for c in untimed)


def test_sleep_quality_falls_with_cramps() -> None:
    pairs = [(len(n.cramps), n.sleep_quality) for n in YEAR.nights]
    assert statistics.correlation([p[0] for p in pairs], [p[1] for p in pairs]) < -0.4


def test_red_flags_are_rare_and_sessions_match_stretched_nights() -> None:
    flagged = [n for n in YEAR.nights if n.red_flags]
    assert len(flagged) < 0.05 * len(YEAR.nights)
    completed = {s.night for s in YEAR.sessions if s.completed}
    stretched = {n.night for n in YEAR.nights if n.stretched}
    assert len(completed & stretched) > 0.8 * len(stretched)
    assert not completed & {n.night for n in YEAR.nights if n.stretched is False}
    for s in YEAR.sessions:
        assert night_of(s.started_at) == s.night
    assert any(n.notes for n in YEAR.nights) and any(n.factors for n in YEAR.nights)


def test_ten_years_give_about_ten_thousand_cramps() -> None:
    ten = generate_demo(nights=3650, seed=10, today=TODAY)
    total = sum(len(n.cramps) for n in ten.nights)
    assert 9_000 <= total <= 11_000
