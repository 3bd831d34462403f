"""Cramp now: relief steps for a cramp happening right now."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.ui.context import AppContext


def open_cramp_now(ctx: AppContext, parent: QWidget) -> QWidget:
    box = QMessageBox(parent)
    box.setWindowTitle("Cramp now")
    box.setText(
        "Straighten the leg and gently pull your toes toward you, or stand with your weight on "
        "that leg, heel down. Then massage the muscle and walk slowly."
    )
    box.open()
    return box
