"""The mouse wheel over an input that does not have focus scrolls the page and changes nothing.

Every page of the main window, the routine editor and Cramp now are opened like a user would, and
every spin box, time or date field, combo box and slider on them gets wheel events while it does
not have keyboard focus: no value moves, the settings file and the diary stay as they were. With
focus the wheel still works.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QListWidget,
    QScrollArea,
    QWidget,
)

from companion.core.clock import FakeClock
from companion.core.diary import Cramp, Night
from companion.core.routine import RoutineLibrary
from companion.core.settings import Settings, save_settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme, wheel
from companion.ui.context import AppContext
from companion.ui.main_window import PAGES, MainWindow
from tests.ui.helpers import by_name
from tests.ui.test_routine_view import ROUTINE

NIGHT = date(2026, 11, 20)


def value_of(widget: QWidget) -> object:
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    assert isinstance(widget, QAbstractSlider)
    return widget.value()


def spin(widget: QWidget, notches: int, *, inner: bool = True) -> None:
    """A wheel turn over the middle of ``widget``: delivered to what is under the pointer there
    (a spin box's own line edit, which a real wheel reaches first) and to the input itself."""
    centre = QPoint(widget.width() // 2, widget.height() // 2)
    child = widget.childAt(centre) if inner else None
    for target in ([child] if child is not None else []) + [widget]:
        local = target.mapFrom(widget, centre) if target is not widget else centre
        event = QWheelEvent(
            QPointF(local),
            QPointF(target.mapToGlobal(local)),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(target, event)


def guarded_inputs(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if wheel.is_guarded(w)]


@pytest.fixture
def app_window(qtbot, tmp_path: Path):
    theme.apply_theme(QApplication.instance(), "night")
    paths = AppPaths(tmp_path, tmp_path)
    RoutineLibrary(paths.custom_routines).save_custom(ROUTINE)
    store = Store.open(paths.diary, backups_dir=paths.backups)
    store.save_night(
        Night(
            NIGHT,
            sleep_quality=3,
            awakenings=2,
            cramps=(Cramp("calf", "left", 6, at=datetime(2026, 11, 21, 0, 30).astimezone()),),
        ),
        morning_note=True,
    )
    settings = Settings(bedtime="18:45", routine=ROUTINE.name)
    save_settings(settings, paths.settings)
    ctx = AppContext(paths, settings, store, FakeClock(datetime(2026, 11, 21, 9, 0).astimezone()))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1024, 640)
    window.show()
    qtbot.waitExposed(window)
    yield window, ctx, store, paths
    cramp = ctx.cramp_window
    if cramp is not None:
        cramp.close()
    window.close()
    store.close()


def open_everything(qtbot, window: MainWindow) -> list[QWidget]:
    """Each page with its optional parts open, the routine editor and Cramp now: the roots."""
    roots: list[QWidget] = []
    for spec in PAGES:
        window.open_page(spec.key)
        page = window.page(spec.key)
        if spec.key == "morning":
            page.more_button.setChecked(True)
            qtbot.mouseClick(
                by_name(page, QAbstractButton, "Change cramp 1"), Qt.MouseButton.LeftButton
            )
            for name in ("I know my bed time", "I know my wake time"):
                box = by_name(page, QAbstractButton, name)
                box.setChecked(True)
        roots.append(page)
    from companion.ui.routine_editor import RoutineEditor

    tonight = window.page("tonight")
    editor = RoutineEditor(window.ctx, tonight.library, window)
    qtbot.addWidget(editor)
    editor.show()
    routines = by_name(editor, QListWidget, "Routines")
    names = [routines.item(i).data(Qt.ItemDataRole.UserRole) for i in range(routines.count())]
    texts = [routines.item(i).text() for i in range(routines.count())]
    row = next(
        i
        for i, (n, t) in enumerate(zip(names, texts, strict=True))
        if ROUTINE.name in (n, t) or ROUTINE.name in str(t)
    )
    routines.setCurrentRow(row)
    roots.append(editor)
    window.show_cramp_now()
    roots.append(window.ctx.cramp_window)
    return roots


def test_no_input_takes_the_wheel_without_focus_anywhere(qtbot, app_window) -> None:
    window, ctx, store, paths = app_window
    roots = open_everything(qtbot, window)
    settings_before = paths.settings.read_bytes()
    nights_before = store.nights()
    checked: set[str] = set()
    parking = window.nav_buttons["tonight"]  # focus sits on a plain button meanwhile
    for root in roots:
        for widget in guarded_inputs(root):
            assert widget.focusPolicy() != Qt.FocusPolicy.WheelFocus, widget.accessibleName()
            parking.setFocus()
            before = value_of(widget)
            for notches in (1, -1, -1, 3):
                spin(widget, notches)
            assert value_of(widget) == before, f"the wheel changed {widget.accessibleName()!r}"
            checked.add(widget.accessibleName())
    # the inputs the issue names are among those checked
    assert {"Bedtime", "Time of the cramp", "First side", "Sound volume", "Go to night"} <= checked
    assert len(checked) >= 15
    assert paths.settings.read_bytes() == settings_before
    assert ctx.settings.bedtime == "18:45"
    assert store.nights() == nights_before
    editor = roots[-2]
    assert editor.dirty is False  # "First side" and the other step fields did not move


def test_the_wheel_over_an_unfocused_input_scrolls_the_page(qtbot, app_window) -> None:
    window, _ctx, _store, _paths = app_window
    open_everything(qtbot, window)
    window.open_page("morning")
    page = window.page("morning")
    scroll = next(s for s in page.findChildren(QScrollArea) if s.accessibleName() == "Morning note")
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than the window
    bar.setValue(0)
    window.nav_buttons["tonight"].setFocus()
    before = page.awakenings_spin.value()
    spin(page.awakenings_spin, -2)
    assert bar.value() > 0  # the page moved down
    assert page.awakenings_spin.value() == before


def test_with_focus_the_wheel_still_changes_the_value(qtbot, app_window) -> None:
    window, _ctx, _store, _paths = app_window
    window.open_page("morning")
    page = window.page("morning")
    page.more_button.setChecked(True)
    window.activateWindow()
    page.awakenings_spin.setFocus()
    qtbot.waitUntil(page.awakenings_spin.hasFocus)
    before = page.awakenings_spin.value()
    spin(page.awakenings_spin, 1, inner=False)
    assert page.awakenings_spin.value() == before + 1


APP_DRIVER = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from companion.ui import main_window, wheel

painted = []
real_install = wheel.install
real_paint = main_window.MainWindow.paintEvent

def paint(self, event):
    painted.append(True)
    return real_paint(self, event)

def install(app=None):
    guard = real_install(app)
    print("guard installed after a paint" if painted else "guard installed before any paint")
    QTimer.singleShot(0, QApplication.instance().quit)
    return guard

main_window.MainWindow.paintEvent = paint
wheel.install = install
real_show = main_window.MainWindow.show
def show(self):
    QTimer.singleShot(20000, QApplication.instance().quit)  # a missing guard must not hang
    return real_show(self)
main_window.MainWindow.show = show
from companion.cli import main
sys.exit(main(["--data-dir", sys.argv[1]]))
"""


def test_the_app_installs_the_guard_right_after_its_first_paint(tmp_path: Path) -> None:
    """The application-wide filter sees every event, so the app installs it once the window has
    painted (start-up time), before anyone can turn a wheel over an input."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        [sys.executable, "-c", APP_DRIVER.format(root=str(root)), str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines().count("guard installed after a paint") == 1, run.stdout
