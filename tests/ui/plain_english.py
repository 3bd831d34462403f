"""Two helpers for the pseudo-locale tests of the morning note, Experiment, Learn and Trends
(the sweep for English itself is tests/ui/pseudo_sweep.py): building widgets inside the
pseudo-locale, and finding one-line text that the longer pseudo texts cut off.

``clipped`` looks only at one-line labels and buttons, where a cut shows as missing letters;
pseudo_sweep.clipped is the full layout check (wrapped paragraphs, sideways scrolling, overlaps).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from companion.core import i18n


@contextmanager
def pseudo_language() -> Iterator[None]:
    """The pseudo-locale for the block (build the widgets inside it), then English again."""
    i18n.set_language(i18n.PSEUDO)
    try:
        yield
    finally:
        i18n.set_language("en")


def clipped(root: QWidget) -> list[str]:
    """Visible one-line labels and buttons narrower than their text needs (a wrapping label
    grows down instead, so it never clips)."""
    QApplication.processEvents()  # a resize lays out on the next turn of the event loop
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        one_line = isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and not widget.wordWrap() and widget.text()
        )
        if one_line and widget.width() < widget.sizeHint().width() - 1:
            found.append(
                f"{type(widget).__name__} {widget.text()!r}: "
                f"{widget.width()} < {widget.sizeHint().width()}"
            )
    return found
