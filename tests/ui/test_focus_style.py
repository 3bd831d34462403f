"""Focus is visible: every focusable control's class has a :focus rule in the app style sheet,
and a focused control looks clearly different from an unfocused one in both themes, including
the amber ones (primary buttons, selected options, the sidebar's current page, Cramp now)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from companion.core.clock import FakeClock
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import PAGES, MainWindow

# Widgets that paint their own focus (tested in their own suites) or hold focus for a child.
SELF_PAINTED = {
    "BodyMap",
    "BodyMapCanvas",
    "CalendarHeatMap",
    "PlotWidget",
    "QScrollBar",
    "QScrollArea",
}


def qt_class(widget: QWidget) -> str:
    """The nearest Qt class of a widget (style sheet selectors match Qt classes)."""
    meta = widget.metaObject()
    while meta is not None and not meta.className().startswith("Q"):
        meta = meta.superClass()
    return meta.className() if meta is not None else ""


def ring_pixels(widget: QWidget) -> int:
    """How many pixels change when ``widget`` takes focus."""
    app = QApplication.instance()
    widget.window().activateWindow()  # a page may have shown a tool tip window meanwhile
    widget.clearFocus()
    widget.window().setFocus()
    app.processEvents()
    before = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    app.processEvents()
    assert widget.hasFocus(), widget.accessibleName()
    after = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert before.size() == after.size()
    changed = 0
    for y in range(before.height()):
        for x in range(before.width()):
            a, b = before.pixelColor(x, y), after.pixelColor(x, y)
            if abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) > 60:
                changed += 1
    return changed


@pytest.fixture
def window(qtbot, tmp_path: Path):
    store = Store.open(tmp_path / "diary.sqlite3")
    ctx = AppContext(AppPaths(tmp_path, tmp_path), Settings(), store, FakeClock())
    made: list[MainWindow] = []

    def make(mode: str) -> MainWindow:
        ctx.update_settings(theme=mode)  # the app's style sheet and the look the pages paint in
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.show()
        win.resize(1100, 760)
        qtbot.waitExposed(win)
        win.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=2000)
        made.append(win)
        return win

    yield make
    for win in made:
        win.close()
    store.close()
    theme.apply_theme(QApplication.instance(), "night")


def test_every_focusable_class_on_every_page_has_a_focus_rule(window) -> None:
    win = window("night")
    sheet = QApplication.instance().styleSheet()
    for name in theme.FOCUS_CLASSES:
        assert f"{name}:focus" in sheet, name
    from companion.ui.cramp_now import open_cramp_now

    roots: list[QWidget] = []
    for spec in PAGES:
        win.open_page(spec.key)
        roots.append(win.page(spec.key))
    roots.append(win.nav)
    roots.append(open_cramp_now(win.ctx, win))
    missing = set()
    for root in roots:
        for w in root.findChildren(QWidget):
            if not w.focusPolicy() & Qt.FocusPolicy.TabFocus or type(w).__name__ in SELF_PAINTED:
                continue
            if type(w.parentWidget()).__name__ in SELF_PAINTED:
                continue  # a chart's own viewport
            if w.window() is not root.window():  # a combo box's own popup list
                continue
            if type(w).__name__ == "QLineEdit" and qt_class(w.parentWidget()).endswith(
                ("SpinBox", "Edit", "ComboBox")
            ):
                continue  # the text part of a spin box: the box itself shows the ring
            if qt_class(w) not in theme.FOCUS_CLASSES:
                missing.add(
                    f"{qt_class(w)} ({type(w).__name__} {w.accessibleName()!r} in "
                    f"{type(w.parentWidget()).__name__} {w.parentWidget().accessibleName()!r})"
                )
    roots[-1].close()
    assert missing == set()


@pytest.mark.parametrize("mode", ["night", "day"])
def test_focus_ring_is_visible_on_every_kind_of_button(window, mode: str) -> None:
    win = window(mode)
    win.open_page("tonight")
    tonight = win.page("tonight")
    win.open_page("trends")
    trends = win.page("trends")
    checked_range = next(b for b in trends.range_buttons.values() if b.isChecked())
    nav_current = win.nav_buttons["trends"]
    nav_other = win.nav_buttons["learn"]
    kinds = [
        ("primary (Start routine)", "tonight", tonight.start_screen.start_button),
        ("plain button", "tonight", tonight.start_screen.edit_button),
        ("Cramp now", "tonight", win.cramp_button),
        ("selected option", "trends", checked_range),
        ("sidebar, current page", "trends", nav_current),
        ("sidebar, other page", "trends", nav_other),
    ]
    for name, key, widget in kinds:
        win.open_page(key)
        QApplication.instance().processEvents()
        assert widget.isVisible(), name
        # A ring all round: at least two thirds of a 2 px line along the whole edge changes.
        perimeter = 2 * (widget.width() + widget.height())
        assert ring_pixels(widget) > perimeter * 2 * 2 // 3, f"{name} in the {mode} theme"


@pytest.mark.parametrize("mode", ["night", "day"])
def test_check_box_and_radio_outlines_stand_out_from_the_page(window, mode: str) -> None:
    """Indicators are drawn in the muted text colour, not the near-invisible frame colour."""
    window(mode)
    sheet = QApplication.instance().styleSheet()
    c = theme.colors_for(mode)
    assert "QCheckBox::indicator, QRadioButton::indicator" in sheet
    indicator_rule = sheet.split("QCheckBox::indicator, QRadioButton::indicator {", 1)[1]
    assert f"border: 2px solid {c.muted_text}" in indicator_rule.split("}", 1)[0]
    chunk = sheet.split("QProgressBar::chunk {", 1)[1].split("}", 1)[0]
    assert c.accent in chunk  # the progress fill is the accent, not grey on dark
