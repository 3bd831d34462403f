"""Tray controller: reminders in the window when there is no tray, the menu, the window icon."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QPushButton, QSystemTrayIcon

from companion.core.diary import Cramp, Night, RoutineSession
from companion.core.settings import Settings
from companion.ui import theme, tray
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow
from tests.ui.helpers import by_name

BERLIN = ZoneInfo("Europe/Berlin")
FRIDAY_EVENING = datetime(2026, 11, 20, 21, 50, tzinfo=BERLIN)  # reminder due at 22:00


@pytest.fixture
def now() -> datetime:
    return FRIDAY_EVENING


@pytest.fixture
def settings() -> Settings:
    return Settings(bedtime="22:30", reminder_lead_min=30, morning_reminder="08:30")


@pytest.fixture
def window(qtbot, ctx: AppContext):
    theme.apply_theme(QApplication.instance(), "night")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    controller = tray.install(ctx, win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    controller.shutdown()
    win.close()


def tick(controller: tray.TrayController) -> None:
    """What the 30-second timer does; emitted directly so no test waits for real time."""
    controller.timer.timeout.emit()


def test_offscreen_has_no_tray_and_the_controller_is_a_service(window, ctx) -> None:
    controller = ctx.tray
    assert isinstance(controller, tray.TrayController)
    assert "close_to_tray" not in vars(window)  # the tray attaches nothing to the window
    assert QSystemTrayIcon.isSystemTrayAvailable() is False
    assert controller.tray is None
    assert controller.timer.isActive() and controller.timer.interval() == 30_000


def test_bedtime_reminder_appears_in_the_window_and_starts_the_routine(
    qtbot, window, ctx, clock
) -> None:
    controller = ctx.tray
    window.open_page("learn")
    tick(controller)
    assert not window.banner.isVisible()  # 21:50: not yet
    clock.advance(11 * 60)
    tick(controller)
    assert window.banner.isVisible()
    assert window.banner.text.text().startswith("It's almost bedtime. Your routine takes about")
    qtbot.mouseClick(by_name(window, QPushButton, "Start routine"), Qt.MouseButton.LeftButton)
    assert window.current_page_key == "tonight"
    assert not window.banner.isVisible()


def test_a_reminder_is_shown_once(window, ctx, clock) -> None:
    controller = ctx.tray
    shown = []
    controller.reminded.connect(shown.append)
    for _ in range(40):  # 20 minutes of ticks around the reminder time
        clock.advance(30)
        tick(controller)
    assert [r.kind for r in shown] == ["bedtime"]


def test_the_text_names_the_chosen_routines_length(window, ctx, clock) -> None:
    controller = ctx.tray
    standard = controller.routine_minutes()
    ctx.update_settings(routine="Gentle — flare day")
    gentle = controller.routine_minutes()
    assert 8 <= standard <= 12 and 4 <= gentle <= 6
    clock.advance(11 * 60)
    tick(controller)
    assert f"about {gentle} minutes" in window.banner.text.text()


def test_no_bedtime_reminder_after_a_completed_routine(window, ctx, clock, store) -> None:
    start = FRIDAY_EVENING - timedelta(minutes=30)
    store.record_routine_session(
        RoutineSession("Standard wind-down", start, start + timedelta(minutes=11), True)
    )
    controller = ctx.tray
    clock.advance(15 * 60)
    assert controller.check() == []
    assert not window.banner.isVisible()


def test_morning_reminder_opens_the_note_unless_it_is_written(qtbot, window, ctx, clock, store):
    controller = ctx.tray
    clock.set_wall(datetime(2026, 11, 21, 8, 29, tzinfo=BERLIN))
    tick(controller)  # the bedtime reminder is long past: dropped, not shown
    assert not window.banner.isVisible()
    clock.advance(90)
    tick(controller)
    assert window.banner.text.text().startswith("Good morning.")
    qtbot.mouseClick(by_name(window, QPushButton, "Write morning note"), Qt.MouseButton.LeftButton)
    assert window.current_page_key == "morning"
    # the next morning, with the note already written: no reminder
    store.save_night(Night(night=date(2026, 11, 21), sleep_quality=4), morning_note=True)
    clock.set_wall(datetime(2026, 11, 22, 8, 0, tzinfo=BERLIN))
    tick(controller)
    clock.advance(3600)
    assert controller.check() == []


def test_a_cramp_logged_in_the_night_does_not_skip_the_morning_reminder(
    window, ctx, clock, store
) -> None:
    """Cramp now at 3 am makes a night record; the note is still to be written at 08:30."""
    controller = ctx.tray
    clock.set_wall(datetime(2026, 11, 21, 3, 0, tzinfo=BERLIN))
    tick(controller)
    store.add_cramp(Cramp("calf", "left", 7, at=datetime(2026, 11, 21, 3, 0, tzinfo=BERLIN)))
    clock.set_wall(datetime(2026, 11, 21, 8, 29, tzinfo=BERLIN))
    tick(controller)
    clock.advance(90)
    assert [r.kind for r in controller.check()] == ["morning"]
    assert window.banner.text.text().startswith("Good morning.")


def test_sleeping_through_three_evenings_gives_one_reminder(window, ctx, clock) -> None:
    controller = ctx.tray
    ctx.update_settings(morning_reminder_enabled=False)
    shown = []
    controller.reminded.connect(shown.append)
    clock.suspend(3 * 24 * 3600 + 15 * 60)  # the laptop slept until Monday 22:05
    tick(controller)
    assert [(r.kind, r.night) for r in shown] == [("bedtime", date(2026, 11, 23))]


def test_settings_change_replans_at_once(window, ctx, clock) -> None:
    controller = ctx.tray
    bed, _morning = controller.next_reminders()
    assert bed is not None and bed.at.strftime("%H:%M") == "22:00"
    ctx.update_settings(bedtime="23:15", reminder_lead_min=15)
    bed, _morning = controller.next_reminders()
    assert bed is not None and bed.at.strftime("%H:%M") == "23:00"
    ctx.update_settings(reminder_enabled=False)
    assert controller.next_reminders()[0] is None
    clock.advance(3 * 3600)
    assert controller.check() == []


def test_tray_menu_entries_open_their_pages(window, ctx, monkeypatch) -> None:
    controller = ctx.tray
    names = [a.text() for a in controller.menu.actions() if not a.isSeparator()]
    assert names == [
        "Start tonight's routine",
        "Postpone 15 minutes",
        "Not tonight",
        "Cramp now",
        "Morning note",
        "Open",
        "Quit",
    ]
    # only while a bedtime reminder waits for an answer
    assert not controller.action("postpone").isEnabled()
    assert not controller.action("not_tonight").isEnabled()
    controller.action("morning").trigger()
    assert window.current_page_key == "morning"
    controller.action("start").trigger()
    assert window.current_page_key == "tonight"
    assert window.page("tonight").controller.running  # started, not just shown
    window.hide()
    controller.action("open").trigger()
    assert window.isVisible()
    quits = []
    monkeypatch.setattr(window, "quit_app", lambda: quits.append(True))
    controller.action("quit").trigger()
    assert quits == [True]
    opened = []
    monkeypatch.setattr(window, "show_cramp_now", lambda: opened.append(True))
    controller.action("cramp_now").trigger()
    assert opened == [True]


def test_without_a_tray_closing_the_window_really_closes(window, ctx) -> None:
    ctx.update_settings(keep_in_tray=True)
    assert ctx.tray.close_to_tray() is False  # nothing could bring the window back
    window.close()
    assert not window.isVisible()


def test_window_icon_is_the_app_icon(window) -> None:
    icon = QApplication.instance().windowIcon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64
    centre = QColor(image.pixel(32, 32))
    corner = QColor.fromRgba(image.pixel(0, 0))
    assert corner.alpha() == 0  # rounded square on a transparent ground
    assert centre.alpha() == 255


def test_a_reminder_for_a_hidden_window_brings_it_forward(window, ctx, clock) -> None:
    controller = ctx.tray
    window.hide()
    clock.advance(11 * 60)
    tick(controller)
    assert window.isVisible() and window.banner.isVisible()


def test_travelling_to_another_time_zone_replans(window, ctx, clock) -> None:
    controller = ctx.tray
    new_york = ZoneInfo("America/New_York")
    clock.set_wall(datetime(2026, 11, 20, 18, 0, tzinfo=new_york))
    tick(controller)
    bed, _ = controller.next_reminders()
    assert bed is not None and bed.at == datetime(2026, 11, 20, 22, 0, tzinfo=new_york)


def test_postpone_15_minutes_brings_the_bedtime_reminder_back_later(
    qtbot, window, ctx, clock
) -> None:
    """Issue 11: "Postpone 15 minutes" and "Not tonight", as users of break timers expect."""
    controller = ctx.tray
    shown = []
    controller.reminded.connect(shown.append)
    clock.advance(11 * 60)  # 22:01
    tick(controller)
    assert window.banner.isVisible() and controller.action("postpone").isEnabled()
    qtbot.mouseClick(by_name(window, QPushButton, "Postpone 15 minutes"), Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible() and len(shown) == 1
    for _ in range(28):  # 14 minutes: not yet
        clock.advance(30)
        tick(controller)
    assert len(shown) == 1
    for _ in range(4):
        clock.advance(30)
        tick(controller)
    assert len(shown) == 2 and shown[1].night == shown[0].night
    assert window.banner.isVisible()
    assert shown[1].at - shown[0].at >= timedelta(minutes=15)


def test_not_tonight_silences_this_nights_bedtime_reminder_only(qtbot, window, ctx, clock) -> None:
    controller = ctx.tray
    shown = []
    controller.reminded.connect(shown.append)
    clock.advance(11 * 60)
    tick(controller)
    controller.action("postpone").trigger()  # put off once, then declined
    clock.advance(16 * 60)
    tick(controller)
    assert len(shown) == 2
    qtbot.mouseClick(by_name(window, QPushButton, "Not tonight"), Qt.MouseButton.LeftButton)
    assert not controller.action("not_tonight").isEnabled()
    for _ in range(120):  # the rest of the evening
        clock.advance(60)
        tick(controller)
    assert [r.kind for r in shown] == ["bedtime", "bedtime"]
    clock.set_wall(datetime(2026, 11, 21, 22, 1, tzinfo=BERLIN))  # the next evening
    tick(controller)
    assert [r.kind for r in shown][-1] == "bedtime" and shown[-1].night.day == 21
