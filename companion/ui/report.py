"""The doctor report: a one- or two-page PDF (or printout) a clinician can read in a minute.

Drawn with QPainter straight onto a QPdfWriter or QPrinter, so the text stays real text (a
clinician can search it, ``pdftotext`` can read it) and the layout is fixed: page 1 holds the key
figures, red flags and the cramps-per-night chart; page 2 the time of night, body areas, sleep
quality and, only when the user chooses, their dated notes. Charts are QImages painted with
QPainter (no pyqtgraph, so the report never loads it), black and grey on white, with patterns and
labels so nothing depends on colour. Every figure, row and sentence comes from
``companion.core.report_model``; this module only lays them out and paints them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMarginsF,
    QPointF,
    QRectF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDesktopServices,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.core import i18n, periods, wording
from companion.core import report_model as rm
from companion.core.diary import (
    AREA_LABELS,
    Night,
    RoutineSession,
    area_label,
    night_of,
    side_label,
)
from companion.core.errors import DiaryClosed, DiaryError, OutputRefused
from companion.core.files import write_atomic
from companion.core.i18n import _, counted, number, pgettext
from companion.ui.context import AppContext
from companion.ui.widgets import button, label

# Territories whose paper is US Letter (CLDR's paperSize data); everyone else prints on A4.
LETTER_TERRITORIES = frozenset(
    {
        QLocale.Country.UnitedStates,
        QLocale.Country.Canada,
        QLocale.Country.Mexico,
        QLocale.Country.Philippines,
        QLocale.Country.Chile,
        QLocale.Country.Colombia,
        QLocale.Country.CostaRica,
        QLocale.Country.Guatemala,
        QLocale.Country.Nicaragua,
        QLocale.Country.Panama,
        QLocale.Country.PuertoRico,
        QLocale.Country.ElSalvador,
        QLocale.Country.Venezuela,
        QLocale.Country.Belize,
    }
)


INK = QColor("#000000")
GREY_DARK = QColor("#4d4d4d")
GREY_MID = QColor("#8c8c8c")
GREY_LIGHT = QColor("#d9d9d9")
GREY_FAINT = QColor("#f0f0f0")
FONT_FAMILY = "DejaVu Sans"
CHART_DPI = 200  # charts are raster images; enough for print, small enough for e-mail


# -- small helpers -------------------------------------------------------------------------------
def page_size_for(locale: QLocale | None = None) -> QPageSize:
    """US Letter where that is the paper people have (US, Canada, Mexico, …), A4 elsewhere.
    The system's territory decides, not the app's language (English in Germany is A4)."""
    territory = (locale or QLocale.system()).territory()
    if territory in LETTER_TERRITORIES:
        return QPageSize(QPageSize.PageSizeId.Letter)
    return QPageSize(QPageSize.PageSizeId.A4)


def page_layout_for(locale: QLocale | None = None) -> QPageLayout:
    return QPageLayout(
        page_size_for(locale),
        QPageLayout.Orientation.Portrait,
        QMarginsF(16, 14, 16, 14),
        QPageLayout.Unit.Millimeter,
    )


def _printable(text: str, font: QFont) -> str:
    """Drop characters the report font cannot draw (emoji), so no empty boxes reach the doctor."""
    metrics = QFontMetricsF(font)
    kept = "".join(ch for ch in text if ch.isspace() or metrics.inFontUcs4(ord(ch)))
    return " ".join(kept.split())


def _report_font() -> QFont:
    """DejaVu Sans without ligatures, so copied or extracted text reads "figures", not "ﬁgures"."""
    font = QFont(FONT_FAMILY)
    font.setFeature(QFont.Tag("liga"), 0)
    return font


# -- drawing on a page ---------------------------------------------------------------------------
class _Canvas:
    """A cursor over one paged device: wrapped text blocks, rules, tables and images, top down.

    Works in device pixels (``pt()`` converts from points) so it suits a 300 dpi PDF and a
    1200 dpi printer alike.
    """

    def __init__(self, painter: QPainter, device: QPagedPaintDevice, total_pages: int) -> None:
        self.p = painter
        self.device = device
        self.dpi = float(device.logicalDpiY())
        self.width = float(device.width())
        self.height = float(device.height())
        self.page = 1
        self.total_pages = total_pages
        self.footer_h = self.pt(34)
        self.y = 0.0

    def pt(self, value: float) -> float:
        return value * self.dpi / 72.0

    @staticmethod
    def font(size: float, bold: bool = False) -> QFont:
        font = _report_font()
        font.setPointSizeF(size)
        font.setBold(bold)
        return font

    @property
    def bottom(self) -> float:
        return self.height - self.footer_h

    def room(self) -> float:
        return self.bottom - self.y

    def layout(
        self,
        text: str,
        size: float,
        width: float,
        bold: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> tuple[QTextLayout, float]:
        """``text`` in lines no wider than ``width``, and their height. Lines break between words,
        and inside a word only when it is wider than the line (a 10,000-letter note must not run
        off the page)."""
        layout = QTextLayout(text, self.font(size, bold), self.device)
        option = QTextOption(align & Qt.AlignmentFlag.AlignHorizontal_Mask)
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        height = 0.0
        layout.beginLayout()
        try:
            while (line := layout.createLine()).isValid():
                line.setLeadingIncluded(True)
                line.setLineWidth(max(1.0, width))
                line.setPosition(QPointF(0, height))
                height += line.height()
        finally:
            layout.endLayout()
        return layout, height

    def measure(self, text: str, size: float, width: float, bold: bool = False) -> float:
        return self.layout(text, size, width, bold)[1]

    def text_at(
        self,
        rect: QRectF,
        text: str,
        size: float = 10,
        bold: bool = False,
        color: QColor = INK,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
    ) -> float:
        layout, height = self.layout(text, size, rect.width(), bold, align)
        self.p.save()
        try:
            self.p.setPen(color)
            self.p.setClipRect(rect)  # as drawText did: nothing spills below the space given
            layout.draw(self.p, rect.topLeft())
        finally:
            self.p.restore()
        return height

    def text(
        self,
        text: str,
        size: float = 10,
        bold: bool = False,
        color: QColor = INK,
        indent: float = 0,
        after: float = 4,
    ) -> None:
        rect = QRectF(self.pt(indent), self.y, self.width - self.pt(indent), self.room())
        self.y += self.text_at(rect, text, size, bold, color) + self.pt(after)

    def heading(self, text: str) -> None:
        self.y += self.pt(6)
        self.text(text, 12, bold=True, after=2)
        self.rule(GREY_MID, 0.8)
        self.y += self.pt(4)

    def rule(self, color: QColor = INK, width_pt: float = 0.5) -> None:
        self.p.setPen(QPen(color, self.pt(width_pt)))
        self.p.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))

    def table(self, rows: Sequence[tuple[str, str]], label_share: float = 0.36) -> None:
        """Two columns, label and value, with faint lines between rows."""
        label_w = self.width * label_share
        pad = self.pt(3)
        for label_text, value in rows:
            value_rect = QRectF(label_w, self.y + pad, self.width - label_w, self.room())
            h_label = self.measure(label_text, 9.5, label_w - self.pt(8), bold=True)
            h_value = self.measure(value, 10, value_rect.width())
            h = max(h_label, h_value) + 2 * pad
            self.text_at(
                QRectF(0, self.y + pad, label_w - self.pt(8), h), label_text, 9.5, True, GREY_DARK
            )
            self.text_at(value_rect, value, 10)
            self.y += h
            self.p.setPen(QPen(GREY_LIGHT, self.pt(0.5)))
            self.p.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))
        self.y += self.pt(4)

    def image(self, image: QImage, rect: QRectF) -> None:
        self.p.drawImage(rect, image)

    def footer(self) -> None:
        top = self.height - self.footer_h + self.pt(8)
        self.p.setPen(QPen(GREY_MID, self.pt(0.5)))
        self.p.drawLine(QPointF(0, top), QPointF(self.width, top))
        page_w = self.pt(70)
        self.text_at(
            QRectF(0, top + self.pt(4), self.width - page_w, self.footer_h),
            _(rm.REPORT_DISCLAIMER),
            7.5,
            color=GREY_DARK,
        )
        self.text_at(
            QRectF(self.width - page_w, top + self.pt(4), page_w, self.footer_h),
            _("Page {n} of {total}").format(n=number(self.page), total=number(self.total_pages)),
            7.5,
            color=GREY_DARK,
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
        )

    def new_page(self) -> None:
        self.footer()
        self.device.newPage()
        self.page += 1
        self.y = 0.0


# -- charts (QImage painted with QPainter) -------------------------------------------------------
_Drawn = TypeVar("_Drawn")  # what a chart is drawn from: the report figures, an analysis


class _Chart:
    """A blank chart image at CHART_DPI for a target size in points, with a plot area and axes."""

    def __init__(self, width_pt: float, height_pt: float) -> None:
        self.scale = CHART_DPI / 72.0
        self.image = QImage(
            max(1, round(width_pt * self.scale)),
            max(1, round(height_pt * self.scale)),
            QImage.Format.Format_RGB32,
        )
        dots_per_metre = round(CHART_DPI / 0.0254)
        self.image.setDotsPerMeterX(dots_per_metre)
        self.image.setDotsPerMeterY(dots_per_metre)
        self.image.fill(QColor("#ffffff"))
        self.p = QPainter(self.image)
        self.p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.p.setRenderHint(QPainter.RenderHint.TextAntialiasing)

    @classmethod
    def drawn(
        cls,
        width_pt: float,
        height_pt: float,
        draw: Callable[[_Chart, _Drawn], None],
        figures: _Drawn,
    ) -> QImage:
        """The image ``draw`` paints. Its painter is ended even when drawing fails: a QImage
        destroyed while its painter is active takes the whole process down (a segfault, not an
        error message)."""
        chart = cls(width_pt, height_pt)
        try:
            draw(chart, figures)
        finally:
            chart.p.end()
        return chart.image

    def plot_area(self, left: float, top: float, bottom: float, right: float) -> QRectF:
        """The drawing area inside the image, leaving the given margins (in pixels)."""
        return QRectF(
            left, top, self.image.width() - left - right, self.image.height() - top - bottom
        )

    def px(self, points: float) -> float:
        return points * self.scale

    def font(self, size: float, bold: bool = False) -> QFont:
        font = QFont(FONT_FAMILY)
        font.setPixelSize(max(1, round(self.px(size))))
        font.setBold(bold)
        return font

    def text(
        self,
        rect: QRectF,
        text: str,
        size: float = 7.5,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
        color: QColor = INK,
        bold: bool = False,
    ) -> None:
        self.p.setFont(self.font(size, bold))
        self.p.setPen(color)
        self.p.drawText(rect, int(align), text)

    def text_width(self, text: str, size: float = 7.5) -> float:
        return QFontMetricsF(self.font(size)).horizontalAdvance(text)

    def y_axis(self, plot: QRectF, top_value: int, step: int, caption: str) -> None:
        """Horizontal grid lines with whole-number labels, and the axis caption above."""
        self.p.setPen(QPen(GREY_LIGHT, self.px(0.5)))
        value = 0
        while value <= top_value:
            y = plot.bottom() - plot.height() * value / top_value
            self.p.setPen(QPen(GREY_LIGHT if value else GREY_DARK, self.px(0.5 if value else 0.8)))
            self.p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            self.text(
                QRectF(0, y - self.px(6), plot.left() - self.px(4), self.px(12)),
                number(value),
                align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                color=GREY_DARK,
            )
            value += step
        self.text(
            QRectF(0, 0, self.image.width(), plot.top() - self.px(8)),
            caption,
            7.5,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            GREY_DARK,
        )

    def axis_room(self, top_value: int) -> float:
        """Left margin that fits the widest y label (e.g. "2500") plus a little air."""
        return max(self.px(16), self.text_width(number(top_value)) + self.px(8))


def chart_cramps_per_night(figures: rm.ReportFigures, width_pt: float, height_pt: float) -> QImage:
    """Bars of cramps per night with the 7-night average as a line and stretch marks below.

    Periods over a year show one bar per week instead (the mean over that week's logged nights,
    from ``stats.weekly_series``), without the line or marks, and the legend says so.
    """
    return _Chart.drawn(width_pt, height_pt, _draw_cramps_per_night, figures)


def _nightly_left(chart: _Chart, weekly: bool) -> float:
    """The left margin of the two charts over the nights, the same in both so their days line
    up: room for the stretch marks' name in every language (Spanish "Con estiramiento")."""
    left = chart.px(34)
    if not weekly:
        left = max(left, chart.text_width(_("Stretched"), 6) + chart.px(6))
    return left


def _draw_cramps_per_night(chart: _Chart, figures: rm.ReportFigures) -> None:
    start, end = figures.start, figures.end
    assert start is not None and end is not None
    days = (end - start).days + 1
    weekly = figures.weekly
    if weekly:
        w = figures.trends.weekly
        bars = [
            (day, float(v), 7) for day, v in zip(w.week_starts, w.cramps_per_night, strict=True)
        ]
        logged = set(w.week_starts)
        span_start = start - timedelta(days=start.weekday())
        slots = [span_start + timedelta(days=i) for i in range(0, (end - span_start).days + 1, 7)]
        slot_len = 7
    else:
        bars = [(day, float(n), 1) for day, n in zip(figures.dates, figures.counts, strict=True)]
        logged = set(figures.dates)
        span_start = start
        slots = [start + timedelta(days=i) for i in range(days)]
        slot_len = 1
    total_days = (end - span_start).days + 1
    top, step = rm.nice_top(max((v for _day, v, _len in bars), default=0))
    # Translators: the row of marks under the chart: stretched before bed that night
    stretched = _("Stretched")
    left = max(_nightly_left(chart, weekly), chart.axis_room(top))
    legend_h = chart.px(14)
    marks_h = 0.0 if weekly else chart.px(14)
    axis_h = chart.px(13)
    plot = chart.plot_area(left, legend_h + chart.px(12), marks_h + axis_h, chart.px(4))
    # Translators: the caption of the report chart's count axis
    chart.y_axis(plot, top, step, _("Cramps"))
    day_w = plot.width() / total_days

    def x_of(day: date) -> float:
        return plot.left() + day_w * (day - span_start).days

    # nights (weeks) with no record: a faint band, so "not logged" never reads as "no cramps"
    chart.p.setPen(Qt.PenStyle.NoPen)
    chart.p.setBrush(QBrush(GREY_FAINT))
    for day in slots:
        if day not in logged:
            chart.p.drawRect(QRectF(x_of(day), plot.top(), day_w * slot_len, plot.height()))
    chart.p.setBrush(QBrush(GREY_MID))
    slot = day_w * slot_len
    gap = slot * 0.18 if slot > chart.px(2) else 0.0
    for day, value, _len in bars:
        if value:
            h = plot.height() * value / top
            chart.p.drawRect(QRectF(x_of(day) + gap / 2, plot.bottom() - h, slot - gap, h))
    if not weekly:
        # 7-night average: a black line, broken where stats leaves it undefined
        path = QPainterPath()
        pen_down = False
        for day, average in zip(figures.dates, figures.rolling, strict=True):
            if average is None:
                pen_down = False
                continue
            point = QPointF(x_of(day) + day_w / 2, plot.bottom() - plot.height() * average / top)
            if pen_down:
                path.lineTo(point)
            else:
                path.moveTo(point)
                pen_down = True
        chart.p.setBrush(Qt.BrushStyle.NoBrush)
        chart.p.setPen(QPen(INK, chart.px(1.4)))
        chart.p.drawPath(path)
        # stretch marks: filled square = stretched, hollow = did not, none = unknown
        row_y = plot.bottom() + axis_h + chart.px(3)
        size = min(chart.px(5), max(chart.px(1.2), day_w * 0.8))
        chart.text(
            QRectF(0, row_y - chart.px(2), left - chart.px(4), size + chart.px(4)),
            stretched,
            6,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            GREY_DARK,
        )
        for day, flag in zip(figures.dates, figures.stretched_flags, strict=True):
            if flag is None:
                continue
            x = x_of(day) + (day_w - size) / 2
            if flag:
                chart.p.setPen(Qt.PenStyle.NoPen)
                chart.p.setBrush(QBrush(INK))
            else:
                chart.p.setPen(QPen(INK, chart.px(0.5)))
                chart.p.setBrush(QBrush(QColor("#ffffff")))
            chart.p.drawRect(QRectF(x, row_y, size, size))
    _date_ticks(chart, plot, start, end, x_of, axis_h)
    _cramp_legend(chart, left, weekly)


def _date_ticks(
    chart: _Chart,
    plot: QRectF,
    start: date,
    end: date,
    x_of: Callable[[date], float],
    axis_h: float,
) -> None:
    """Tick labels: days for short periods, month starts (or every few months) for longer."""
    days = (end - start).days + 1
    if days > 45:
        ticks = rm.month_ticks(start, end)
    else:
        ticks = [start + timedelta(days=i) for i in range(0, days, 7 if days > 10 else 1)]
    chart.p.setPen(QPen(GREY_DARK, chart.px(0.5)))
    for i, day in enumerate(ticks):
        x = x_of(day)
        chart.p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + chart.px(3)))
        if days <= 45:
            text = wording.date_words(day, year=False)
        elif days > 3 * 366:
            text = str(day.year) if day.month == 1 or i == 0 else ""
        elif day.month == 1 or i == 0:
            # Translators: a chart's tick, a short month and its year: "Jan 2026"
            text = pgettext("chart tick", "{month} {year}").format(
                month=wording.month_name(day.month, short=True), year=day.year
            )
        else:
            text = wording.month_name(day.month, short=True)
        chart.text(
            QRectF(x + chart.px(1), plot.bottom() + chart.px(2), chart.px(60), axis_h),
            text,
            6.5,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            GREY_DARK,
        )


def _cramp_legend(chart: _Chart, left: float, weekly: bool) -> None:
    x = left
    y = chart.px(2)
    sw = chart.px(9)

    def legend(draw: Callable[[QRectF], None], caption: str) -> None:
        nonlocal x
        draw(QRectF(x, y + chart.px(2), sw, chart.px(7)))
        chart.text(
            QRectF(x + sw + chart.px(3), y, chart.px(260), chart.px(11)),
            caption,
            7,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        x += sw + chart.px(3) + chart.text_width(caption, 7) + chart.px(12)

    def bar(r: QRectF) -> None:
        chart.p.setPen(Qt.PenStyle.NoPen)
        chart.p.setBrush(QBrush(GREY_MID))
        chart.p.drawRect(r)

    def line(r: QRectF) -> None:
        chart.p.setPen(QPen(INK, chart.px(1.4)))
        chart.p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))

    def square(filled: bool) -> Callable[[QRectF], None]:
        def draw(r: QRectF) -> None:
            chart.p.setPen(Qt.PenStyle.NoPen if filled else QPen(INK, chart.px(0.5)))
            chart.p.setBrush(QBrush(INK if filled else QColor("#ffffff")))
            chart.p.drawRect(QRectF(r.left() + chart.px(1.5), r.top(), chart.px(6), chart.px(6)))

        return draw

    def band(r: QRectF) -> None:
        chart.p.setPen(QPen(GREY_LIGHT, chart.px(0.5)))
        chart.p.setBrush(QBrush(GREY_FAINT))
        chart.p.drawRect(r)

    if weekly:
        legend(bar, _("Cramps per logged night, mean of each week (period over a year)"))
        legend(band, _("No night logged that week"))
        return
    legend(bar, _("Cramps that night"))
    legend(line, _("7-night average"))
    legend(square(True), _("Stretched"))
    legend(square(False), _("Did not stretch"))
    legend(band, _("Not logged"))


def chart_worst(figures: rm.ReportFigures, width_pt: float, height_pt: float) -> QImage:
    """Each cramp night's worst pain (1 to 10) as a dot, on the same time axis as the bars.

    Periods over a year show the weekly mean of those nightly worsts, as ``stats`` gives it.
    """
    return _Chart.drawn(width_pt, height_pt, _draw_worst, figures)


def _draw_worst(chart: _Chart, figures: rm.ReportFigures) -> None:
    start, end = figures.start, figures.end
    assert start is not None and end is not None
    weekly = figures.weekly
    if weekly:
        w = figures.trends.weekly
        points = list(zip(w.week_starts, w.worst, strict=True))
        span_start = start - timedelta(days=start.weekday())
        slot_len = 7
    else:
        series = figures.trends.series
        points = list(zip(series.dates, series.worst, strict=True))
        span_start = start
        slot_len = 1
    left = _nightly_left(chart, weekly)
    axis_h = chart.px(13)
    top_gap = chart.px(20)
    plot = chart.plot_area(left, top_gap, axis_h, chart.px(4))
    caption = _("Worst pain, 1 to 10 (weekly mean)") if weekly else wording.pain_axis()
    chart.y_axis(plot, 10, 5, caption)
    day_w = plot.width() / ((end - span_start).days + 1)

    def x_of(day: date) -> float:
        return plot.left() + day_w * (day - span_start).days

    radius = max(chart.px(0.8), min(chart.px(2.2), day_w * slot_len * 0.4))
    chart.p.setPen(Qt.PenStyle.NoPen)
    chart.p.setBrush(QBrush(INK))
    for day, value in points:
        if math.isnan(value):
            continue
        centre = QPointF(
            x_of(day) + day_w * slot_len / 2, plot.bottom() - plot.height() * value / 10
        )
        chart.p.drawEllipse(centre, radius, radius)
    _date_ticks(chart, plot, start, end, x_of, axis_h)


def chart_by_hour(figures: rm.ReportFigures, width_pt: float, height_pt: float) -> QImage:
    """Cramps by clock hour, in night order, with late-evening to early-morning shaded."""
    return _Chart.drawn(width_pt, height_pt, _draw_by_hour, figures)


def _draw_by_hour(chart: _Chart, figures: rm.ReportFigures) -> None:
    hours = figures.hours
    top, step = rm.nice_top(max((c for _hour, c, _night in hours), default=0))
    left = chart.axis_room(top)
    axis_h = chart.px(12)
    top_gap = chart.px(20)
    plot = chart.plot_area(left, top_gap, axis_h, chart.px(4))
    slot = plot.width() / max(1, len(hours))
    chart.p.setPen(Qt.PenStyle.NoPen)
    chart.p.setBrush(QBrush(GREY_FAINT))
    for i, (_hour, _count, night) in enumerate(hours):
        if night:
            chart.p.drawRect(QRectF(plot.left() + i * slot, plot.top(), slot, plot.height()))
    # Translators: the count axis of the clock-hour chart; {span} is "between 22:00 and 07:00"
    chart.y_axis(plot, top, step, _("Cramps (shaded: {span})").format(span=rm.night_span()))
    chart.p.setPen(Qt.PenStyle.NoPen)
    chart.p.setBrush(QBrush(GREY_DARK))
    for i, (hour, count, _night) in enumerate(hours):
        if count:
            h = plot.height() * count / top
            chart.p.drawRect(
                QRectF(plot.left() + i * slot + slot * 0.15, plot.bottom() - h, slot * 0.7, h)
            )
        if hour % 3 == 0:
            chart.text(
                QRectF(
                    plot.left() + i * slot - chart.px(10),
                    plot.bottom(),
                    chart.px(20) + slot,
                    axis_h,
                ),
                f"{hour:02d}",
                6.5,
                color=GREY_DARK,
            )


_SIDE_BRUSHES = {
    "left": (GREY_DARK, Qt.BrushStyle.SolidPattern),
    "right": (GREY_DARK, Qt.BrushStyle.BDiagPattern),
    "both": (GREY_MID, Qt.BrushStyle.Dense4Pattern),
}


def chart_by_area(figures: rm.ReportFigures, width_pt: float, height_pt: float) -> QImage:
    """Horizontal bars per body area, split by side with patterns (not colours) and a legend."""
    return _Chart.drawn(width_pt, height_pt, _draw_by_area, figures)


def _draw_by_area(chart: _Chart, figures: rm.ReportFigures) -> None:
    areas = [a for a in AREA_LABELS if sum(figures.area_side.get(a, {}).values())]
    # As wide as the longest name needs ("Oberschenkel hinten"), up to two fifths of the chart.
    widest = max((chart.text_width(area_label(a), 7) for a in areas), default=0.0)
    label_w = min(chart.image.width() * 0.4, max(chart.px(70), widest + chart.px(6)))
    legend_h = chart.px(14)
    plot = chart.plot_area(label_w, legend_h + chart.px(4), chart.px(2), chart.px(22))
    peak = max((sum(figures.area_side[a].values()) for a in areas), default=1)
    row = plot.height() / max(1, len(AREA_LABELS))
    for i, area in enumerate(areas):
        y = plot.top() + i * row
        chart.text(
            QRectF(0, y, label_w - chart.px(4), row),
            area_label(area),
            7,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        )
        x = plot.left()
        for side in ("left", "right", "both"):
            count = figures.area_side[area].get(side, 0)
            if not count:
                continue
            w = plot.width() * count / peak
            color, style = _SIDE_BRUSHES[side]
            chart.p.setPen(QPen(GREY_DARK, chart.px(0.5)))
            chart.p.setBrush(QBrush(color, style))
            chart.p.drawRect(QRectF(x, y + row * 0.18, w, row * 0.64))
            x += w
        chart.text(
            QRectF(x + chart.px(3), y, chart.px(30), row),
            number(sum(figures.area_side[area].values())),
            7,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
    x = label_w
    for side in ("left", "right", "both"):
        color, style = _SIDE_BRUSHES[side]
        chart.p.setPen(QPen(GREY_DARK, chart.px(0.5)))
        chart.p.setBrush(QBrush(color, style))
        chart.p.drawRect(QRectF(x, chart.px(3), chart.px(10), chart.px(7)))
        caption = side_label(side)
        chart.text(
            QRectF(x + chart.px(13), 0, chart.px(60), chart.px(13)),
            caption,
            7,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        )
        x += chart.px(13) + chart.text_width(caption, 7) + chart.px(12)


def _page_one(c: _Canvas, f: rm.ReportFigures, generated: date) -> None:
    # Translators: a line on the report for the patient to write their name on
    name = _("Name: {line}").format(line="_" * 22)
    name_w = min(
        c.width / 2, QFontMetricsF(c.font(9.5), c.device).horizontalAdvance(name) + c.pt(2)
    )
    name_h = c.text_at(
        QRectF(c.width - name_w, c.y + c.pt(8), name_w, c.pt(30)),
        name,
        9.5,
        color=GREY_DARK,
        align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
    )
    # The title keeps clear of the name line (a long title, German's, wraps beside it).
    title_rect = QRectF(0, c.y, c.width - name_w - c.pt(12), c.room())
    title_h = c.text_at(title_rect, _(rm.REPORT_TITLE), 17, bold=True)
    c.y += max(title_h, c.pt(8) + name_h) + c.pt(2)
    c.text(
        rm.prepared_line(f, generated),
        9.5,
        color=GREY_DARK,
        after=6,
    )
    c.rule(INK, 1.0)
    c.y += c.pt(6)
    if not f.nights_logged:
        c.text(_(rm.EMPTY_LINE), 13, bold=True, after=6)
        c.text(_(rm.EMPTY_ADVICE), 10)
        return
    c.table(rm.key_rows(f))
    c.heading(_("Red-flag symptoms logged"))
    lines = rm.red_flag_lines(f)
    if lines:
        for line in lines:
            c.text("•  " + line, 10, after=2)
    else:
        c.text(_(rm.NO_RED_FLAGS_LINE), 10)
    c.heading(_("Stretching before bed and cramps"))
    c.table(rm.stretch_rows(f))
    c.text(rm.stretch_sentence(f), 9.5, color=GREY_DARK)
    c.heading(_("Cramps per night"))
    width_pt = c.width * 72 / c.dpi
    worst_h = c.pt(96)
    has_worst = bool(f.summary.get("cramp_nights"))
    spare = c.room() - c.pt(6) - ((worst_h + c.pt(30)) if has_worst else 0)
    height = max(c.pt(120), min(c.pt(250), spare))
    c.image(
        chart_cramps_per_night(f, width_pt, height * 72 / c.dpi),
        QRectF(0, c.y, c.width, height),
    )
    c.y += height
    if has_worst and c.room() >= worst_h + c.pt(24):
        c.heading(_("Worst cramp of each night"))
        c.image(chart_worst(f, width_pt, worst_h * 72 / c.dpi), QRectF(0, c.y, c.width, worst_h))
        c.y += worst_h


def _page_two(c: _Canvas, f: rm.ReportFigures, include_notes: bool) -> None:
    c.text(rm.continued_line(f), 9, color=GREY_DARK, after=4)
    gap = c.pt(14)
    half = (c.width - gap) / 2
    height = c.pt(150)
    top = c.y
    for i, (title, chart) in enumerate(
        ((_("Time of night (clock hour)"), chart_by_hour), (_("Body areas"), chart_by_area))
    ):
        x = i * (half + gap)
        c.text_at(QRectF(x, top, half, c.pt(20)), title, 12, bold=True)
        c.p.setPen(QPen(GREY_MID, c.pt(0.8)))
        y_rule = top + c.pt(17)
        c.p.drawLine(QPointF(x, y_rule), QPointF(x + half, y_rule))
        width_pt = half * 72 / c.dpi
        c.image(chart(f, width_pt, height * 72 / c.dpi), QRectF(x, y_rule + c.pt(6), half, height))
    c.y = top + c.pt(23) + height + c.pt(6)
    c.text(rm.hour_text(f), 9.5, after=4)
    c.heading(_("Body areas and sides"))
    rows = rm.area_rows(f)
    if rows:
        c.table(rows)
    else:
        c.text(_(rm.NO_CRAMPS_LINE), 10)
    c.heading(_("Sleep quality (nights)"))
    c.text(rm.sleep_text(f), 10)
    if include_notes:
        _notes(c, f)
    factor_rows = rm.factor_rows(f)
    if factor_rows and c.room() > c.pt(40) + c.pt(20) * len(factor_rows):
        c.heading(_("Other things logged: cramps per night with and without"))
        c.table(factor_rows)


def _notes(c: _Canvas, f: rm.ReportFigures) -> None:
    """The patient's notes, dated and shortened. When they do not all fit, the most recent ones
    are kept (they matter most at an appointment) and a line says how many earlier ones are left
    out, so the report stays at two pages."""
    c.heading(_("The patient's notes (shortened)"))
    if not f.notes:
        c.text(_(rm.NO_NOTES_LINE), 10)
        return
    metrics = QFontMetricsF(c.font(9, bold=True), c.device)
    date_w = max(metrics.horizontalAdvance(rm.note_date(d)) for d, _note in f.notes)
    date_w += c.pt(10)
    gap = c.pt(4)
    notes = [(day, _printable(raw, c.font(9))) for day, raw in f.notes]
    heights = [c.measure(note, 9, c.width - date_w) + gap for _day, note in notes]
    room = c.room()
    kept = 0
    used = 0.0
    for height in reversed(heights):
        reserve = c.pt(16) if kept + 1 < len(notes) else 0.0
        if used + height + reserve > room:
            break
        used += height
        kept += 1
    left_out = len(notes) - kept
    if left_out:
        c.text(
            rm.notes_left_out_line(left_out),
            9,
            color=GREY_DARK,
        )
    for day, note in notes[left_out:]:
        c.text_at(QRectF(0, c.y, date_w, c.pt(14)), rm.note_date(day), 9, True)
        c.y += c.text_at(QRectF(date_w, c.y, c.width - date_w, c.room()), note, 9) + gap


def render_report(
    figures: rm.ReportFigures,
    include_notes: bool,
    writer_or_printer: QPagedPaintDevice,
    *,
    generated: date | None = None,
    experiment: Any = None,
) -> int:
    """Draw the report onto an open QPdfWriter/QPrinter (page size already set); return pages.

    ``figures`` come from ``report_model.collect_figures``. ``generated`` is the date printed as
    "Prepared" (today when not given). ``experiment`` (a ``companion.core.experiment.Analysis``)
    adds the personal experiment's page.
    """
    total = rm.page_count(figures) + (1 if experiment is not None else 0)
    painter = QPainter()
    if not painter.begin(writer_or_printer):
        raise OSError(_("the report could not be started on this printer or file"))
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        canvas = _Canvas(painter, writer_or_printer, total)
        _page_one(canvas, figures, generated or date.today())
        if total > 1:
            canvas.new_page()
            _page_two(canvas, figures, include_notes)
        if experiment is not None:
            from companion.ui.report_experiment import draw_experiment_page

            canvas.new_page()
            draw_experiment_page(canvas, experiment)
        canvas.footer()
    finally:
        painter.end()
    return total


def report_pdf_bytes(
    figures: rm.ReportFigures,
    include_notes: bool,
    *,
    locale: QLocale | None = None,
    generated: date | None = None,
    experiment: Any = None,
) -> bytes:
    """The whole PDF in memory, on the locale's paper, so a file is only written when complete."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setPageLayout(page_layout_for(locale))
    writer.setTitle(_(rm.REPORT_TITLE))
    writer.setCreator("Bedtime Companion")
    try:
        render_report(
            figures,
            include_notes,
            writer,
            generated=generated,
            experiment=experiment,
        )
    finally:
        # the writer goes before the buffer it writes into, even when drawing failed: Qt objects
        # freed in the wrong order by a traceback's cleanup crash the process
        del writer  # flushes the last page into the buffer
        buffer.close()
    return bytes(data.data())


def make_report_pdf(
    nights: Sequence[Night],
    sessions: Sequence[RoutineSession],
    options: ReportOptions,
    *,
    locale: QLocale | None = None,
    generated: date | None = None,
    experiment: Any = None,
) -> bytes:
    """The PDF for ``options``, written in the report's language (``options.language``, the
    app's when None): its figures, sentences, charts and page numbers all; the app's own
    language is back in use afterwards."""
    with i18n.using(options.language):
        return report_pdf_bytes(
            rm.collect_figures(list(nights), list(sessions), options.start, options.end),
            options.include_notes,
            locale=locale,
            generated=generated,
            experiment=experiment,
        )


def write_pdf_atomically(path: Path, payload: bytes) -> None:
    """A reader never sees half a report; owner-only, since it is health data."""
    write_atomic(path, payload, 0o600)


# -- in the app: choices, Save as PDF, Print -----------------------------------------------------
@dataclass(frozen=True)
class ReportOptions:
    start: date | None
    end: date | None
    include_notes: bool
    #: The report's language (a doctor abroad may read another than the app's); None: the app's.
    language: str | None = None


def report_languages() -> list[tuple[str, str]]:
    """(code, name) of the languages a report can be made in, each named in itself; the app's
    own first, so it is the default."""
    current = i18n.current_language()
    choices = list(i18n.LANGUAGES.items())
    if current == i18n.PSEUDO:
        # only when testing layouts; named in itself, like the others
        choices.insert(0, (i18n.PSEUDO, i18n.pseudo("Pseudo-locale")))
    return sorted(choices, key=lambda item: item[0] != current)


def _qdate(day: date) -> Any:
    from PySide6.QtCore import QDate

    return QDate(day.year, day.month, day.day)


def _pydate(qdate: Any) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


class ReportOptionsDialog(QDialog):
    """Which nights, and whether the notes go in: the two choices a report needs, nothing else."""

    def __init__(self, latest_night: date, action_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Report for your doctor"))
        self.setAccessibleName(_("Report for your doctor"))
        self.latest_night = latest_night
        self.setMinimumWidth(520)
        # The choices scroll, the buttons stay: in a longer language on a 600 px screen the
        # wrapped texts can be taller than the screen.
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(28, 24, 28, 8)
        layout.setSpacing(12)
        self.choices_area = QScrollArea()
        self.choices_area.setWidgetResizable(True)
        self.choices_area.setFrameShape(QFrame.Shape.NoFrame)
        self.choices_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.choices_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.choices_area.setWidget(self.body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.choices_area, 1)
        layout.addWidget(label(_("Report for your doctor"), "title"))
        layout.addWidget(
            label(
                _(
                    "A one or two page summary of your diary, with charts. "
                    "Choose which nights it covers."
                ),
                "muted",
            )
        )
        months = periods.DEFAULT_REPORT_MONTHS
        self.recent = QRadioButton(
            counted(months, "The last month (the usual)", "The last {n} months (the usual)")
        )
        self.recent.setAccessibleName(counted(months, "The last month", "The last {n} months"))
        self.everything = QRadioButton(_("All my nights"))
        self.everything.setAccessibleName(_("All my nights"))
        self.custom = QRadioButton(_("Choose the dates"))
        self.custom.setAccessibleName(_("Choose the dates"))
        self.group = QButtonGroup(self)
        for radio in (self.recent, self.everything, self.custom):
            self.group.addButton(radio)
            layout.addWidget(radio)
        self.recent.setChecked(True)

        dates = QHBoxLayout()
        dates.setContentsMargins(28, 0, 0, 0)
        self.date_from = self._date_edit(
            _("From night"), periods.default_report_period(latest_night)[0]
        )
        self.date_to = self._date_edit(_("To night"), latest_night)
        # Translators: "From <date> to <date>", the two captions beside the report's dates
        captions = (pgettext("report dates", "From"), pgettext("report dates", "to"))
        for caption, edit in zip(captions, (self.date_from, self.date_to), strict=True):
            text = QLabel(caption)
            text.setBuddy(edit)
            dates.addWidget(text)
            dates.addWidget(edit)
        dates.addStretch(1)
        layout.addLayout(dates)

        self.notes = QCheckBox(_("Include my notes"))
        self.notes.setAccessibleName(_("Include my notes"))
        layout.addWidget(self.notes)
        layout.addWidget(
            label(
                _(
                    "Your notes stay private unless you tick this. They go in shortened, with "
                    "dates."
                ),
                "muted",
            )
        )
        language_row = QHBoxLayout()
        self.language = QComboBox()
        self.language.setAccessibleName(_("Report language"))
        self.language.setAccessibleDescription(
            _("The language the report is written in, for a doctor who reads another.")
        )
        for code, name in report_languages():  # named in themselves, never translated
            self.language.addItem(name, code)
        self.language.setCurrentIndex(0)
        language_label = QLabel(_("Report language"))
        language_label.setBuddy(self.language)
        language_row.addWidget(language_label)
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        layout.addLayout(language_row)
        self.problem = label("", "warning")
        self.problem.hide()
        layout.addWidget(self.problem)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = button(_("Cancel"), _("Cancel"))
        cancel.clicked.connect(self.reject)
        self.go = button(action_label, action_label.rstrip("…"), primary=True)
        self.go.setDefault(True)
        self.go.clicked.connect(self._accept_if_valid)
        buttons.addWidget(cancel)
        buttons.addWidget(self.go)
        buttons.setContentsMargins(28, 12, 28, 24)
        outer.addLayout(buttons)
        self.group.buttonToggled.connect(self._sync)
        self._sync()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        """As tall as its wrapped texts need at its width (a dialog's first size ignores how
        tall a wrapping label grows), but no taller than the screen: then the choices scroll."""
        super().showEvent(event)
        self.fit_to_content()

    def fit_to_content(self) -> None:
        """Wide enough for the choices beside a scroll bar, tall enough for the wrapped texts
        at that width, capped at the screen's height."""
        bar = self.choices_area.verticalScrollBar().sizeHint().width()
        width = max(self.width(), self.minimumWidth(), self.body.minimumSizeHint().width() + bar)
        inner = width - bar
        needed = (
            self.body.heightForWidth(inner)
            if self.body.hasHeightForWidth()
            else self.body.sizeHint().height()
        )
        buttons = self.height() - self.choices_area.height()  # everything outside the scroll area
        screen = self.screen()
        room = screen.availableGeometry().height() if screen is not None else needed + buttons
        frame = max(0, self.frameGeometry().height() - self.height())
        self.resize(width, min(needed + buttons, room - frame))

    def _date_edit(self, name: str, day: date) -> QDateEdit:
        edit = QDateEdit(_qdate(day))
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMM yyyy")
        edit.setMaximumDate(_qdate(self.latest_night + timedelta(days=1)))
        edit.setMinimumDate(_qdate(date(1990, 1, 1)))
        return edit

    def _sync(self, *_args: object) -> None:
        on = self.custom.isChecked()
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.problem.hide()

    def _accept_if_valid(self) -> None:
        if self.custom.isChecked() and _pydate(self.date_from.date()) > _pydate(
            self.date_to.date()
        ):
            self.problem.setText(_("The first date is after the last one. Please swap them."))
            self.problem.show()
            self.fit_to_content()
            self.choices_area.ensureWidgetVisible(self.problem)
            return
        self.accept()

    def options(self) -> ReportOptions:
        if self.everything.isChecked():
            start, end = None, None
        elif self.custom.isChecked():
            start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        else:
            start, end = periods.default_report_period(self.latest_night)
        return ReportOptions(start, end, self.notes.isChecked(), str(self.language.currentData()))


DialogRunner = Callable[[QDialog], int]
FileChooser = Callable[[QWidget, str], str | None]


def _ask(
    ctx: AppContext, parent: QWidget, action: str, run: DialogRunner | None
) -> ReportOptions | None:
    """The report's choices, or None (cancelled, or no diary open: then it says so)."""
    if ctx.store is None:
        _tell(ctx, parent, _("Your diary is not open, so there is nothing to put in a report."))
        return None
    dialog = ReportOptionsDialog(night_of(ctx.clock.now()), action, parent)
    try:
        accepted = (run or (lambda d: d.exec()))(dialog) == QDialog.DialogCode.Accepted
        return dialog.options() if accepted else None
    finally:
        dialog.deleteLater()


def _choose_file(parent: QWidget, suggested: str) -> str | None:
    # the filter's words are translated, its pattern is what Qt matches
    pdf_filter = _("PDF files") + " (*.pdf)"
    path, _chosen = QFileDialog.getSaveFileName(
        parent, _("Save the report as PDF"), suggested, pdf_filter
    )
    return path or None


def _tell(ctx: AppContext, parent: QWidget, text: str) -> None:
    """A problem goes in the window's banner (it stays until read); else the status line."""
    notice = getattr(parent, "show_notice", None)
    if callable(notice):
        notice(text)
    else:
        ctx.message.emit(text)


def _diary(ctx: AppContext, options: ReportOptions) -> tuple[list[Night], list[RoutineSession]]:
    """The nights and routines the report covers; DiaryClosed when no diary is open."""
    store = ctx.store
    if store is None:
        raise DiaryClosed(_("your diary is not open"))
    return (
        store.nights(options.start, options.end),
        store.routine_sessions(options.start, options.end),
    )


def _experiment(ctx: AppContext) -> Any:
    """The personal experiment's analysis for its report page, or None without one."""
    from companion.core.experiment import current_analysis, current_night

    return current_analysis(ctx.store, current_night(ctx.clock.now()))


def save_report_pdf(
    ctx: AppContext,
    parent: QWidget,
    *,
    run_dialog: DialogRunner | None = None,
    choose_file: FileChooser | None = None,
) -> Path | None:
    """Diary menu → "Doctor report as PDF…": choices, a file name, then the PDF. Returns its path."""
    options = _ask(ctx, parent, _("Save PDF…"), run_dialog)
    if options is None:
        return None
    today = ctx.clock.now().date()
    folder = Path.home() / "Documents"
    if not folder.is_dir():
        folder = Path.home()
    suggested = str(folder / f"cramp-diary-report-{today.isoformat()}.pdf")
    chosen = (choose_file or _choose_file)(parent, suggested)
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        ctx.paths.refuse_as_output(path)
    except OutputRefused as exc:
        _tell(ctx, parent, str(exc))
        return None
    try:
        nights, sessions = _diary(ctx, options)
        payload = make_report_pdf(
            nights,
            sessions,
            options,
            generated=today,
            experiment=_experiment(ctx),
        )
        write_pdf_atomically(path, payload)
    except DiaryError as exc:
        _tell(ctx, parent, _("The report could not be made: {reason}.").format(reason=exc))
        return None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        _tell(
            ctx,
            parent,
            _("The report could not be saved ({reason}). Try another folder.").format(
                reason=reason
            ),
        )
        return None
    ctx.message.emit(_("Report saved to {path}.").format(path=path))
    _offer_to_open(parent, path)
    return path


def _offer_to_open(parent: QWidget, path: Path) -> QMessageBox:
    """Say where the report went and offer to open it (not modal: the app stays usable)."""
    box = QMessageBox(parent)
    box.setWindowTitle(_("Report saved"))
    box.setAccessibleName(_("Report saved"))
    box.setIcon(QMessageBox.Icon.Information)
    box.setText(_("The report was saved to:\n{path}").format(path=path))
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    opener = box.addButton(_("Open report"), QMessageBox.ButtonRole.AcceptRole)
    opener.setAccessibleName(_("Open report"))
    close = box.addButton(QMessageBox.StandardButton.Close)  # Qt's catalog translates its text
    close.setAccessibleName(close.text().replace("&", ""))
    box.setDefaultButton(opener)
    opener.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if parent is None:  # nothing owns it: keep it alive until it is closed
        _UNOWNED_BOXES.add(box)
        box.finished.connect(lambda *_args: _UNOWNED_BOXES.discard(box))
    box.open()
    return box


_UNOWNED_BOXES: set[QMessageBox] = set()


def print_report(
    ctx: AppContext,
    parent: QWidget,
    *,
    run_dialog: DialogRunner | None = None,
    run_print_dialog: Callable[[Any, QWidget], bool] | None = None,
) -> bool:
    """Diary menu → "Print doctor report…": the same choices, the system print dialog, print."""
    options = _ask(ctx, parent, _("Print…"), run_dialog)
    if options is None:
        return False
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout_for())
    with i18n.using(options.language):
        printer.setDocName(_(rm.REPORT_TITLE))

    def system_dialog(p: QPrinter, owner: QWidget) -> bool:
        dialog = QPrintDialog(p, owner)
        dialog.setWindowTitle(_("Print the report"))
        return dialog.exec() == QDialog.DialogCode.Accepted

    if not (run_print_dialog or system_dialog)(printer, parent):
        return False
    try:
        nights, sessions = _diary(ctx, options)
        experiment = _experiment(ctx)
        with i18n.using(options.language):  # the report's words; the app's come back after
            render_report(
                rm.collect_figures(nights, sessions, options.start, options.end),
                options.include_notes,
                printer,
                generated=ctx.clock.now().date(),
                experiment=experiment,
            )
    except DiaryError as exc:
        _tell(ctx, parent, _("The report could not be made: {reason}.").format(reason=exc))
        return False
    except OSError as exc:
        _tell(ctx, parent, _("The report could not be printed ({reason}).").format(reason=exc))
        return False
    ctx.message.emit(_("Report sent to the printer."))
    return True
