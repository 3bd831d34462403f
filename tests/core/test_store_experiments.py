"""The diary keeps the personal experiment: its plan, drawn order and stop night, and each
night's ``habit_done``, with the same all-or-nothing writes as everything else."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from companion.core.diary import Night, ValidationError
from companion.core.experiment import Plan, make_plan
from companion.core.store import Store

START = date(2026, 1, 5)


def test_a_plan_is_stored_as_made_and_the_same_start_replaces_it(tmp_path: Path) -> None:
    plan = make_plan(question="warm foot soak", start=START, pairs=6, seed=3)
    with Store.open(tmp_path / "diary.sqlite3") as store:
        assert store.experiments() == []
        store.save_experiment(plan)
        assert store.experiments() == [plan]
        other = make_plan(start=START, pairs=9, seed=4)
        store.save_experiment(other)
        assert store.experiments() == [other]
        assert not store.is_empty()  # a plan alone is worth a backup
    with Store.open(tmp_path / "diary.sqlite3", read_only=True) as reader:
        assert reader.experiments() == [other]


def test_stopping_records_the_night_and_an_unknown_start_is_refused(tmp_path: Path) -> None:
    plan = make_plan(start=START, seed=3)
    with Store.open(tmp_path / "diary.sqlite3") as store:
        store.save_experiment(plan)
        store.stop_experiment(START, date(2026, 2, 2))
        assert store.experiments() == [replace(plan, stopped_on=date(2026, 2, 2))]
        with pytest.raises(ValidationError, match="no experiment started"):
            store.stop_experiment(date(2026, 1, 6), date(2026, 2, 2))


def test_habit_done_is_kept_as_true_false_or_unknown(tmp_path: Path) -> None:
    with Store.open(tmp_path / "diary.sqlite3") as store:
        for i, value in enumerate((True, False, None)):
            store.save_night(Night(night=date(2026, 1, 5 + i), habit_done=value))
        assert [n.habit_done for n in store.nights()] == [True, False, None]
        store.save_night(Night(night=date(2026, 1, 5), habit_done=False))
        assert store.get_night(date(2026, 1, 5)).habit_done is False


def test_a_bad_plan_is_refused_and_an_import_with_one_writes_nothing(tmp_path: Path) -> None:
    plan = make_plan(start=START, seed=3)
    bad = replace(plan, order=("on", "on") * plan.pairs)
    with Store.open(tmp_path / "diary.sqlite3") as store:
        with pytest.raises(ValidationError, match="Pair 1 must have one 'on' and one 'off'"):
            store.save_experiment(bad)
        with pytest.raises(ValidationError):
            store.merge_import([Night(night=START, notes="kept out")], [], [plan, bad])
        assert store.nights() == [] and store.experiments() == []


def test_the_schema_itself_refuses_a_plan_out_of_range(tmp_path: Path) -> None:
    Store.open(tmp_path / "diary.sqlite3").close()
    conn = sqlite3.connect(tmp_path / "diary.sqlite3")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO experiments VALUES ('2026-01-05', 'routine', 'x', 0, 3, 7, 2, "
                "'on,off,on,off,on,off', NULL)"
            )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(
                "INSERT INTO experiments VALUES ('2026-01-05', 'routine', 'x', 0, 6, 5, 3, "
                "'on,off,on,off,on,off,on,off,on,off,on,off', NULL)"
            )
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO nights (night, habit_done) VALUES ('2026-01-05', 2)")
    finally:
        conn.close()


def test_an_import_replaces_the_plan_with_the_same_start_only(tmp_path: Path) -> None:
    first = make_plan(start=START, seed=1)
    later = make_plan(start=date(2026, 9, 1), seed=2)
    with Store.open(tmp_path / "diary.sqlite3") as store:
        store.save_experiment(first)
        store.save_experiment(later)
        newer: Plan = replace(first, stopped_on=date(2026, 2, 1))
        store.merge_import([], [], [newer])
        assert store.experiments() == [newer, later]
