"""The Trends page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from companion.ui.context import AppContext
from companion.ui.widgets import coming_page


def create_page(ctx: AppContext) -> QWidget:
    return coming_page(
        "Trends",
        "Charts of your nights will live here, so you can see whether the routine helps you.",
    )
