"""Small shared building blocks so every page looks and behaves alike."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from companion.core.diary import RELIEFS, relief_label
from companion.core.i18n import _


def label(text: str, role: str | None = None, wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    return widget


class WrappedLabel(QLabel):
    """A word-wrapped label that asks for the height its lines take at the width it got. A
    plain wrapped QLabel's least height is one line's, so a full page or a window sized by its
    layout can squeeze a longer translation's last lines away."""

    def __init__(self, text: str = "", role: str | None = None) -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if role:
            self.setProperty("role", role)
        self._lines_height = -1

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        least = super().minimumSizeHint()
        if self.width() <= 0 or not self.text():
            return least
        return QSize(least.width(), max(least.height(), self.heightForWidth(self.width())))

    def _refit(self) -> None:
        height = self.heightForWidth(self.width())
        if height != self._lines_height:
            self._lines_height = height
            self.updateGeometry()

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        super().setText(text)
        self._refit()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._refit()


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


def toggle_chip(text: str, name: str) -> QPushButton:
    """A toggle; a tick joins the colour when it is on, so a choice never rests on colour alone."""
    chip = button(text, name)
    chip.setCheckable(True)
    chip.setProperty("chip_text", text)
    chip.toggled.connect(
        lambda on, c=chip: c.setText(("✓ " if on else "") + c.property("chip_text"))
    )
    return chip


class ReliefPicker(QWidget):
    """ "What helped?": one toggle per relief ("Helped: Walking"), the one picker Cramp now and the
    morning cramp editor share. Nothing is chosen until tapped, and a second tap takes it back:
    what the person did not say stays unsaid (DESIGN.md section 3)."""

    def __init__(
        self,
        layout: QLayout,
        keys: Sequence[str] = RELIEFS,
        *,
        style: Callable[[QPushButton], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setLayout(layout)
        self.keys = tuple(keys)
        self.buttons: dict[str, QPushButton] = {}
        for key in self.keys:
            shown = relief_label(key)
            # Translators: the accessible name of a "what helped" toggle, e.g. "Helped: Walking"
            chip = toggle_chip(shown, _("Helped: {relief}").format(relief=shown))
            if style is not None:
                style(chip)
            self.buttons[key] = chip
            layout.addWidget(chip)
        if isinstance(layout, QBoxLayout):
            layout.addStretch(1)

    def chosen(self) -> tuple[str, ...]:
        """The reliefs tapped, in the table's order."""
        return tuple(k for k in self.keys if self.buttons[k].isChecked())

    def set_chosen(self, relief: Iterable[str]) -> None:
        wanted = set(relief)
        for key, chip in self.buttons.items():
            chip.setChecked(key in wanted)


class WrappingGrid(QWidget):
    """Controls in a grid of ``per_row`` columns, placed again only when that number changes;
    a subclass decides how many fit. ``fill``: the columns share the width (balanced rows);
    otherwise the controls keep their size at the left."""

    def __init__(self, buttons: Sequence[QWidget], *, spacing: int, fill: bool) -> None:
        super().__init__()
        self.buttons = list(buttons)
        self.fill = fill
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(spacing)
        self.per_row = 0

    def _arrange(self, per_row: int) -> bool:
        """Place the controls ``per_row`` to a row; False when they already were."""
        if per_row == self.per_row:
            return False
        self.per_row = per_row
        for b in self.buttons:
            self.grid.removeWidget(b)
        for index, b in enumerate(self.buttons):
            self.grid.addWidget(b, index // per_row, index % per_row)
        for column in range(len(self.buttons) + 1):
            self.grid.setColumnStretch(column, 1 if self.fill and column < per_row else 0)
        if not self.fill:
            self.grid.setColumnStretch(per_row, 1)
        return True


class FlowRow(WrappingGrid):
    """Toggles left to right that go on to a second row when the width runs out, rather than
    widening the page: a longer language (German is about a third longer) never makes the page
    scroll sideways. Every cell is as wide as the widest shown toggle, so rows line up;
    ``fill``: the cells also share the width that is left (a row of choices across a card)."""

    def __init__(
        self, buttons: Sequence[QWidget], *, spacing: int = 10, fill: bool = False
    ) -> None:
        super().__init__(buttons, spacing=spacing, fill=fill)
        self._arrange(len(self.buttons))

    def _cell(self) -> int:
        shown = [b for b in self.buttons if not b.isHidden()] or self.buttons
        return max((b.sizeHint().width() for b in shown), default=0)

    def refit(self) -> None:
        spacing = self.grid.spacing()
        count = max(1, len(self.buttons))
        shown = [b for b in self.buttons if not b.isHidden()]
        one_row = sum(b.sizeHint().width() for b in shown) + spacing * max(0, len(shown) - 1)
        if one_row <= self.width():  # all on one row at their own widths: no cells to line up
            per_row = count
        else:
            fits = (self.width() + spacing) // max(1, self._cell() + spacing)
            per_row = math.ceil(count / math.ceil(count / max(1, min(count, fits))))
        changed = self._arrange(per_row)
        if self.fill:
            # Sharing the width, no column may get less than its toggle's words need (a
            # smaller least width set on a toggle would let the grid squeeze it).
            for column in range(count):
                placed = self.buttons[column::per_row] if column < per_row else []
                in_column = [b.sizeHint().width() for b in placed if not b.isHidden()]
                self.grid.setColumnMinimumWidth(column, max(in_column, default=0))
        if changed:
            self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.refit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self._cell(), super().minimumSizeHint().height())


class WrappingCheckBox(QCheckBox):
    """A check box whose words go on to more lines when its room is narrow (a QCheckBox never
    wraps), so a longer language or large text never widens the form it sits in. ``text()``
    shows the lines as drawn; ``full_text()`` the words as given."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._words = text
        # A check box takes at least its one-line width by default; this one may be narrower.
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)

    def full_text(self) -> str:
        return self._words

    def setText(self, text: str) -> None:  # noqa: N802 (Qt override)
        self._words = text
        super().setText(text)
        self._wrap()

    def _indicator(self) -> int:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        style = self.style()
        return (
            style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, option, self)
            + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, option, self)
            + 8
        )

    def _wrap(self) -> None:
        room = self.width() - self._indicator()
        if room <= 0 or not self.isVisible():
            return
        metrics = self.fontMetrics()
        lines: list[str] = []
        line = ""
        for word in self._words.split():
            trial = f"{line} {word}" if line else word
            if line and metrics.horizontalAdvance(trial) > room:
                lines.append(line)
                line = word
            else:
                line = trial
        if line:
            lines.append(line)
        text = "\n".join(lines)
        if text != super().text():
            super().setText(text)
            self.updateGeometry()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._wrap()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._wrap()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        metrics = self.fontMetrics()
        longest = max((metrics.horizontalAdvance(w) for w in self._words.split()), default=0)
        return QSize(self._indicator() + longest, super().minimumSizeHint().height())
