"""The report's pages in every language the app has: no two words painted over each other (the
long German title once ran under the "Name: ____" line at the top right of the first page), and
nothing outside the page. Read back with pdftotext -bbox, as a doctor's PDF reader would lay
the words out."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from companion.core import i18n
from tests.ui.test_report_language import full_pdf

Box = tuple[float, float, float, float, str]  # xMin, yMin, xMax, yMax, word


def page_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[float, float, list[Box]]]:
    """(width, height, word boxes) of each page, in points."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        words = re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<',
            m.group(3),
        )
        boxes = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in words]
        pages.append((float(m.group(1)), float(m.group(2)), boxes))
    return pages


def overlaps(boxes: list[Box], slack: float = 0.5) -> list[str]:
    """Pairs of words whose boxes share more than ``slack`` points each way (a line's words
    touch at most; a word drawn over another shares a real area)."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = min(a[2], b[2]) - max(a[0], b[0])
            dy = min(a[3], b[3]) - max(a[1], b[1])
            if dx > slack and dy > slack:
                found.append(f"{a[4]!r} and {b[4]!r} overlap by {dx:.1f}x{dy:.1f} pt")
    return found


def test_the_detector_sees_two_words_painted_over_each_other() -> None:
    title = (10.0, 10.0, 300.0, 30.0, "Zusammenfassung")
    name = (280.0, 12.0, 320.0, 24.0, "Name:")
    beside = (300.5, 10.0, 340.0, 30.0, "des")
    assert overlaps([title, name]) and not overlaps([title, beside])


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_no_two_words_of_the_report_overlap(qapp, tmp_path: Path, language: str) -> None:
    pages = page_boxes(full_pdf(language), tmp_path)
    assert len(pages) == 3  # key figures, charts and notes, the experiment
    faults = []
    for n, (width, height, boxes) in enumerate(pages, start=1):
        assert boxes, f"page {n} has no text"
        faults += [f"page {n}: {fault}" for fault in overlaps(boxes)]
        faults += [
            f"page {n}: {w!r} outside the page"
            for x0, y0, x1, y1, w in boxes
            if x0 < 0 or y0 < 0 or x1 > width or y1 > height
        ]
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_the_name_line_stays_whole_and_the_title_keeps_every_word(
    qapp, tmp_path: Path, language: str
) -> None:
    with i18n.using(language):
        from companion.core import report_model as rm

        title = i18n._(rm.REPORT_TITLE).split()
    width, _height, boxes = page_boxes(full_pdf(language), tmp_path)[0]
    words = [w for *_xy, w in boxes]
    assert words[: len(title)] == title or all(w in words for w in title)
    underline = [b for b in boxes if set(b[4]) == {"_"}]
    assert underline and underline[0][2] - underline[0][0] > 60  # the whole line to write on


@pytest.mark.parametrize("language", sorted(i18n.LANGUAGES))
def test_every_word_in_the_charts_fits_the_room_it_is_drawn_in(
    qapp, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """The charts are pictures (pdftotext cannot see into them): every text drawn in one must
    fit its rectangle, or the painter cuts it (Spanish "Con estiramiento" once lost its start
    at the left of the stretch marks)."""
    from companion.ui import report

    drawn: list[tuple[float, float, str]] = []
    paint = report._Chart.text

    def measured(chart: report._Chart, rect, text: str, size: float = 7.5, *args, **kw) -> None:
        drawn.append((chart.text_width(text, size), rect.width(), text))
        paint(chart, rect, text, size, *args, **kw)

    monkeypatch.setattr(report._Chart, "text", measured)
    full_pdf(language)
    assert len(drawn) > 20
    cut = [
        f"{text!r} needs {need:.0f} px in {room:.0f}"
        for need, room, text in drawn
        if need > room + 1
    ]
    assert cut == [], "\n".join(cut)
