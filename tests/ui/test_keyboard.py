"""Keyboard only: Ctrl+S and Ctrl+Enter save the morning note from anywhere on the page, and
every choice in Cramp now is reached with Tab (and with the arrow keys along a row)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from companion.core.store import Store
from companion.ui.context import AppContext
from companion.ui.cramp_now import open_cramp_now
from companion.ui.diary_view import MorningPage, create_page

NIGHT = date(2026, 11, 20)


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 21, 7, 30).astimezone()


def morning(qtbot, ctx: AppContext) -> MorningPage:
    page = create_page(ctx)
    assert isinstance(page, MorningPage)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page, timeout=2000)
    return page


@pytest.mark.parametrize("keys", ["Ctrl+S", "Ctrl+Return", "Ctrl+Enter"])
def test_a_shortcut_saves_the_morning_note(qtbot, ctx: AppContext, store: Store, keys) -> None:
    page = morning(qtbot, ctx)
    page.quality_buttons[4].setFocus()
    qtbot.keyClick(page.quality_buttons[4], Qt.Key.Key_Space)  # choose "Good" by keyboard
    assert page.quality_buttons[4].isChecked()
    assert store.get_night(NIGHT) is None
    key = {"Ctrl+S": Qt.Key.Key_S, "Ctrl+Return": Qt.Key.Key_Return}.get(keys, Qt.Key.Key_Enter)
    modifiers = Qt.KeyboardModifier.ControlModifier
    if keys == "Ctrl+Enter":
        modifiers |= Qt.KeyboardModifier.KeypadModifier
    qtbot.keyClick(QApplication.focusWidget(), key, modifiers)
    saved = store.get_night(NIGHT)
    assert saved is not None and saved.sleep_quality == 4


def test_ctrl_enter_saves_even_from_the_notes_box(qtbot, ctx: AppContext, store: Store) -> None:
    page = morning(qtbot, ctx)
    page.quality_buttons[3].click()
    page.more_button.click()
    page.notes_edit.setFocus()
    qtbot.keyClicks(page.notes_edit, "slept on my side")
    qtbot.keyClick(page.notes_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = store.get_night(NIGHT)
    assert saved is not None and saved.notes == "slept on my side"


def _tab_chain(window: QWidget, limit: int = 200) -> list[QWidget]:
    first = QApplication.focusWidget()
    chain = [first]
    for _ in range(limit):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is first or now is None:
            break
        chain.append(now)
    return chain


def _choices(page: QWidget) -> list[QAbstractButton]:
    return [b for b in page.findChildren(QAbstractButton) if b.isVisible() and b.isEnabled()]


def test_every_cramp_now_choice_is_reached_with_tab(qtbot, ctx: AppContext) -> None:
    guide = open_cramp_now(ctx, None)
    qtbot.addWidget(guide)
    qtbot.waitExposed(guide)
    guide.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is guide, timeout=2000)
    guide.place_buttons["foot"].click()  # its exact parts appear
    guide.eased_button.setFocus()
    reached = set(_tab_chain(guide))
    missing = [b.accessibleName() for b in _choices(guide.guide_page) if b not in reached]
    assert missing == []
    guide.mark_eased()
    QApplication.processEvents()
    guide.severity_buttons[1].setFocus()
    reached = set(_tab_chain(guide))
    missing = [b.accessibleName() for b in _choices(guide.ease_page) if b not in reached]
    assert missing == []
    guide.close()


def test_arrow_keys_walk_along_a_row_of_cramp_now_choices(qtbot, ctx: AppContext) -> None:
    guide = open_cramp_now(ctx, None)
    qtbot.addWidget(guide)
    qtbot.waitExposed(guide)
    guide.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is guide, timeout=2000)
    places = list(guide.place_buttons.values())
    places[0].setFocus()
    for expected in places[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
        assert QApplication.focusWidget() is expected
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert QApplication.focusWidget() is places[-2]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)  # Space chooses the focused one
    assert places[-2].isChecked()
    guide.close()
