"""`bedtime-companion report`: a real process, a real diary, exit codes and the PDF it leaves."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.diary import Cramp, Night
from companion.core.store import Store

CET = timezone(timedelta(hours=1))


def run_report(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run with no display and no QT_QPA_PLATFORM: the command must pick offscreen itself."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    cmd = [sys.executable, "-m", "companion", "--data-dir", str(data_dir), "report", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)


@pytest.fixture
def diary(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    store = Store.open(data / "diary.sqlite3", backups_dir=data / "backups")
    for i, count in enumerate((2, 0, 1)):
        day = date(2026, 4, 10) + timedelta(days=i)
        moment = datetime(day.year, day.month, day.day, 23, 30, tzinfo=CET)
        store.save_night(
            Night(
                day,
                stretched=count == 0,
                notes="CLI-NOTE" if i == 2 else "",
                red_flags=("weakness",) if i == 0 else (),
                cramps=tuple(Cramp("calf", "left", 5 + j, at=moment) for j in range(count)),
            )
        )
    store.close()
    return data


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


def test_report_writes_a_pdf_and_says_where(diary: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    result = run_report(diary, "--all", "--out", str(out), "--notes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Report saved to {out}."
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) == 2
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]
    text = pdf_text(out)
    assert "Period: 10 Apr 2026 to 12 Apr 2026 (3 nights)" in text
    assert "Cramps per night 1.0 on average (3 cramps in all)" in text
    assert "Muscle weakness (1 night): 10 Apr 2026" in text
    assert "CLI-NOTE" in text


def test_notes_stay_out_unless_asked_and_the_range_is_honoured(diary: Path, tmp_path) -> None:
    out = tmp_path / "r.pdf"
    result = run_report(diary, "--from", "2026-04-11", "--to", "2026-04-12", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "CLI-NOTE" not in text
    assert "Nights logged 2 of 2 nights" in text


def test_an_empty_range_gives_a_one_page_report(diary: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty.pdf"
    result = run_report(diary, "--from", "2020-01-01", "--to", "2020-01-31", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert len(re.findall(rb"/Type\s*/Page\b", out.read_bytes())) == 1
    assert "No nights were logged in this period." in pdf_text(out)


@pytest.mark.parametrize(
    ("target", "code", "words"),
    [("report.txt", 2, "must end in .pdf"), ("no/such/folder/r.pdf", 1, "does not exist")],
)
def test_a_bad_out_is_one_sentence_and_writes_nothing(diary, tmp_path, target, code, words) -> None:
    out = tmp_path / target
    result = run_report(diary, "--out", str(out))
    assert result.returncode == code
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_damaged_diary_is_exit_3_and_left_alone(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "diary.sqlite3").write_bytes(b"this is not a database" * 100)
    out = tmp_path / "r.pdf"
    result = run_report(data, "--out", str(out))
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert (data / "diary.sqlite3").read_bytes() == b"this is not a database" * 100
    assert not out.exists()


def test_without_dates_it_covers_the_apps_default_the_last_3_months(tmp_path: Path) -> None:
    """Issue 11: the app's report covered 3 months, the CLI's every night; now both say 3 months."""
    from argparse import Namespace

    from companion.cli import build_parser
    from companion.commands import CommandError
    from companion.commands.report import report_period
    from companion.core.clock import FakeClock

    clock = FakeClock(datetime(2026, 12, 1, 9, 0, tzinfo=CET))
    none = Namespace(date_from=None, date_to=None, all=False)
    assert report_period(none, clock) == (date(2026, 8, 31), date(2026, 11, 30))
    assert report_period(Namespace(date_from=None, date_to=None, all=True), clock) == (None, None)
    given = Namespace(date_from=date(2026, 1, 1), date_to=None, all=False)
    assert report_period(given, clock) == (date(2026, 1, 1), None)
    with pytest.raises(CommandError):
        report_period(Namespace(date_from=date(2026, 1, 1), date_to=None, all=True), clock)
    report_help = build_parser()._subparsers._group_actions[0].choices["report"].format_help()
    assert "the last 3 months" in " ".join(report_help.split()) and "--all" in report_help


def test_an_old_diary_without_dates_is_an_empty_recent_report(diary: Path, tmp_path: Path) -> None:
    out = tmp_path / "recent.pdf"
    result = run_report(diary, "--out", str(out))  # the nights are from April 2026
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "No nights were logged in this period." in text and "Period:" in text
