"""Settings page: every control writes through at once and is found by its accessible name."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, Qt, QTime, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QTimeEdit,
)

from companion.core.settings import Settings, load_settings
from companion.desktop import DESKTOP_FILE
from companion.ui import settings_view, theme, tray
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow
from tests.ui.helpers import by_name

BERLIN = ZoneInfo("Europe/Berlin")


def click(qtbot, widget) -> None:
    """Click where a user would: a check box or radio on its box, a button in its middle."""
    pos = widget.rect().center()
    if isinstance(widget, QCheckBox | QRadioButton):
        pos = QPoint(12, widget.height() // 2)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 20, 19, 0, tzinfo=BERLIN)


@pytest.fixture
def settings() -> Settings:
    return Settings(theme="night")


@pytest.fixture
def persist_settings() -> bool:
    return True  # every control writes through to the settings file


@pytest.fixture
def page(qtbot, ctx: AppContext):
    theme.apply_theme(QApplication.instance(), "night")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    controller = tray.install(ctx, win)
    win.open_page("settings")
    win.show()
    qtbot.waitExposed(win)
    yield win.page("settings")
    controller.shutdown()
    win.close()


def test_controls_show_the_current_settings(page) -> None:
    assert by_name(page, QTimeEdit, "Bedtime").time() == QTime(22, 30)
    assert by_name(page, QComboBox, "Minutes before bedtime").currentText() == "30 minutes before"
    assert by_name(page, QCheckBox, "Remind me before bedtime").isChecked()
    assert by_name(page, QTimeEdit, "Morning reminder time").time() == QTime(8, 30)
    assert by_name(page, QSlider, "Sound volume").value() == 60
    assert by_name(page, QRadioButton, "Night theme").isChecked()
    assert by_name(page, QPushButton, "Monday nights").text() == "\u2713 Mon"
    next_line = by_name(page, QLabel, "Next bedtime reminder").text()
    assert next_line == "Next bedtime reminder: tonight at 22:00."


def test_theme_radio_switches_the_palette_at_once(qtbot, page, ctx) -> None:
    app = QApplication.instance()
    click(qtbot, by_name(page, QRadioButton, "Day theme"))
    assert ctx.settings.theme == "day"
    assert app.palette().color(QPalette.ColorRole.Window).name() == theme.DAY.window
    click(qtbot, by_name(page, QRadioButton, "Night theme"))
    assert app.palette().color(QPalette.ColorRole.Window).name() == theme.NIGHT.window
    assert load_settings(ctx.paths.settings).theme == "night"  # saved too


def test_volume_and_mute_reach_the_settings(qtbot, page, ctx) -> None:
    slider = by_name(page, QSlider, "Sound volume")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert ctx.settings.sound_volume == 65
    assert "65%" in [w.text() for w in page.findChildren(QLabel)]
    click(qtbot, by_name(page, QCheckBox, "Mute all sounds"))
    assert ctx.settings.muted is True
    assert not slider.isEnabled()  # muted is visible, not only a tick
    assert load_settings(ctx.paths.settings).sound_volume == 65
    click(qtbot, by_name(page, QCheckBox, "Spoken guidance"))
    assert ctx.settings.voice is True


def test_nights_bedtime_and_lead_change_the_plan(qtbot, page, ctx) -> None:
    saturday = by_name(page, QPushButton, "Saturday nights")
    click(qtbot, saturday)
    assert 5 not in ctx.settings.bedtime_days
    assert saturday.text() == "Sat"  # the tick goes, so colour is not the only sign
    by_name(page, QTimeEdit, "Bedtime").setTime(QTime(22, 45))
    click(qtbot, by_name(page, QPushButton, "Bedtime 15 minutes later"))
    lead = by_name(page, QComboBox, "Minutes before bedtime")
    lead.setCurrentIndex(lead.findText("45 minutes before"))
    assert (ctx.settings.bedtime, ctx.settings.reminder_lead_min) == ("23:00", 45)
    assert ctx.tray.next_reminders()[0].at.strftime("%H:%M") == "22:15"
    assert by_name(page, QLabel, "Next bedtime reminder").text().endswith("tonight at 22:15.")
    click(qtbot, by_name(page, QCheckBox, "Remind me before bedtime"))
    assert ctx.settings.reminder_enabled is False
    assert not by_name(page, QComboBox, "Minutes before bedtime").isEnabled()
    assert by_name(page, QLabel, "Next bedtime reminder").text() == "The bedtime reminder is off."


def test_lead_offers_plain_choices_and_keeps_an_odd_saved_value(page, ctx) -> None:
    lead = by_name(page, QComboBox, "Minutes before bedtime")
    texts = [lead.itemText(i) for i in range(lead.count())]
    assert texts[0] == "at bedtime" and "1 hour before" in texts and "2 hours before" in texts
    ctx.update_settings(reminder_lead_min=37)  # hand-edited settings file
    assert lead.currentText() == "37 minutes before"


def test_morning_reminder_settings(qtbot, page, ctx) -> None:
    edit = by_name(page, QTimeEdit, "Morning reminder time")
    edit.setFocus()
    qtbot.keyClicks(edit, "0715")
    assert ctx.settings.morning_reminder == "07:15"
    click(qtbot, by_name(page, QPushButton, "Morning reminder 15 minutes earlier"))
    click(qtbot, by_name(page, QPushButton, "Morning reminder 15 minutes later"))
    assert by_name(page, QLabel, "Next morning reminder").text().endswith("tomorrow at 07:15.")
    click(qtbot, by_name(page, QCheckBox, "Morning note reminder"))
    assert ctx.settings.morning_reminder_enabled is False


def test_default_routine_lists_the_library(page, ctx) -> None:
    combo = by_name(page, QComboBox, "Default routine")
    names = [combo.itemText(i) for i in range(combo.count())]
    assert names[:3] == ["Standard wind-down", "Gentle — flare day", "Foot focus"]
    combo.setCurrentIndex(2)
    assert ctx.settings.routine == "Foot focus"


def test_large_text_grows_the_font(qtbot, page, ctx) -> None:
    before = QApplication.instance().font().pointSizeF()
    click(qtbot, by_name(page, QCheckBox, "Large text"))
    assert ctx.settings.large_text is True
    assert QApplication.instance().font().pointSizeF() > before
    click(qtbot, by_name(page, QCheckBox, "Large text"))


def test_keep_in_tray_is_disabled_with_a_reason_when_there_is_no_tray(page) -> None:
    box = by_name(page, QCheckBox, "Keep running in the tray")
    assert not box.isEnabled()
    assert page.tray_reason.isVisible()
    assert page.tray_reason.text() == settings_view.NO_TRAY_REASON


def test_start_at_login_writes_the_autostart_entry(qtbot, page, ctx) -> None:
    autostart = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / DESKTOP_FILE
    box = by_name(page, QCheckBox, "Start at login")
    click(qtbot, box)
    assert ctx.settings.start_at_login is True and autostart.is_file()
    click(qtbot, box)
    assert ctx.settings.start_at_login is False and not autostart.exists()


def test_start_at_login_failure_is_calm_and_changes_nothing(
    qtbot, page, ctx, tmp_path, monkeypatch
) -> None:
    blocker = tmp_path / "blocked"
    blocker.write_text("not a folder")
    page.places = type(page.places)(blocker / "a", blocker / "i", blocker / "autostart")
    messages = []
    ctx.message.connect(messages.append)
    box = by_name(page, QCheckBox, "Start at login")
    click(qtbot, box)
    assert not box.isChecked() and ctx.settings.start_at_login is False
    assert messages and messages[-1].startswith("Start at login could not be changed")


def test_menu_entry_buttons(qtbot, page) -> None:
    entry = Path(os.environ["XDG_DATA_HOME"]) / "applications" / DESKTOP_FILE
    state = by_name(page, QLabel, "Applications menu entry")
    assert "not in your applications menu" in state.text()
    click(qtbot, by_name(page, QPushButton, "Add to applications menu"))
    assert entry.is_file()
    assert state.text() == "Bedtime Companion is in your applications menu."
    click(qtbot, by_name(page, QPushButton, "Remove from applications menu"))
    assert not entry.exists()
    assert not by_name(page, QPushButton, "Remove from applications menu").isEnabled()


def test_open_folder_asks_the_desktop(qtbot, page, ctx, monkeypatch) -> None:
    opened = []

    class FakeServices:
        @staticmethod
        def openUrl(url) -> bool:  # noqa: N802 (Qt's name)
            opened.append(url.toLocalFile())
            return False

    monkeypatch.setattr(settings_view, "QDesktopServices", FakeServices)
    messages = []
    ctx.message.connect(messages.append)
    assert by_name(page, QLabel, "Diary folder").text() == str(ctx.paths.data_dir)
    click(qtbot, by_name(page, QPushButton, "Open diary folder"))
    assert opened == [str(ctx.paths.data_dir)]
    assert messages == [f"The folder could not be opened here. It is {ctx.paths.data_dir}"]


def test_changes_made_elsewhere_show_without_writing_back(page, ctx) -> None:
    writes = []
    ctx.settings_changed.connect(writes.append)
    ctx.update_settings(muted=True, sound_volume=20)
    assert by_name(page, QCheckBox, "Mute all sounds").isChecked()
    assert by_name(page, QSlider, "Sound volume").value() == 20
    assert len(writes) == 1  # loading the controls did not echo another change


def test_night_buttons_wrap_instead_of_clipping_when_narrow(qtbot, ctx) -> None:
    page = settings_view.create_page(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitUntil(lambda: page.days_row.per_row == 7)
    page.resize(520, 700)
    qtbot.waitUntil(lambda: page.days_row.per_row < 7)
    for b in page.day_buttons:
        assert b.width() >= b.sizeHint().width(), b.text()  # no clipped "✓ Mon"
    page.close()


def test_next_bedtime_line_moves_on_once_the_reminder_time_has_passed(page, ctx) -> None:
    """Issue 11: "Next bedtime reminder: tonight at 18:15" stayed on screen after 18:15."""
    ctx.update_settings(bedtime="18:45", reminder_lead_min=30)
    ctx.clock.set_wall(datetime(2026, 11, 20, 18, 0, tzinfo=BERLIN))
    page.on_page_shown()
    line = by_name(page, QLabel, "Next bedtime reminder")
    assert line.text() == "Next bedtime reminder: tonight at 18:15."
    ctx.clock.set_wall(datetime(2026, 11, 20, 18, 20, tzinfo=BERLIN))
    refresh = page.findChild(QTimer, "Next reminder refresh")
    assert refresh is not None and refresh.isActive() and refresh.interval() <= 60_000
    refresh.timeout.emit()
    assert line.text() == "Next bedtime reminder: tomorrow at 18:15."


# ---- language ---------------------------------------------------------------------------------


def test_language_choices_are_named_in_themselves_with_ids_in_the_data(page) -> None:
    box = by_name(page, QComboBox, "Language")
    data = [box.itemData(i) for i in range(box.count())]
    texts = [box.itemText(i) for i in range(box.count())]
    assert data == ["system", "en", "es", "de"]
    assert texts[1:] == ["English", "Español", "Deutsch"]
    assert texts[0].startswith("System (") and texts[0].endswith(")")
    assert box.currentData() == "system"  # the default follows the computer


def test_system_choice_says_which_language_the_system_means(ctx, qtbot, monkeypatch) -> None:
    monkeypatch.setenv("LANGUAGE", "de_DE")
    built = settings_view.SettingsPage(ctx)
    qtbot.addWidget(built)
    assert by_name(built, QComboBox, "Language").itemText(0) == "System (Deutsch)"


def test_a_system_set_to_the_pseudo_locale_is_named_in_it(ctx, qtbot, monkeypatch) -> None:
    from companion.core import i18n

    monkeypatch.setenv("LANGUAGE", "pseudo")
    built = settings_view.SettingsPage(ctx)
    qtbot.addWidget(built)
    system = by_name(built, QComboBox, "Language").itemText(0)
    assert system == f"System ({i18n.pseudo('Pseudo-locale')})"


def test_choosing_a_language_saves_it_and_restart_now_asks_for_a_restart(page, ctx) -> None:
    asked: list[object] = []
    quits: list[bool] = []
    page.ask_restart = lambda parent: asked.append(parent) or True
    ctx.quit_app = lambda: quits.append(True)
    box = by_name(page, QComboBox, "Language")
    box.setCurrentIndex(box.findData("de"))
    assert ctx.settings.language == "de"
    assert load_settings(ctx.paths.settings).language == "de"  # saved before any restart
    assert asked == [page]
    assert ctx.restart_requested and quits == [True]


def test_later_keeps_the_app_running_with_the_new_setting_saved(page, ctx) -> None:
    quits: list[bool] = []
    page.ask_restart = lambda parent: False
    ctx.quit_app = lambda: quits.append(True)
    box = by_name(page, QComboBox, "Language")
    box.setCurrentIndex(box.findData("es"))
    assert load_settings(ctx.paths.settings).language == "es"
    assert not ctx.restart_requested and quits == []


def test_a_choice_meaning_the_language_in_use_offers_no_restart(page, ctx) -> None:
    asked: list[object] = []
    page.ask_restart = lambda parent: asked.append(parent) or True
    box = by_name(page, QComboBox, "Language")
    box.setCurrentIndex(box.findData("en"))  # the tests run in English
    assert ctx.settings.language == "en"
    assert asked == [] and not ctx.restart_requested


def test_restart_question_offers_restart_now_and_later(qtbot) -> None:
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            QTimer.singleShot(10, answer)  # exec() has not shown it yet
            return
        seen.append((box.text(), [b.accessibleName() for b in box.buttons()]))
        next(b for b in box.buttons() if b.accessibleName() == "Later").click()

    QTimer.singleShot(0, answer)
    assert settings_view.ask_restart(None) is False
    text, buttons = seen[0]
    assert "starts again" in text and sorted(buttons) == ["Later", "Restart now"]
