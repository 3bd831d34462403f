"""A time field you can type into: "05:30", "5:30", "0530" or "530" all mean half past five.

A plain QTimeEdit types into whichever section holds the cursor. Click into a narrow field at
3 am and the cursor lands in the minutes, or between sections, so "05:30" became 00:30 or 02:30.
Here the first digit typed after the field is focused or clicked always starts at the hours; the
field then moves on to the minutes by itself, and a typed ":" is simply skipped. Arrow keys,
Page Up/Down and the field's own step buttons work as before.

The field is also never narrower than its text in the current font, so large text never clips it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateTimeEdit, QTimeEdit, QWidget

DISPLAY_FORMAT = "HH:mm"
_TYPING_KEYS = {Qt.Key.Key_Colon, Qt.Key.Key_Period, Qt.Key.Key_Backspace}


class TimeField(QTimeEdit):
    """HH:MM that takes typed times as a person types them."""

    def __init__(self, value: QTime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DISPLAY_FORMAT)
        if value is not None:
            self.setTime(value)
        self._typing = False

    # typing ------------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        if text.isdigit() and len(text) == 1:
            if not self._typing:
                # A fresh time: start at the hours, whatever the cursor's place.
                self.setSelectedSection(QDateTimeEdit.Section.HourSection)
                self._typing = True
        elif event.key() not in _TYPING_KEYS:
            self._typing = False
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self._typing = False
        super().focusInEvent(event)
        self.setSelectedSection(QDateTimeEdit.Section.HourSection)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._typing = False
        super().mousePressEvent(event)

    # size --------------------------------------------------------------------------------------
    def _text_width(self) -> int:
        metrics = self.fontMetrics()
        return metrics.horizontalAdvance("00:00") + 2 * metrics.averageCharWidth()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), self._text_width() + 40), hint.height())

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(max(hint.width(), self._text_width() + 48), hint.height())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()  # a larger text size asks for a wider field
        super().changeEvent(event)
