"""What the layout tests and the pseudo-locale sweep share: finding cut text, sideways scrolling
and overlapping widgets under a root widget, and letting Qt lay out before looking.

A label is cut when its size hint (or, word-wrapped, its height for its width and its longest
word) is bigger than the room it got; a button when its size hint is; a page scrolls sideways
when a scroll area's horizontal bar has anywhere to go; things overlap when siblings in one
layout share pixels or a child sticks out of its parent.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

SLACK = 1  # px: rounding in Qt's own size hints


def shown(widget: QWidget) -> bool:
    """On screen with some size (a zero-sized widget shows nothing that could be cut)."""
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def what(widget: QWidget) -> str:
    """A widget as a failure message names it: its class and its name or text."""
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return f"{type(widget).__name__} {widget.accessibleName() or text[:40]!r}"


def _in_scroll_content(widget: QWidget) -> bool:
    """Direct content of a scroll area's viewport may be bigger than it: that is scrolling."""
    parent = widget.parentWidget()
    return parent is not None and isinstance(parent.parentWidget(), QAbstractScrollArea)


def layout_faults(root: QWidget) -> list[str]:
    """Every visible cut label or button, sideways scroll and overlap under ``root``."""
    faults: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not shown(w):
            continue
        if isinstance(w, QLabel) and w.text() and (w.pixmap() is None or w.pixmap().isNull()):
            if w.wordWrap():
                need_w = w.minimumSizeHint().width()
                need_h = w.heightForWidth(w.width())
                if need_w > w.width() + SLACK or need_h > w.height() + SLACK:
                    faults.append(
                        f"{what(w)} is {w.width()}x{w.height()}, needs {need_w} wide "
                        f"and {need_h} high"
                    )
            else:
                need = w.sizeHint()
                if need.width() > w.width() + SLACK or need.height() > w.height() + SLACK:
                    faults.append(
                        f"{what(w)} is {w.width()}x{w.height()}, needs "
                        f"{need.width()}x{need.height()}"
                    )
        elif isinstance(w, QAbstractButton) and w.text():
            need = w.sizeHint()
            if need.width() > w.width() + SLACK or need.height() > w.height() + SLACK:
                faults.append(
                    f"{what(w)} is {w.width()}x{w.height()}, needs {need.width()}x{need.height()}"
                )
        if isinstance(w, QAbstractScrollArea):
            bar = w.horizontalScrollBar()
            if bar.maximum() > 0:
                faults.append(f"{what(w)} scrolls sideways by {bar.maximum()} px")
            inner = w.widget() if isinstance(w, QScrollArea) else None
            if inner is not None and inner.width() > w.viewport().width() + SLACK:
                faults.append(
                    f"{what(w)} content is {inner.width()} px wide in a "
                    f"{w.viewport().width()} px view"
                )
        parent = w.parentWidget()
        if parent is not None and not w.isWindow() and not _in_scroll_content(w):
            g = w.geometry()
            if (
                g.left() < -SLACK
                or g.top() < -SLACK
                or g.right() > parent.width() + SLACK
                or g.bottom() > parent.height() + SLACK
            ):
                faults.append(
                    f"{what(w)} sticks out of its {type(parent).__name__} "
                    f"({g.x()},{g.y()} {g.width()}x{g.height()} in "
                    f"{parent.width()}x{parent.height()})"
                )
        if w.layout() is not None and not isinstance(w, QStackedWidget):
            kids = [
                k
                for k in w.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if shown(k) and not k.isWindow()
            ]
            for i, a in enumerate(kids):
                for b in kids[i + 1 :]:
                    overlap = a.geometry().intersected(b.geometry())
                    if overlap.width() > SLACK and overlap.height() > SLACK:
                        faults.append(f"{what(a)} and {what(b)} overlap in {what(w)}")
    return faults


def settle(app: QApplication, turns: int = 4) -> None:
    """Let Qt run its posted layout and paint events (offscreen, nothing else runs them)."""
    for _ in range(turns):
        app.processEvents()
