"""`stats [--from] [--to] [--json]` through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.cli import main
from companion.core import stats
from companion.core.diary import Cramp, Night
from companion.core.store import Store

TZ = timezone(timedelta(hours=1))
D = date(2026, 11, 2)
KEYS = {
    "nights_logged",
    "cramp_nights",
    "cramps_total",
    "cramps_per_night",
    "worst_severity_mean",
    "sleep_quality_mean",
    "stretched",
    "not_stretched",
    "by_area",
    "by_side",
    "by_hour",
}


def night(offset: int, *severities: int, stretched: bool | None = None, quality=None) -> Night:
    day = D + timedelta(days=offset)
    small_hours = datetime(day.year, day.month, day.day, 2, 0, tzinfo=TZ) + timedelta(days=1)
    cramps = tuple(Cramp("calf", "left", s, small_hours) for s in severities)
    return Night(day, stretched=stretched, sleep_quality=quality, cramps=cramps)


NIGHTS = [
    night(0, 4, 6, stretched=True, quality=3),
    night(1, stretched=True, quality=4),
    night(2, 8, stretched=False, quality=2),
    night(3),
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    store = Store.open(tmp_path / "diary.sqlite3")
    try:
        for n in NIGHTS:
            store.save_night(n)
    finally:
        store.close()
    return tmp_path


def run_stats(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "stats", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def test_json_is_exactly_the_documented_object(capsys, data_dir: Path) -> None:
    code, out = run_stats(capsys, data_dir, "--json")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == KEYS
    assert payload["nights_logged"] == 4
    assert payload["cramp_nights"] == 2
    assert payload["cramps_total"] == 3
    assert payload["cramps_per_night"] == pytest.approx(3 / 4)
    assert payload["worst_severity_mean"] == pytest.approx((6 + 8) / 2)
    assert payload["sleep_quality_mean"] == pytest.approx(3.0)
    assert payload["stretched"] == {"nights": 2, "cramps_per_night": 1.0}
    assert payload["not_stretched"] == {"nights": 1, "cramps_per_night": 1.0}
    assert payload["by_hour"]["2"] == 3 and set(payload["by_hour"]) == {str(h) for h in range(24)}
    assert payload["by_area"]["calf"] == 3 and payload["by_side"]["left"] == 3
    assert payload == json.loads(json.dumps(stats.summary(NIGHTS)))


def test_range_is_inclusive(capsys, data_dir: Path) -> None:
    code, out = run_stats(capsys, data_dir, "--json", "--from", "2026-11-03", "--to", "2026-11-04")
    assert code == 0
    payload = json.loads(out)
    assert payload["nights_logged"] == 2 and payload["cramps_total"] == 1


def test_empty_range_gives_nulls(capsys, data_dir: Path) -> None:
    code, out = run_stats(capsys, data_dir, "--json", "--from", "2030-01-01")
    assert code == 0
    payload = json.loads(out)
    assert payload["nights_logged"] == 0
    assert payload["cramps_per_night"] is None and payload["worst_severity_mean"] is None
    assert payload["stretched"] == {"nights": 0, "cramps_per_night": None}


def test_readable_summary(capsys, data_dir: Path) -> None:
    code, out = run_stats(capsys, data_dir)
    assert code == 0
    assert "Nights logged: 4" in out
    assert "Cramps: 3 in all, 0.8 a night on average" in out
    assert "Worst pain on cramp nights: 7.0 on average (pain 1 (mild) to 10 (worst))" in out
    assert "Most common time" not in out  # 3 timed cramps: too few to claim a pattern
    assert "too few nights" in out  # 2 stretched vs 1 not: no pattern claimed


def test_no_diary_yet_is_zero_nights_and_creates_nothing(capsys, tmp_path: Path) -> None:
    code, out = run_stats(capsys, tmp_path, "--json")
    assert code == 0
    assert json.loads(out)["nights_logged"] == 0
    assert list(tmp_path.iterdir()) == []
    code, out = run_stats(capsys, tmp_path)
    assert code == 0 and "No nights are logged" in out


def test_works_while_the_app_holds_the_diary_and_changes_nothing(capsys, data_dir: Path) -> None:
    diary = data_dir / "diary.sqlite3"
    store = Store.open(diary)  # the app is running
    try:
        before = diary.read_bytes()
        code, out = run_stats(capsys, data_dir, "--json")
        assert code == 0 and json.loads(out)["nights_logged"] == 4
        assert diary.read_bytes() == before
    finally:
        store.close()


def test_a_damaged_diary_is_exit_3_in_one_sentence(capsys, tmp_path: Path) -> None:
    diary = tmp_path / "diary.sqlite3"
    diary.write_bytes(b"this is not a database" * 100)
    code = main(["--data-dir", str(tmp_path), "stats", "--json"])
    _out, err = capsys.readouterr()
    assert code == 3
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert diary.read_bytes() == b"this is not a database" * 100


def test_real_subprocess(data_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data_dir), "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert set(json.loads(result.stdout)) == KEYS
    assert "PySide6" not in result.stderr
