"""Small shared building blocks so every page looks and behaves alike."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


def label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


def button(
    text: str, accessible_name: str | None = None, *, primary: bool = False, tip: str = ""
) -> QPushButton:
    widget = QPushButton(text)
    widget.setAccessibleName(accessible_name or text.replace("&", ""))
    if primary:
        widget.setProperty("primary", True)
    if tip:
        widget.setToolTip(tip)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return widget


def card() -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    return frame


def coming_page(title: str, line: str) -> QWidget:
    """A page a later release fills: a friendly line of what will be here, nothing fake."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(48, 40, 48, 40)
    layout.addWidget(label(title, "title"))
    layout.addWidget(label(line, "muted"))
    layout.addStretch(1)
    return page
