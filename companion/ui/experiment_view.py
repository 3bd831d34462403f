"""The Experiment page: plan a fair test of "does my routine help *me*?", follow it, read it.

Two panels in one stack. Set-up: a short plain explanation, four choices (question, pairs, nights
per block, start night) and the planning check shown before anything is confirmed. Progress: a
strip of the blocks with tonight marked, the pairs complete so far and adherence, a per-pair chart
of complete pairs only, the answer in plain words with its range and verdict, and what the test
cannot know. Every rule and every sentence comes from :mod:`companion.core.experiment`; this
module only lays them out (the small card the Tonight page shows first is in
:mod:`companion.ui.experiment_tonight`). Charts are painted with QPainter, so pyqtgraph never
loads for this page.
"""

from __future__ import annotations

import logging
import random
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QPolygonF,
    QValidator,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion.core import experiment as ex
from companion.core import wording
from companion.core.diary import ValidationError
from companion.core.i18n import N_, _, counted, current_language, number
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.experiment_tonight import read_plans
from companion.ui.page import BesideTheSidebar
from companion.ui.widgets import FlowRow, button, card, label

log = logging.getLogger(__name__)

PAGE_TITLE = N_("Does it help me?")
EXPLANATION = N_(
    "A fair test of whether your bedtime routine helps you. Comparing nights you stretched with "
    "nights you did not is misleading, because people skip on bad days. Here the app draws by "
    "chance which weeks are routine weeks and which are rest weeks, in pairs, and compares "
    "them."
)
REST_WEEK = N_(
    "A rest week is part of the test: you log your nights as usual but do not do the routine. "
    "Red-flag advice in the morning note stays on all the time."
)
HOW_LONG = N_(
    "It takes months, not days. You can stop any time, and the test never changes your "
    "routines or asks you to stop a medicine."
)
MY_ROUTINE = N_("My bedtime routine")
OWN_HABIT = N_("A habit of my own")
STOP_QUESTION = N_(
    "Stop the experiment? Nights after tonight are not analysed; what there is so far stays, "
    "marked as not final."
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class NightsBox(QSpinBox):
    """A spin box that reads "5 nights" / "1 night" in the language's plural form: a fixed
    suffix could only ever be one of them."""

    def textFromValue(self, value: int) -> str:  # noqa: N802 (Qt override)
        return counted(value, "{n} night", "{n} nights")

    def valueFromText(self, text: str) -> int:  # noqa: N802 (Qt override)
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else self.minimum()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        digits = "".join(ch for ch in text if ch.isdigit())
        if not digits:
            return QValidator.State.Intermediate, text, pos
        value = int(digits)
        if self.minimum() <= value <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos


# --------------------------------------------------------------------------------------------
# Painted pieces


class BlockStrip(QWidget):
    """Run-in and blocks in time order: routine blocks filled with a tick, rest blocks striped
    with a dash (never colour alone), a triangle under tonight."""

    def __init__(self, colors: theme.Colors) -> None:
        super().__init__()
        self.colors = colors
        self.setAccessibleName(_("Experiment blocks"))
        self.setMinimumHeight(100)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.analysis: ex.Analysis | None = None
        self.today: date | None = None

    def set_analysis(self, analysis: ex.Analysis, today: date) -> None:
        self.analysis, self.today = analysis, today
        plan = analysis.plan
        block = ex.block_on(plan, today)
        blocks = counted(2 * plan.pairs, "{n} block", "{n} blocks")
        complete = counted(
            plan.pairs,
            "{done} of {n} pair complete",
            "{done} of {n} pairs complete",
            done=number(analysis.complete_pairs),
        )
        if block is not None:
            text = _("{blocks}; {complete}; tonight is in block {index} of {count}.").format(
                blocks=blocks,
                complete=complete,
                index=number(block.index + 1),
                count=number(2 * plan.pairs),
            )
        else:
            text = _("{blocks}; {complete}; tonight is outside the blocks.").format(
                blocks=blocks, complete=complete
            )
        self.setAccessibleDescription(text)
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if self.analysis is None or self.today is None:
            return
        c = self.colors
        plan = self.analysis.plan
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        total = plan.total_nights
        left, width = 4.0, self.width() - 8.0
        top, height = 6.0, 44.0
        per_night = width / total
        font = QFont(self.font())
        p.setFont(font)
        metrics = QFontMetricsF(font)
        if plan.run_in_nights:
            rect = QRectF(left, top, plan.run_in_nights * per_night - 2, height)
            p.setPen(QPen(QColor(c.border), 1))
            p.setBrush(QBrush(QColor(c.surface)))
            p.drawRect(rect)
            p.setPen(QColor(c.muted_text))
            # Translators: the first nights of an experiment, only logged (a short label)
            run_in = _("run-in")
            if metrics.horizontalAdvance(run_in) < rect.width() - 4:
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, run_in)
        complete = {pair.pair for pair in self.analysis.pairs if pair.complete}
        for f in self.analysis.blocks:
            b = f.block
            x = left + (b.first_night - plan.start).days * per_night
            rect = QRectF(x, top, plan.block_nights * per_night - 2, height)
            on = b.condition == ex.ON
            p.setPen(QPen(QColor(c.border), 1))
            if on:
                p.setBrush(QColor(c.accent))
            else:
                p.setBrush(QBrush(QColor(c.muted_text), Qt.BrushStyle.BDiagPattern))
            p.drawRect(rect)
            if not on:  # a plain disc behind the dash keeps it readable on the stripes
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(c.surface))
                radius = min(rect.width(), rect.height()) * 0.3
                p.drawEllipse(rect.center(), radius, radius)
            p.setPen(QColor(c.accent_text if on else c.text))
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "\u2713" if on else "\u2013")
            if b.index % 2 == 0:
                pair_rect = QRectF(x, top + height + 2, 2 * plan.block_nights * per_night, 18)
                p.setPen(QColor(c.text if b.pair in complete else c.muted_text))
                mark = " \u2713" if b.pair in complete else ""
                # Translators: a label under two blocks of the experiment: "pair 3"
                text = _("pair {number}").format(number=number(b.pair)) + mark
                if metrics.horizontalAdvance(text) > pair_rect.width() - 4:
                    text = number(b.pair) + mark
                p.drawText(pair_rect, Qt.AlignmentFlag.AlignCenter, text)
        if plan.start <= self.today <= plan.last_night:
            x = left + ((self.today - plan.start).days + 0.5) * per_night
            y = top + height + 30
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(c.text))
            p.drawPolygon(
                QPolygonF([QPointF(x, y - 9), QPointF(x - 7, y + 3), QPointF(x + 7, y + 3)])
            )
            p.setPen(QColor(c.text))
            # Translators: the mark under tonight's place in the experiment's blocks
            tonight = _("tonight")
            text_w = metrics.horizontalAdvance(tonight)
            tx = min(max(left, x - text_w / 2), left + width - text_w)
            p.drawText(QPointF(tx, y + 4 + metrics.ascent()), tonight)
        p.end()


class PairChart(QWidget):
    """Cramps per night on the routine and the rest block of each complete pair, joined per pair:
    a filled circle for routine blocks, a hollow square for rest blocks (shape, not colour)."""

    def __init__(self, colors: theme.Colors) -> None:
        super().__init__()
        self.colors = colors
        self.setAccessibleName(_("Per-pair chart"))
        self.setMinimumHeight(220)
        self.points: list[tuple[int, float, float]] = []  # (pair, on rate, off rate)
        self.pairs = 0

    def set_analysis(self, analysis: ex.Analysis) -> None:
        self.pairs = analysis.plan.pairs
        self.points = [
            (
                p.pair,
                p.on.cramps / p.on.analysed_nights,
                p.off.cramps / p.off.analysed_nights,
            )
            for p in analysis.pairs
            if p.complete
        ]
        described = "; ".join(
            _(
                "pair {pair}: {on} cramps a night on the routine block, {off} on the rest block"
            ).format(pair=number(pair), on=number(on, 1), off=number(off, 1))
            for pair, on, off in self.points
        )
        self.setAccessibleDescription(described or _("No pair is complete yet."))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt override)
        c = self.colors
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetricsF(self.font())
        top_rate = max([1.0] + [max(on, off) for _, on, off in self.points])
        step = 0.5 if top_rate <= 2 else 1.0 if top_rate <= 5 else 2.0
        top_rate = step * int(top_rate / step + 0.999)
        left = metrics.horizontalAdvance("00.0") + 14
        right = 12.0
        top = 10.0
        bottom = metrics.height() * 2 + 10
        area = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        p.setPen(QPen(QColor(c.border), 1))
        ticks = int(round(top_rate / step))
        for i in range(ticks + 1):
            value = i * step
            y = area.bottom() - area.height() * value / top_rate
            p.setPen(QPen(QColor(c.border), 1, Qt.PenStyle.DotLine))
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(QColor(c.muted_text))
            text = number(value, 1) if not float(value).is_integer() else number(int(value))
            p.drawText(
                QRectF(0, y - metrics.height() / 2, left - 8, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
        slots = max(1, self.pairs)
        slot_w = area.width() / slots

        def x_of(pair: int, offset: float) -> float:
            return area.left() + (pair - 0.5) * slot_w + offset * slot_w * 0.18

        def y_of(rate: float) -> float:
            return area.bottom() - area.height() * rate / top_rate

        for pair in range(1, self.pairs + 1):
            p.setPen(QColor(c.muted_text))
            p.drawText(
                QRectF(x_of(pair, 0) - slot_w / 2, area.bottom() + 4, slot_w, metrics.height()),
                Qt.AlignmentFlag.AlignCenter,
                str(pair),
            )
        p.drawText(
            QRectF(
                area.left(), area.bottom() + 4 + metrics.height(), area.width(), metrics.height()
            ),
            Qt.AlignmentFlag.AlignCenter,
            # Translators: the legend under the per-pair chart; keep the symbols
            _("pair  \u00b7  \u25cf routine block   \u25a1 rest block   (cramps a night)"),
        )
        on_colour, off_colour = QColor(c.series[0]), QColor(c.series[1])
        for pair, on, off in self.points:
            a, b = QPointF(x_of(pair, -1), y_of(on)), QPointF(x_of(pair, 1), y_of(off))
            p.setPen(QPen(QColor(c.muted_text), 2))
            p.drawLine(a, b)
            p.setPen(QPen(on_colour, 2))
            p.setBrush(on_colour)
            p.drawEllipse(a, 6, 6)
            p.setPen(QPen(off_colour, 2.5))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(b.x() - 6, b.y() - 6, 12, 12))
        if not self.points:
            p.setPen(QColor(c.muted_text))
            p.drawText(area, Qt.AlignmentFlag.AlignCenter, _("No pair is complete yet."))
        p.end()


# --------------------------------------------------------------------------------------------
# Set-up


class SetupPanel(QWidget):
    """The explanation, four choices and the planning check, before anything is saved."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(12)
        for text in (EXPLANATION, REST_WEEK, HOW_LONG):
            outer.addWidget(label(_(text)))

        choices = card()
        grid = QGridLayout(choices)
        grid.setContentsMargins(20, 14, 20, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        self.question = QComboBox()
        self.question.addItem(_(MY_ROUTINE), ex.ROUTINE)
        self.question.addItem(_(OWN_HABIT), "own")
        # Translators: the accessible name of the choice of what the experiment tests
        self.question.setAccessibleName(_("Question"))
        self.question.setMinimumHeight(40)
        self.habit = QLineEdit()
        self.habit.setAccessibleName(_("Your habit"))
        self.habit.setPlaceholderText(_("e.g. warm foot soak"))
        self.habit.setMaxLength(ex.MAX_QUESTION)
        self.habit.setMinimumHeight(40)
        self.pairs = QSpinBox()
        self.pairs.setRange(*ex.PAIRS_RANGE)
        self.pairs.setValue(ex.DEFAULT_PAIRS)
        self.pairs.setAccessibleName(_("Number of pairs"))
        self.block_nights = NightsBox()
        self.block_nights.setRange(*ex.BLOCK_NIGHTS_RANGE)
        self.block_nights.setValue(ex.DEFAULT_BLOCK_NIGHTS)
        self.block_nights.setAccessibleName(_("Nights per block"))
        self.start = QDateEdit()
        self.start.setCalendarPopup(True)
        # Qt names the days and months in the widget's locale: the app's language.
        self.start.setLocale(QLocale(current_language()))
        self.start.setDisplayFormat("ddd d MMM yyyy")
        self.start.setAccessibleName(_("Start night"))
        for tall in (self.pairs, self.block_nights, self.start):
            tall.setMinimumHeight(40)
        rows = (
            (_("What to test:"), self.question),
            (_("Your habit:"), self.habit),
            (_("Pairs of blocks:"), self.pairs),
            (_("Each block:"), self.block_nights),
            (_("First night:"), self.start),
        )
        self.habit_label = None
        for r, (text, widget) in enumerate(rows):
            caption = label(text, None, wrap=False)
            caption.setBuddy(widget)
            grid.addWidget(caption, r, 0)
            grid.addWidget(widget, r, 1)
            if widget is self.habit:
                self.habit_label = caption
        grid.setColumnStretch(1, 1)
        outer.addWidget(choices)

        self.medicine = label(_(ex.ASK_DOCTOR_FIRST), "warning")
        self.medicine.setAccessibleName(_("Ask your doctor first"))
        outer.addWidget(self.medicine)
        self.summary = label("")
        self.summary.setAccessibleName(_("Plan summary"))
        outer.addWidget(self.summary)
        self.power = label("")
        self.power.setAccessibleName(_("Planning check"))
        self.power.setStyleSheet("font-weight: 600;")
        outer.addWidget(self.power)
        self.error = label("", "warning")
        self.error.setAccessibleName(_("Experiment problem"))
        self.error.hide()
        outer.addWidget(self.error)
        self.start_button = button(
            _("Start this experiment"),
            _("Start this experiment"),
            primary=True,
            tip=_("Save the plan; its order is fixed from now on"),
        )
        self.start_button.setMinimumHeight(56)
        outer.addWidget(self.start_button)
        outer.addStretch(1)

        self._seed = random.SystemRandom().getrandbits(63)
        self.question.currentIndexChanged.connect(self.update_plan)
        self.habit.textChanged.connect(self.update_plan)
        self.pairs.valueChanged.connect(self.update_plan)
        self.block_nights.valueChanged.connect(self.update_plan)
        self.start.dateChanged.connect(self.update_plan)
        self.reset()

    def reset(self) -> None:
        """A fresh draw and the earliest start, each time the set-up is shown anew."""
        self._seed = random.SystemRandom().getrandbits(63)
        first = ex.earliest_start(self.ctx.clock.now())
        self.start.blockSignals(True)
        self.start.setMinimumDate(_qdate(first))
        self.start.setMaximumDate(_qdate(first + timedelta(days=ex.MAX_START_AHEAD_DAYS)))
        self.start.setDate(_qdate(first))
        self.start.blockSignals(False)
        self.update_plan()

    def question_text(self) -> str:
        return ex.ROUTINE if self.question.currentIndex() == 0 else self.habit.text().strip()

    def plan(self) -> ex.Plan:
        """The plan as chosen; its order is drawn from a SystemRandom seed made for this set-up
        (so the check shown is the check of exactly the plan that is saved)."""
        return ex.make_plan(
            question=self.question_text(),
            start=_pydate(self.start.date()),
            pairs=self.pairs.value(),
            block_nights=self.block_nights.value(),
            washout_nights=min(ex.DEFAULT_WASHOUT, self.block_nights.value() - ex.WASHOUT_MARGIN),
            seed=self._seed,
        )

    def update_plan(self, *_args: object) -> None:
        own = self.question.currentIndex() == 1
        self.habit.setVisible(own)
        if self.habit_label is not None:
            self.habit_label.setVisible(own)
        self.medicine.setVisible(own and ex.mentions_medicine(self.habit.text()))
        self.error.hide()
        try:
            plan = self.plan()
        except ex.PlanError as exc:
            self.summary.setText("")
            self.power.setText(str(exc) if own and self.habit.text().strip() else "")
            self.start_button.setEnabled(False)
            if own and not self.habit.text().strip():
                self.power.setText(_("Type the habit you want to test, e.g. warm foot soak."))
            return
        self.start_button.setEnabled(True)
        blocks = ex.schedule(plan)
        weeks = round(plan.total_nights / 7)
        first = wording.date_words(plan.start, weekday=True, year=False)
        pairs = counted(
            plan.pairs,
            "{n} pair of {nights}-night blocks, one routine and one rest block",
            "{n} pairs of {nights}-night blocks, one routine and one rest block each",
            nights=number(plan.block_nights),
        )
        weeks_words = counted(weeks, "about {n} week in all", "about {n} weeks in all")
        until = wording.date_words(blocks[-1].last_night, weekday=True)
        settle = counted(
            plan.washout_nights,
            "The first {n} night of each block settles in and is not counted.",
            "The first {n} nights of each block settle in and are not counted.",
        )
        check = _(
            "The planning check below learns from your last 28 logged nights and is checked "
            "again on the run-in."
        )
        if plan.run_in_nights:
            text = counted(
                plan.run_in_nights,
                "{n} night of run-in from {first} (just log your nights), then {pairs}, in an "
                "order drawn by chance: {weeks}, until {until}. {settle} {check}",
                "{n} nights of run-in from {first} (just log your nights), then {pairs}, in an "
                "order drawn by chance: {weeks}, until {until}. {settle} {check}",
                first=first,
                pairs=pairs,
                weeks=weeks_words,
                until=until,
                settle=settle,
                check=check,
            )
        else:
            text = _(
                "From {first}, {pairs}, in an order drawn by chance: {weeks}, until {until}. "
                "{settle} {check}"
            ).format(
                first=first,
                pairs=pairs,
                weeks=weeks_words,
                until=until,
                settle=settle,
                check=check,
            )
        self.summary.setText(text)
        store = self.ctx.store
        nights = store.nights() if store is not None else []
        self.power.setText(ex.power_words(plan, ex.preview_power_40(plan, nights)))

    def confirmed_plan(self) -> ex.Plan | None:
        """Check and save the plan; None with the reason shown when it cannot start."""
        ctx = self.ctx
        now = ctx.clock.now()
        store = ctx.store
        if store is None:
            self.error.setText(_("Your diary is not open, so the experiment cannot start."))
            self.error.show()
            return None
        try:
            plan = self.plan()
            ex.check_new_plan(plan, read_plans(ctx), ex.current_night(now), now)
            store.save_experiment(plan)
        except (ex.PlanError, ValidationError) as exc:
            self.error.setText(str(exc))
            self.error.show()
            return None
        except Exception as exc:  # noqa: BLE001 - a diary that cannot save says so calmly
            log.exception("could not save the experiment")
            self.error.setText(
                _("The plan could not be saved ({error}).").format(error=type(exc).__name__)
            )
            self.error.show()
            return None
        return plan


# --------------------------------------------------------------------------------------------
# Progress and result


class ProgressPanel(QWidget):
    def __init__(self, colors: theme.Colors) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(10)
        self.question = label("")
        self.question.setAccessibleName(_("Experiment question"))
        self.question.setStyleSheet("font-weight: 600;")
        outer.addWidget(self.question)
        self.status = label("", "muted")
        self.status.setAccessibleName(_("Experiment status"))
        outer.addWidget(self.status)
        self.medicine = label(_(ex.ASK_DOCTOR_FIRST), "warning")
        self.medicine.setAccessibleName(_("Ask your doctor first"))
        outer.addWidget(self.medicine)
        self.tonight = label("")
        self.tonight.setAccessibleName(_("Experiment tonight"))
        font = self.tonight.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.tonight.setFont(font)
        outer.addWidget(self.tonight)
        self.strip = BlockStrip(colors)
        outer.addWidget(self.strip)
        self.legend = label(
            # Translators: the legend of the experiment's blocks; keep the symbols
            _(
                "\u2713 filled: routine block   \u2013 striped: rest block   "
                "pair \u2713: complete   \u25b2 tonight"
            ),
            "muted",
        )
        outer.addWidget(self.legend)
        self.progress = label("")
        self.progress.setAccessibleName(_("Experiment progress"))
        outer.addWidget(self.progress)

        result_card = card()
        result = QVBoxLayout(result_card)
        result.setContentsMargins(20, 14, 20, 14)
        self.not_final = label(
            _("Stopped early: this is what there is, and it is not final."), "warning"
        )
        self.not_final.setAccessibleName(_("Not final"))
        result.addWidget(self.not_final)
        self.verdict = label("")
        self.verdict.setAccessibleName(_("Experiment verdict"))
        font = self.verdict.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.verdict.setFont(font)
        result.addWidget(self.verdict)
        self.answer = label("")
        self.answer.setAccessibleName(_("Experiment result"))
        result.addWidget(self.answer)
        self.chart = PairChart(colors)
        result.addWidget(self.chart)
        self.cannot_know = label(_(ex.CANNOT_KNOW), "muted")
        self.cannot_know.setAccessibleName(_("What the test cannot know"))
        result.addWidget(self.cannot_know)
        outer.addWidget(result_card)
        self.power = label("", "muted")
        self.power.setAccessibleName(_("Planning check"))
        outer.addWidget(self.power)

        self.confirm = QFrame()
        self.confirm.setProperty("role", "banner")
        confirm = QHBoxLayout(self.confirm)
        confirm.setContentsMargins(16, 10, 10, 10)
        self.confirm_text = label(_(STOP_QUESTION))
        confirm.addWidget(self.confirm_text, 1)
        self.keep_button = button(_("Keep going"), _("Keep the experiment going"))
        self.confirm_stop_button = button(_("Stop it"), _("Stop the experiment now"))
        confirm.addWidget(self.keep_button)
        confirm.addWidget(self.confirm_stop_button)
        self.confirm.hide()
        outer.addWidget(self.confirm)
        self.stop_button = button(_("Stop the experiment…"), _("Stop the experiment"))
        self.new_button = button(_("Plan a new experiment"), _("Plan a new experiment"))
        # One row, or one under the other where their words are long: never wider than the page.
        outer.addWidget(FlowRow([self.stop_button, self.new_button]))
        outer.addStretch(1)

    def show_analysis(self, analysis: ex.Analysis, today: date) -> None:
        plan = analysis.plan
        running = analysis.status in ex.RUNNING_STATUSES
        self.question.setText(ex.question_words(plan))
        blocks = ex.schedule(plan)
        self.status.setText(
            counted(
                plan.pairs,
                "{status} \u00b7 {first} to {last} \u00b7 {n} pair of {nights}-night blocks",
                "{status} \u00b7 {first} to {last} \u00b7 {n} pairs of {nights}-night blocks",
                status=ex.status_words(analysis.status),
                first=wording.date_words(plan.start, weekday=True, year=False),
                last=wording.date_words(blocks[-1].last_night, weekday=True),
                nights=number(plan.block_nights),
            )
        )
        self.medicine.setVisible(ex.mentions_medicine(plan.question))
        tonight = ex.tonight_words(plan, today) if running else None
        self.tonight.setText("" if tonight is None else tonight[1])
        self.tonight.setVisible(tonight is not None)
        self.strip.set_analysis(analysis, today)
        adherence = ex.adherence_so_far(analysis)
        if adherence is None:
            words = counted(
                plan.pairs,
                "{done} of {n} pair complete.",
                "{done} of {n} pairs complete.",
                done=number(analysis.complete_pairs),
            )
        else:
            words = counted(
                plan.pairs,
                "{done} of {n} pair complete; you followed the plan on {share} of the nights "
                "counted.",
                "{done} of {n} pairs complete; you followed the plan on {share} of the nights "
                "counted.",
                done=number(analysis.complete_pairs),
                share=ex.percent(adherence),
            )
        self.progress.setText(words)
        self.not_final.setVisible(analysis.status == "stopped")
        if analysis.result is None:
            self.verdict.setText(_("Too early to tell"))
            self.answer.setText(ex.too_early_words(analysis))
        elif analysis.result.verdict == "too_early":  # what there is, and why it cannot decide
            self.verdict.setText(_("Too early to tell"))
            # Translators: two sentences side by side: the answer so far, then why it is early
            self.answer.setText(
                _("{answer} {why}").format(
                    answer=ex.answer_words(analysis), why=ex.too_early_words(analysis)
                )
            )
        else:
            self.verdict.setText(ex.verdict_words(analysis.result.verdict, analysis))
            self.answer.setText(ex.answer_words(analysis))
        self.chart.set_analysis(analysis)
        self.power.setText(
            _("Planning check: {check}").format(check=ex.power_words(plan, analysis.power_40))
        )
        self.power.setVisible(running)
        self.stop_button.setVisible(running)
        self.new_button.setVisible(not running)
        if not running:
            self.confirm.hide()


class ExperimentPage(BesideTheSidebar, QWidget):
    """Set-up when no experiment has been planned yet (or on request), else its progress."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setAccessibleName(_("Experiment"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        layout.addWidget(label(_(PAGE_TITLE), "title"))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName(_("Experiment page"))
        self.stack = QStackedWidget()
        scroll.setWidget(self.stack)
        layout.addWidget(scroll, 1)
        self.setup = SetupPanel(ctx)
        self.progress = ProgressPanel(ctx.look.colors)
        self.stack.addWidget(self.setup)
        self.stack.addWidget(self.progress)
        self.analysis: ex.Analysis | None = None
        self._planning_new = False

        self.setup.start_button.clicked.connect(self.start_experiment)
        self.progress.stop_button.clicked.connect(self.ask_stop)
        self.progress.keep_button.clicked.connect(self.keep_going)
        self.progress.confirm_stop_button.clicked.connect(self.stop_experiment)
        self.progress.new_button.clicked.connect(self.plan_new)
        ctx.diary_changed.connect(self.refresh)
        ctx.theme_changed.connect(self._on_theme_changed)
        self.refresh()

    def _on_theme_changed(self, look: theme.Look) -> None:
        """The painted strip and chart in the new colours."""
        for painted in (self.progress.strip, self.progress.chart):
            painted.colors = look.colors
            painted.update()

    def today(self) -> date:
        return ex.current_night(self.ctx.clock.now())

    def refresh(self) -> None:
        today = self.today()
        analysis = None
        if self.ctx.store is not None:
            try:
                analysis = ex.current_analysis(self.ctx.store, today)
            except Exception:  # noqa: BLE001 - a diary hiccup must never break a page
                log.exception("could not read the experiment")
        if analysis is None or self._planning_new:
            self.analysis = None
            self.stack.setCurrentWidget(self.setup)
            return
        self.analysis = analysis
        self.progress.show_analysis(analysis, today)
        self.stack.setCurrentWidget(self.progress)

    def start_experiment(self) -> None:
        plan = self.setup.confirmed_plan()
        if plan is None:
            return
        self._planning_new = False
        self.ctx.message.emit(_("Your experiment is planned. Tonight tells you what to do."))
        self.refresh()

    def ask_stop(self) -> None:
        self.progress.confirm.show()
        self.progress.keep_button.setFocus()

    def keep_going(self) -> None:
        self.progress.confirm.hide()
        self.progress.stop_button.setFocus()

    def stop_experiment(self) -> None:
        if self.analysis is None:
            return
        today = self.today()
        store = self.ctx.store
        if store is None:
            self.ctx.message.emit(
                _("Your diary is not open, so the experiment could not be stopped.")
            )
            return
        try:
            store.stop_experiment(self.analysis.plan.start, today)
        except Exception as exc:  # noqa: BLE001 - say it calmly; nothing changed
            log.exception("could not stop the experiment")
            self.ctx.message.emit(
                _("The experiment could not be stopped ({error}).").format(error=type(exc).__name__)
            )
            return
        self.progress.confirm.hide()
        self.ctx.message.emit(_("The experiment is stopped. What there is so far stays."))
        self.refresh()

    def plan_new(self) -> None:
        self._planning_new = True
        self.setup.reset()
        self.stack.setCurrentWidget(self.setup)
        self.setup.question.setFocus()

    def on_page_shown(self) -> None:
        if self.stack.currentWidget() is self.setup and self.analysis is None:
            self.setup.reset()
        self.refresh()

    def on_app_closing(self) -> None:
        """Nothing to save: the plan is written the moment it is confirmed."""

    def prepare(self) -> None:
        """Nothing to prepare: the plan is read when the page is shown."""


def create_page(ctx: AppContext) -> QWidget:
    return ExperimentPage(ctx)
