"""Issue 10, report faults: very long periods, a failure mid-paint, bidi controls in notes and
words wider than the page, each through the real `report` command and read back with pdftotext."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.core.diary import Cramp, Night
from companion.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
CET = timezone(timedelta(hours=1))


def cli(data_dir: Path, *args: str, prelude: str = "") -> subprocess.CompletedProcess[str]:
    """The real entry point in a fresh process (a segfault shows as -11, not a dead pytest).
    ``prelude`` is Python run before it, to plant a fault."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    env["PYTHONPATH"] = str(ROOT)
    argv = ["--data-dir", str(data_dir), "report", *args]
    code = f"{prelude}\nimport sys\nfrom companion.cli import main\nsys.exit(main({argv!r}))\n"
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, env=env
    )


def pdf_text(path: Path, *, bbox: bool = False) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    cmd = ["pdftotext", *(["-bbox"] if bbox else []), str(path), "-"]
    return subprocess.run(cmd, capture_output=True, check=True).stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


def make_diary(data: Path, nights: list[Night]) -> Path:
    store = Store.open(data / "diary.sqlite3", backups_dir=data / "backups")
    try:
        for night in nights:
            store.save_night(night)
    finally:
        store.close()
    return data


def cramp_night(day: date, notes: str = "") -> Night:
    moment = datetime(day.year, day.month, day.day, 23, 30, tzinfo=CET)
    return Night(day, stretched=True, notes=notes, cramps=(Cramp("calf", "left", 6, at=moment),))


def assert_one_sentence(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "QPaintDevice" not in result.stderr and "QPainter" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


# fault 5: periods longer than 60 years segfaulted; a failure mid-paint crashed Qt -------------


def test_fault05_a_report_from_1960_to_today_is_made(tmp_path: Path) -> None:
    data = make_diary(
        tmp_path / "data", [cramp_night(date(2026, 4, 10) + timedelta(i)) for i in range(3)]
    )
    out = tmp_path / "since-1960.pdf"
    today = date.today()
    result = cli(data, "--from", "1960-01-01", "--to", today.isoformat(), "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(out))
    assert f"Period: 1 Jan 1960 to {today.day} " in text
    assert "Nights logged 3 of " in text


def test_fault05_one_night_logged_while_the_clock_said_2099(tmp_path: Path) -> None:
    nights = [cramp_night(date(2026, 4, 10)), cramp_night(date(2026, 4, 11))]
    data = make_diary(tmp_path / "data", [*nights, cramp_night(date(2099, 6, 1))])
    out = tmp_path / "with-2099.pdf"
    result = cli(data, "--all", "--out", str(out))  # every night, not the last 3 months
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(out))
    assert "Period: 10 Apr 2026 to 1 Jun 2099" in text
    assert "Nights logged 3 of " in text


@pytest.mark.parametrize(
    "planted",
    [
        "_cramp_legend",  # inside a chart: its own QPainter on a QImage is active
        "_date_ticks",  # inside a chart, via the tick code that raised StopIteration
        "rm.hour_text",  # on the page: the PDF painter is active
    ],
)
def test_fault05_an_exception_mid_paint_is_a_clean_error_not_a_crash(
    tmp_path: Path, planted: str
) -> None:
    data = make_diary(tmp_path / "data", [cramp_night(date(2026, 4, 10))])
    out = tmp_path / "r.pdf"
    prelude = (
        "import companion.ui.report as report\n"
        "def planted(*args, **kwargs):\n"
        "    raise RuntimeError('planted while painting')\n"
        f"report.{planted} = planted\n"
    )
    result = cli(data, "--all", "--out", str(out), prelude=prelude)
    assert result.returncode == 4, (result.returncode, result.stderr)
    assert_one_sentence(result)
    assert not out.exists()


def test_fault05_date_ticks_fit_any_period() -> None:
    from companion.core.report_model import MAX_DATE_TICKS, month_ticks

    start = date(2026, 1, 17)
    for days in (46, 400, 3 * 366, 22_000, 25_000, 60_000, 365_000, 2_900_000):
        end = start + timedelta(days=days)
        ticks = month_ticks(start, end)
        assert 1 <= len(ticks) <= MAX_DATE_TICKS, (days, len(ticks))
        assert all(start <= t <= end and t.day == 1 for t in ticks)
        assert ticks == sorted(set(ticks))
    everything = month_ticks(date.min, date.max)
    assert 1 <= len(everything) <= MAX_DATE_TICKS


# fault 16: a word wider than the line ran off the page ----------------------------------------

LONG_WORD = "".join(chr(ord("a") + i % 26) for i in range(10_000))


def word_boxes(path: Path) -> tuple[float, list[tuple[float, float, str]]]:
    """(page width, [(xMin, xMax, word)]) from pdftotext -bbox, in points."""
    import re

    html = pdf_text(path, bbox=True)
    page_w = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = re.findall(
        r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', html
    )
    return page_w, [(float(a), float(b), w) for a, b, w in words]


def test_fault16_a_10000_letter_note_wraps_inside_the_page(tmp_path: Path) -> None:
    from companion.core.report_model import trim_note

    data = make_diary(
        tmp_path / "data",
        [cramp_night(date(2026, 4, 10), notes=LONG_WORD), cramp_night(date(2026, 4, 11))],
    )
    out = tmp_path / "long.pdf"
    result = cli(data, "--all", "--notes", "--out", str(out))
    assert result.returncode == 0, result.stderr
    kept = trim_note(LONG_WORD).rstrip("…")  # the report shortens notes; all of that is shown
    assert len(kept) > 250
    assert kept in "".join(pdf_text(out).split())
    page_w, boxes = word_boxes(out)
    pieces = [(x0, x1) for x0, x1, w in boxes if w and w in LONG_WORD and len(w) > 20]
    assert len(pieces) >= 3  # broken across several lines
    assert all(0 <= x0 and x1 <= page_w for x0, x1, _ in boxes), "text painted outside the page"


def test_fault16_every_line_of_a_long_word_fits_the_width_and_keeps_every_letter(qapp) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPainter, QPdfWriter

    from companion.ui.report import _Canvas, page_layout_for

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageLayout(page_layout_for())
    painter = QPainter(writer)
    try:
        canvas = _Canvas(painter, writer, 1)
        for width in (canvas.width, canvas.width * 0.3):
            layout, height = canvas.layout(LONG_WORD, 9, width)
            lines = [layout.lineAt(i) for i in range(layout.lineCount())]
            assert len(lines) > 10
            assert sum(line.textLength() for line in lines) == len(LONG_WORD)
            assert max(line.naturalTextWidth() for line in lines) <= width
            assert height == pytest.approx(sum(line.height() for line in lines))
            assert canvas.measure(LONG_WORD, 9, width) == pytest.approx(height)
        # ordinary words still break between words, never inside one
        layout, _ = canvas.layout("night " * 200, 9, canvas.width * 0.3)
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            text = ("night " * 200)[line.textStart() : line.textStart() + line.textLength()]
            assert text.strip() and set(text.split()) == {"night"}
    finally:
        painter.end()
        del writer
        buffer.close()


# fault 15: bidi controls in notes and labels were applied in the PDF --------------------------


def test_fault15_bidi_controls_in_notes_and_factor_labels_are_not_applied(tmp_path: Path) -> None:
    trick = "abc\u202egnp.exe"
    label = "tea\u202eeltit"
    nights = [
        Night(
            date(2026, 4, 10) + timedelta(i),
            stretched=True,
            notes=f"{trick} night {i}" if i == 0 else "",
            factors=(label,) if i % 2 else (),
            cramps=(Cramp("calf", "left", 5, at=datetime(2026, 4, 10 + i, 23, 0, tzinfo=CET)),),
        )
        for i in range(8)
    ]
    data = make_diary(tmp_path / "data", nights)
    out = tmp_path / "bidi.pdf"
    result = cli(data, "--all", "--notes", "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert not BIDI & set(text)
    words = flat(text)
    assert "abcgnp.exe night 0" in words  # in the order typed: abc, then gnp.exe
    assert "exe.png" not in words and "exe.pngcba" not in words
    assert "teaeltit" in words  # the factor comparison's label, also in typed order
    assert "titleaet" not in words


BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
