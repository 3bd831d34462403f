"""One running window per diary."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from companion.paths import AppPaths


class InstanceGuard:
    def attach(self, window: QWidget) -> None:
        self.window = window

    def release(self) -> None:
        pass


def claim(paths: AppPaths, page: str | None) -> InstanceGuard | None:
    """The guard when this process owns the diary; None when another window was asked instead."""
    return InstanceGuard()
