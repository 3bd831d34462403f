"""The Trends page: charts of your nights, so you can see whether the routine seems to help you.

pyqtgraph is imported here and nowhere else the app loads at start-up: the main window imports this
module after the first paint, in a thread while the app is idle (``MainWindow.preload_when_idle``),
or when Trends is opened before that, which keeps start-up fast. The numbers all come from
``companion.core.stats`` (the same figures as the ``stats`` command and the doctor report); this
module only draws them.

Conventions: x values of dated charts are local-midnight timestamps (what ``DateAxisItem`` ticks
on). Ranges longer than a year are drawn as one bar per week, and the chart says so, because 3,650
one-pixel bars are neither readable nor fast. Every chart has words next to it: a caption saying
how to read it, a line with exact values for the point under the mouse (or the keyboard cursor,
with the arrow keys), and its key figure in plain sentences.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QDate, QEvent, QLocale, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPen,
    QStaticText,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QButtonGroup,
    QDateEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from companion.core import stats, wording
from companion.core.diary import (
    AREAS,
    SIDES,
    Night,
    area_label,
    night_of,
    part_of_night_label,
    side_label,
    sleep_quality_label,
)
from companion.core.i18n import N_, _, counted, current_language, number, pgettext
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.page import BesideTheSidebar
from companion.ui.widgets import FlowRow, button, label

pg.setConfigOptions(antialias=True)

MIN_NIGHTS = 3
EMPTY_TEXT = N_("Log a few mornings and your charts will appear here.")
#: Ranges longer than this many nights are drawn as one bar per week.
WEEKLY_AFTER_DAYS = 366
CALENDAR_MONTHS = 12
# The calendar's colour steps: 0, 1, 2, 3, 4 and "5 or more" cramps a night, each further from
# the card's background than the one before (lighter in the night theme, darker by day).
CALENDAR_STEPS = 6
_CALENDAR_MIX = (0.1, 0.28, 0.46, 0.64, 0.82, 1.0)
DAY = 86_400.0
#: (key, button text, the button's accessible name, nights; None is every night)
RANGES: tuple[tuple[str, str, str, int | None], ...] = (
    ("2w", N_("2 weeks"), N_("Show the last 2 weeks"), 14),
    ("3m", N_("3 months"), N_("Show the last 3 months"), 91),
    ("1y", N_("1 year"), N_("Show the last 1 year"), 365),
    # Translators: the range button that shows every night
    ("all", N_("All"), N_("Show all your nights"), None),
)
#: (key, title, the accessible name of its Save as PNG button), in the order shown.
CHARTS: tuple[tuple[str, str, str], ...] = (
    ("cramps", N_("Cramps per night"), N_("Save the cramps per night chart as a PNG picture")),
    (
        "severity",
        N_("Worst pain and morning soreness"),
        N_("Save the worst pain and morning soreness chart as a PNG picture"),
    ),
    ("stretch", N_("Stretched or not"), N_("Save the stretched or not chart as a PNG picture")),
    (
        "factors",
        N_("Other things you noted"),
        N_("Save the other things you noted chart as a PNG picture"),
    ),
    ("hours", N_("When cramps strike"), N_("Save the when cramps strike chart as a PNG picture")),
    (
        "where",
        N_("Where cramps strike"),
        N_("Save the where cramps strike chart as a PNG picture"),
    ),
    ("sleep", N_("Sleep quality"), N_("Save the sleep quality chart as a PNG picture")),
    ("calendar", N_("Calendar"), N_("Save the calendar chart as a PNG picture")),
)
DEFAULT_RANGE = "3m"
PLOT_HEIGHT = 300


def midnights(ordinals: Sequence[int] | np.ndarray) -> np.ndarray:
    """Local-midnight timestamps of night dates (DST-correct: each day converted on its own)."""
    return np.fromiter(
        (datetime.combine(date.fromordinal(int(o)), time()).timestamp() for o in ordinals),
        dtype=float,
        count=len(ordinals),
    )


def _day(value: QDate) -> date:
    """A QDate as a date (QDate.toPython is typed as returning object)."""
    return date(value.year(), value.month(), value.day())


def _mean(value: float | None, decimals: int = 1) -> str:
    """A mean for people in the language's form (one decimal), or a dash when there were no
    nights to average."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\u2013"
    return number(float(value), decimals)


def _elide(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def default_save_dialog(parent: QWidget, suggested: str) -> str | None:
    """Ask where to save a chart; None when cancelled."""
    # Translators: the file-type filter of the save dialog; keep "(*.png)" as it is
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save chart as PNG"), suggested, _("PNG image") + " (*.png)"
    )
    return path or None


# --------------------------------------------------------------------------------------------
# a chart in a card: title, caption, plot, exact values, plain sentences, Save as PNG
# --------------------------------------------------------------------------------------------
class ChartCard(QFrame):
    """One chart with its words. ``positions``/``describe`` say where the data points are (on
    the x axis, or y for horizontal bars) and how to read one aloud; the mouse and the arrow keys
    both move a cursor over them and the exact values appear in ``values_label``."""

    save_requested = Signal(object)  # this card

    def __init__(
        self, key: str, title: str, chart: QWidget | None = None, save_name: str = ""
    ) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.key = key
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(8)
        head = QHBoxLayout()
        self.title_label = label(title)
        self.title_label.setStyleSheet("font-weight: 600;")
        head.addWidget(self.title_label, 1)
        self.save_button = button(
            _("Save as PNG"),
            save_name or _("Save the chart {title} as a PNG picture").format(title=title),
            tip=_("Save as PNG"),
        )
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self))
        head.addWidget(self.save_button)
        layout.addLayout(head)
        self.caption = label("", "muted")
        layout.addWidget(self.caption)
        self.plot: pg.PlotWidget | None = None
        if chart is None:
            # Value axes that write numbers in the language's form (dated charts get a DateAxis).
            self.plot = pg.PlotWidget(
                axisItems={
                    "left": NumberAxis(orientation="left"),
                    "bottom": NumberAxis(orientation="bottom"),
                }
            )
            self.plot.setMenuEnabled(False)
            self.plot.setMouseEnabled(x=False, y=False)
            self.plot.hideButtons()
            self.plot.setMinimumHeight(PLOT_HEIGHT)
            self.plot.getPlotItem().getViewBox().setDefaultPadding(0.02)
            self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
            # the wheel scrolls the page; the chart never zooms (its view port gets the wheel)
            self.plot.viewport().installEventFilter(self)
            chart = self.plot
        self.chart = chart
        chart.setAccessibleName(_("{title} chart").format(title=title))
        chart.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        chart.installEventFilter(self)
        layout.addWidget(chart)
        self.values_label = label("", "muted")
        self.values_label.setAccessibleName(_("{title}: exact values").format(title=title))
        layout.addWidget(self.values_label)
        self.sentences = label("")
        self.sentences.setAccessibleName(_("{title}: in words").format(title=title))
        layout.addWidget(self.sentences)
        self.positions = np.zeros(0)
        self.axis = "x"
        self.describe: Callable[[int], str] = lambda i: ""
        self.hint = _(
            "Point at the chart, or focus it and use the arrow keys, to see exact values."
        )
        self.cursor_index = -1
        self._cursor_line: pg.InfiniteLine | None = None
        self.signature: tuple | None = None  # what the plot items were built for
        # pyqtgraph items by role ("bars", "line", "texts", ...); pyqtgraph has no types
        self.items: dict[str, Any] = {}

    def plot_widget(self) -> pg.PlotWidget:
        """The plot of a card built without a chart of its own (every card but the calendar)."""
        assert self.plot is not None, "this card shows its own chart widget, not a plot"
        return self.plot

    # data cursor -----------------------------------------------------------------------------
    def set_points(
        self, positions: np.ndarray, describe: Callable[[int], str], axis: str = "x"
    ) -> None:
        self.positions = np.asarray(positions, dtype=float)
        self.describe = describe
        self.axis = axis
        self.cursor_index = -1
        self.values_label.setText(self.hint if self.positions.size else "")
        if self._cursor_line is not None:
            self._cursor_line.hide()

    def add_cursor(self, colors: theme.Colors, horizontal: bool = False) -> None:
        """A dashed line marking the point whose values are shown (made with the plot items, in
        their colours)."""
        assert self.plot is not None
        self._cursor_line = pg.InfiniteLine(angle=0 if horizontal else 90, movable=False)
        self._cursor_line.setPen(pg.mkPen(colors.muted_text, width=1, style=Qt.PenStyle.DashLine))
        self._cursor_line.setZValue(-5)
        self._cursor_line.hide()
        self.plot.addItem(self._cursor_line, ignoreBounds=True)

    def show_index(self, index: int) -> None:
        if not self.positions.size:
            return
        index = max(0, min(int(index), self.positions.size - 1))
        self.cursor_index = index
        self.values_label.setText(self.describe(index))
        if self._cursor_line is not None:
            self._cursor_line.setValue(float(self.positions[index]))
            self._cursor_line.show()

    def nearest(self, value: float) -> int:
        pos = self.positions
        i = int(np.searchsorted(pos, value))
        if i <= 0:
            return 0
        if i >= pos.size:
            return pos.size - 1
        return i if pos[i] - value < value - pos[i - 1] else i - 1

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        if self.plot is None or not self.positions.size:
            return
        item = self.plot.getPlotItem()
        if not item.vb.sceneBoundingRect().contains(scene_pos):
            return
        point = item.vb.mapSceneToView(scene_pos)
        value = point.x() if self.axis == "x" else point.y()
        self.show_index(self.nearest(value))
        # The read-out beside the pointer as well: a tooltip, which Qt keeps on the screen (the
        # line under the chart can be scrolled out of sight at the default window size).
        where = self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos))
        QToolTip.showText(where, self.values_label.text(), self.plot)

    def _scroll_page(self, event: QWheelEvent) -> bool:
        """Hand a wheel turn over the chart to the page's scroll area, as over any text."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is None:
            return False
        QApplication.sendEvent(parent.verticalScrollBar(), event)
        return True

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt override)
        if (
            self.plot is not None
            and watched is self.plot.viewport()
            and event.type() == QEvent.Type.Wheel
        ):
            return self._scroll_page(event)
        if watched is self.chart and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            # The chart paints itself: its card shows the focus ring (theme.py).
            self.setProperty("focused", event.type() == QEvent.Type.FocusIn)
            self.style().unpolish(self)
            self.style().polish(self)
        if watched is self.chart and isinstance(event, QKeyEvent) and self.positions.size:
            if event.type() == QKeyEvent.Type.KeyPress:
                steps: dict[int, int] = {
                    Qt.Key.Key_Right: 1,
                    Qt.Key.Key_Up: 1,
                    Qt.Key.Key_Left: -1,
                    Qt.Key.Key_Down: -1,
                }
                step = steps.get(event.key())
                if step is not None:
                    start = (
                        self.cursor_index
                        if self.cursor_index >= 0
                        else (-1 if step > 0 else self.positions.size)
                    )
                    self.show_index(start + step)
                    return True
                if event.key() == Qt.Key.Key_Home:
                    self.show_index(0)
                    return True
                if event.key() == Qt.Key.Key_End:
                    self.show_index(self.positions.size - 1)
                    return True
        return super().eventFilter(watched, event)

    # words -----------------------------------------------------------------------------------
    def set_words(self, caption: str, sentences: str, description: str) -> None:
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.sentences.setText(sentences)
        self.sentences.setVisible(bool(sentences))
        self.chart.setAccessibleDescription(description)

    def set_chart_visible(self, visible: bool) -> None:
        self.chart.setVisible(visible)
        self.values_label.setVisible(visible)
        self.save_button.setVisible(visible)

    # saving ----------------------------------------------------------------------------------
    def export_png(self, path: Path) -> None:
        """Write the chart as PNG: pyqtgraph's ImageExporter (never SVG), or a grab of the
        painted widget for the calendar."""
        if self.plot is not None:
            exporter = ImageExporter(self.plot.getPlotItem())
            width = max(1200, int(self.plot.width()))
            exporter.parameters()["width"] = width
            exporter.export(str(path))
        else:
            if not self.chart.grab().save(str(path), "PNG"):
                raise OSError(_("could not write {path}").format(path=path))


# --------------------------------------------------------------------------------------------
# the calendar heat map
# --------------------------------------------------------------------------------------------
def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def relative_luminance(color: QColor) -> float:
    """WCAG relative luminance (0 black .. 1 white)."""

    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(color.redF())
        + 0.7152 * linear(color.greenF())
        + 0.0722 * linear(color.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def calendar_fills(colors: theme.Colors) -> list[QColor]:
    """One fill per step of ``CALENDAR_STEPS``, from near the card's colour to the strong series
    colour: every step stands further from the background, in the night theme as by day."""
    background, strong = QColor(colors.surface), QColor(colors.series[2])
    return [_mix(background, strong, t) for t in _CALENDAR_MIX[:CALENDAR_STEPS]]


def calendar_step(count: int) -> int:
    return min(max(count, 0), CALENDAR_STEPS - 1)


def step_label(step: int) -> str:
    """'0' .. '4', and '5+' for the last step (five or more)."""
    if step == CALENDAR_STEPS - 1:
        # Translators: a calendar legend step: five or more cramps a night
        return _("{n}+").format(n=number(step))
    return number(step)


def weekday_initials() -> list[str]:
    """The calendar's column heads, Monday first: 'M', 'T', 'W', ... in the current language
    (German 'M', 'D', 'M', ...). One literal call each, so that extraction finds them."""
    return [
        # Translators: the calendar's column heads: one letter (or two) per weekday
        pgettext("Monday, one letter", "M"),
        pgettext("Tuesday, one letter", "T"),
        pgettext("Wednesday, one letter", "W"),
        pgettext("Thursday, one letter", "T"),
        pgettext("Friday, one letter", "F"),
        pgettext("Saturday, one letter", "S"),
        pgettext("Sunday, one letter", "S"),
    ]


def number_pen(fill: QColor, colors: theme.Colors) -> QColor:
    """The theme's text or window colour, whichever reads better on ``fill``."""
    ink, paper = QColor(colors.text), QColor(colors.window)
    return ink if contrast_ratio(ink, fill) >= contrast_ratio(paper, fill) else paper


class CalendarHeatMap(QWidget):
    """Month grids, one cell per night: outlined when not logged, shaded by cramp count with the
    count written in the cell, and a small triangle on nights you stretched. A legend above the
    months shows the colour of each count."""

    hovered = Signal(str)
    CELL = 30
    GAP = 4
    TITLE_H = 30
    HEAD_H = 22
    COL_GAP = 28
    ROW_GAP = 14
    LEGEND_TITLE_H = 24
    LEGEND_GAP = 12

    def __init__(self, colors: theme.Colors) -> None:
        super().__init__()
        self.colors = colors
        self.data: stats.CalendarData | None = None
        self.months: list[date] = []
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.cursor_day: date | None = None

    # geometry --------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.CELL + self.GAP

    def month_width(self) -> int:
        return 7 * self.step

    @staticmethod
    def weeks(month: date) -> int:
        days = (_add_months(month, 1) - month).days
        return -(-(month.weekday() + days) // 7)

    def columns(self, width: int | None = None) -> int:
        w = self.width() if width is None else width
        return max(1, (w + self.COL_GAP) // (self.month_width() + self.COL_GAP))

    def origins(self, width: int | None = None) -> tuple[list[QPointF], int]:
        """Top-left corner of each month block, and the total height, for a given width."""
        cols = self.columns(width)
        out: list[QPointF] = []
        y = self.legend_height()
        for row_start in range(0, len(self.months), cols):
            row = self.months[row_start : row_start + cols]
            for k, _month in enumerate(row):
                out.append(QPointF(k * (self.month_width() + self.COL_GAP), y))
            y += self.TITLE_H + self.HEAD_H + max(self.weeks(m) for m in row) * self.step
            y += self.ROW_GAP
        return out, y

    def legend_height(self) -> int:
        return self.LEGEND_TITLE_H + self.step + self.LEGEND_GAP

    def legend_text(self) -> str:
        """The legend in words, for screen readers and the tests."""
        steps = ", ".join(step_label(i) for i in range(CALENDAR_STEPS))
        return _(
            "Colour scale, cramps a night: {steps}; the stronger the colour, the more cramps. "
            "A dotted outline: not logged."
        ).format(steps=steps)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self.origins(width)[1]

    def sizeHint(self) -> QSize:  # noqa: N802
        width = 4 * (self.month_width() + self.COL_GAP)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.month_width(), self.heightForWidth(self.month_width()))

    def set_data(self, data: stats.CalendarData | None) -> None:
        """Show the last ``CALENDAR_MONTHS`` months of ``data``."""
        self.data = data
        self.months = []
        self.cursor_day = None
        if data is not None:
            last = data.last.replace(day=1)
            first = max(data.first.replace(day=1), _add_months(last, -(CALENDAR_MONTHS - 1)))
            month = first
            while month <= last:
                self.months.append(month)
                month = _add_months(month, 1)
        self._fit_height()
        self.update()

    def _fit_height(self) -> None:
        """Exactly as tall as the month rows need at the current width (the scroll area gives
        the page its height from this)."""
        wanted = self.heightForWidth(max(self.width(), self.month_width()))
        if self.height() != wanted or self.minimumHeight() != wanted:
            self.setFixedHeight(wanted)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_height()

    def cell_rect(self, day: date) -> QRectF | None:
        key = day.replace(day=1)
        if key not in self.months:
            return None
        origin = self.origins()[0][self.months.index(key)]
        slot = key.weekday() + day.day - 1
        x = origin.x() + (slot % 7) * self.step
        y = origin.y() + self.TITLE_H + self.HEAD_H + (slot // 7) * self.step
        return QRectF(x, y, self.CELL, self.CELL)

    def day_at(self, x: float, y: float) -> date | None:
        origins, _height = self.origins()
        for month, origin in zip(self.months, origins, strict=True):
            lx = x - origin.x()
            ly = y - origin.y() - self.TITLE_H - self.HEAD_H
            if 0 <= lx < self.month_width() and 0 <= ly < self.weeks(month) * self.step:
                slot = int(ly // self.step) * 7 + int(lx // self.step)
                day_no = slot - month.weekday() + 1
                try:
                    return month.replace(day=day_no) if day_no >= 1 else None
                except ValueError:
                    return None
        return None

    def describe_day(self, day: date) -> str:
        if self.data is None:
            return ""
        count, stretched = self.data.at(day)
        when = wording.date_words(day, weekday=True)
        if count < 0:
            return _("{date}: not logged.").format(date=when)
        if stretched == stats.STRETCHED_YES:
            if not count:
                return _("{date}: no cramps, you stretched.").format(date=when)
            return counted(
                count,
                "{date}: {n} cramp, you stretched.",
                "{date}: {n} cramps, you stretched.",
                date=when,
            )
        if stretched == stats.STRETCHED_NO:
            if not count:
                return _("{date}: no cramps, you did not stretch.").format(date=when)
            return counted(
                count,
                "{date}: {n} cramp, you did not stretch.",
                "{date}: {n} cramps, you did not stretch.",
                date=when,
            )
        if not count:
            return _("{date}: no cramps.").format(date=when)
        return counted(count, "{date}: {n} cramp.", "{date}: {n} cramps.", date=when)

    # events ----------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        day = self.day_at(event.position().x(), event.position().y())
        if day is not None and self.data is not None and self.data.first <= day <= self.data.last:
            text = self.describe_day(day)
            self.hovered.emit(text)
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if self.data is None or not self.months:
            return super().keyPressEvent(event)
        steps: dict[int, int] = {
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_Down: 7,
            Qt.Key.Key_Up: -7,
        }
        step = steps.get(event.key())
        if step is None:
            return super().keyPressEvent(event)
        first_shown = max(self.data.first, self.months[0])
        moved = self.cursor_day + timedelta(days=step) if self.cursor_day else self.data.last
        self.cursor_day = min(max(moved, first_shown), self.data.last)
        self.hovered.emit(self.describe_day(self.cursor_day))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        """Square cells without antialiasing and numbers from cached static texts: a year of
        rounded, antialiased cells took ~80 ms to paint, this takes a few."""
        if self.data is None:
            return
        c = self.colors
        p = QPainter(self)
        base = QFont(self.font())
        title_font = QFont(base)
        title_font.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.72))
        text = QColor(c.text)
        muted = QColor(c.muted_text)
        border_pen = QPen(QColor(c.border), 1)
        dotted_pen = QPen(QColor(c.border), 1, Qt.PenStyle.DotLine)
        fills = calendar_fills(c)
        pens = [number_pen(f, c) for f in fills]
        numbers: dict[int, QStaticText] = {}
        self._paint_legend(p, fills, pens, title_font, small, text, dotted_pen)
        origins, _height = self.origins()
        first, last = self.data.first, self.data.last
        cramps, stretched = self.data.cramps, self.data.stretched
        for month, origin in zip(self.months, origins, strict=True):
            ox, oy = origin.x(), origin.y()
            p.setFont(title_font)
            p.setPen(text)
            p.drawText(
                QRectF(ox, oy, self.month_width(), self.TITLE_H),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                month_heading(month),
            )
            p.setFont(small)
            p.setPen(muted)
            for i, name in enumerate(weekday_initials()):
                p.drawText(
                    QRectF(ox + i * self.step, oy + self.TITLE_H, self.CELL, self.HEAD_H),
                    Qt.AlignmentFlag.AlignCenter,
                    name,
                )
            top = oy + self.TITLE_H + self.HEAD_H
            days = (_add_months(month, 1) - month).days
            for d in range(days):
                day = month + timedelta(days=d)
                if not first <= day <= last:
                    continue
                i = (day - first).days
                count, mark = int(cramps[i]), int(stretched[i])
                slot = month.weekday() + d
                rect = QRectF(
                    ox + (slot % 7) * self.step + 1,
                    top + (slot // 7) * self.step + 1,
                    self.CELL - 2,
                    self.CELL - 2,
                )
                if count < 0:
                    p.setPen(dotted_pen)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(rect)
                else:
                    p.setPen(border_pen)
                    p.setBrush(fills[calendar_step(count)])
                    p.drawRect(rect)
                    if count:
                        label_ = numbers.get(count)
                        if label_ is None:
                            label_ = numbers[count] = QStaticText(number(count))
                            label_.prepare(font=small)
                        size = label_.size()
                        p.setPen(pens[calendar_step(count)])
                        p.drawStaticText(
                            QPointF(
                                rect.center().x() - size.width() / 2,
                                rect.center().y() - size.height() / 2,
                            ),
                            label_,
                        )
                if mark == stats.STRETCHED_YES:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(text)
                    x, y = rect.left() + 2, rect.top() + 2
                    p.drawPolygon([QPointF(x, y), QPointF(x + 9, y), QPointF(x, y + 9)])
                if self.cursor_day == day:
                    p.setPen(QPen(QColor(c.accent), 3))
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(rect.adjusted(-1, -1, 1, 1))
        p.end()

    def _paint_legend(
        self,
        p: QPainter,
        fills: list[QColor],
        pens: list[QColor],
        title_font: QFont,
        small: QFont,
        text: QColor,
        dotted_pen: QPen,
    ) -> None:
        """'Cramps a night:' and one cell per step with its number, then 'not logged'."""
        p.setFont(title_font)
        p.setPen(text)
        p.drawText(
            QRectF(0, 0, self.width(), self.LEGEND_TITLE_H),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            _("Cramps a night"),
        )
        top = self.LEGEND_TITLE_H
        border_pen = QPen(QColor(self.colors.border), 1)
        p.setFont(small)
        for i, fill in enumerate(fills):
            rect = QRectF(i * self.step + 1, top + 1, self.CELL - 2, self.CELL - 2)
            p.setPen(border_pen)
            p.setBrush(fill)
            p.drawRect(rect)
            p.setPen(pens[i])
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, step_label(i))
        x = len(fills) * self.step + 12
        room = self.width() - x - self.step
        # Translators: the calendar legend's word for a night with no morning note
        not_logged = _("not logged")
        if room < p.fontMetrics().horizontalAdvance(not_logged):
            return  # a narrow window: the card's words say what a dotted outline means
        p.setPen(dotted_pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(x + 1, top + 1, self.CELL - 2, self.CELL - 2))
        p.setPen(text)
        p.drawText(
            QRectF(x + self.step, top, room, self.CELL),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            not_logged,
        )


def month_heading(month: date) -> str:
    """'November 2026' above a month of the calendar, in the current language."""
    return wording.month_year(month)


class DateAxis(pg.DateAxisItem):
    """pyqtgraph's date axis, with tick texts in the app's language: pyqtgraph formats them
    with strftime, which speaks the process's C locale (English month names)."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        out = []
        for value in values:
            try:
                moment = datetime.fromtimestamp(value)  # local, as ``midnights`` made them
            except (OverflowError, ValueError, OSError):
                out.append("")
                continue
            if spacing >= 300 * DAY:
                out.append(str(moment.year))
            elif spacing >= 27 * DAY:
                out.append(wording.month_name(moment.month, short=True))
            elif spacing >= DAY * 0.99:
                out.append(wording.date_words(moment.date(), year=False))
            else:
                out.append(wording.clock(moment))
        return out


class NumberAxis(pg.AxisItem):
    """pyqtgraph's value axis, with numbers in the language's form (a decimal comma in German
    and Spanish)."""

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph override)
        decimals = max(0, math.ceil(-math.log10(spacing * scale))) if spacing * scale else 0
        out = []
        for value in values:
            shown = value * scale
            out.append(number(round(shown)) if decimals == 0 else number(shown, decimals))
        return out


def _legend_above(item: pg.PlotItem) -> pg.LegendItem:
    """A legend in the plot's title row, above the data, so it can never cover a bar or a line
    (pyqtgraph's own ``addLegend`` floats it inside the data area)."""
    legend = pg.LegendItem(colCount=3)
    item.layout.removeItem(item.titleLabel)
    item.titleLabel.hide()
    item.layout.addItem(legend, 0, 1)
    item.layout.setRowMinimumHeight(0, 0)
    item.layout.setRowMaximumHeight(0, 10_000)
    item.legend = legend
    return legend


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# --------------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------------
class TrendsPage(BesideTheSidebar, QWidget):
    """Range controls, a headline, and the chart cards; redraws when the diary or theme changes."""

    def __init__(
        self,
        ctx: AppContext,
        save_dialog: Callable[[QWidget, str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.save_dialog = save_dialog or default_save_dialog
        self.range_key = DEFAULT_RANGE
        self.custom: tuple[date, date] | None = None
        self.all_nights: list[Night] = []
        self.routine_nights: list[date] = []
        self.data: stats.Trends | None = None
        self.weekly = False
        self._dirty = True
        self._syncing = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 20, 32, 8)
        outer.setSpacing(10)
        outer.addWidget(label(_("Trends"), "title"))
        self.intro = label(
            _("How your nights are going, and whether the routine seems to help you."), "muted"
        )
        outer.addWidget(self.intro)
        outer.addLayout(self._build_range_bar())
        self.headline = label("")
        self.headline.setAccessibleName(_("Summary of the chosen period"))
        outer.addWidget(self.headline)

        self.stack = QStackedWidget()
        self.empty_label = label(_(EMPTY_TEXT), "hero")
        self.empty_label.setAccessibleName(_("No charts yet"))
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.setContentsMargins(0, 24, 0, 0)
        empty_layout.addWidget(self.empty_label)
        self.empty_hint = label(
            _(
                "Each morning note adds a night. After three nights you will see your cramps, "
                "sleep and stretching side by side."
            ),
            "muted",
        )
        empty_layout.addWidget(self.empty_hint)
        empty_layout.addStretch(1)
        self.stack.addWidget(empty)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAccessibleName(_("Charts"))
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        self.charts_layout = QVBoxLayout(content)
        self.charts_layout.setContentsMargins(0, 4, 12, 24)
        self.charts_layout.setSpacing(18)
        self.cards: dict[str, ChartCard] = {}
        for key, title, save_name in CHARTS:
            chart = None
            if key == "calendar":
                self.calendar = CalendarHeatMap(ctx.look.colors)
                chart = self.calendar
            c = ChartCard(key, _(title), chart, _(save_name))
            c.save_requested.connect(self.save_chart)
            self.cards[key] = c
            self.charts_layout.addWidget(c)
        self.calendar.hovered.connect(self.cards["calendar"].values_label.setText)
        self.charts_layout.addStretch(1)
        self.scroll_area.setWidget(content)
        self.stack.addWidget(self.scroll_area)
        outer.addWidget(self.stack, 1)

        ctx.diary_changed.connect(self._on_diary_changed)
        ctx.theme_changed.connect(self._on_theme_changed)
        self.style_plots()

    # range -----------------------------------------------------------------------------------
    def _build_range_bar(self) -> QVBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        show = label(_("Show:"), wrap=False)
        row.addWidget(show, 0, Qt.AlignmentFlag.AlignTop)
        self.range_group = QButtonGroup(self)
        self.range_group.setExclusive(True)
        self.range_buttons: dict[str, QPushButton] = {}
        for key, text, name, _days in RANGES:
            b = button(_(text), _(name))
            b.setCheckable(True)
            b.clicked.connect(lambda _on=False, k=key: self.set_range(k))
            self.range_group.addButton(b)
            self.range_buttons[key] = b
        # On to a second row where their words are long, rather than cut (large text, German).
        row.addWidget(FlowRow(list(self.range_buttons.values()), spacing=8), 1)
        # Level with the first row of buttons, however many rows there are.
        show.setMinimumHeight(self.range_buttons[DEFAULT_RANGE].sizeHint().height())
        # The custom range on a line of its own: with large text one line cut the buttons.
        dates = QHBoxLayout()
        dates.setSpacing(8)
        # Translators: "Or from [date] to [date]": a custom range of nights
        dates.addWidget(label(_("Or from"), wrap=False))
        self.from_edit = self._date_edit(
            _("From date"), _("From date of a custom range (inclusive)")
        )
        dates.addWidget(self.from_edit)
        # Translators: "Or from [date] to [date]": a custom range of nights
        dates.addWidget(label(_("to"), wrap=False))
        self.to_edit = self._date_edit(_("To date"), _("To date of a custom range (inclusive)"))
        dates.addWidget(self.to_edit)
        dates.addStretch(1)
        self.range_buttons[DEFAULT_RANGE].setChecked(True)
        both = QVBoxLayout()
        both.setSpacing(6)
        both.addLayout(row)
        both.addLayout(dates)
        return both

    def _date_edit(self, name: str, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        # Qt names the months in the widget's locale: the app's language, not the system's.
        edit.setLocale(QLocale(current_language()))
        edit.setDisplayFormat("d MMM yyyy")
        edit.setAccessibleName(name)
        edit.setToolTip(tip)
        edit.dateChanged.connect(self._custom_changed)
        return edit

    def today(self) -> date:
        """The newest night that could be logged: tonight before noon rolls it over."""
        return night_of(self.ctx.clock.now())

    def current_range(self) -> tuple[date | None, date | None]:
        if self.range_key == "custom" and self.custom:
            return self.custom
        days = next((d for k, _t, _n, d in RANGES if k == self.range_key), None)
        if days is None:
            return None, None
        end = self.today()
        return end - timedelta(days=days - 1), end

    def set_range(self, key: str) -> None:
        """Show a preset range ("2w", "3m", "1y", "all")."""
        self.range_key = key
        self.custom = None
        if key in self.range_buttons:
            self.range_buttons[key].setChecked(True)
        self.redraw()

    def set_custom_range(self, start: date, end: date) -> None:
        if end < start:
            start, end = end, start
        self.range_key = "custom"
        self.custom = (start, end)
        self.range_group.setExclusive(False)
        for b in self.range_buttons.values():
            b.setChecked(False)
        self.range_group.setExclusive(True)
        self.redraw()

    def _custom_changed(self) -> None:
        if self._syncing:
            return
        start, end = _day(self.from_edit.date()), _day(self.to_edit.date())
        self.set_custom_range(start, end)

    def _sync_date_edits(self, start: date | None, end: date | None) -> None:
        self._syncing = True
        try:
            if start is None:
                start = self.all_nights[0].night if self.all_nights else self.today()
            if end is None:
                end = (
                    max(self.all_nights[-1].night, self.today())
                    if self.all_nights
                    else self.today()
                )
            self.from_edit.setDate(QDate(start.year, start.month, start.day))
            self.to_edit.setDate(QDate(end.year, end.month, end.day))
        finally:
            self._syncing = False

    # data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the diary again (after a change) and redraw."""
        store = self.ctx.store
        self.all_nights = store.nights() if store is not None else []
        sessions = store.routine_sessions() if store is not None else []
        self.routine_nights = sorted({s.night for s in sessions if s.completed})
        self._dirty = False
        self.redraw()

    def _on_diary_changed(self, _nights: object = None) -> None:
        self._dirty = True
        if self.isVisible():
            self.reload()

    def on_page_shown(self) -> None:
        if self._dirty:
            self.reload()

    def prepare(self) -> None:
        """Read and draw while hidden (the window preloads this page when idle)."""
        if self._dirty:
            self.reload()

    def on_app_closing(self) -> None:
        """Nothing to save: the charts only read the diary."""

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def _on_theme_changed(self, look: theme.Look) -> None:
        self.calendar.colors = look.colors
        self.style_plots()
        if self.data is not None:
            self.redraw()

    def redraw(self) -> None:
        """Compute the chosen range's figures and draw every chart."""
        start, end = self.current_range()
        self._sync_date_edits(start, end)
        data = stats.trends(self.all_nights, start, end, self.routine_nights)
        self.data = data
        logged = data.nights_logged
        if len(self.all_nights) < MIN_NIGHTS:
            self._show_empty(_(EMPTY_TEXT), len(self.all_nights))
            return
        if logged < MIN_NIGHTS:
            self._show_empty(
                counted(
                    logged,
                    "Only {n} night logged in this period. Choose a longer range to see charts.",
                    "Only {n} nights logged in this period. Choose a longer range to see charts.",
                ),
                logged,
            )
            return
        first = start or data.series.dates[0]
        last = end or data.series.dates[-1]
        self.weekly = (last - first).days + 1 > WEEKLY_AFTER_DAYS
        self.stack.setCurrentIndex(1)
        self.headline.setText(self._headline(data))
        self.headline.show()
        self.draw_cramps(data)
        self.draw_severity(data)
        self.draw_stretch(data)
        self.draw_factors(data)
        self.draw_hours(data)
        self.draw_where(data)
        self.draw_sleep(data)
        self.draw_calendar(data)

    def _show_empty(self, text: str, logged: int) -> None:
        self.empty_label.setText(text)
        self.empty_hint.setVisible(len(self.all_nights) < MIN_NIGHTS)
        self.headline.hide()
        self.stack.setCurrentIndex(0)

    def _headline(self, data: stats.Trends) -> str:
        s = data.summary
        text = counted(
            s["nights_logged"],
            "{n} night logged, cramps on {cramp_nights} of them, {mean} cramps a night on average.",
            "{n} nights logged, cramps on {cramp_nights} of them, {mean} cramps a night on "
            "average.",
            cramp_nights=number(s["cramp_nights"]),
            mean=_mean(s["cramps_per_night"]),
        )
        streak = data.streaks
        if streak.longest:
            now = counted(streak.current, "{n} night", "{n} nights")
            longest = counted(streak.longest, "{n} night", "{n} nights")
            # Translators: a sentence after the headline; {now} and {longest} are "7 nights"
            text += " " + _("Stretching streak: {now} now, longest {longest}.").format(
                now=now, longest=longest
            )
        return text

    # styling ---------------------------------------------------------------------------------
    def style_plots(self) -> None:
        """Colours and fonts of every plot's frame; the data items are rebuilt on a theme change."""
        c = self.ctx.look.colors
        font = self._tick_font()
        for card_ in self.cards.values():
            card_.signature = None  # rebuild items in the new colours on the next draw
            if card_.plot is None:
                card_.chart.update()
                continue
            card_.plot.setBackground(c.surface)
            item = card_.plot.getPlotItem()
            for name in ("left", "bottom"):
                axis = item.getAxis(name)
                axis.setPen(pg.mkPen(c.border))
                axis.setTextPen(pg.mkPen(c.muted_text))
                axis.setTickFont(font)
                axis.setStyle(tickTextOffset=8)
            item.showGrid(x=False, y=False)

    def _tick_font(self) -> QFont:
        font = QFont()
        font.setPointSizeF(max(8.0, self.ctx.look.point_size * 0.9))
        return font

    def _series(self, i: int) -> str:
        s = self.ctx.look.colors.series
        return s[i % len(s)]

    def _line_pen(self, colour: str, width: float = 2.5) -> QPen:
        return pg.mkPen(colour, width=width)

    def _build(self, key: str, signature: tuple, legend: bool = False) -> tuple[ChartCard, bool]:
        """The card, and whether its plot items must be (re)created: on first use, after a theme
        switch, or when the chart changes shape (one bar a night vs weekly). Otherwise the
        existing items are only given new data, which is much cheaper than rebuilding them."""
        card_ = self.cards[key]
        full = (self.ctx.look.mode, self.ctx.look.point_size) + signature
        if card_.signature == full:
            return card_, False
        plot = card_.plot_widget()
        assert plot is not None
        item = plot.getPlotItem()
        if item.legend is not None:
            item.legend.clear()
        plot.clear()
        card_.items = {}
        card_.signature = full
        if legend:
            c = self.ctx.look.colors
            if item.legend is None:
                _legend_above(item)
            lg = item.legend
            lg.setBrush(pg.mkBrush(QColor(c.surface)))
            lg.setPen(pg.mkPen(c.border))
            lg.setLabelTextColor(c.text)
            lg.setLabelTextSize(f"{self._tick_font().pointSizeF():.0f}pt")
            lg.setColumnCount(3)
            lg.show()
        elif item.legend is not None:
            item.legend.hide()
        return card_, True

    def _text_item(self, plot: pg.PlotWidget, anchor: tuple[float, float]) -> pg.TextItem:
        item = pg.TextItem("", color=self.ctx.look.colors.text, anchor=anchor)
        item.setFont(self._tick_font())
        plot.addItem(item)
        return item

    def _texts(self, card_: ChartCard, count: int, anchor: tuple[float, float]) -> list:
        """A pool of text labels, grown on demand; extra ones are hidden, not deleted."""
        pool = card_.items.setdefault("texts", [])
        while len(pool) < count:
            pool.append(self._text_item(card_.plot_widget(), anchor))
        for i, t in enumerate(pool):
            t.setVisible(i < count)
        return pool

    def _axis_label(self, plot: pg.PlotWidget, side: str, text: str) -> None:
        """Name an axis and its unit, in the theme's muted colour at the tick size."""
        style = {
            "color": self.ctx.look.colors.muted_text,
            "font-size": f"{self._tick_font().pointSizeF():.0f}pt",
        }
        plot.getPlotItem().setLabel(side, text, **style)

    def _set_bottom_axis(self, plot: pg.PlotWidget, dated: bool) -> None:
        item = plot.getPlotItem()
        if dated != isinstance(item.getAxis("bottom"), pg.DateAxisItem):
            axis = DateAxis(orientation="bottom") if dated else NumberAxis(orientation="bottom")
            item.setAxisItems({"bottom": axis})
            c = self.ctx.look.colors
            axis.setPen(pg.mkPen(c.border))
            axis.setTextPen(pg.mkPen(c.muted_text))
            axis.setTickFont(self._tick_font())
            axis.setStyle(tickTextOffset=8)

    # the charts ------------------------------------------------------------------------------
    def draw_cramps(self, data: stats.Trends) -> None:
        card_, fresh = self._build("cramps", (self.weekly,), legend=True)
        plot = card_.plot_widget()
        self._axis_label(
            plot,
            "left",
            _("Cramps a night (weekly average)") if self.weekly else _("Cramps a night"),
        )
        c = self.ctx.look.colors
        marker_y = -0.55
        if fresh:
            self._set_bottom_axis(plot, dated=True)
            plot.getPlotItem().getAxis("left").setTicks(None)
            name = _("Cramps a night, that week") if self.weekly else _("Cramps that night")
            bars = pg.BarGraphItem(
                x=[0.0], height=[0.0], width=1.0, pen=None, brush=pg.mkBrush(self._series(0))
            )
            plot.addItem(bars)
            plot.getPlotItem().legend.addItem(bars, name)
            card_.items["bars"] = bars
            if not self.weekly:
                # wide antialiased lines are very slow to paint; this one is drawn without
                card_.items["line"] = plot.plot(
                    [],
                    [],
                    pen=self._line_pen(self._series(1), 3),
                    antialias=False,
                    name=_("7-night average"),
                )
            card_.items["yes"] = pg.ScatterPlotItem(
                symbol="t1",
                size=10,
                pen=None,
                brush=pg.mkBrush(c.text),
                name=_("Stretched most nights") if self.weekly else _("You stretched"),
            )
            plot.addItem(card_.items["yes"])
            if not self.weekly:
                card_.items["no"] = pg.ScatterPlotItem(
                    symbol="x",
                    size=9,
                    pen=None,
                    brush=pg.mkBrush(c.muted_text),
                    # Translators: the legend of the mark for nights you did not stretch
                    name=_("You did not"),
                )
                plot.addItem(card_.items["no"])
            card_.add_cursor(self.ctx.look.colors)
        items = card_.items
        if not self.weekly:
            s = data.series
            x = midnights(s.ordinals)
            items["bars"].setOpts(x=x, height=s.cramps, width=DAY * 0.75)
            items["line"].setData(x, s.rolling, connect="finite")
            yes = s.stretched == stats.STRETCHED_YES
            no = s.stretched == stats.STRETCHED_NO
            items["yes"].setData(x=x[yes], y=np.full(int(yes.sum()), marker_y))
            items["no"].setData(x=x[no], y=np.full(int(no.sum()), marker_y))
            top = max(3.0, float(s.cramps.max())) * 1.3 + 0.5
            plot.setXRange(x[0] - DAY, x[-1] + DAY, padding=0.01)

            def describe(i: int) -> str:
                count = int(s.cramps[i])
                when = wording.date_words(s.dates[i], weekday=True)
                if not count:
                    text = _("{date}: no cramps").format(date=when)
                elif np.isnan(s.worst[i]):
                    text = counted(count, "{date}: {n} cramp", "{date}: {n} cramps", date=when)
                else:
                    text = counted(
                        count,
                        "{date}: {n} cramp, worst {worst} out of 10",
                        "{date}: {n} cramps, worst {worst} out of 10",
                        date=when,
                        worst=number(int(s.worst[i])),
                    )
                if not np.isnan(s.rolling[i]):
                    # Translators: {text} is the night's read-out, {mean} its 7-night average
                    text = _("{text}; 7-night average {mean}").format(
                        text=text, mean=number(float(s.rolling[i]), 1)
                    )
                stretched = int(s.stretched[i])
                if stretched == 1:
                    return _("{text}. You stretched.").format(text=text)
                if stretched == 0:
                    return _("{text}. You did not stretch.").format(text=text)
                return _("{text}.").format(text=text)

            card_.set_points(x, describe)
            caption = _(
                "One bar for each night you logged. The line is your average over the last 7 "
                "logged nights. \u25b2 you stretched, \u00d7 you did not."
            )
        else:
            w = data.weekly
            x = midnights(w.ordinals) + 3.5 * DAY
            items["bars"].setOpts(x=x, height=w.cramps_per_night, width=DAY * 5.5)
            most = w.stretched_nights * 2 >= w.nights
            items["yes"].setData(x=x[most], y=np.full(int(most.sum()), marker_y))
            top = max(3.0, float(np.nanmax(w.cramps_per_night))) * 1.3 + 0.5
            plot.setXRange(x[0] - 7 * DAY, x[-1] + 7 * DAY, padding=0.01)

            def describe(i: int) -> str:
                return counted(
                    int(w.nights[i]),
                    "Week of {date}: {mean} cramps a night over {n} night logged; you stretched "
                    "on {stretched}.",
                    "Week of {date}: {mean} cramps a night over {n} nights logged; you stretched "
                    "on {stretched}.",
                    date=wording.date_words(w.week_starts[i], weekday=True),
                    mean=number(float(w.cramps_per_night[i]), 1),
                    stretched=number(int(w.stretched_nights[i])),
                )

            card_.set_points(x, describe)
            caption = _(
                "This range is longer than a year, so each bar is one week: the average "
                "cramps a night over the nights you logged that week. \u25b2 you stretched on "
                "at least half of them."
            )
        plot.setYRange(-1.0, top, padding=0)
        total = data.summary
        cramps = counted(total["cramps_total"], "{n} cramp in all", "{n} cramps in all")
        sentence = counted(
            total["nights_logged"],
            "{n} night logged; {cramps}, {mean} a night on average.",
            "{n} nights logged; {cramps}, {mean} a night on average.",
            cramps=cramps,
            mean=_mean(total["cramps_per_night"]),
        )
        description = _("{sentence} {caption}").format(sentence=sentence, caption=caption)
        if not self.weekly:
            description += " " + _(
                "A night with marks but no bar had no cramps; a night with neither was not logged."
            )
        card_.set_words(caption, sentence, description)

    def draw_severity(self, data: stats.Trends) -> None:
        card_, fresh = self._build("severity", (self.weekly,), legend=True)
        plot = card_.plot_widget()
        self._axis_label(plot, "left", _("Out of 10 (pain 1–10, soreness 0–10)"))
        size = 5 if self.weekly else 8
        if fresh:
            self._set_bottom_axis(plot, dated=True)
            plot.getPlotItem().getAxis("left").setTicks(
                [[(v, number(v)) for v in range(0, 11, 2)], []]
            )
            card_.items["worst"] = plot.plot(
                [],
                [],
                pen=self._line_pen(self._series(2), 2.5),
                antialias=False,
                symbol="o",
                symbolSize=size,
                symbolBrush=self._series(2),
                symbolPen=None,
                name=_("Worst cramp pain (1\u201310)"),
            )
            card_.items["sore"] = plot.plot(
                [],
                [],
                pen=self._line_pen(self._series(3), 1.5),
                antialias=False,
                symbol="s",
                symbolSize=size,
                symbolBrush=self._series(3),
                symbolPen=None,
                name=_("Morning soreness (0\u201310)"),
            )
            card_.add_cursor(self.ctx.look.colors)
        src = data.weekly if self.weekly else data.series
        x = midnights(src.ordinals) + (3.5 * DAY if self.weekly else 0.0)
        worst, sore = src.worst, src.soreness
        has_w, has_s = ~np.isnan(worst), ~np.isnan(sore)
        card_.items["worst"].setData(x[has_w], worst[has_w])
        card_.items["sore"].setData(x[has_s], sore[has_s])
        plot.setYRange(0, 10.5, padding=0)
        plot.setXRange(x[0] - DAY, x[-1] + DAY, padding=0.01)

        def describe(i: int) -> str:
            decimals = 1 if self.weekly else 0
            if self.weekly:
                head = _("Week of {date} (averages)").format(
                    date=wording.date_words(data.weekly.week_starts[i], weekday=True)
                )
            else:
                head = wording.date_words(data.series.dates[i], weekday=True)
            fields = {
                "head": head,
                "worst": number(float(worst[i]), decimals),
                "sore": number(float(sore[i]), decimals),
            }
            if has_w[i] and has_s[i]:
                text = _(
                    "{head}: worst cramp pain {worst} out of 10, morning soreness {sore} out of 10."
                )
            elif has_w[i]:
                text = _("{head}: worst cramp pain {worst} out of 10, soreness not noted.")
            elif has_s[i]:
                text = _("{head}: no cramps, morning soreness {sore} out of 10.")
            else:
                text = _("{head}: no cramps, soreness not noted.")
            return text.format(**fields)

        card_.set_points(x, describe)
        wm = data.summary["worst_severity_mean"]
        sore_mean = stats.mean_or_none(data.series.soreness)
        sentence = []
        if wm is not None:
            sentence.append(
                _(
                    "On nights with cramps, the worst one averaged {mean} out of 10 (the highest "
                    "was {top})."
                ).format(mean=number(float(wm), 1), top=_mean(data.worst_severity_max, 0))
            )
        if sore_mean is not None:
            sentence.append(
                _("Morning soreness averaged {mean} out of 10.").format(
                    mean=number(float(sore_mean), 1)
                )
            )
        caption = (
            _("Circles: the worst cramp of each night. Squares: how sore you felt in the morning.")
            if not self.weekly
            else _("Weekly averages. Circles: worst cramp pain. Squares: morning soreness.")
        )
        words = " ".join(sentence) or _("No pain scores are logged in this period.")
        card_.set_words(caption, words, words)

    def draw_stretch(self, data: stats.Trends) -> None:
        card_, fresh = self._build("stretch", ())
        plot = card_.plot_widget()
        self._axis_label(plot, "left", _("Cramps a night (average)"))
        comp = data.stretch
        sentence = stats.plain_comparison(comp)
        if fresh:
            self._set_bottom_axis(plot, dated=False)
            plot.getPlotItem().getAxis("bottom").setTicks(
                [[(0, _("Stretched")), (1, _("Did not stretch"))], []]
            )
            for i in (0, 1):
                bar = pg.BarGraphItem(
                    x=[i], height=[0.0], width=0.55, pen=None, brush=pg.mkBrush(self._series(i))
                )
                plot.addItem(bar)
                card_.items[f"bar{i}"] = bar
            self._texts(card_, 2, (0.5, 1.0))
            card_.add_cursor(self.ctx.look.colors)
        groups = [
            (_("Stretched"), comp.with_nights, comp.with_mean),
            (_("Did not stretch"), comp.without_nights, comp.without_mean),
        ]
        shown = [g[1] > 0 and g[2] is not None for g in groups]
        card_.set_chart_visible(any(shown))
        if not any(shown):
            card_.set_points(np.zeros(0), lambda i: "")
            card_.set_words("", sentence, sentence)
            return
        top = max(g[2] for g, ok in zip(groups, shown, strict=True) if ok and g[2] is not None)
        texts = card_.items["texts"]
        for i, (_name, nights, mean) in enumerate(groups):
            height = mean if shown[i] and mean is not None else 0.0
            card_.items[f"bar{i}"].setOpts(height=[height])
            texts[i].setVisible(shown[i])
            if shown[i] and mean is not None:
                texts[i].setText(
                    counted(
                        nights,
                        "{mean} a night\nn = {n} night",
                        "{mean} a night\nn = {n} nights",
                        mean=number(float(mean), 1),
                    )
                )
                texts[i].setPos(i, height + top * 0.03)
        plot.setXRange(-0.6, 1.6, padding=0)
        plot.setYRange(0, max(1.0, top * 1.35), padding=0)

        def describe(i: int) -> str:
            name, nights, mean = groups[i]
            if mean is None:
                return counted(
                    nights, "{name}: {n} night, none.", "{name}: {n} nights, none.", name=name
                )
            return counted(
                nights,
                "{name}: {n} night, {mean} cramps a night.",
                "{name}: {n} nights, {mean} cramps a night.",
                name=name,
                mean=number(float(mean), 2),
            )

        card_.set_points(np.array([0.0, 1.0]), describe)
        card_.set_words(
            _(
                "Average cramps a night on nights you stretched and on nights you did not. "
                "Nights where you did not say are left out."
            ),
            sentence,
            sentence,
        )

    def draw_factors(self, data: stats.Trends) -> None:
        card_ = self.cards["factors"]
        compared = data.factors.compared
        waiting = data.factors.waiting
        lines = ["\u2022 " + stats.plain_comparison(cmp, caveat=False) for cmp in compared]
        if compared:
            few = min(min(cmp.with_nights, cmp.without_nights) for cmp in compared) < 10
            proof = _(stats.PATTERN_NOT_PROOF)
            if few:
                proof += " " + _(
                    "Where there are only a few nights, it may change as you log more."
                )
            lines.append(proof)
        if waiting:
            names = ", ".join(
                counted(
                    n, "{factor} ({n} night)", "{factor} ({n} nights)", factor=stats.factor_label(f)
                )
                for f, n in waiting
            )
            lines.append(
                counted(
                    stats.MIN_NIGHTS_TO_COMPARE,
                    "Not compared yet, because a comparison needs at least {n} night with it "
                    "and {n} without: {names}.",
                    "Not compared yet, because a comparison needs at least {n} nights with it "
                    "and {n} without: {names}.",
                    names=names,
                )
            )
        if not compared and not waiting:
            lines.append(
                _(
                    "You have not marked anything like caffeine, a hot day or a flare yet. "
                    "When you do, this shows how those nights compare."
                )
            )
        text = "\n".join(lines)
        card_.set_chart_visible(bool(compared))
        if not compared:
            card_.set_points(np.zeros(0), lambda i: "")
            card_.set_words("", text, text)
            return
        card_, fresh = self._build("factors", ())
        plot = card_.plot_widget()
        if fresh:
            self._set_bottom_axis(plot, dated=False)
            plot.getPlotItem().getAxis("bottom").setTicks(None)
            for key, colour in (("with", 2), ("without", 5)):
                bar = pg.BarGraphItem(
                    x0=[0.0],
                    y=[0.0],
                    height=0.36,
                    width=[0.0],
                    pen=None,
                    brush=pg.mkBrush(self._series(colour)),
                )
                plot.addItem(bar)
                card_.items[key] = bar
            card_.add_cursor(self.ctx.look.colors, horizontal=True)
        self._axis_label(plot, "bottom", _("Cramps a night (average)"))
        n = len(compared)
        plot.setMinimumHeight(max(PLOT_HEIGHT, 90 * n + 60))
        ys_with = np.arange(n, dtype=float)[::-1] + 0.2
        ys_without = ys_with - 0.4
        with_vals = np.array([cmp.with_mean or 0.0 for cmp in compared])
        without_vals = np.array([cmp.without_mean or 0.0 for cmp in compared])
        card_.items["with"].setOpts(x0=np.zeros(n), y=ys_with, width=with_vals)
        card_.items["without"].setOpts(x0=np.zeros(n), y=ys_without, width=without_vals)
        texts = self._texts(card_, 2 * n, (0.0, 0.5))
        for i, cmp in enumerate(compared):
            texts[2 * i].setText(
                " "
                + _("with: {mean} (n = {nights})").format(
                    mean=number(float(with_vals[i]), 1), nights=number(cmp.with_nights)
                )
            )
            texts[2 * i].setPos(with_vals[i], ys_with[i])
            texts[2 * i + 1].setText(
                " "
                + _("without: {mean} (n = {nights})").format(
                    mean=number(float(without_vals[i]), 1), nights=number(cmp.without_nights)
                )
            )
            texts[2 * i + 1].setPos(without_vals[i], ys_without[i])
        tick_names = [_elide(cmp.label, 26) for cmp in compared]
        left = plot.getPlotItem().getAxis("left")
        left.setTicks([[(float(ys_with[i] - 0.2), nm) for i, nm in enumerate(tick_names)], []])
        metrics = QFontMetrics(self._tick_font())
        left.setWidth(min(340, max(metrics.horizontalAdvance(nm) for nm in tick_names) + 24))
        top = float(max(with_vals.max(), without_vals.max()))
        plot.setXRange(0, max(1.0, top) * 1.6, padding=0)
        plot.setYRange(-0.6, n - 0.4, padding=0)
        order = sorted(
            [(float(ys_with[i]), i, True) for i in range(n)]
            + [(float(ys_without[i]), i, False) for i in range(n)]
        )

        def describe(k: int) -> str:
            _y, i, with_it = order[k]
            cmp = compared[i]
            if with_it:
                return counted(
                    cmp.with_nights,
                    "{factor}: {n} night with it, {mean} cramps a night.",
                    "{factor}: {n} nights with it, {mean} cramps a night.",
                    factor=cmp.label,
                    mean=_mean(cmp.with_mean, 2),
                )
            return counted(
                cmp.without_nights,
                "{factor}: {n} night without it, {mean} cramps a night.",
                "{factor}: {n} nights without it, {mean} cramps a night.",
                factor=cmp.label,
                mean=_mean(cmp.without_mean, 2),
            )

        card_.set_points(np.array([o[0] for o in order]), describe, axis="y")
        card_.set_words(
            _(
                "Average cramps a night: the upper bar of each pair is nights with it, the lower "
                "bar nights without it (n = number of nights)."
            ),
            text,
            text,
        )

    def draw_hours(self, data: stats.Trends) -> None:
        card_, fresh = self._build("hours", ())
        plot = card_.plot_widget()
        self._axis_label(plot, "left", _("Cramps (count)"))
        h = data.hours
        night_idx = np.flatnonzero(h.is_night)
        if fresh:
            self._set_bottom_axis(plot, dated=False)
            ticks = [
                (i, wording.clock(time(hour % 24))) for i, hour in enumerate(h.hours) if i % 3 == 0
            ]
            plot.getPlotItem().getAxis("bottom").setTicks([ticks, []])
            shade = pg.BarGraphItem(
                x0=[night_idx[0] - 0.5],
                x1=[night_idx[-1] + 0.5],
                y0=[0],
                y1=[1],
                pen=None,
                brush=pg.mkBrush(QColor(self.ctx.look.colors.raised)),
            )
            plot.addItem(shade)
            bars = pg.BarGraphItem(
                x=np.arange(24),
                height=np.zeros(24),
                width=0.7,
                pen=None,
                brush=pg.mkBrush(self._series(1)),
            )
            plot.addItem(bars)
            card_.items.update(shade=shade, bars=bars)
            card_.add_cursor(self.ctx.look.colors)
        top = max(2.0, float(h.counts.max()) * 1.15)
        card_.items["shade"].setOpts(y1=[top])
        card_.items["bars"].setOpts(height=h.counts)
        plot.setXRange(-0.7, 23.7, padding=0)
        plot.setYRange(0, top, padding=0)

        def describe(i: int) -> str:
            hour = h.hours[i]
            fields = {
                "start": wording.clock(time(hour % 24)),
                "end": wording.clock(time((hour + 1) % 24)),
            }
            count = int(h.counts[i])
            if h.is_night[i]:
                return counted(
                    count,
                    "{start} to {end}: {n} cramp (usual sleeping hours).",
                    "{start} to {end}: {n} cramps (usual sleeping hours).",
                    **fields,
                )
            return counted(
                count, "{start} to {end}: {n} cramp.", "{start} to {end}: {n} cramps.", **fields
            )

        card_.set_points(np.arange(24, dtype=float), describe)
        words = stats.describe_hours(h)
        if h.untimed:
            parts = [
                # Translators: how many untimed cramps were in a part of the night: "early: 2"
                _("{part}: {count}").format(part=part_of_night_label(p), count=number(n))
                for p, n in h.by_part.items()
                if n
            ]
            if parts:
                words += " " + counted(
                    h.untimed,
                    "{n} cramp had no time logged ({parts}).",
                    "{n} cramps had no time logged ({parts}).",
                    parts=", ".join(parts),
                )
            else:
                words += " " + counted(
                    h.untimed, "{n} cramp had no time logged.", "{n} cramps had no time logged."
                )
        card_.set_words(
            _(
                "Cramps by the hour they started, from noon to noon. The shaded band is the usual "
                "sleeping hours, {start} to {end}."
            ).format(start=wording.clock(time(22)), end=wording.clock(time(7))),
            words,
            words,
        )

    def draw_where(self, data: stats.Trends) -> None:
        card_, fresh = self._build("where", (), legend=True)
        plot = card_.plot_widget()
        self._axis_label(plot, "left", _("Cramps (count)"))
        m = data.area_side
        width = 0.26
        if fresh:
            self._set_bottom_axis(plot, dated=False)
            plot.getPlotItem().getAxis("bottom").setTicks(
                [[(i, area_label(a)) for i, a in enumerate(AREAS)], []]
            )
            patterns = (
                Qt.BrushStyle.SolidPattern,
                Qt.BrushStyle.BDiagPattern,
                Qt.BrushStyle.Dense4Pattern,
            )
            for j, side in enumerate(SIDES):
                colour = self._series((0, 1, 4)[j])
                bar = pg.BarGraphItem(
                    x=np.arange(len(AREAS)) + (j - 1) * width,
                    height=np.zeros(len(AREAS)),
                    width=width * 0.92,
                    pen=pg.mkPen(colour, width=1),
                    brush=QBrush(QColor(colour), patterns[j]),
                    name=side_label(side),
                )
                plot.addItem(bar)
                card_.items[side] = bar
            card_.add_cursor(self.ctx.look.colors)
        for j, side in enumerate(SIDES):
            card_.items[side].setOpts(height=m[:, j])
        plot.setXRange(-0.6, len(AREAS) - 0.4, padding=0)
        plot.setYRange(0, max(2.0, float(m.max()) * 1.3), padding=0)
        positions = np.array(
            [i + (j - 1) * width for i in range(len(AREAS)) for j in range(len(SIDES))]
        )

        def describe(k: int) -> str:
            i, j = divmod(k, len(SIDES))
            return counted(
                int(m[i, j]),
                "{area}, {side}: {n} cramp.",
                "{area}, {side}: {n} cramps.",
                area=area_label(AREAS[i]),
                side=side_label(SIDES[j]),
            )

        card_.set_points(positions, describe)
        words = stats.describe_areas(m)
        sides = m.sum(axis=0)
        if m.sum():
            by_side = [
                # Translators: cramps on one side in the "By side:" list: "Left: 4"
                _("{side}: {count}").format(side=side_label(s), count=number(int(sides[j])))
                for j, s in enumerate(SIDES)
            ]
            if sides[len(SIDES)]:
                by_side.append(
                    _("leg not said: {count}").format(count=number(int(sides[len(SIDES)])))
                )
            words += " " + _("By side: {sides}.").format(sides=", ".join(by_side))
        card_.set_words(
            _(
                "How many cramps in each place. Solid bars: left leg; striped: right; "
                "dotted: both legs."
            ),
            words,
            words,
        )

    def draw_sleep(self, data: stats.Trends) -> None:
        card_, fresh = self._build("sleep", ())
        plot = card_.plot_widget()
        self._axis_label(plot, "left", _("Nights (count)"))
        q = data.quality
        counts = np.array([q.counts[k] for k in range(1, 6)], dtype=float)
        if fresh:
            self._set_bottom_axis(plot, dated=False)
            plot.getPlotItem().getAxis("bottom").setTicks(
                [[(i, sleep_quality_label(i + 1)) for i in range(5)], []]
            )
            bars = pg.BarGraphItem(
                x=np.arange(5),
                height=np.zeros(5),
                width=0.6,
                pen=None,
                brush=pg.mkBrush(self._series(4)),
            )
            plot.addItem(bars)
            card_.items["bars"] = bars
            self._texts(card_, 5, (0.5, 1.0))
            card_.add_cursor(self.ctx.look.colors)
        card_.items["bars"].setOpts(height=counts)
        top = max(2.0, float(counts.max()))
        for i, t in enumerate(card_.items["texts"]):
            t.setText(number(int(counts[i])))
            t.setPos(i, counts[i] + top * 0.02)
        plot.setXRange(-0.6, 4.6, padding=0)
        plot.setYRange(0, top * 1.25, padding=0)
        card_.set_points(
            np.arange(5, dtype=float),
            lambda i: counted(
                int(counts[i]),
                "{quality}: {n} night.",
                "{quality}: {n} nights.",
                quality=sleep_quality_label(i + 1),
            ),
        )
        mean = data.summary["sleep_quality_mean"]
        if mean is None:
            words = _("Sleep quality is not noted on any night in this period.")
        else:
            label_ = sleep_quality_label(int(round(mean)))
            words = counted(
                int(counts.sum()),
                "Your sleep averaged {mean} out of 5 (about \u201c{quality}\u201d) over {n} night.",
                "Your sleep averaged {mean} out of 5 (about \u201c{quality}\u201d) over {n} "
                "nights.",
                mean=number(float(mean), 1),
                quality=label_,
            )
            if q.not_recorded:
                words += " " + counted(
                    q.not_recorded, "Not noted on {n} night.", "Not noted on {n} nights."
                )
        card_.set_words(
            _("How many nights you rated each way, from very poor to very good."), words, words
        )

    def draw_calendar(self, data: stats.Trends) -> None:
        card_ = self.cards["calendar"]
        cal = data.calendar
        self.calendar.set_data(cal)
        if cal is None:
            card_.set_chart_visible(False)
            return
        card_.set_chart_visible(True)
        shown_from = self.calendar.months[0] if self.calendar.months else cal.first
        logged = cal.cramps >= 0
        days = np.arange(cal.cramps.size)
        visible = days >= max(0, (shown_from - cal.first).days)
        cramp_nights = int(((cal.cramps > 0) & visible).sum())
        logged_n = int((logged & visible).sum())
        longer = cal.first < shown_from
        if longer:
            words = counted(
                logged_n,
                "Cramps on {cramp_nights} of the {n} night logged in the last {months} months "
                "shown.",
                "Cramps on {cramp_nights} of the {n} nights logged in the last {months} months "
                "shown.",
                cramp_nights=number(cramp_nights),
                months=number(CALENDAR_MONTHS),
            )
        else:
            words = counted(
                logged_n,
                "Cramps on {cramp_nights} of the {n} night logged.",
                "Cramps on {cramp_nights} of the {n} nights logged.",
                cramp_nights=number(cramp_nights),
            )
        card_.values_label.setText(
            _("Point at a day, or focus the calendar and use the arrow keys, to read it.")
        )
        caption = _(
            "Each square is a night. The number is how many cramps; the stronger the colour, "
            "the more (see the scale above the months). "
            "A dotted outline means not logged; a corner triangle means you stretched."
        )
        if longer:
            caption += " " + counted(
                CALENDAR_MONTHS,
                "Showing the last {n} month of this range.",
                "Showing the last {n} months of this range.",
            )
        card_.set_words(
            caption,
            words,
            _("{words} {legend}").format(words=words, legend=self.calendar.legend_text()),
        )

    # saving ----------------------------------------------------------------------------------
    def save_chart(self, card_: ChartCard) -> Path | None:
        """Ask where, then write the chart as PNG; says what happened in the status line."""
        suggested = str(
            Path.home() / f"bedtime-companion-{card_.key}-{self.today().isoformat()}.png"
        )
        chosen = self.save_dialog(self, suggested)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".png":
            path = path.with_name(path.name + ".png")
        try:
            card_.export_png(path)
        except (OSError, ValueError) as exc:
            self.ctx.message.emit(_("The chart could not be saved ({error}).").format(error=exc))
            return None
        self.ctx.message.emit(_("Chart saved to {path}.").format(path=path))
        return path


def create_page(ctx: AppContext) -> QWidget:
    return TrendsPage(ctx)
