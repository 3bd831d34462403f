"""Tray icon and bedtime reminders."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from companion.ui.context import AppContext


def install(ctx: AppContext, window: QWidget) -> None:
    """Nothing yet: reminders arrive with the tray."""
