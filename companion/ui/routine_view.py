"""The Tonight page."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from companion.ui.context import AppContext
from companion.ui.widgets import coming_page


def create_page(ctx: AppContext) -> QWidget:
    return coming_page(
        "Tonight",
        "Your guided bedtime stretches will live here: a big, calm countdown you can follow from the floor.",
    )
