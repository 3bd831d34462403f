"""The doctor report (PDF and print)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from companion.ui.context import AppContext


def save_report_pdf(ctx: AppContext, parent: QWidget) -> None:
    QMessageBox.information(parent, "Report", "The doctor report is not available yet.")


def print_report(ctx: AppContext, parent: QWidget) -> None:
    save_report_pdf(ctx, parent)
