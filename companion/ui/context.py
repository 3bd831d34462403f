"""What every page is given: paths, settings, the diary store, the clock, and app-wide signals.

Pages take the context in their constructor and connect to its signals (napari style), so a
morning note saved on one page refreshes Trends, and a changed setting takes effect at once.
The diary announces its own commits (:meth:`Store.add_listener`); the context bridges them to
``diary_changed`` once, for whichever store is open, so no page has to announce a write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from companion.core.clock import Clock, SystemClock
from companion.core.errors import DiaryOpenError
from companion.core.i18n import _
from companion.core.settings import Settings, save_settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme

T = TypeVar("T")

if TYPE_CHECKING:
    from companion.core.routine import RoutineLibrary
    from companion.ui.cramp_now import CrampNowWindow
    from companion.ui.cue_player import CuePlayer
    from companion.ui.tray import TrayController


class AppContext(QObject):
    # After every commit to the diary: the frozenset of nights it changed (empty when only an
    # experiment changed), or None when another diary file was put in place (a restore).
    diary_changed = Signal(object)
    settings_changed = Signal(object)  # the new Settings
    theme_changed = Signal(object)  # the new theme.Look, once night/day or the text size changed
    page_requested = Signal(str)  # "tonight", "morning", "trends", "settings", "learn", "cramp"
    message = Signal(str)  # a calm one-line status ("Saved.")
    notice = Signal(str)  # something the user should read and dismiss (shown in a banner)

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        store: Store | None = None,
        clock: Clock | None = None,
        *,
        demo: bool = False,
        persist_settings: bool = True,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self._store: Store | None = None
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.demo = demo
        self.persist_settings = persist_settings
        self._cues: CuePlayer | None = None
        self.tray: TrayController | None = None  # reminders and the tray icon (tray.install)
        self.cramp_window: CrampNowWindow | None = None  # the Cramp now guide while it is open
        # The look applied to the app now; pages paint with it (never with a global).
        self.look: theme.Look = theme.applied()
        self._look = (self.look.mode, settings.large_text)
        # How the app quits for real (the composition root gives the window's Quit), and whether
        # it should then start again (a new language needs every window rebuilt).
        self.quit_app: Callable[[], object] = QApplication.quit
        self.restart_requested = False

    def request_restart(self) -> None:
        """Quit cleanly (settings saved, diary closed, lock released by the composition root)
        and start again with the same arguments once the event loop has ended."""
        self.restart_requested = True
        self.quit_app()

    def update_settings(self, **changes: Any) -> Settings:
        """Apply, save and announce a settings change; every listener adapts without a restart."""
        self.settings = replace(self.settings, **changes).validated()
        if self.persist_settings:
            try:
                save_settings(self.settings, self.paths.settings)
            except OSError as exc:
                self.message.emit(
                    _("Your settings could not be saved ({reason}).").format(
                        reason=exc.strerror or exc
                    )
                )
        self.refresh_look()
        self.settings_changed.emit(self.settings)
        return self.settings

    def refresh_look(self) -> None:
        """Apply the settings' night/day look and text size when either changed ("auto" follows
        the clock) and announce it; a full stylesheet pass costs tens of ms, so only then."""
        now = self.clock.now()
        wanted = (theme.resolve_mode(self.settings.theme, now), self.settings.large_text)
        if wanted == self._look:
            return
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.look = theme.apply_theme(app, self.settings.theme, self.settings.large_text, now)
        self._look = wanted
        self.theme_changed.emit(self.look)

    @property
    def cues(self) -> CuePlayer | None:
        """The app's one cue player (cue_player.cue_player_for builds it on first use)."""
        return self._cues

    @cues.setter
    def cues(self, player: CuePlayer | None) -> None:
        """A player given to the app follows the settings (volume, mute, voice) from then on."""
        if player is self._cues:
            return
        if self._cues is not None:
            self.settings_changed.disconnect(self._cues.apply_settings)
        self._cues = player
        if player is not None:
            self.settings_changed.connect(player.apply_settings)

    @property
    def store(self) -> Store | None:
        """The open diary, or None when none could be opened."""
        return self._store

    @store.setter
    def store(self, store: Store | None) -> None:
        """Listen to the new diary instead of the old one; another diary put in place is a change
        (none at all, after a failed reopen, leaves the pages as they were)."""
        old = self._store
        if old is store:
            return
        if old is not None:
            old.remove_listener(self._on_diary_committed)
        self._store = store
        if store is not None:
            store.add_listener(self._on_diary_committed)
            if old is not None:
                self.diary_changed.emit(None)

    def reopen_diary(self, change: Callable[[Path], T]) -> T:
        """Close the diary, let ``change`` work on its file (a restore puts a backup in its
        place), then open it again whatever happened: the one place the open diary is replaced.

        Raises DiaryOpenError when the diary cannot be opened again (``store`` is then None);
        ``change`` should turn its own failures into its result, so the two are never confused.
        """
        old = self._store
        diary = self.paths.diary if old is None else old.path
        backups = self.paths.backups if old is None else old.backups_dir
        if old is not None:
            old.close()
        try:
            return change(diary)
        finally:
            try:
                self.store = Store.open(diary, backups_dir=backups)
            except DiaryOpenError:
                self.store = None
                raise

    def close_diary(self) -> None:
        """Close whichever diary is open now (the app quitting)."""
        if self._store is not None:
            self._store.close()

    def _on_diary_committed(self, nights: frozenset) -> None:
        self.diary_changed.emit(nights)

    def routine_library(self) -> RoutineLibrary:
        """A fresh view of the routines; a custom-routines file it had to set aside is told once
        as a notice, whichever page happened to read it first."""
        from companion.core.routine import RoutineLibrary

        library = RoutineLibrary(self.paths.custom_routines)
        for warning in library.warnings:
            self.notice.emit(warning)
        return library
