"""The Morning page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from companion.ui.context import AppContext
from companion.ui.widgets import coming_page


def create_page(ctx: AppContext) -> QWidget:
    return coming_page(
        "Morning",
        "Your morning-after note will live here: how you slept and any cramps, in a few taps.",
    )
