"""What every page is given: paths, settings, the diary store, the clock, and app-wide signals.

Pages take the context in their constructor and connect to its signals (napari style), so a
morning note saved on one page refreshes Trends, and a changed setting takes effect at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from companion.core.clock import Clock, SystemClock
from companion.core.settings import Settings, save_settings
from companion.paths import AppPaths


class AppContext(QObject):
    diary_changed = Signal()  # after any save, delete, import or logged cramp
    settings_changed = Signal(object)  # the new Settings
    page_requested = Signal(str)  # "tonight", "morning", "trends", "settings", "learn", "cramp"
    message = Signal(str)  # a calm one-line status ("Saved.")
    notice = Signal(str)  # something the user should read and dismiss (shown in a banner)

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        store: Any = None,
        clock: Clock | None = None,
        *,
        demo: bool = False,
        persist_settings: bool = True,
    ) -> None:
        super().__init__()
        self.paths = paths
        self.settings = settings
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.demo = demo
        self.persist_settings = persist_settings
        self.services: dict[str, Any] = {}  # e.g. "cues", "tray": shared objects built lazily

    def update_settings(self, **changes: Any) -> Settings:
        """Apply, save and announce a settings change; every listener adapts without a restart."""
        self.settings = replace(self.settings, **changes).validated()
        if self.persist_settings:
            try:
                save_settings(self.settings, self.paths.settings)
            except OSError as exc:
                self.message.emit(f"Your settings could not be saved ({exc.strerror}).")
        self.settings_changed.emit(self.settings)
        return self.settings

    def notify_diary_changed(self) -> None:
        self.diary_changed.emit()

    def routine_library(self) -> Any:
        """A fresh view of the routines; a custom-routines file it had to set aside is told once
        as a notice, whichever page happened to read it first."""
        from companion.core.routine import RoutineLibrary

        library = RoutineLibrary(self.paths.custom_routines)
        for warning in library.warnings:
            self.notice.emit(warning)
        return library
