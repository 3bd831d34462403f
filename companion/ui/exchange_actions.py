"""Import and export from the app's Diary menu."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.ui.context import AppContext


def import_diary(ctx: AppContext, parent: QWidget) -> None:
    QMessageBox.information(parent, "Import", "Importing a diary file is not available yet.")


def export_diary(ctx: AppContext, parent: QWidget, fmt: str) -> None:
    QMessageBox.information(parent, "Export", "Exporting the diary is not available yet.")
