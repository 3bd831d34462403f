"""The first-run welcome: once, skippable, keyboard reachable, remembered in the settings."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from companion.core.clock import FakeClock
from companion.core.diary import Night
from companion.core.settings import Settings, load_settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme, welcome
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow
from tests.ui.helpers import by_name


@pytest.fixture
def setup(qtbot, tmp_path: Path):
    theme.apply_theme(QApplication.instance(), "night")
    paths = AppPaths(tmp_path, tmp_path)
    store = Store.open(paths.diary)
    windows: list[MainWindow] = []

    def make() -> tuple[MainWindow, AppContext]:
        settings = load_settings(paths.settings)
        ctx = AppContext(paths, settings, store, FakeClock(datetime(2026, 11, 20, 21, 0)))
        win = MainWindow(ctx)
        qtbot.addWidget(win)
        win.resize(1024, 600)
        win.open_page("tonight")
        if welcome.should_show(ctx):
            welcome.show_welcome(ctx, win)
        win.show()
        qtbot.waitExposed(win)
        windows.append(win)
        return win, ctx

    yield make, store, paths
    for win in windows:
        win.close()
    store.close()


def test_the_first_run_shows_the_welcome_once(qtbot, setup) -> None:
    make, _store, paths = setup
    win, ctx = make()
    screen = win.stack.currentWidget()
    assert isinstance(screen, welcome.WelcomeScreen)
    texts = " ".join(w.text() for w in screen.findChildren(QLabel))
    for moment in ("Tonight", "In the night", "The morning"):
        assert by_name(screen, QLabel, moment).text()
        assert moment in texts
    assert "Cramp now" in by_name(screen, QLabel, "Where Cramp now is").text()
    assert "stays on this computer" in by_name(screen, QLabel, "Your diary stays here").text()
    # keyboard: the first button has focus, Tab reaches Skip, every button is named
    assert screen.focusProxy() is by_name(screen, QAbstractButton, "Start with tonight's routine")
    for b in screen.findChildren(QAbstractButton):
        assert b.accessibleName() and b.focusPolicy() & Qt.FocusPolicy.TabFocus
    # remembered at once in the settings file
    assert json.loads(paths.settings.read_text())["welcome_seen"] is True
    qtbot.mouseClick(
        by_name(screen, QAbstractButton, "Skip the welcome"), Qt.MouseButton.LeftButton
    )
    assert win.current_page_key == "tonight" and win.nav_buttons["tonight"].isChecked()
    assert not any(
        isinstance(win.stack.widget(i), welcome.WelcomeScreen) for i in range(win.stack.count())
    )
    win.close()
    again, _ctx = make()  # the next start: straight to the app
    assert not isinstance(again.stack.currentWidget(), welcome.WelcomeScreen)


def test_escape_skips_and_start_opens_tonight(qtbot, setup) -> None:
    make, _store, _paths = setup
    win, ctx = make()
    screen = win.stack.currentWidget()
    qtbot.keyClick(screen.start_button, Qt.Key.Key_Escape)
    assert win.current_page_key == "tonight"
    # the start button leads to tonight's routine
    ctx.update_settings(welcome_seen=False)
    screen = welcome.show_welcome(ctx, win)
    win.open_page("morning")  # the sidebar used instead of the buttons also dismisses it
    assert win.stack.indexOf(screen) < 0
    screen = welcome.show_welcome(ctx, win)
    qtbot.mouseClick(screen.start_button, Qt.MouseButton.LeftButton)
    assert win.current_page_key == "tonight"


def test_no_welcome_for_a_diary_already_in_use(qtbot, setup) -> None:
    make, store, _paths = setup
    store.save_night(Night(date(2026, 11, 19), sleep_quality=4))
    win, ctx = make()
    assert not isinstance(win.stack.currentWidget(), welcome.WelcomeScreen)
    assert ctx.settings.welcome_seen is False  # nothing written for it either


def test_old_settings_files_read_welcome_seen_as_false(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "night"}))
    assert load_settings(path) == Settings(theme="night")
    assert load_settings(path).welcome_seen is False
