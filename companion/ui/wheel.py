"""The mouse wheel never changes a value the person is not working on.

One application-wide event filter, installed once by the main window: a spin box, time or date
field, combo box, slider or dial takes wheel events only while it has keyboard focus. Without
focus the wheel scrolls the page it sits on, exactly as it would over a label, so scrolling a long
form never moves a bedtime by an hour or flips "First side" on the way down.

Qt gives wheel focus before any filter sees the event (the default focus policy of these inputs
includes ``Qt.WheelFocus``), so the filter also turns that policy into ``Qt.StrongFocus`` when each
input is polished: Tab and a click still focus it, a passing wheel does not.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

#: Inputs whose value a wheel changes (QSpinBox, QDoubleSpinBox, QTimeEdit, QDateEdit and any
#: other QAbstractSpinBox; QComboBox; QSlider, QDial). A scroll bar is a slider that *is* the
#: scrolling, so it is left alone.
GUARDED: tuple[type[QWidget], ...] = (QAbstractSpinBox, QComboBox, QAbstractSlider)


def is_guarded(widget: QObject) -> bool:
    return isinstance(widget, GUARDED) and not isinstance(widget, QScrollBar)


def _guarded_owner(widget: QWidget) -> QWidget | None:
    """The guarded input a wheel over ``widget`` would change (a spin box's own line edit is part
    of the spin box), or None."""
    current: QWidget | None = widget
    for _ in range(3):  # the input itself, or its inner line edit / view
        if current is None:
            return None
        if is_guarded(current):
            return current
        current = current.parentWidget()
    return None


def _enclosing_scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not is_guarded(parent):
            return parent
        parent = parent.parentWidget()
    return None


def calm_focus_policy(widget: QWidget) -> None:
    """Keep Tab and click focus, drop wheel focus."""
    if is_guarded(widget) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    """The filter itself; ``install`` puts one on the application."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(obj, QWidget):
            calm_focus_policy(obj)
            return False
        if kind != QEvent.Type.Wheel or not isinstance(obj, QWidget):
            return False
        owner = _guarded_owner(obj)
        if owner is None or owner.hasFocus():
            return False
        area = _enclosing_scroll_area(owner)
        if area is not None:
            # The page scrolls as if the wheel were over empty space; the input never sees it.
            QCoreApplication.sendEvent(area.viewport(), event)
        event.accept()
        return True


def install(app: QCoreApplication | None = None) -> WheelGuard | None:
    """Install the guard once per application (later calls return the same one) and calm the
    inputs that already exist."""
    app = app or QApplication.instance()
    if app is None:
        return None
    existing = app.property("companion_wheel_guard")
    if isinstance(existing, WheelGuard):
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    app.setProperty("companion_wheel_guard", guard)
    if isinstance(app, QApplication):
        for widget in app.allWidgets():
            calm_focus_policy(widget)
    return guard
