"""The doctor report: the PDF's own text holds the right figures, on the right paper, in 1-2 pages.

Text is read back with poppler's ``pdftotext`` (CI installs poppler-utils); page count and paper
size are read from the PDF bytes themselves, so those checks need no system package.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QLocale, QUrl
from PySide6.QtGui import QDesktopServices, QPageSize
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDateEdit,
    QDialog,
    QMessageBox,
    QPushButton,
    QRadioButton,
)

from companion.core import periods
from companion.core import report_model as rm
from companion.core.diary import Cramp, Night
from companion.core.store import Store
from companion.ui import report
from companion.ui.context import AppContext
from tests.core.test_report_model import CET, SECRET, fixture_nights, fixture_sessions
from tests.ui.helpers import by_name


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def media_boxes(pdf: bytes) -> set[tuple[int, int]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return {(round(float(w)), round(float(h))) for w, h in boxes}


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """All the PDF's text with runs of whitespace made single spaces (line wraps vanish)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "text-check.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=30
    ).stdout.decode("utf-8")
    return " ".join(out.split())


def make_pdf(notes: bool = False, start: date | None = None, end: date | None = None, **kw):
    return report.report_pdf_bytes(
        rm.collect_figures(fixture_nights(), fixture_sessions(), start, end),
        notes,
        locale=kw.pop("locale", QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)),
        generated=date(2026, 3, 6),
        **kw,
    )


# -- the figures ---------------------------------------------------------------------------------
def test_report_text_holds_the_hand_computed_figures(qapp, tmp_path: Path) -> None:
    pdf = make_pdf(start=date(2026, 3, 1), end=date(2026, 3, 7))
    assert pages(pdf) == 2
    text = pdf_text(pdf, tmp_path)
    assert "Period: 1 Mar 2026 to 7 Mar 2026 (7 nights)" in text
    assert "Nights logged 5 of 7 nights in the period" in text
    assert "Nights with cramps 4 (80% of logged nights)" in text
    assert "Cramps per night 1.0 on average (5 cramps in all)" in text
    # nightly worst 6, 8, 5, 3 -> mean 5.5; highest 8
    assert "Worst severity 5.5 on average" in text and "highest 8" in text
    # one pain scale, as the app asks it (issue 11: the report said 0 to 10)
    assert "pain 1 (mild) to 10 (worst)" in text and "0 to 10" not in text
    assert "Sleep quality mean 3.5" in text and "over 4 rated nights" in text
    # stretched nights 1 Mar (1 cramp) and 3 Mar (0): 0.5; not: 2 Mar (2) and 4 Mar (1): 1.5
    assert "Stretched before bed 2 nights: 0.5 cramps per night" in text
    assert "guided routine was completed on 1 night" in text
    assert "Did not stretch 2 nights: 1.5 cramps per night" in text
    assert "Not recorded 1 night" in text
    # 2 against 2 nights: stats says it is too few to see a pattern; the report adds "not proof"
    assert "too few nights to see a pattern" in text and rm.NOT_PROOF_ANYWAY in text
    assert "you stretched" not in text  # the clinician reads about the patient
    # red flags with their dates, in words
    assert "Numbness (1 night): 2 Mar 2026" in text
    assert "Calf swelling, redness or warmth (1 night): 4 Mar 2026" in text
    assert "A cramp over 10 minutes that did not ease (1 night): 4 Mar 2026" in text
    # page 2: areas, sides, hours, sleep
    assert "Calf 3 (60%): left 2, right 1" in text
    assert "Foot arch 1 (20%): both 1" in text
    assert "All areas by side Left 3, Right 1, Both 1" in text
    assert "1 cramp had no time (towards morning 1)" in text
    assert "Very poor: 0 · Poor: 1 · Fair: 1 · Good: 1 · Very good: 1 · Not rated: 1" in text
    # the not-a-diagnosis line, on every page
    assert text.count("self-reported by the patient") == 2
    assert text.count("it does not diagnose") == 2
    assert "Page 1 of 2" in text and "Page 2 of 2" in text


def test_notes_only_when_chosen_dated_and_trimmed(qapp, tmp_path: Path) -> None:
    without = pdf_text(make_pdf(notes=False), tmp_path)
    assert SECRET not in without and "calf knot" not in without
    with_notes = pdf_text(make_pdf(notes=True), tmp_path)
    assert f"Wed 4 Mar 2026 {SECRET} walked it off" in with_notes
    assert "Mon 2 Mar 2026 Woke twice, calf knot." in with_notes


def test_open_period_runs_from_first_to_last_logged_night(qapp, tmp_path: Path) -> None:
    text = pdf_text(make_pdf(), tmp_path)
    assert "Period: 1 Mar 2026 to 5 Mar 2026 (5 nights)" in text
    assert "Nights logged 5 of 5 nights" in text


def test_empty_period_is_one_valid_page_saying_so(qapp, tmp_path: Path) -> None:
    pdf = make_pdf(start=date(2025, 1, 1), end=date(2025, 1, 31))
    assert pdf.startswith(b"%PDF") and pages(pdf) == 1
    text = pdf_text(pdf, tmp_path)
    assert rm.EMPTY_LINE in text
    assert "Period: 1 Jan 2025 to 31 Jan 2025 (31 nights)" in text
    assert "it does not diagnose" in text and "Page 1 of 1" in text


def test_many_long_notes_keep_two_pages_and_the_latest_notes(qapp, tmp_path: Path) -> None:
    start = date(2026, 1, 1)
    nights = [
        Night(start + timedelta(days=i), sleep_quality=3, notes=f"Note {i:02d}. " + "word " * 120)
        for i in range(40)
    ]
    pdf = report.report_pdf_bytes(
        rm.collect_figures(nights, [], None, None), True, generated=date(2026, 2, 10)
    )
    assert pages(pdf) == 2
    text = pdf_text(pdf, tmp_path)
    assert "Note 39." in text and "Note 00." not in text
    assert "earlier notes in this period did not fit" in text
    assert "…" in text  # each note is trimmed


def test_a_long_period_draws_weekly_bars(qapp, tmp_path: Path) -> None:
    start = date(2023, 1, 2)
    nights = [
        Night(
            start + timedelta(days=i),
            stretched=i % 2 == 0,
            cramps=(Cramp("calf", "left", 1 + i % 10),) if i % 3 else (),
        )
        for i in range(800)
    ]
    pdf = report.report_pdf_bytes(
        rm.collect_figures(nights, [], None, None), False, generated=date(2025, 3, 20)
    )
    assert pages(pdf) == 2
    assert "Nights logged 800 of 800 nights" in pdf_text(pdf, tmp_path)


# -- paper ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("country", "paper", "box"),
    [
        (QLocale.Country.UnitedStates, QPageSize.PageSizeId.Letter, (612, 792)),
        (QLocale.Country.Canada, QPageSize.PageSizeId.Letter, (612, 792)),
        (QLocale.Country.Germany, QPageSize.PageSizeId.A4, (595, 842)),
        (QLocale.Country.UnitedKingdom, QPageSize.PageSizeId.A4, (595, 842)),
    ],
)
def test_paper_follows_the_locale(qapp, country, paper, box) -> None:
    locale = QLocale(QLocale.Language.English, country)
    assert report.page_size_for(locale).id() == paper
    pdf = make_pdf(locale=locale)
    assert media_boxes(pdf) == {box}


# -- small pure helpers --------------------------------------------------------------------------
def test_months_back_is_three_calendar_months() -> None:
    assert periods.months_back(date(2026, 11, 20), 3) == date(2026, 8, 21)
    assert periods.months_back(date(2026, 5, 31), 3) == date(2026, 3, 1)  # 28 Feb clamps
    assert periods.months_back(date(2026, 2, 15), 3) == date(2025, 11, 16)


# -- in the app ----------------------------------------------------------------------------------
@pytest.fixture
def now() -> datetime:
    return datetime(2026, 3, 6, 9, 0, tzinfo=CET)


@pytest.fixture
def ctx(ctx: AppContext, store: Store) -> AppContext:
    """The shared context, its diary holding the fixture nights and routines."""
    for night in fixture_nights():
        store.save_night(night)
    for session in fixture_sessions():
        store.record_routine_session(session)
    return ctx


def drive(**choices):
    """A dialog runner that sets the choices on the real widgets and clicks the action button."""

    def run(dialog: QDialog) -> int:
        if choices.get("custom"):
            by_name(dialog, QRadioButton, "Choose the dates").click()
            first, last = choices["custom"]
            by_name(dialog, QDateEdit, "From night").setDate(
                QDate(first.year, first.month, first.day)
            )
            by_name(dialog, QDateEdit, "To night").setDate(QDate(last.year, last.month, last.day))
        if choices.get("everything"):
            by_name(dialog, QRadioButton, "All my nights").click()
        if choices.get("notes"):
            by_name(dialog, QCheckBox, "Include my notes").click()
        by_name(dialog, QPushButton, choices.get("button", "Save PDF")).click()
        choices["seen"] = dialog
        return dialog.result()

    run.choices = choices  # type: ignore[attr-defined]
    return run


def test_save_as_pdf_writes_the_chosen_report(ctx, tmp_path: Path, qtbot) -> None:
    messages: list[str] = []
    ctx.message.connect(messages.append)
    offered: list[str] = []

    def choose(_parent, suggested: str) -> str:
        offered.append(suggested)
        return str(tmp_path / "for-dr-lee")  # no suffix: .pdf is added

    runner = drive(custom=(date(2026, 3, 2), date(2026, 3, 4)), notes=True)
    path = report.save_report_pdf(ctx, None, run_dialog=runner, choose_file=choose)
    assert path == tmp_path / "for-dr-lee.pdf" and path.exists()
    assert offered[0].endswith("cramp-diary-report-2026-03-06.pdf")
    assert messages == [f"Report saved to {path}."]
    assert not list(tmp_path.glob("*.part"))
    close_saved_boxes()
    text = pdf_text(path.read_bytes(), tmp_path)
    assert "Period: 2 Mar 2026 to 4 Mar 2026 (3 nights)" in text
    assert "Nights logged 3 of 3 nights" in text
    assert SECRET in text


def saved_boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.accessibleName() == "Report saved" and w.isVisible()
    ]


def close_saved_boxes() -> None:
    for box in saved_boxes():
        box.close()


def test_saved_report_says_where_and_offers_to_open_it(
    ctx, tmp_path: Path, qtbot, monkeypatch
) -> None:
    """Issue 11: "Report saved." with no path."""
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    path = report.save_report_pdf(
        ctx, None, run_dialog=drive(), choose_file=lambda *_: str(tmp_path / "r.pdf")
    )
    assert path is not None
    boxes = saved_boxes()
    assert len(boxes) == 1 and str(path) in boxes[0].text()
    by_name(boxes[0], QPushButton, "Open report").click()
    assert opened == [QUrl.fromLocalFile(str(path))]
    close_saved_boxes()


def test_default_choice_is_the_last_three_months_without_notes(ctx, tmp_path: Path) -> None:
    runner = drive()
    path = report.save_report_pdf(
        ctx, None, run_dialog=runner, choose_file=lambda *_: str(tmp_path / "r.pdf")
    )
    assert path is not None
    text = pdf_text(path.read_bytes(), tmp_path)
    # the clock says 6 Mar 2026 09:00, so the latest night is 5 Mar
    assert "Period: 6 Dec 2025 to 5 Mar 2026" in text
    assert SECRET not in text
    close_saved_boxes()


def test_the_dialog_states_the_default_period_the_command_line_uses(ctx) -> None:
    dialog = report.ReportOptionsDialog(date(2026, 3, 5), "Save PDF…")
    recent = by_name(dialog, QRadioButton, "The last 3 months")
    assert recent.isChecked() and "the usual" in recent.text()
    assert periods.DEFAULT_REPORT_WORDS == "the last 3 months"
    assert dialog.options().start == periods.default_report_period(date(2026, 3, 5))[0]
    dialog.deleteLater()


def test_dates_the_wrong_way_round_are_explained_and_nothing_is_written(ctx, tmp_path) -> None:
    chooser_called: list[bool] = []
    runner = drive(custom=(date(2026, 3, 4), date(2026, 3, 1)))
    result = report.save_report_pdf(
        ctx, None, run_dialog=runner, choose_file=lambda *_: chooser_called.append(True)
    )
    assert result is None and not chooser_called
    dialog = runner.choices["seen"]
    assert dialog.problem.isVisibleTo(dialog)
    assert "first date is after the last" in dialog.problem.text()


def test_cancel_writes_nothing(ctx, tmp_path: Path) -> None:
    runner = drive(button="Cancel")
    called: list[bool] = []
    assert report.save_report_pdf(ctx, None, run_dialog=runner, choose_file=called.append) is None
    assert not called


def test_a_folder_that_cannot_be_written_gives_a_calm_message(ctx, tmp_path: Path) -> None:
    messages: list[str] = []
    ctx.message.connect(messages.append)
    target = tmp_path / "missing" / "r.pdf"
    result = report.save_report_pdf(
        ctx, None, run_dialog=drive(), choose_file=lambda *_: str(target)
    )
    assert result is None and not target.exists()
    assert len(messages) == 1 and messages[0].startswith("The report could not be saved")


def test_print_renders_to_the_printer(ctx, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    out = tmp_path / "printed.pdf"
    seen: list[QPrinter] = []

    def accept(printer: QPrinter, _parent) -> bool:
        seen.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    assert report.print_report(
        ctx, None, run_dialog=drive(everything=True, button="Print"), run_print_dialog=accept
    )
    del seen[:]  # the printer finishes its file when it goes away
    import gc

    gc.collect()
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "Nights logged 5 of 5 nights" in text and "Page 2 of 2" in text


def test_a_closed_diary_gives_a_calm_message(ctx, store, tmp_path: Path) -> None:
    """Found by the type checker: a diary closed under the report (a restore, the app quitting)
    raised DiaryClosed out of the Diary menu's report commands, a traceback, not one sentence."""
    messages: list[str] = []
    ctx.message.connect(messages.append)
    store.close()
    target = tmp_path / "r.pdf"
    result = report.save_report_pdf(
        ctx, None, run_dialog=drive(), choose_file=lambda *_: str(target)
    )
    assert result is None and not target.exists()
    printed = report.print_report(
        ctx, None, run_dialog=drive(button="Print"), run_print_dialog=lambda *_: True
    )
    assert printed is False
    assert messages == ["The report could not be made: the diary is closed."] * 2
