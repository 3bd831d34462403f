"""Opening the diary in the app, with a calm way out when it cannot be opened."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from companion.core.errors import DiaryOpenError
from companion.paths import AppPaths


def open_diary_interactive(paths: AppPaths):  # -> Store | None
    from companion.core.store import Store

    try:
        return Store.open(paths.diary, backups_dir=paths.backups)
    except DiaryOpenError as exc:
        QMessageBox.warning(None, "Your diary could not be opened", str(exc))
        return None


def show_backups(ctx, parent) -> None:
    QMessageBox.information(parent, "Backups", "Restoring a backup is not available yet.")
