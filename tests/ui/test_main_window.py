"""The shell: navigation by accessible name and shortcut, remembered geometry, themes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from companion.core.clock import FakeClock
from companion.core.settings import load_settings
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import PAGES, MainWindow
from companion.ui.page import Page
from tests.ui.helpers import by_name


@pytest.fixture
def persist_settings() -> bool:
    return True  # the remembered geometry is read back from the settings file


@pytest.fixture
def window(qtbot, ctx: AppContext) -> MainWindow:
    theme.apply_theme(QApplication.instance(), "night")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def test_learn_page_by_click_shows_real_content(qtbot, window: MainWindow) -> None:
    qtbot.mouseClick(by_name(window, QPushButton, "Learn"), Qt.MouseButton.LeftButton)
    assert window.current_page_key == "learn"
    page = window.page("learn")
    tip_before = page.tip_label.text()
    qtbot.mouseClick(by_name(page, QPushButton, "Next tip"), Qt.MouseButton.LeftButton)
    assert page.tip_label.text() != tip_before
    texts = " ".join(lbl.text() for lbl in page.findChildren(type(page.tip_label)))
    assert "central sensitisation" in texts or "nervous system" in texts
    assert "not a treatment" in texts


def test_every_page_has_a_shortcut(qtbot, window: MainWindow) -> None:
    for index, spec in enumerate(PAGES, start=1):
        assert spec.shortcut == f"Ctrl+{index}"
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.current_page_key == spec.key
        assert window.nav_buttons[spec.key].isChecked()


def test_trends_page_is_built_only_when_opened(window: MainWindow) -> None:
    window.open_page("learn")
    built = {type(w).__name__ for w in window.findChildren(QWidget)}
    assert "LearnPage" in built and "TrendsPage" not in built


def test_geometry_is_remembered(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 580)  # fits the 800x600 offscreen screen
    first.move(10, 10)
    expected = (first.width(), first.height())
    first.close()
    saved = load_settings(ctx.paths.settings)
    assert saved.window_geometry
    ctx2 = AppContext(ctx.paths, saved, None, FakeClock())
    second = MainWindow(ctx2)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == expected
    assert expected != (1100, 760)  # not just the default size


def test_the_first_window_fits_the_screen_it_opens_on(qtbot, ctx: AppContext) -> None:
    """No saved size yet: the 1100x760 first size is bounded by the offscreen screen, which is
    narrower (a small screen, or no window manager to shrink a window that is too big)."""
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry().size()
    assert room.width() < 1100
    assert window.width() == room.width() and window.height() == min(760, room.height())


def test_notice_banner_shows_and_runs_its_action(qtbot, window: MainWindow) -> None:
    ran: list[bool] = []
    window.show_notice("It's almost bedtime.", "Start routine", lambda: ran.append(True))
    assert window.banner.isVisible()
    qtbot.mouseClick(by_name(window, QPushButton, "Start routine"), Qt.MouseButton.LeftButton)
    assert ran == [True]
    assert not window.banner.isVisible()


def test_theme_setting_switches_palette_at_once(qtbot, window: MainWindow, ctx) -> None:
    app = QApplication.instance()
    ctx.update_settings(theme="day")
    day_bg = app.palette().color(QPalette.ColorRole.Window).name()
    ctx.update_settings(theme="night")
    night_bg = app.palette().color(QPalette.ColorRole.Window).name()
    assert day_bg == theme.DAY.window and night_bg == theme.NIGHT.window
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() < 40


def test_auto_theme_follows_the_clock() -> None:
    from datetime import datetime

    assert theme.resolve_mode("auto", datetime(2026, 11, 20, 22, 30)) == "night"
    assert theme.resolve_mode("auto", datetime(2026, 11, 21, 3, 0)) == "night"
    assert theme.resolve_mode("auto", datetime(2026, 11, 21, 9, 0)) == "day"
    assert theme.resolve_mode("day", datetime(2026, 11, 21, 23, 0)) == "day"


def test_text_scales_with_the_system_font(qtbot, window: MainWindow, ctx) -> None:
    app = QApplication.instance()
    normal = app.font().pointSizeF()
    ctx.update_settings(large_text=True)
    large = app.font().pointSizeF()
    ctx.update_settings(large_text=False)
    assert large > normal >= theme.base_point_size(app) * 1.2


def test_night_palette_is_dim_and_warm() -> None:
    from PySide6.QtGui import QColor

    bg, text = QColor(theme.NIGHT.window), QColor(theme.NIGHT.text)
    assert bg.lightness() < 30
    assert text.lightness() < 230  # no glaring white
    assert text.red() >= text.blue()  # warm, little blue light


def test_every_page_is_a_page_the_window_calls_directly(window: MainWindow) -> None:
    for spec in PAGES:
        assert isinstance(window.page(spec.key), Page), spec.key


def test_the_last_page_is_saved_through_the_settings_on_close(qtbot, ctx: AppContext) -> None:
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.show()
    before = ctx.settings
    win.open_page("morning")
    assert ctx.settings is before and before.last_page == "tonight"  # nothing edited in place
    win.close()
    assert load_settings(ctx.paths.settings).last_page == "morning"
    assert ctx.settings.last_page == "morning"
