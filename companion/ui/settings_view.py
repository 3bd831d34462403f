"""The Settings page: reminders, sound, look, routine and this computer.

Every control writes through ``ctx.update_settings`` the moment it changes, so the theme, the
reminder plan and the sound follow at once; there is no Save button to forget. When settings
change elsewhere (the player's mute button, say) the page updates its controls without writing
them back.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, QTime, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSlider,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from companion import APP_NAME, desktop
from companion.core import i18n
from companion.core.i18n import N_, _, counted, number, percent, pgettext
from companion.core.reminders import Reminders, describe_next, zone_of
from companion.core.settings import Settings
from companion.ui.context import AppContext
from companion.ui.page import BesideTheSidebar
from companion.ui.time_field import TimeField
from companion.ui.widgets import WrappingCheckBox, WrappingGrid, button, card, label

NEXT_REFRESH_MS = 30_000  # the "next reminder" line follows the clock while Settings is open
DAY_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
# The accessible names of the day buttons: each a whole phrase, so a translator can order it.
DAY_NIGHTS = (
    N_("Monday nights"),
    N_("Tuesday nights"),
    N_("Wednesday nights"),
    N_("Thursday nights"),
    N_("Friday nights"),
    N_("Saturday nights"),
    N_("Sunday nights"),
)
THEME_KEYS = ("auto", "night", "day")
NO_TRAY_REASON = N_(
    "Your desktop has no system tray, so reminders appear inside the window instead."
)
AUTO_THEME_LINE = N_("Auto uses the dim night look from 18:00 to 08:00 and the light look by day.")
CHECK = "\u2713 "
STEP_MIN = 15
LEAD_CHOICES = (0, 10, 15, 20, 30, 45, 60, 90, 120)


def _qtime(text: str) -> QTime:
    return QTime.fromString(text, "HH:mm")


def _hhmm(value: QTime) -> str:
    return value.toString("HH:mm")


def _theme_texts(key: str) -> tuple[str, str]:
    """The theme's radio text and its accessible name, each written whole."""
    if key == "night":
        return pgettext("theme", "Night"), _("Night theme")
    if key == "day":
        return pgettext("theme", "Day"), _("Day theme")
    return pgettext("theme", "Auto"), _("Auto theme")


def _lead_text(minutes: int) -> str:
    if minutes == 0:
        # Translators: when the bedtime reminder comes (a choice beside "Remind me before bedtime")
        return _("at bedtime")
    if minutes % 60 == 0:
        return counted(minutes // 60, "{n} hour before", "{n} hours before")
    return counted(minutes, "{n} minute before", "{n} minutes before")


def _time_edit(name: str, tip: str) -> QTimeEdit:
    """A typeable HH:MM field; the large Earlier/Later buttons beside it replace tiny arrows."""
    edit = TimeField()
    # NoButtons makes the text vanish under an app style sheet (PySide6 6.12), so the tiny arrow
    # buttons are squeezed to nothing instead; the arrow keys and the wheel still step the time.
    edit.setStyleSheet(
        "QTimeEdit::up-button, QTimeEdit::down-button { width: 0px; border: none; }"
        "QTimeEdit { padding-right: 6px; }"
    )
    edit.setWrapping(True)
    edit.setAccessibleName(name)
    edit.setToolTip(_("{tip}. Type a time, or use the arrow keys.").format(tip=tip))
    edit.setMinimumWidth(110)
    edit.setMinimumHeight(46)
    edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return edit


def _add_with_steppers(
    row: QHBoxLayout, edit: QTimeEdit, names: tuple[str, str]
) -> tuple[QPushButton, ...]:
    """Put ``edit`` in ``row`` between two big buttons moving it by STEP_MIN minutes;
    ``names`` are their accessible names (earlier, later), each a whole phrase."""
    minutes = number(STEP_MIN)
    # Translators: a button that moves a time earlier by {minutes} minutes
    earlier = button(_("− {minutes} min").format(minutes=minutes), names[0])
    # Translators: a button that moves a time later by {minutes} minutes
    later = button(_("+ {minutes} min").format(minutes=minutes), names[1])
    earlier.clicked.connect(lambda: edit.setTime(edit.time().addSecs(-STEP_MIN * 60)))
    later.clicked.connect(lambda: edit.setTime(edit.time().addSecs(STEP_MIN * 60)))
    row.addWidget(earlier)
    row.addWidget(edit)
    row.addWidget(later)
    return earlier, later


def _section(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = card()
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(22, 18, 22, 20)
    layout.setSpacing(12)
    heading = label(title, "title")
    heading.setAccessibleName(title)
    layout.addWidget(heading)
    return frame, layout


class _FlowRow(WrappingGrid):
    """Controls in one row when they fit, wrapping onto more rows when the text is large."""

    def __init__(self, buttons: Sequence[QWidget]) -> None:
        super().__init__(buttons, spacing=6, fill=False)
        self.grid.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._arrange(len(buttons))

    def _cell(self) -> int:
        return max(max(b.minimumWidth(), b.sizeHint().width()) for b in self.buttons)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        widest = self._cell() + self.grid.spacing()
        fits = (event.size().width() + self.grid.spacing()) // widest
        self._arrange(max(1, min(len(self.buttons), fits)))
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return QSize(self._cell(), super().minimumSizeHint().height())


class SettingsPage(BesideTheSidebar, QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._loading = False
        # Asks "Restart now?" after a new language is chosen; a test gives its own answer.
        self.ask_restart: Callable[[QWidget | None], bool] = ask_restart
        self.places = desktop.DesktopPlaces.from_env()
        self.desktop_supported = sys.platform.startswith(("linux", "freebsd", "openbsd"))
        # "Next reminder: tonight at 18:15" must not outlive 18:15 while the page stays open.
        self.next_timer = QTimer(self)
        self.next_timer.setObjectName("Next reminder refresh")
        self.next_timer.setInterval(NEXT_REFRESH_MS)
        self.next_timer.timeout.connect(self._refresh_next_if_shown)
        self.next_timer.start()

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(32, 24, 32, 32)
        column.setSpacing(18)
        title = label(_("Settings"), "title")
        column.addWidget(title)
        column.addWidget(
            label(_("Changes take effect at once. Nothing leaves this computer."), "muted")
        )
        column.addWidget(self._bedtime_section())
        column.addWidget(self._morning_section())
        column.addWidget(self._sound_section())
        column.addWidget(self._look_section())
        column.addWidget(self._language_section())
        column.addWidget(self._computer_section())
        column.addStretch(1)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.load(ctx.settings)
        ctx.settings_changed.connect(self.load)

    # sections ----------------------------------------------------------------------------------
    def _bedtime_section(self) -> QFrame:
        frame, layout = _section(_("Bedtime"))
        row = QHBoxLayout()
        layout.addWidget(label(_("Your bedtime")))
        self.bedtime = _time_edit(_("Bedtime"), _("The time you usually go to bed"))
        self.bedtime.timeChanged.connect(lambda t: self._set(bedtime=_hhmm(t)))
        _add_with_steppers(
            row,
            self.bedtime,
            (
                counted(STEP_MIN, "Bedtime {n} minute earlier", "Bedtime {n} minutes earlier"),
                counted(STEP_MIN, "Bedtime {n} minute later", "Bedtime {n} minutes later"),
            ),
        )
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(label(_("Remind me on these nights:")))
        self.day_buttons: list[QPushButton] = []
        for index, (short, nights) in enumerate(zip(DAY_SHORT, DAY_NIGHTS, strict=True)):
            b = button(CHECK + _(short), _(nights))
            b.setCheckable(True)
            b.setMinimumWidth(b.sizeHint().width())  # room for the tick, so nothing shifts
            b.toggled.connect(lambda _on, i=index: self._days_toggled(i))
            self.day_buttons.append(b)
        self.days_row = _FlowRow(self.day_buttons)
        layout.addWidget(self.days_row)

        self.reminder_on = QCheckBox(_("Remind me before bedtime"))
        self.reminder_on.setAccessibleName(_("Remind me before bedtime"))
        self.reminder_on.toggled.connect(lambda on: self._set(reminder_enabled=on))
        self.lead = QComboBox()
        self.lead.setAccessibleName(_("Minutes before bedtime"))
        self.lead.setMinimumWidth(200)
        self.lead.currentIndexChanged.connect(self._lead_chosen)
        layout.addWidget(_FlowRow([self.reminder_on, self.lead]))

        layout.addWidget(label(_("Tonight's routine")))
        routine_row = QHBoxLayout()
        self.routine = QComboBox()
        self.routine.setAccessibleName(_("Default routine"))
        self.routine.setMinimumWidth(260)
        self.routine.currentIndexChanged.connect(self._routine_chosen)
        routine_row.addWidget(self.routine)
        routine_row.addStretch(1)
        layout.addLayout(routine_row)

        self.next_bedtime = label("", "muted")
        self.next_bedtime.setAccessibleName(_("Next bedtime reminder"))
        layout.addWidget(self.next_bedtime)
        return frame

    def _morning_section(self) -> QFrame:
        frame, layout = _section(_("Morning note"))
        self.morning_on = WrappingCheckBox(_("Remind me to write the morning note"))
        self.morning_on.setAccessibleName(_("Morning note reminder"))
        self.morning_on.toggled.connect(lambda on: self._set(morning_reminder_enabled=on))
        layout.addWidget(self.morning_on)
        row = QHBoxLayout()
        layout.addWidget(label(_("Reminder time")))
        self.morning_time = _time_edit(_("Morning reminder time"), _("When to remind you"))
        self.morning_time.timeChanged.connect(lambda t: self._set(morning_reminder=_hhmm(t)))
        self.morning_steppers = _add_with_steppers(
            row,
            self.morning_time,
            (
                counted(
                    STEP_MIN,
                    "Morning reminder {n} minute earlier",
                    "Morning reminder {n} minutes earlier",
                ),
                counted(
                    STEP_MIN,
                    "Morning reminder {n} minute later",
                    "Morning reminder {n} minutes later",
                ),
            ),
        )
        row.addStretch(1)
        layout.addLayout(row)
        self.next_morning = label("", "muted")
        self.next_morning.setAccessibleName(_("Next morning reminder"))
        layout.addWidget(self.next_morning)
        return frame

    def _sound_section(self) -> QFrame:
        frame, layout = _section(_("Sound and voice"))
        row = QHBoxLayout()
        row.addWidget(label(_("Volume"), wrap=False))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setSingleStep(5)
        self.volume.setPageStep(10)
        self.volume.setAccessibleName(_("Sound volume"))
        self.volume.setMinimumWidth(160)
        self.volume.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.volume.valueChanged.connect(self._volume_moved)
        self.volume.sliderReleased.connect(lambda: self._set(sound_volume=self.volume.value()))
        row.addWidget(self.volume, 1)
        self.volume_value = QLabel("")
        self.volume_value.setMinimumWidth(60)
        row.addWidget(self.volume_value)
        layout.addLayout(row)
        self.muted = QCheckBox(_("Mute all sounds"))
        self.muted.setAccessibleName(_("Mute all sounds"))
        self.muted.toggled.connect(lambda on: self._set(muted=on))
        self.test_sound = button(_("Play a test chime"), _("Play a test chime"))
        self.test_sound.clicked.connect(self._play_test)
        # One row, or two where the words are long (Spanish with large text at 1024x600).
        layout.addWidget(_FlowRow([self.muted, self.test_sound]))
        self.voice = WrappingCheckBox(_("Spoken guidance (says each step aloud)"))
        self.voice.setAccessibleName(_("Spoken guidance"))
        self.voice.toggled.connect(lambda on: self._set(voice=on))
        layout.addWidget(self.voice)
        layout.addWidget(
            label(
                _(
                    "Spoken guidance needs speech support on this computer. The words are on "
                    "screen too."
                ),
                "muted",
            )
        )
        return frame

    def _look_section(self) -> QFrame:
        # Translators: the heading of the theme and text-size settings
        frame, layout = _section(_("Look"))
        row = QHBoxLayout()
        self.theme_group = QButtonGroup(self)
        self.theme_buttons: dict[str, QRadioButton] = {}
        for key in THEME_KEYS:
            text, name = _theme_texts(key)
            radio = QRadioButton(text)
            radio.setAccessibleName(name)
            self.theme_group.addButton(radio)
            self.theme_buttons[key] = radio
            radio.toggled.connect(lambda on, k=key: self._set(theme=k) if on else None)
            row.addWidget(radio)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(label(_(AUTO_THEME_LINE), "muted"))
        self.large_text = WrappingCheckBox(_("Large text"))
        self.large_text.setAccessibleName(_("Large text"))
        self.large_text.toggled.connect(lambda on: self._set(large_text=on))
        layout.addWidget(self.large_text)
        return frame

    def _language_section(self) -> QFrame:
        frame, layout = _section(_("Language"))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.setMinimumWidth(260)
        # The languages are named in themselves (a German reader looks for "Deutsch"), never
        # translated; the ids are the item data, the setting's values.
        system = i18n.system_language()
        self.language.addItem(
            # Translators: the language choice that follows the computer's; {language} is the
            # name of that language in itself, e.g. "System (Deutsch)"
            _("System ({language})").format(language=_language_name(system)),
            i18n.SYSTEM,
        )
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.currentIndexChanged.connect(self._language_chosen)
        row = QHBoxLayout()
        row.addWidget(self.language)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(
            label(_("A new language is used once the app has started again."), "muted")
        )
        return frame

    def _computer_section(self) -> QFrame:
        frame, layout = _section(_("This computer"))
        self.start_at_login = WrappingCheckBox(_("Start when you log in"))
        self.start_at_login.setAccessibleName(_("Start at login"))
        self.start_at_login.toggled.connect(self._start_at_login_toggled)
        layout.addWidget(self.start_at_login)

        self.keep_in_tray = WrappingCheckBox(_("Keep running in the tray when closed"))
        self.keep_in_tray.setAccessibleName(_("Keep running in the tray"))
        self.keep_in_tray.toggled.connect(lambda on: self._set(keep_in_tray=on))
        layout.addWidget(self.keep_in_tray)
        self.tray_reason = label(_(NO_TRAY_REASON), "muted")
        layout.addWidget(self.tray_reason)
        if not self._tray_available():
            self.keep_in_tray.setEnabled(False)
            self.keep_in_tray.setAccessibleDescription(_(NO_TRAY_REASON))
        else:
            self.tray_reason.hide()

        self.add_entry = button(_("Add to applications menu"), _("Add to applications menu"))
        self.add_entry.clicked.connect(self._add_entry)
        self.remove_entry = button(_("Remove from menu"), _("Remove from applications menu"))
        self.remove_entry.clicked.connect(self._remove_entry)
        layout.addWidget(_FlowRow([self.add_entry, self.remove_entry]))
        self.entry_state = label("", "muted")
        self.entry_state.setAccessibleName(_("Applications menu entry"))
        layout.addWidget(self.entry_state)

        folder_grid = QGridLayout()
        folder_grid.addWidget(label(_("Your diary is kept in")), 0, 0, 1, 2)
        folder = str(self.ctx.paths.data_dir)
        if self.ctx.demo:
            folder = _("{folder}  (a throwaway demo folder)").format(folder=folder)
        self.folder = label(folder)
        self.folder.setAccessibleName(_("Diary folder"))
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        folder_grid.addWidget(self.folder, 1, 0)
        self.open_folder = button(_("Open folder"), _("Open diary folder"))
        self.open_folder.clicked.connect(self._open_folder)
        folder_grid.addWidget(self.open_folder, 1, 1, Qt.AlignmentFlag.AlignTop)
        folder_grid.setColumnStretch(0, 1)
        layout.addLayout(folder_grid)

        if not self.desktop_supported:
            for widget in (self.start_at_login, self.add_entry, self.remove_entry):
                widget.setEnabled(False)
            self.entry_state.setText(
                _("Menu entries and start at login are set in your system's own settings here.")
            )
        return frame

    # loading -----------------------------------------------------------------------------------
    def load(self, settings: Settings) -> None:
        """Show ``settings`` in the controls without writing anything back."""
        self._loading = True
        try:
            self.bedtime.setTime(_qtime(settings.bedtime))
            for index, b in enumerate(self.day_buttons):
                b.setChecked(index in settings.bedtime_days)
                self._label_day(index)
            self.reminder_on.setChecked(settings.reminder_enabled)
            self._load_lead(settings.reminder_lead_min)
            self.lead.setEnabled(settings.reminder_enabled)
            self.morning_on.setChecked(settings.morning_reminder_enabled)
            self.morning_time.setTime(_qtime(settings.morning_reminder))
            for widget in (self.morning_time, *self.morning_steppers):
                widget.setEnabled(settings.morning_reminder_enabled)
            if not self.volume.isSliderDown():
                self.volume.setValue(settings.sound_volume)
            self.volume_value.setText(percent(self.volume.value() / 100))
            self.volume.setEnabled(not settings.muted)
            self.muted.setChecked(settings.muted)
            self.voice.setChecked(settings.voice)
            self.theme_buttons.get(settings.theme, self.theme_buttons["auto"]).setChecked(True)
            self.large_text.setChecked(settings.large_text)
            index = self.language.findData(settings.language)
            self.language.setCurrentIndex(max(0, index))
            self.start_at_login.setChecked(settings.start_at_login)
            self.keep_in_tray.setChecked(settings.keep_in_tray and self._tray_available())
            self._load_routines(settings.routine)
            self._refresh_entry_state()
            self._refresh_next()
        finally:
            self._loading = False

    def _load_lead(self, minutes: int) -> None:
        choices = sorted(set(LEAD_CHOICES) | {minutes})
        if [self.lead.itemData(i) for i in range(self.lead.count())] != choices:
            self.lead.clear()
            for value in choices:
                self.lead.addItem(_lead_text(value), value)
        self.lead.setCurrentIndex(choices.index(minutes))

    def _lead_chosen(self, index: int) -> None:
        value = self.lead.itemData(index)
        if value is not None:
            self._set(reminder_lead_min=int(value))

    def _load_routines(self, chosen: str) -> None:
        """Built-ins by their title in the current language, the user's own as typed; the
        stored name (the setting's value) is the item data, never the shown text."""
        from companion.core.routine import routine_title

        library = self.ctx.routine_library()
        items = [(r.name, routine_title(r)) for r in library.all()]
        if chosen not in [name for name, _title in items]:
            items.append((chosen, chosen))  # keep showing what is set, even if that routine is gone
        present = [
            (self.routine.itemData(i), self.routine.itemText(i))
            for i in range(self.routine.count())
        ]
        if items != present:
            self.routine.clear()
            for name, title in items:
                self.routine.addItem(title, name)
        self.routine.setCurrentIndex(max(0, self.routine.findData(chosen)))

    def on_page_shown(self) -> None:
        """Routines may have been added, and 'next reminder' moves with the clock."""
        self.load(self.ctx.settings)

    def on_app_closing(self) -> None:
        """Nothing to save: every control wrote its setting the moment it changed."""

    def prepare(self) -> None:
        """Nothing to prepare: the controls show the settings when the page is built."""

    # writing -----------------------------------------------------------------------------------
    def _set(self, **changes: object) -> None:
        if self._loading:
            return
        if all(getattr(self.ctx.settings, k) == v for k, v in changes.items()):
            return
        self.ctx.update_settings(**changes)

    def _days_toggled(self, index: int) -> None:
        self._label_day(index)
        days = [i for i, b in enumerate(self.day_buttons) if b.isChecked()]
        self._set(bedtime_days=tuple(days))

    def _label_day(self, index: int) -> None:
        """The tick mark says 'chosen' without relying on colour."""
        b = self.day_buttons[index]
        b.setText((CHECK if b.isChecked() else "") + _(DAY_SHORT[index]))

    def _language_chosen(self, index: int) -> None:
        """Save the choice and, when it changes the language in use, offer to restart (every
        window must be rebuilt to speak it)."""
        choice = self.language.itemData(index)
        if self._loading or choice is None or choice == self.ctx.settings.language:
            return
        self._set(language=str(choice))
        if i18n.resolve_language(str(choice)) == i18n.current_language():
            return
        if self.ask_restart(self):
            self.ctx.request_restart()

    def _routine_chosen(self, index: int) -> None:
        name = self.routine.itemData(index)
        if name:
            self._set(routine=str(name))

    def _volume_moved(self, value: int) -> None:
        self.volume_value.setText(percent(value / 100))
        if not self.volume.isSliderDown():
            self._set(sound_volume=int(value))

    def _play_test(self) -> None:
        from companion.core.cues import Cue, CueKind
        from companion.ui.cue_player import NO_DEVICE_NOTICE, cue_player_for

        if self.ctx.settings.muted:
            self.ctx.message.emit(
                _("Sounds are muted. Untick 'Mute all sounds' to hear the chime.")
            )
            return
        player = cue_player_for(self.ctx)
        if not player.sound_available:
            self.ctx.message.emit(player.check() or NO_DEVICE_NOTICE)
            return
        # Translators: the word the test chime goes with (the player's "hold the stretch" cue)
        player.play(Cue(CueKind.HOLD, _("Hold")))

    def _start_at_login_toggled(self, on: bool) -> None:
        if self._loading:
            return
        self._apply_desktop(
            lambda: desktop.set_autostart(on, self.places),
            _("Start at login could not be changed: {reason}."),
            success=lambda: self._set(start_at_login=on),
            undo=lambda: self._revert(self.start_at_login, not on),
        )

    def _add_entry(self) -> None:
        self._apply_desktop(
            lambda: desktop.install_menu_entry(self.places),
            _("The menu entry could not be added: {reason}."),
            success=lambda: self.ctx.message.emit(
                _("{app} is now in your applications menu.").format(app=APP_NAME)
            ),
        )

    def _remove_entry(self) -> None:
        def remove() -> None:
            desktop.remove_menu_entry(self.places)
            if self.ctx.settings.start_at_login:
                self.ctx.update_settings(start_at_login=False)

        self._apply_desktop(
            remove,
            _("The menu entry could not be removed: {reason}."),
            success=lambda: self.ctx.message.emit(_("The menu entry was removed.")),
        )

    def _apply_desktop(
        self,
        change: Callable[[], object],
        failure: str,
        *,
        success: Callable[[], None],
        undo: Callable[[], None] | None = None,
    ) -> None:
        try:
            change()
        except OSError as exc:
            self.ctx.message.emit(failure.format(reason=exc.strerror or exc))
            if undo:
                undo()
        else:
            success()
        self._refresh_entry_state()

    def _revert(self, box: QCheckBox, value: bool) -> None:
        self._loading = True
        box.setChecked(value)
        self._loading = False

    def _open_folder(self) -> None:
        folder = self.ctx.paths.data_dir
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.ctx.message.emit(
                _("The folder could not be opened here. It is {path}").format(path=folder)
            )

    # derived lines -----------------------------------------------------------------------------
    def _tray_available(self) -> bool:
        tray = self.ctx.tray
        if tray is not None:
            return tray.tray is not None
        from companion.ui.tray import tray_available

        return tray_available()

    def _refresh_entry_state(self) -> None:
        if not self.desktop_supported:
            return
        installed = desktop.is_installed(self.places)
        self.add_entry.setText(
            _("Update menu entry") if installed else _("Add to applications menu")
        )
        self.add_entry.setAccessibleName(self.add_entry.text())
        self.remove_entry.setEnabled(installed or desktop.autostart_enabled(self.places))
        self.entry_state.setText(
            _("{app} is in your applications menu.").format(app=APP_NAME)
            if installed
            else _("{app} is not in your applications menu yet.").format(app=APP_NAME)
        )

    def _refresh_next_if_shown(self) -> None:
        if self.isVisible():
            self._refresh_next()

    def _refresh_next(self) -> None:
        now = self.ctx.clock.now()
        try:
            plan = Reminders(self.ctx.settings, zone_of(now))
        except ValueError:
            return
        s = self.ctx.settings
        if not s.reminder_enabled:
            self.next_bedtime.setText(_("The bedtime reminder is off."))
        elif not s.bedtime_days:
            self.next_bedtime.setText(_("No nights are chosen, so no bedtime reminder will come."))
        else:
            self.next_bedtime.setText(describe_next(plan.next_bedtime(now), now))
        if s.morning_reminder_enabled:
            self.next_morning.setText(describe_next(plan.next_morning(now), now))
        else:
            self.next_morning.setText(_("The morning reminder is off."))


def _language_name(code: str) -> str:
    """A language named in itself; the pseudo-locale (a system set to it, for testing) too."""
    if code == i18n.PSEUDO:
        return i18n.pseudo("Pseudo-locale")
    return i18n.LANGUAGES.get(code, code)


def ask_restart(parent: QWidget | None) -> bool:
    """The new language needs the window rebuilt: restart now (True) or later."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Language"))
    box.setAccessibleName(_("Language"))
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(
        _(
            "The new language is used once Bedtime Companion starts again. Restart it now? "
            "Everything you have saved stays as it is."
        )
    )
    now = box.addButton(_("Restart now"), QMessageBox.ButtonRole.AcceptRole)
    now.setAccessibleName(_("Restart now"))
    later = box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
    later.setAccessibleName(_("Later"))
    box.setDefaultButton(now)
    box.setEscapeButton(later)
    box.exec()
    chosen = box.clickedButton() is now
    box.deleteLater()
    return chosen


def create_page(ctx: AppContext) -> QWidget:
    return SettingsPage(ctx)
