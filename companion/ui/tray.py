"""Tray icon, its menu, and the bedtime and morning reminders.

The schedule itself lives in ``companion.core.reminders``; this module only asks it every 30
seconds what is due (with the app's injected clock) and shows the answer: a tray notification
when the desktop has a system tray, otherwise a calm notice inside the window. When the settings
change the plan is rebuilt at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from companion import APP_NAME
from companion.core import wording
from companion.core.i18n import N_, _, counted
from companion.core.reminders import (
    BEDTIME,
    DEFAULT_ROUTINE_MINUTES,
    MORNING_TEXT,
    POSTPONE,
    Reminder,
    Reminders,
    bedtime_text,
    postpone,
    zone_of,
)
from companion.paths import asset
from companion.ui.context import AppContext

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 30_000
NOTIFICATION_MS = 15_000
# Translators: the button on the bedtime reminder
START_ROUTINE = N_("Start routine")
# Translators: the button on a rest night's bedtime note (the Tonight page)
OPEN_TONIGHT = N_("Open Tonight")
WRITE_NOTE = N_("Write morning note")
POSTPONE_MINUTES = int(POSTPONE.total_seconds() // 60)
# Translators: the tray item that turns tonight's bedtime reminder away
NOT_TONIGHT = N_("Not tonight")


def postpone_label() -> str:
    """The postpone choice, in words, with its minutes counted in the language's plural."""
    return counted(POSTPONE_MINUTES, "Postpone {n} minute", "Postpone {n} minutes")


def app_icon() -> QIcon:
    return QIcon(str(asset("icons", "bedtime-companion.svg")))


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


class TrayController(QObject):
    """Owns the tray icon (when there is a tray), its menu and the reminder timer."""

    reminded = Signal(object)  # the Reminder just shown, for listeners and tests

    def __init__(self, ctx: AppContext, window) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.window = window
        self.available = tray_available()
        self.icon = app_icon()
        self.menu = self._build_menu()
        self.tray: QSystemTrayIcon | None = None
        if self.available:
            self.tray = QSystemTrayIcon(self.icon, self)
            self.tray.setToolTip(APP_NAME)
            self.tray.setContextMenu(self.menu)
            self.tray.activated.connect(self._on_activated)
            self.tray.messageClicked.connect(self._on_message_clicked)
            self.tray.show()
        self._last_action = self.open_window
        self.last_checked: datetime = ctx.clock.now()
        self.shown: set[tuple[str, date, datetime]] = set()
        self.postponed: list[Reminder] = []  # bedtime reminders put off, due again later
        self.not_tonight: set[date] = set()  # nights whose bedtime reminder was turned away
        self.pending_bedtime: Reminder | None = None  # shown, not yet acted on
        self._sync_snooze_actions()
        self.plan = self._make_plan()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        ctx.settings_changed.connect(self._on_settings_changed)
        self._sync_quit_policy()

    # menu ----------------------------------------------------------------------------------------
    def _build_menu(self) -> QMenu:
        menu = QMenu()
        menu.setAccessibleName(_("{app} tray menu").format(app=APP_NAME))
        # Each item is found by its id (kept in the action's data), never by its translated text.
        entries: tuple[tuple[str, str, Callable[[], None]] | None, ...] = (
            ("start", _("Start tonight's routine"), self.start_routine),
            ("postpone", postpone_label(), self.postpone_bedtime),
            ("not_tonight", _(NOT_TONIGHT), self.skip_tonight),
            ("cramp_now", _("Cramp now"), self.cramp_now),
            ("morning", _("Morning note"), self.morning_note),
            # Translators: the tray item that shows the app's window
            ("open", _("Open"), self.open_window),
            None,
            ("quit", _("Quit"), self.quit),
        )
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            key, text, slot = entry
            action = QAction(text, menu)
            action.setData(key)
            action.triggered.connect(slot)
            menu.addAction(action)
        return menu

    def action(self, key: str) -> QAction:
        """The tray menu's item with this id ("start", "postpone", "not_tonight", ...)."""
        return next(a for a in self.menu.actions() if a.data() == key)

    def open_window(self) -> None:
        self.window.bring_forward()

    def start_routine(self) -> None:
        """Start it, not just show it: the person chose this from the menu or the reminder."""
        self._forget_pending()
        self.window.bring_forward()
        self.window.open_page("tonight")
        start = getattr(self.window.page("tonight"), "start_routine", None)
        if callable(start):
            start()

    def postpone_bedtime(self) -> None:
        """The bedtime reminder comes back in 15 minutes (about the same night)."""
        if self.pending_bedtime is None:
            return
        again = postpone(self.pending_bedtime, self.ctx.clock.now())
        self.postponed = [p for p in self.postponed if p.night != again.night] + [again]
        self._forget_pending()
        self.ctx.message.emit(
            _("The bedtime reminder will come again at {time}.").format(
                time=wording.clock(again.at)
            )
        )

    def skip_tonight(self) -> None:
        """No more bedtime reminders for this night; the next night's comes as usual."""
        if self.pending_bedtime is None:
            return
        night = self.pending_bedtime.night
        self.not_tonight.add(night)
        self.postponed = [p for p in self.postponed if p.night != night]
        self._forget_pending()
        self.ctx.message.emit(_("No more bedtime reminders tonight. Sleep well."))

    def _forget_pending(self) -> None:
        self.pending_bedtime = None
        self._sync_snooze_actions()

    def _sync_snooze_actions(self) -> None:
        for key in ("postpone", "not_tonight"):
            self.action(key).setEnabled(self.pending_bedtime is not None)

    def morning_note(self) -> None:
        self.window.bring_forward()
        self.window.open_page("morning")

    def cramp_now(self) -> None:
        self.window.bring_forward()
        self.window.show_cramp_now()

    def quit(self) -> None:
        self.window.quit_app()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            if self.window.isVisible() and not self.window.isMinimized():
                self.window.hide() if self.ctx.settings.keep_in_tray else self.open_window()
            else:
                self.open_window()

    def _on_message_clicked(self) -> None:
        self._last_action()

    def close_to_tray(self) -> bool:
        """Closing the window only hides it when asked to and a tray icon can bring it back."""
        return bool(self.ctx.settings.keep_in_tray and self.tray is not None)

    def _sync_quit_policy(self) -> None:
        """While the window may hide in the tray, closing a dialog must not end the app."""
        app = QApplication.instance()
        if isinstance(app, QApplication) and self.tray is not None:
            app.setQuitOnLastWindowClosed(not self.close_to_tray())

    # reminders -----------------------------------------------------------------------------------
    def _make_plan(self) -> Reminders:
        return Reminders(self.ctx.settings, zone_of(self.ctx.clock.now()))

    def _on_settings_changed(self, _settings) -> None:
        self.plan = self._make_plan()
        self._sync_quit_policy()
        self.check()

    def _night_has_completed_routine(self, night: date) -> bool:
        store = self.ctx.store
        if store is None:
            return False
        return any(s.completed for s in store.routine_sessions(night, night))

    def _night_has_note(self, night: date) -> bool:
        """The morning note was saved; a cramp logged in the night does not count as one."""
        store = self.ctx.store
        return store is not None and store.has_morning_note(night)

    def check(self) -> list[Reminder]:
        """Ask the schedule what is due since the last check and show it (each only once)."""
        now = self.ctx.clock.now()
        if str(zone_of(now)) != str(self.plan.tz):
            self.plan = self._make_plan()  # the computer moved to another time zone
        try:
            due = self.plan.due(
                now,
                self.last_checked,
                self._night_has_completed_routine,
                self._night_has_note,
                postponed=self.postponed,
                not_tonight=self.not_tonight,
            )
        except Exception as exc:  # a diary hiccup must never stop the reminder timer
            log.exception("a reminder could not be checked")
            self.ctx.message.emit(
                _("A reminder could not be checked ({problem}).").format(problem=type(exc).__name__)
            )
            due = []
        if now > self.last_checked:
            self.last_checked = now
        fresh = [r for r in due if (*r.key, r.at) not in self.shown]
        for reminder in fresh:
            self.shown.add((*reminder.key, reminder.at))
            self.postponed = [p for p in self.postponed if p != reminder]
            self._show(reminder)
        return fresh

    def routine_minutes(self) -> int:
        """About how long tonight's routine takes, without its optional steps."""
        try:
            routine = self.ctx.routine_library().get(self.ctx.settings.routine)
        except Exception:  # an unreadable routines file: the reminder still comes
            log.warning("tonight's routine could not be read for its length", exc_info=True)
            routine = None
        if routine is None:
            return DEFAULT_ROUTINE_MINUTES
        return max(1, round(routine.planned_seconds(include_optional=False) / 60))

    def reminder_text(self, reminder: Reminder) -> tuple[str, str]:
        """The reminder's words and its button's label, both as shown."""
        text, key = self._reminder_words(reminder)
        return text, _(key)

    def _reminder_words(self, reminder: Reminder) -> tuple[str, str]:
        """The words and the button's key (START_ROUTINE, OPEN_TONIGHT or WRITE_NOTE)."""
        if reminder.kind == BEDTIME:
            # On a rest night of the personal experiment: a gentle note, not "time to stretch".
            from companion.core.experiment import bedtime_reminder_words

            store = self.ctx.store
            plans = store.experiments() if store is not None else []
            text, invite = bedtime_reminder_words(
                plans, reminder.night, bedtime_text(self.routine_minutes())
            )
            return text, START_ROUTINE if invite else OPEN_TONIGHT
        return _(MORNING_TEXT), WRITE_NOTE

    def open_tonight(self) -> None:
        self.window.bring_forward()
        self.window.open_page("tonight")

    def _show(self, reminder: Reminder) -> None:
        text, key = self._reminder_words(reminder)
        action_label = _(key)
        action = {START_ROUTINE: self.start_routine, OPEN_TONIGHT: self.open_tonight}.get(
            key, self.morning_note
        )
        more: list[tuple[str, Callable[[], None]]] = []
        if reminder.kind == BEDTIME:
            self.pending_bedtime = reminder
            self._sync_snooze_actions()
            more = [(postpone_label(), self.postpone_bedtime), (_(NOT_TONIGHT), self.skip_tonight)]
        if self.tray is not None and self.tray.isVisible() and self.tray.supportsMessages():
            self._last_action = action
            # a notification has no buttons: Postpone and Not tonight are in the tray menu
            self.tray.showMessage(APP_NAME, text, self.icon, NOTIFICATION_MS)
        else:
            self.window.show_notice(text, action_label, action, more)
            if not self.window.isVisible() or self.window.isMinimized():
                self.window.bring_forward()  # a notice in a hidden window would go unseen
        self.reminded.emit(reminder)

    def next_reminders(self) -> tuple[Reminder | None, Reminder | None]:
        now = self.ctx.clock.now()
        return self.plan.next_bedtime(now), self.plan.next_morning(now)

    def shutdown(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()


def install(ctx: AppContext, window) -> TrayController:
    """Set the window icon, start the reminders and, where there is a tray, show the icon."""
    app = QApplication.instance()
    controller = TrayController(ctx, window)
    if isinstance(app, QApplication):
        app.setWindowIcon(controller.icon)
        app.aboutToQuit.connect(controller.shutdown)
    window.setWindowIcon(controller.icon)
    ctx.tray = controller
    return controller
