"""Cramp now: the timer runs on the injected clock, easing + one tap logs the cramp."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from companion.core.diary import Cramp
from companion.core.store import Store
from companion.ui.context import AppContext
from companion.ui.cramp_now import BEFORE_PLACE, CrampNowWindow, format_elapsed, open_cramp_now
from tests.ui.helpers import by_name

OPENED = datetime(2026, 11, 21, 2, 10)  # a cramp at 02:10 belongs to the night of 20 Nov
NIGHT = date(2026, 11, 20)


def click(qtbot, root: QWidget, name: str) -> None:
    button = by_name(root, QAbstractButton, name)
    assert button.isVisible(), f"{name!r} is not shown"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def now() -> datetime:
    return OPENED.astimezone()


@pytest.fixture
def opened():
    """Guides opened by a test; closed at the end unless they already closed (and deleted)."""
    windows: list[CrampNowWindow] = []
    yield windows
    for window in windows:
        if shiboken6.isValid(window):
            window.close()


def open_guide(qtbot, ctx: AppContext, opened: list) -> CrampNowWindow:
    window = open_cramp_now(ctx, None)
    assert isinstance(window, CrampNowWindow)
    opened.append(window)
    window.close_delay_ms = 0
    qtbot.waitExposed(window)
    return window


def test_three_minute_calf_cramp_is_logged_with_one_tap(
    qtbot, ctx: AppContext, store: Store, opened
):
    messages: list[str] = []
    ctx.message.connect(messages.append)
    window = open_guide(qtbot, ctx, opened)
    assert window.isFullScreen() or window.isVisible()
    assert window.steps_label.text() == BEFORE_PLACE  # no place is assumed
    click(qtbot, window, "Calf")
    assert "toes toward you" in window.steps_label.text()

    click(qtbot, window, "Left leg")
    ctx.clock.advance(180)
    window.refresh()
    assert window.timer_label.text() == "3:00"
    click(qtbot, window, "It has eased")
    ctx.clock.advance(30)  # time spent choosing the number does not count
    click(qtbot, window, "Severity 6")

    night = store.get_night(NIGHT)
    assert night is not None and len(night.cramps) == 1
    cramp = night.cramps[0]
    assert (cramp.area, cramp.side, cramp.severity) == ("calf", "left", 6)
    assert cramp.duration_min == 3.0
    assert cramp.at == OPENED.astimezone()
    assert cramp.relief == ()  # nothing was tapped: nothing assumed
    assert night.red_flags == ()
    assert "Cramp logged for tonight." in messages
    assert window.pages.currentWidget() is window.done_page
    qtbot.waitUntil(lambda: not shiboken6.isValid(window) or not window.isVisible(), timeout=2000)


def test_place_changes_the_steps_and_the_logged_area(qtbot, ctx: AppContext, store: Store, opened):
    window = open_guide(qtbot, ctx, opened)
    click(qtbot, window, "Foot or toes")
    assert "arch" in window.steps_label.text()
    click(qtbot, window, "Thigh")
    assert "stretch that muscle" in window.steps_label.text()
    assert not by_name(
        window, QAbstractButton, "Place: Back of thigh"
    ).isChecked()  # nothing picked for you
    click(qtbot, window, "Place: Front of thigh")
    click(qtbot, window, "Both")
    ctx.clock.advance(75)
    click(qtbot, window, "It has eased")
    click(qtbot, window, "Helped: Walking")
    click(qtbot, window, "Severity 3")
    cramp = store.get_night(NIGHT).cramps[0]
    assert (cramp.area, cramp.side, cramp.duration_min) == ("thigh_front", "both", 1.2)
    assert cramp.relief == ("walk",)
    window.close()


def test_only_what_was_tapped_is_logged(qtbot, ctx: AppContext, store: Store, opened):
    """Issue 11: 'Foot or toes' pre-selected 'Foot arch' and relief was pre-set to stretching
    and massage; all of it flowed into the doctor report."""
    window = open_guide(qtbot, ctx, opened)
    click(qtbot, window, "Foot or toes")
    assert not by_name(window, QAbstractButton, "Place: Foot arch").isChecked()
    assert not by_name(window, QAbstractButton, "Place: Toes").isChecked()
    ctx.clock.advance(120)
    click(qtbot, window, "It has eased")
    assert not any(b.isChecked() for b in window.relief_picker.buttons.values())
    click(qtbot, window, "Severity 4")
    night = store.get_night(NIGHT)
    assert night.cramps == (
        Cramp("foot", None, 4, at=OPENED.astimezone(), duration_min=2.0, relief=()),
    )
    assert not store.has_morning_note(NIGHT)  # and the morning note is still to be written
    window.close()


def test_which_leg_is_asked_once_in_one_place_for_every_area(qtbot, ctx, opened) -> None:
    window = open_guide(qtbot, ctx, opened)
    asks = [w for w in window.findChildren(QLabel) if w.text() == "Which leg?"]
    assert len(asks) == 1
    for place in ("Calf", "Foot or toes", "Thigh"):
        click(qtbot, window, place)
        assert asks[0].isVisible() and by_name(window, QAbstractButton, "Left leg").isVisible()
    click(qtbot, window, "Right leg")
    click(qtbot, window, "Right leg")  # a second tap takes it back
    assert window.side is None
    window.close()


def test_it_started_earlier_moves_the_time_and_lengthens_the_cramp(
    qtbot, ctx: AppContext, store: Store, opened
):
    window = open_guide(qtbot, ctx, opened)
    click(qtbot, window, "Calf")
    click(qtbot, window, "Started about 10 minutes ago")
    window.refresh()
    assert window.timer_label.text() == "10:00"
    assert window.medical_label.isVisible()  # ten minutes in all: the calm advice shows
    click(qtbot, window, "Started about 5 minutes ago")  # a change of mind
    window.refresh()
    assert window.timer_label.text() == "5:00" and window.medical_label.isHidden()
    ctx.clock.advance(90)
    click(qtbot, window, "It has eased")
    click(qtbot, window, "Severity 7")
    cramp = store.get_night(NIGHT).cramps[0]
    assert cramp.at == OPENED.astimezone() - timedelta(minutes=5)
    assert cramp.duration_min == 6.5
    window.close()


def test_a_place_is_asked_when_none_was_tapped(qtbot, ctx: AppContext, store: Store, opened):
    window = open_guide(qtbot, ctx, opened)
    click(qtbot, window, "It has eased")
    click(qtbot, window, "Severity 3")
    assert "Where was it?" in window.ease_hint.text()
    assert store.get_night(NIGHT) is None
    click(qtbot, window, "It was in the calf")
    click(qtbot, window, "Severity 3")
    assert store.get_night(NIGHT).cramps[0].area == "calf"
    window.close()


def test_past_ten_minutes_it_says_to_seek_help_and_flags_the_night(
    qtbot, ctx: AppContext, store: Store, opened
):
    window = open_guide(qtbot, ctx, opened)
    click(qtbot, window, "Calf")
    click(qtbot, window, "Right leg")
    ctx.clock.advance(9 * 60 + 59)
    window.refresh()
    assert window.medical_label.isHidden()
    ctx.clock.advance(2)
    window.refresh()
    assert window.medical_label.isVisible()
    assert "medical help" in window.medical_label.text()
    ctx.clock.advance(60)
    window.refresh()
    assert window.medical_label.isVisible()  # the text stays
    click(qtbot, window, "It has eased")
    click(qtbot, window, "Severity 8")
    night = store.get_night(NIGHT)
    assert night.red_flags == ("long_cramp",)
    assert night.cramps[0].duration_min == 11.0
    window.close()


def test_escape_asks_whether_to_log(qtbot, ctx: AppContext, store: Store, opened):
    window = open_guide(qtbot, ctx, opened)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.confirm_page
    click(qtbot, window, "Keep the guide open")
    assert window.pages.currentWidget() is window.guide_page
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    click(qtbot, window, "Close without logging")
    assert not shiboken6.isValid(window) or not window.isVisible()
    assert store.get_night(NIGHT) is None


def test_a_second_open_brings_the_same_guide_forward(qtbot, ctx: AppContext, opened):
    window = open_guide(qtbot, ctx, opened)
    assert open_cramp_now(ctx, None) is window
    window.close()


def test_a_failed_log_keeps_the_guide_open(qtbot, ctx: AppContext, store: Store, opened):
    window = open_guide(qtbot, ctx, opened)
    click(qtbot, window, "Calf")
    click(qtbot, window, "Left leg")
    ctx.clock.advance(60)
    click(qtbot, window, "It has eased")
    store.close()
    click(qtbot, window, "Severity 5")
    assert "could not be saved" in window.save_error.text()
    assert window.isVisible() and window.pages.currentWidget() is window.ease_page
    window.close()


def test_format_elapsed() -> None:
    assert format_elapsed(0) == "0:00"
    assert format_elapsed(187.9) == "3:07"
    assert format_elapsed(3725) == "1:02:05"


def test_the_severity_question_names_the_one_pain_scale(qtbot, ctx: AppContext, opened) -> None:
    """Issue 11: the app asked 1-10 while charts and the report said 0-10."""
    from companion.core.wording import PAIN_SCALE

    window = open_guide(qtbot, ctx, opened)
    asks = [w.text() for w in window.findChildren(QLabel) if "How bad" in w.text()]
    assert asks and all(PAIN_SCALE in text for text in asks)
