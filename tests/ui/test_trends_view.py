"""The Trends page driven through its controls (found by accessible name) on a real diary in a
temp folder, with a fake clock on the morning of 21 November 2026."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QDate, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QDateEdit

from companion.core.demo import seed_demo
from companion.core.diary import Cramp, Night, RoutineSession
from companion.ui import theme
from companion.ui.context import AppContext
from tests.ui.helpers import by_name

TODAY = date(2026, 11, 21)
LAST_NIGHT = date(2026, 11, 20)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 21, 9, 0).astimezone()


@pytest.fixture
def make_page(qtbot, ctx: AppContext):
    from companion.ui.trends_view import TrendsPage

    pages = []

    def make(**kwargs) -> TrendsPage:
        page = TrendsPage(ctx, **kwargs)
        qtbot.addWidget(page)
        page.resize(1200, 900)
        page.show()
        qtbot.waitExposed(page)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.close()
        page.deleteLater()


@contextmanager
def pseudo_locale() -> Iterator[None]:
    """Widgets built inside speak the pseudo-locale; English again after."""
    from companion.core import i18n

    i18n.set_language(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.set_language("en")


def exact_values(qtbot, card) -> list[str]:
    """What a keyboard user reads walking a chart from its first point to its last: one line per
    bar (or point) the chart draws."""
    card.chart.setFocus()
    qtbot.keyClick(card.chart, Qt.Key.Key_Home)
    seen = [card.values_label.text()]
    for _ in range(2000):
        qtbot.keyClick(card.chart, Qt.Key.Key_Right)
        if card.values_label.text() == seen[-1]:
            return seen
        seen.append(card.values_label.text())
    raise AssertionError("the arrow keys never reached the last point")


def colour_share(widget, colour: str) -> float:
    """The share of the widget's painted pixels that are exactly ``colour``."""
    image = widget.grab().toImage()
    wanted = QColor(colour).rgb()
    step = 3
    total = hits = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            total += 1
            hits += image.pixel(x, y) == wanted
    return hits / max(total, 1)


def quiet_night(day: date, cramps: int = 0, stretched: bool | None = None) -> Night:
    at = datetime(day.year, day.month, day.day, 23, 30).astimezone()
    return Night(
        day,
        stretched=stretched,
        sleep_quality=3,
        cramps=tuple(Cramp("calf", "left", 5, at) for _ in range(cramps)),
    )


def test_empty_diary_explains_in_words_without_empty_axes(make_page) -> None:
    page = make_page()
    assert page.stack.currentIndex() == 0
    assert page.empty_label.text() == "Log a few mornings and your charts will appear here."
    assert page.empty_label.isVisible()
    assert not page.cards["cramps"].plot.isVisible()


def test_two_nights_are_still_too_few_and_a_third_brings_the_charts(make_page, ctx, store) -> None:
    store.save_night(quiet_night(LAST_NIGHT - timedelta(days=2), 1))
    store.save_night(quiet_night(LAST_NIGHT - timedelta(days=1), 2))
    page = make_page()
    assert page.stack.currentIndex() == 0
    store.save_night(quiet_night(LAST_NIGHT, 3, stretched=True))
    assert page.stack.currentIndex() == 1
    assert page.cards["cramps"].plot.isVisible()
    assert list(page.data.series.cramps) == [1, 2, 3]
    assert "3 nights logged" in page.headline.text()


def test_draws_the_demo_diary_with_words_for_every_chart(qtbot, make_page, store) -> None:
    seed_demo(store, nights=120, seed=7, today=TODAY)
    page = make_page()
    assert page.stack.currentIndex() == 1
    data = page.data
    assert page.range_key == "3m"
    assert data.series.dates[0] >= LAST_NIGHT - timedelta(days=90)
    assert len(exact_values(qtbot, page.cards["cramps"])) == data.nights_logged  # a bar a night
    for key, card in page.cards.items():
        assert card.chart.accessibleName().endswith("chart"), key
        assert card.sentences.text(), f"{key} has no words"
    cramps = page.cards["cramps"]
    assert f"{data.summary['cramps_total']} cramps in all" in cramps.chart.accessibleDescription()
    stretch = page.cards["stretch"]
    assert "This shows a pattern, not proof." in stretch.sentences.text()
    texts = [t.toPlainText() for t in stretch.items["texts"] if t.isVisible()]
    assert f"n = {data.stretch.with_nights} nights" in texts[0]
    hours = page.cards["hours"]
    assert hours.sentences.text().startswith("Cramps came most often between")
    assert page.calendar.months[-1] == date(2026, 11, 1)


def test_range_presets_change_what_is_shown(qtbot, make_page, store) -> None:
    seed_demo(store, nights=120, seed=7, today=TODAY)
    page = make_page()
    qtbot.mouseClick(
        by_name(page, QAbstractButton, "Show the last 2 weeks"), Qt.MouseButton.LeftButton
    )
    assert page.range_key == "2w"
    two_weeks = page.data.series.dates
    assert two_weeks[0] >= LAST_NIGHT - timedelta(days=13)
    assert not page.weekly
    qtbot.mouseClick(
        by_name(page, QAbstractButton, "Show all your nights"), Qt.MouseButton.LeftButton
    )
    assert page.data.nights_logged == len(store.nights()) > len(two_weeks)
    # a custom range through the two date fields
    by_name(page, QDateEdit, "From date").setDate(QDate(2026, 11, 1))
    by_name(page, QDateEdit, "To date").setDate(QDate(2026, 11, 7))
    assert page.range_key == "custom"
    assert all(date(2026, 11, 1) <= d <= date(2026, 11, 7) for d in page.data.series.dates)
    assert not any(b.isChecked() for b in page.range_buttons.values())


def test_more_than_a_year_is_drawn_as_weekly_bars_and_says_so(qtbot, make_page, store) -> None:
    seed_demo(store, nights=420, seed=3, today=TODAY)
    page = make_page()
    page.set_range("all")
    assert page.weekly
    card = page.cards["cramps"]
    assert "each bar is one week" in card.caption.text()
    weeks = page.data.weekly
    assert len(exact_values(qtbot, card)) == len(weeks.week_starts)  # a bar a week
    page.set_range("1y")
    assert not page.weekly


def test_hover_and_arrow_keys_show_exact_values(qtbot, make_page, store) -> None:
    for i in range(5):
        store.save_night(
            quiet_night(LAST_NIGHT - timedelta(days=4 - i), i % 3, stretched=i % 2 == 0)
        )
    page = make_page()
    card = page.cards["cramps"]
    card.chart.setFocus()
    qtbot.keyClick(card.chart, Qt.Key.Key_Right)
    first = LAST_NIGHT - timedelta(days=4)
    assert card.values_label.text().startswith(f"{first:%a} {first.day} {first:%b %Y}: no cramps")
    assert card.values_label.text().endswith("You stretched.")
    qtbot.keyClick(card.chart, Qt.Key.Key_End)
    assert "Fri 20 Nov 2026: 1 cramp" in card.values_label.text()
    # the mouse: pointing at the second bar shows the second night
    vb = card.plot.getPlotItem().vb
    second = first + timedelta(days=1)
    scene_pos = vb.mapViewToScene(vb.mapToView(vb.rect().center()))
    scene_pos.setX(vb.mapViewToScene(type(scene_pos)(float(card.positions[1]), 0)).x())
    qtbot.mouseMove(card.plot.viewport(), card.plot.mapFromScene(scene_pos))
    assert card.values_label.text().startswith(f"{second:%a} {second.day} {second:%b %Y}: ")


def test_save_as_png_writes_a_picture(qtbot, make_page, store, tmp_path: Path) -> None:
    seed_demo(store, nights=40, seed=5, today=TODAY)
    asked: list[str] = []
    target = tmp_path / "charts" / "cramps"
    target.parent.mkdir()

    def dialog(parent, suggested: str) -> str:
        asked.append(suggested)
        return str(target)  # no suffix: the page adds .png

    page = make_page(save_dialog=dialog)
    messages: list[str] = []
    page.ctx.message.connect(messages.append)
    button = by_name(page, QAbstractButton, "Save the cramps per night chart as a PNG picture")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    png = target.with_name("cramps.png")
    assert png.exists() and png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert asked and asked[0].endswith(".png")
    assert messages[-1] == f"Chart saved to {png}."
    # the calendar is a plain widget: saved from its painting
    cal_png = tmp_path / "calendar.png"
    page.save_dialog = lambda parent, suggested: str(cal_png)
    cal_button = by_name(page, QAbstractButton, "Save the calendar chart as a PNG picture")
    page.scroll_area.ensureWidgetVisible(cal_button)  # a real click only reaches what is on screen
    qtbot.mouseClick(cal_button, Qt.MouseButton.LeftButton)
    assert cal_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # cancelled dialog: nothing written, nothing said
    page.save_dialog = lambda parent, suggested: None
    count = len(messages)
    page.scroll_area.ensureWidgetVisible(button)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(messages) == count


def test_unwritable_target_is_a_calm_message(qtbot, make_page, store, tmp_path: Path) -> None:
    seed_demo(store, nights=20, seed=5, today=TODAY)
    page = make_page(save_dialog=lambda parent, s: str(tmp_path / "missing" / "x.png"))
    messages: list[str] = []
    page.ctx.message.connect(messages.append)
    page.save_chart(page.cards["calendar"])
    assert messages and messages[-1].startswith("The chart could not be saved")


def test_theme_switch_recolours_the_charts(make_page, ctx, store) -> None:
    seed_demo(store, nights=30, seed=5, today=TODAY)
    page = make_page()
    plot = page.cards["cramps"].plot
    assert plot.backgroundBrush().color().name() == theme.NIGHT.surface
    ctx.update_settings(theme="day")
    assert plot.backgroundBrush().color().name() == theme.DAY.surface
    assert colour_share(plot, theme.DAY.series[0]) > 0.01  # the bars are drawn in day colours
    assert colour_share(plot, theme.NIGHT.series[0]) == 0
    theme.apply_theme(QApplication.instance(), "night")


def test_settings_other_than_the_look_do_not_redraw(make_page, ctx, store) -> None:
    """Ten volume changes (a slider dragged) leave the charts as drawn; the theme redraws once."""
    seed_demo(store, nights=30, seed=5, today=TODAY)
    ctx.update_settings(theme="night")  # not "auto": the clock says day at 09:00
    page = make_page()
    drawn = page.data
    for volume in range(50, 60):
        ctx.update_settings(sound_volume=volume)
    assert page.data is drawn  # the figures were not computed again
    ctx.update_settings(theme="day")
    assert page.data is not drawn
    assert page.cards["cramps"].plot.backgroundBrush().color().name() == theme.DAY.surface
    theme.apply_theme(QApplication.instance(), "night")


def test_every_control_has_an_accessible_name(make_page, store) -> None:
    seed_demo(store, nights=30, seed=5, today=TODAY)
    page = make_page()
    for widget in page.findChildren(QAbstractButton) + page.findChildren(QDateEdit):
        assert widget.accessibleName(), widget
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_startup_does_not_import_pyqtgraph_until_trends_opens(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        import companion.app
        from PySide6.QtWidgets import QApplication
        from companion.core.settings import Settings
        from companion.paths import AppPaths
        from companion.ui.context import AppContext
        from companion.ui.main_window import MainWindow
        app = QApplication([])
        paths = AppPaths(Path({str(tmp_path)!r}), Path({str(tmp_path)!r}))
        win = MainWindow(AppContext(paths, Settings(), None, persist_settings=False))
        win.show()
        app.processEvents()
        before = "pyqtgraph" in sys.modules
        win.open_page("trends")
        after = "pyqtgraph" in sys.modules
        print(before, after)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_many_redraws_do_not_abort_the_app(tmp_path: Path) -> None:
    """PySide6 6.12.0 leaks a reference to None on every void call, so a few dozen Trends
    redraws abort Python 3.11 (none_dealloc); pyproject pins PySide6 below 6.12. This guards it."""
    script = textwrap.dedent(
        f"""
        import sys
        from datetime import date, datetime
        from pathlib import Path
        import companion.ui
        from PySide6.QtWidgets import QApplication, QWidget
        from companion.core.clock import FakeClock
        from companion.core.demo import generate_demo
        from companion.core.settings import Settings
        from companion.paths import AppPaths
        from companion.ui.context import AppContext
        from companion.ui.trends_view import TrendsPage

        class Nights:
            def __init__(self, nights): self._n = nights
            def nights(self, start=None, end=None): return list(self._n)
            def routine_sessions(self, start=None, end=None): return []
            def add_listener(self, listener): pass
            def remove_listener(self, listener): pass

        app = QApplication([])
        demo = generate_demo(nights=60, seed=1, today=date(2026, 11, 21))
        paths = AppPaths(Path({str(tmp_path)!r}), Path({str(tmp_path)!r}))
        clock = FakeClock(datetime(2026, 11, 21, 9, 0).astimezone())
        page = TrendsPage(AppContext(paths, Settings(), Nights(demo.nights), clock,
                                     persist_settings=False))
        page.resize(1000, 800)
        page.show()
        w = QWidget()
        for _ in range(30000):
            w.setVisible(False)
        for key in ["2w", "3m", "all"] * 8:
            page.set_range(key)
            page.grab()
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_series_marks_match_the_store(make_page, store) -> None:
    for i, s in enumerate([True, False, None, True]):
        store.save_night(quiet_night(LAST_NIGHT - timedelta(days=3 - i), i, stretched=s))
    page = make_page()
    items = page.cards["cramps"].items
    yes_x = np.sort(items["yes"].data["x"])
    no_x = np.sort(items["no"].data["x"])
    assert len(yes_x) == 2 and len(no_x) == 1


def test_the_streak_counts_routines_finished_on_nights_without_a_note(make_page, store) -> None:
    """A week of stretching with the app and notes on only three mornings was '0 nights now'."""
    for i in range(7):
        day = LAST_NIGHT - timedelta(days=6 - i)
        start = datetime(day.year, day.month, day.day, 22, 0).astimezone()
        store.record_routine_session(
            RoutineSession("Standard wind-down", start, start + timedelta(minutes=11), True)
        )
    for i in (0, 3, 6):  # notes without the stretched answer
        store.save_night(quiet_night(LAST_NIGHT - timedelta(days=i)))
    page = make_page()
    assert "Stretching streak: 7 nights now, longest 7 nights." in page.headline.text()


@pytest.mark.parametrize("mode", ["night", "day"])
def test_calendar_scale_has_five_plus_steps_each_further_from_the_background(mode) -> None:
    """Issue 11: "darker means more" was false at night (8-cramp nights lightest); by day only
    about 3 shades could be told apart."""
    from PySide6.QtGui import QColor

    from companion.ui.trends_view import calendar_fills, contrast_ratio

    colors = theme.colors_for(mode)
    fills = calendar_fills(colors)
    assert len({f.name() for f in fills}) >= 5
    contrasts = [contrast_ratio(f, QColor(colors.surface)) for f in fills]
    for weaker, stronger in zip(contrasts, contrasts[1:], strict=False):
        assert stronger > weaker * 1.2, contrasts  # each step clearly stronger than the last


@pytest.mark.parametrize("mode", ["night", "day"])
def test_calendar_cells_get_stronger_with_more_cramps_and_the_legend_has_numbers(
    make_page, ctx, store, mode
) -> None:
    from PySide6.QtGui import QColor

    from companion.ui.trends_view import contrast_ratio

    ctx.update_settings(theme=mode)
    assert ctx.look.mode == mode
    counts = (0, 1, 2, 3, 4, 8)
    first = LAST_NIGHT - timedelta(days=len(counts) - 1)
    for i, n in enumerate(counts):
        store.save_night(quiet_night(first + timedelta(days=i), n))
    page = make_page()
    cal = page.calendar
    assert "0, 1, 2, 3, 4, 5+" in cal.accessibleDescription()
    image = cal.grab().toImage()
    ratio = cal.grab().devicePixelRatio()
    background = QColor(page.ctx.look.colors.surface)

    def contrast_at(day: date) -> float:
        rect = cal.cell_rect(day)
        assert rect is not None
        # near the bottom-right corner: inside the fill, away from the digit and the triangle
        x, y = int((rect.right() - 4) * ratio), int((rect.bottom() - 4) * ratio)
        return contrast_ratio(image.pixelColor(x, y), background)

    seen = [contrast_at(first + timedelta(days=i)) for i in range(len(counts))]
    assert seen == sorted(seen) and len(set(round(v, 3) for v in seen)) == len(counts), seen
    theme.apply_theme(QApplication.instance(), "night")


def test_legends_sit_above_the_data_and_every_value_axis_is_named(make_page, store) -> None:
    """Issue 11: legends covered the data; y-axes had no labels."""
    seed_demo(store, nights=120, seed=7, today=TODAY)
    page = make_page()
    for key, card_ in page.cards.items():
        if card_.plot is None or not card_.plot.isVisible():
            continue
        item = card_.plot.getPlotItem()
        if item.legend is not None and item.legend.isVisible() and item.legend.items:
            data_area = item.vb.sceneBoundingRect()
            legend = item.legend.sceneBoundingRect()
            assert legend.bottom() <= data_area.top() + 0.5, key  # outside, above the data
        value_axis = "bottom" if key == "factors" else "left"
        label_text = item.getAxis(value_axis).labelText
        assert label_text and label_text.strip(), key
    assert "Cramps a night" in page.cards["cramps"].plot.getPlotItem().getAxis("left").labelText
    legend = page.cards["severity"].plot.getPlotItem().legend
    names = [text.text for _sample, text in legend.items]
    assert any("pain (1\u201310)" in n for n in names) and not any("pain (0" in n for n in names)


def test_the_wheel_over_a_chart_scrolls_the_page_and_never_zooms(make_page, store, qtbot) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    seed_demo(store, nights=120, seed=7, today=TODAY)
    page = make_page()
    page.resize(1024, 640)
    QApplication.processEvents()
    bar = page.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0
    plot = page.cards["cramps"].plot
    before = plot.getPlotItem().vb.viewRange()
    start = bar.value()
    viewport = plot.viewport()
    centre = QPointF(viewport.width() / 2, viewport.height() / 2)
    wheel = QWheelEvent(
        centre,
        QPointF(viewport.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120),  # one notch towards the user: scroll down
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, wheel)
    assert bar.value() > start
    assert plot.getPlotItem().vb.viewRange() == before


def test_the_hover_read_out_follows_the_pointer_and_stays_on_screen(make_page, store) -> None:
    from PySide6.QtWidgets import QToolTip

    seed_demo(store, nights=120, seed=7, today=TODAY)
    page = make_page()
    screen = page.screen().availableGeometry()
    page.move(screen.topLeft())
    page.resize(min(1024, screen.width()), min(640, screen.height()))  # within the screen
    QApplication.processEvents()
    card_ = page.cards["cramps"]
    vb = card_.plot.getPlotItem().vb
    edge = vb.sceneBoundingRect()
    plot = card_.plot
    # the pointer at the data's right edge, or at the screen's edge if the page reaches past it
    right = plot.mapToGlobal(plot.mapFromScene(QPointF(edge.right() - 2, edge.center().y())))
    right.setX(min(right.x(), screen.right() - 2))
    scene_pos = plot.mapToScene(plot.mapFromGlobal(right))
    assert edge.contains(QPointF(scene_pos))
    plot.scene().sigMouseMoved.emit(QPointF(scene_pos))
    assert QToolTip.isVisible() and QToolTip.text() == card_.values_label.text()
    tips = [w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()]
    assert tips and all(screen.contains(t.frameGeometry()) for t in tips)
    QToolTip.hideText()


# ---- every text marked for translation ------------------------------------------------------


def test_trends_under_the_pseudo_locale_has_no_english_left(qtbot, make_page, store) -> None:
    """Every chart's title, axis names and ticks, legend, read-outs and sentences, the range
    bar and the calendar's painted words, over a range drawn nightly and one drawn weekly."""
    from companion.core import i18n
    from companion.core.demo import CUSTOM_FACTORS
    from companion.ui.trends_view import month_heading, weekday_initials
    from tests.ui.pseudo_sweep import cut_one_line_texts as clipped
    from tests.ui.pseudo_sweep import english_left, english_words

    seed_demo(store, nights=420, seed=7, today=TODAY)
    left: list[str] = []
    with pseudo_locale():
        page = make_page()
        page.resize(1024, 600)
        faults: list[str] = []
        for key in ("2w", "3m", "all"):
            page.set_range(key)
            faults += clipped(page)  # one-line labels and buttons, at 1024x600
            # The user's own factors stay as typed; the date edits speak Qt's locale, which
            # has no pseudo-locale.
            own = [*CUSTOM_FACTORS, page.from_edit.text(), page.to_edit.text()]
            assert page.weekly is (key == "all")
            left += english_left(page, user_text=own, values=True)
            for card in page.cards.values():
                if card.chart.isVisible() and card.positions.size:
                    reads = exact_values(qtbot, card)
                    left += [r for r in reads if english_words(r, own, values=True)]
                left += [t for t in (card.chart.accessibleDescription(),) if english_words(t, own)]
                if card.plot is not None:
                    item = card.plot.getPlotItem()
                    legend = item.legend
                    if legend is not None and legend.isVisible():
                        left += [
                            lbl.text for _sample, lbl in legend.items if english_words(lbl.text)
                        ]
                    for side in ("left", "bottom"):
                        name = item.getAxis(side).labelText
                        if english_words(name):
                            left.append(name)
            cal = page.calendar
            painted = [month_heading(m) for m in cal.months] + weekday_initials()
            painted += [cal.legend_text(), cal.describe_day(cal.data.last)]
            left += [t for t in painted if english_words(t)]
        assert page.headline.text().startswith(i18n.PSEUDO_OPEN)
    assert left == [], "\n".join(dict.fromkeys(left))
    assert faults == [], "\n".join(faults)


def test_axis_numbers_and_dates_follow_the_language(monkeypatch) -> None:
    """The value axes write a decimal comma where the language does, and the date axis names
    months through wording, not strftime (which speaks the process's C locale)."""
    import gettext

    from companion.core import i18n
    from companion.ui.trends_view import DateAxis, NumberAxis

    class Comma(gettext.NullTranslations):
        def pgettext(self, context: str, message: str) -> str:
            return {"decimal separator": ",", "thousands separator": "."}.get(context, message)

    axis = NumberAxis(orientation="left")
    assert axis.tickStrings([0.0, 0.5, 1.0], 1.0, 0.5) == ["0.0", "0.5", "1.0"]
    monkeypatch.setattr(i18n, "_translations", Comma())
    assert axis.tickStrings([0.0, 0.5, 1.0], 1.0, 0.5) == ["0,0", "0,5", "1,0"]
    assert axis.tickStrings([0.0, 2.0, 4.0], 1.0, 2.0) == ["0", "2", "4"]
    monkeypatch.undo()
    dates = DateAxis(orientation="bottom")
    first = datetime(2026, 11, 1).timestamp()
    with pseudo_locale():
        month = dates.tickStrings([first], 1.0, 30 * 86_400.0)
        day = dates.tickStrings([first], 1.0, 7 * 86_400.0)
    assert month == [i18n.pseudo("Nov")] and day[0].startswith(i18n.PSEUDO_OPEN)
    assert dates.tickStrings([first], 1.0, 7 * 86_400.0) == ["1 Nov"]


def test_every_value_axis_of_the_page_writes_numbers_in_the_language(make_page, store) -> None:
    from companion.ui.trends_view import DateAxis, NumberAxis

    seed_demo(store, nights=120, seed=7, today=TODAY)
    page = make_page()
    for key, card in page.cards.items():
        if card.plot is None:
            continue
        item = card.plot.getPlotItem()
        assert isinstance(item.getAxis("left"), NumberAxis), key
        assert isinstance(item.getAxis("bottom"), (NumberAxis, DateAxis)), key
