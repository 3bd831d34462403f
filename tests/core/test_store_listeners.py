"""The diary announces its own changes: after each commit, every listener hears which nights the
commit changed; a refused write announces nothing; a failing listener never fails a save."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core import experiment as ex
from companion.core.diary import Cramp, Night, RoutineSession, ValidationError
from companion.core.store import Store

CET = timezone(timedelta(hours=1))
N = date(2026, 11, 20)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path / "diary.sqlite3")
    yield s
    s.close()


@pytest.fixture
def heard(store: Store) -> list[frozenset[date]]:
    changes: list[frozenset[date]] = []
    store.add_listener(changes.append)
    return changes


def test_each_write_names_the_nights_it_changed(store: Store, heard: list) -> None:
    store.save_night(Night(N, sleep_quality=3))
    store.add_cramp(Cramp("calf", "left", 4, at=datetime(2026, 11, 21, 2, 10, tzinfo=CET)))
    store.record_routine_session(
        RoutineSession(
            "Evening stretch",
            datetime(2026, 11, 19, 22, 0, tzinfo=CET),
            datetime(2026, 11, 19, 22, 10, tzinfo=CET),
            completed=True,
        )
    )
    store.delete_night(N)
    assert heard == [{N}, {N}, {N - timedelta(days=1)}, {N}]
    store.merge_import([Night(N), Night(N + timedelta(days=3))], [])
    assert heard[-1] == {N, N + timedelta(days=3)}


def test_an_experiment_is_a_change_without_a_night(store: Store, heard: list) -> None:
    order = ("on", "off", "off", "on") * 3
    plan = ex.Plan(ex.ROUTINE, ex.ROUTINE_LABEL, N, 0, 6, 5, 0, order)
    store.save_experiment(plan)
    assert heard == [frozenset()]


def test_a_refused_or_empty_write_announces_nothing(store: Store, heard: list) -> None:
    with pytest.raises(ValidationError):
        store.save_night(Night(N, sleep_quality=9))
    assert store.delete_night(N) is None  # nothing was there
    assert heard == [frozenset()]  # the delete committed, but changed no night
    store.remove_listener(heard.append)
    store.save_night(Night(N, sleep_quality=3))
    assert heard == [frozenset()]


def test_a_failing_listener_never_fails_the_save(store: Store, heard: list) -> None:
    def broken(_nights: frozenset[date]) -> None:
        raise RuntimeError("a page fell over")

    store.add_listener(broken)
    store.add_listener(heard.append)
    store.save_night(Night(N, sleep_quality=3))  # no exception reaches the caller
    assert store.get_night(N) is not None
    assert heard == [{N}, {N}]  # the listeners after the broken one still heard it
