"""The report in another language than the app's (issue 15: a doctor abroad): the dialog offers
the languages named in themselves, the app's own first; the report is written, charts and page
numbers included, in the one chosen, and the app speaks its own language afterwards."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox

from companion.core import experiment as ex
from companion.core import i18n
from companion.core.demo import generate_demo
from companion.core.diary import Night
from companion.ui import report
from tests.core.test_report_model import fixture_nights, fixture_sessions
from tests.ui import test_report
from tests.ui.helpers import by_name
from tests.ui.pseudo_sweep import english_words
from tests.ui.test_report import pdf_text

# The report tests' fixtures: the app at 6 March 2026, its diary holding the fixture nights.
now = test_report.now
ctx = test_report.ctx


def experiment_analysis() -> tuple[list[Night], ex.Analysis]:
    """A finished personal experiment, so the report has its third page too."""
    from tests.ui.test_experiment_view import experiment_nights

    plan = ex.make_plan(start=date(2026, 3, 2), run_in_nights=0, pairs=8, seed=3)
    nights = experiment_nights(plan)
    analysis = ex.analyse(plan, nights, plan.last_night + timedelta(days=3))
    return nights, analysis


def full_pdf(language: str | None) -> bytes:
    """Every part of the report: key figures, charts, both pages and the experiment page."""
    nights, analysis = experiment_analysis()
    options = report.ReportOptions(None, None, include_notes=False, language=language)
    return report.make_report_pdf(
        [*fixture_nights(), *nights],
        fixture_sessions(),
        options,
        generated=date(2026, 6, 1),
        experiment=analysis,
    )


def core_experiment_sentences(analysis: ex.Analysis) -> list[str]:
    """The experiment page's sentences that come from companion.core.experiment (marked there,
    not here), as they read in the current language."""
    said = [
        ex.label_for(analysis.plan.question),
        ex.answer_words(analysis),
        ex.too_early_words(analysis),
    ]
    if analysis.result is not None:
        said.append(ex.verdict_words(analysis.result.verdict, analysis))
    return [" ".join(s.split()) for s in said if s]


def test_a_report_in_the_pseudo_locale_has_no_plain_english(qapp, tmp_path: Path) -> None:
    """Every word the report paints (headings, table labels, the experiment's rows, footers,
    page numbers, dates) is in the pseudo-locale; only the core experiment module's own
    sentences are left to it (they are marked there)."""
    text = pdf_text(full_pdf(i18n.PSEUDO), tmp_path)
    assert i18n.PSEUDO_OPEN in text
    with i18n.using(i18n.PSEUDO):
        core = core_experiment_sentences(experiment_analysis()[1])
    assert english_words(text, core) == [], text
    assert "⟦Þáğé 3 öƒ 3" in text  # the page numbers too
    assert i18n.current_language() == "en"  # the app's language is back


def test_the_charts_paint_no_plain_english_in_the_pseudo_locale(
    qapp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Charts are pictures (pdftotext cannot read them): their captions, legends and ticks are
    read where they are painted."""
    painted: list[str] = []
    real_text = report._Chart.text

    def spy(self, rect, text, *args, **kwargs) -> None:
        painted.append(text)
        real_text(self, rect, text, *args, **kwargs)

    monkeypatch.setattr(report._Chart, "text", spy)
    full_pdf(i18n.PSEUDO)
    words = [t for t in painted if english_words(t)]
    assert len(painted) > 30 and words == []
    assert any("Šţŕéţçĥéđ" in t for t in painted)  # a legend
    assert any("⟦Ṁáŕ" in t for t in painted)  # a month on the date axis


def test_a_report_in_english_while_the_app_is_pseudo_reads_english(qapp, tmp_path: Path) -> None:
    i18n.set_language(i18n.PSEUDO)
    text = pdf_text(full_pdf("en"), tmp_path)
    assert i18n.PSEUDO_OPEN not in text
    assert "Night leg cramps: diary summary" in text and "Page 3 of 3" in text
    assert "personal experiment" in text and "Red-flag symptoms logged" in text
    assert i18n.current_language() == i18n.PSEUDO  # the app still speaks its own language


def test_the_dialog_offers_the_languages_the_apps_own_first(ctx) -> None:
    dialog = report.ReportOptionsDialog(date(2026, 3, 5), "Save PDF…")
    box = by_name(dialog, QComboBox, "Report language")
    items = [(box.itemData(i), box.itemText(i)) for i in range(box.count())]
    assert items == [("en", "English"), ("es", "Español"), ("de", "Deutsch")]
    assert dialog.options().language == "en"
    box.setCurrentIndex(box.findData("de"))
    assert dialog.options().language == "de"
    dialog.deleteLater()


def test_under_another_app_language_that_language_is_the_default(ctx) -> None:
    i18n.set_language(i18n.PSEUDO)
    dialog = report.ReportOptionsDialog(date(2026, 3, 5), "Save PDF…")
    box = dialog.language
    assert box.currentData() == i18n.PSEUDO and box.findData("de") >= 0
    dialog.deleteLater()


def test_save_report_writes_the_chosen_language_and_tells_in_the_apps(
    ctx, tmp_path: Path, qtbot
) -> None:
    """The app in the pseudo-locale, the report chosen in English: the PDF reads English, the
    message saying where it went is in the app's language."""
    i18n.set_language(i18n.PSEUDO)
    messages: list[str] = []
    ctx.message.connect(messages.append)

    def run(dialog: QDialog) -> int:
        dialog.language.setCurrentIndex(dialog.language.findData("en"))
        dialog.go.click()
        return dialog.result()

    path = report.save_report_pdf(
        ctx, None, run_dialog=run, choose_file=lambda *_: str(tmp_path / "r.pdf")
    )
    assert path is not None
    for box in QApplication.topLevelWidgets():  # the "Report saved" box, in the app's language
        if isinstance(box, QMessageBox) and box.isVisible():
            box.close()
    text = pdf_text(path.read_bytes(), tmp_path)
    assert "Period: 6 Dec 2025 to 5 Mar 2026" in text and i18n.PSEUDO_OPEN not in text
    assert messages and messages[0].startswith(i18n.PSEUDO_OPEN)


@pytest.mark.parametrize("language", ["en", "de", "es"])
def test_every_chart_word_fits_the_room_it_is_painted_in(
    qapp, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    """A chart's text is painted into a box; a word wider than its box is cut at the image's
    edge or runs into the next label (German's "Oberschenkel hinten" once lost its 'O')."""
    if not i18n.has_catalog(language):
        pytest.fail(f"the {language} catalog is not compiled (./dev compiles it)")
    too_wide: list[str] = []
    real_text = report._Chart.text

    def measuring(self, rect, text, size=7.5, *args, **kwargs) -> None:
        if "\n" not in text and self.text_width(text, size) > rect.width() + 0.5:
            too_wide.append(f"{text!r}: {self.text_width(text, size):.0f} > {rect.width():.0f}")
        real_text(self, rect, text, size, *args, **kwargs)

    monkeypatch.setattr(report._Chart, "text", measuring)
    full_pdf(language)
    demo = generate_demo(nights=120, seed=7, today=date(2026, 11, 21))  # every body area
    assert {c.area for n in demo.nights for c in n.cramps} >= {"thigh_back", "thigh_front"}
    options = report.ReportOptions(None, None, include_notes=False, language=language)
    report.make_report_pdf(demo.nights, demo.sessions, options, generated=date(2026, 11, 21))
    assert too_wide == []
