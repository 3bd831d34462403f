"""Typing a time works in every time field, wherever the click landed, and the fields are wide
enough for their text at both text sizes (issue 11: "05:30" became 00:30)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import QApplication, QTimeEdit, QWidget

from companion.core.clock import FakeClock
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow
from companion.ui.time_field import TimeField

NIGHT = date(2026, 11, 20)


def type_time(qtbot, field: QTimeEdit, typed: str, where: str = "right") -> None:
    """Click into the field (at its right end: the minutes) and type, then leave it."""
    line = field.lineEdit()
    x = line.width() - 4 if where == "right" else 4
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton, pos=QPoint(x, line.height() // 2))
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("05:30", "05:30"), ("5:30", "05:30"), ("0530", "05:30"), ("530", "05:30"), ("1745", "17:45")],
)
@pytest.mark.parametrize("where", ["left", "right"])
def test_typed_times_are_taken_as_typed(qtbot, typed: str, expected: str, where: str) -> None:
    field = TimeField(QTime(2, 0))
    qtbot.addWidget(field)
    field.show()
    field.activateWindow()
    qtbot.waitExposed(field)
    type_time(qtbot, field, typed, where)
    assert field.time().toString("HH:mm") == expected


def test_arrow_keys_still_step_the_hours_and_minutes(qtbot) -> None:
    field = TimeField(QTime(22, 30))
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Up)  # the hours are selected on focus
    assert field.time() == QTime(23, 30)


@pytest.fixture
def window(qtbot, tmp_path: Path):
    paths = AppPaths(tmp_path, tmp_path)
    store = Store.open(paths.diary)
    ctx = AppContext(
        paths,
        Settings(),
        store,
        FakeClock(datetime(2026, 11, 21, 9, 0).astimezone()),
        persist_settings=False,
    )
    made: list[MainWindow] = []

    def make(large: bool) -> MainWindow:
        ctx.update_settings(theme="night", large_text=large)
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.resize(1024, 600)
        win.show()
        qtbot.waitExposed(win)
        made.append(win)
        return win

    yield make, ctx, store
    for win in made:
        win.close()
    store.close()
    theme.apply_theme(QApplication.instance(), "night", False)


def time_fields(win: MainWindow) -> list[tuple[str, QWidget]]:
    """Every time field of the app with its page shown and its optional parts open."""
    found = []
    win.open_page("morning")
    morning = win.page("morning")
    morning.more_button.setChecked(True)
    morning.open_cramp_editor(None)
    morning.cramp_editor.at_time_button.setChecked(True)
    morning.bed_check.setChecked(True)
    morning.wake_check.setChecked(True)
    found += [("morning", f) for f in morning.findChildren(QTimeEdit)]
    win.open_page("settings")
    found += [("settings", f) for f in win.page("settings").findChildren(QTimeEdit)]
    return found


def test_every_time_field_takes_a_typed_time(qtbot, window) -> None:
    make, ctx, store = window
    win = make(False)
    fields = time_fields(win)
    names = {f.accessibleName() for _page, f in fields}
    assert {"Time of the cramp", "Bed time", "Wake time", "Bedtime"} <= names
    for page, field in fields:
        assert isinstance(field, TimeField), field.accessibleName()
        win.open_page(page)
        scroll = field.parentWidget()
        while scroll is not None and not hasattr(scroll, "ensureWidgetVisible"):
            scroll = scroll.parentWidget()
        if scroll is not None:
            scroll.ensureWidgetVisible(field)
        win.activateWindow()
        type_time(qtbot, field, "05:30")
        assert field.time() == QTime(5, 30), field.accessibleName()
    assert ctx.settings.bedtime == "05:30"  # the settings page saved what was typed


def test_a_typed_cramp_time_is_saved_as_typed(qtbot, window) -> None:
    make, _ctx, store = window
    win = make(False)
    win.open_page("morning")
    page = win.page("morning")
    page.open_cramp_editor(None)
    editor = page.cramp_editor
    editor.body_map.canvas.set_selection("calf", "left", emit=True)  # as a tap on the map does
    editor.severity_buttons[5].click()
    editor.at_time_button.setChecked(True)
    page.note_view.ensureWidgetVisible(editor.time_edit)
    win.activateWindow()
    type_time(qtbot, editor.time_edit, "05:30")
    editor.add_button.click()
    page.quality_buttons[3].click()
    page.save_button.click()
    [cramp] = store.get_night(NIGHT).cramps
    assert (cramp.at.hour, cramp.at.minute) == (5, 30)


@pytest.mark.parametrize("large", [False, True])
def test_time_fields_are_wide_enough_for_their_text(qtbot, window, large: bool) -> None:
    make, _ctx, _store = window
    win = make(large)
    for page, field in time_fields(win):
        win.open_page(page)
        QApplication.processEvents()
        metrics = field.lineEdit().fontMetrics()
        needed = metrics.horizontalAdvance("00:00")
        assert field.lineEdit().width() >= needed + metrics.averageCharWidth(), (
            field.accessibleName(),
            field.lineEdit().width(),
            needed,
        )
