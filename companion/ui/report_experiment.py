"""The doctor report's experiment page: the plan, adherence, the result in plain words and the
per-pair chart, when the diary holds a personal experiment (DESIGN.md section 8).

Drawn on the report's own canvas, in the report's black-and-grey style: routine blocks are filled
circles, rest blocks hollow squares, so nothing depends on colour. Every sentence and figure comes
from :mod:`companion.core.experiment`.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPen

from companion.core import experiment as ex
from companion.core import report_model as rm
from companion.core import wording
from companion.core.i18n import N_, _, counted, number, percent, pgettext
from companion.ui import report as rp

INTENTION_TO_TREAT = N_(
    "Randomised within pairs when the plan was made; analysed by assignment (intention to "
    "treat), comparing whole blocks within each pair, with an exact randomisation test over "
    "every possible order. The first nights of each block are a wash-out and are not counted."
)


def _plan_rows(analysis: ex.Analysis) -> list[tuple[str, str]]:
    plan = analysis.plan
    blocks = ex.schedule(plan)
    run_in = (
        counted(
            plan.run_in_nights,
            "{n} night of logging only, from {date}",
            "{n} nights of logging only, from {date}",
            date=wording.date_words(plan.start, weekday=True),
        )
        if plan.run_in_nights
        # Translators: the experiment's run-in, when it has none
        else pgettext("run-in", "none")
    )
    status = _(ex.STATUS_WORDS[analysis.status])
    if plan.stopped_on is not None:
        # Translators: the experiment's status and the day it was stopped
        status = _("{status}, on {date}").format(
            status=status, date=wording.date_words(plan.stopped_on, weekday=True)
        )
    adherence = ex.adherence_so_far(analysis)
    nights_counted = sum(f.analysed_nights for f in analysis.blocks)
    blocks_text = counted(
        plan.pairs,
        "{n} pair of {length}-night blocks (one with the habit, one without, order drawn at "
        "random), {first} to {last}; first {washout} nights of each block not counted",
        "{n} pairs of {length}-night blocks (one with the habit, one without, order drawn at "
        "random), {first} to {last}; first {washout} nights of each block not counted",
        length=number(plan.block_nights),
        first=wording.date_words(blocks[0].first_night, weekday=True),
        last=wording.date_words(blocks[-1].last_night, weekday=True),
        washout=number(plan.washout_nights),
    )
    return [
        # Translators: the rows of the experiment's table in the report
        # the question in the report's language (a habit the user typed stays as typed in it)
        (_("Question"), ex.label_for(plan.question)),
        (_("Run-in"), run_in),
        (_("Blocks"), blocks_text),
        (_("Status"), status),
        (
            _("Adherence"),
            _("no night counted yet")
            if adherence is None
            else counted(
                nights_counted,
                "the plan was followed on {share} of {n} night counted",
                "the plan was followed on {share} of {n} nights counted",
                share=percent(adherence),
            ),
        ),
        (
            _("Pairs complete"),
            _("{done} of {pairs}").format(
                done=number(analysis.complete_pairs), pairs=number(plan.pairs)
            ),
        ),
    ]


def chart_pairs(analysis: ex.Analysis, width_pt: float, height_pt: float) -> QImage:
    """Cramps per night on each complete pair's routine block (filled circle) and rest block
    (hollow square), joined per pair."""
    return rp._Chart.drawn(width_pt, height_pt, _draw_pairs, analysis)


def _draw_pairs(chart: rp._Chart, analysis: ex.Analysis) -> None:
    points = [
        (p.pair, p.on.cramps / p.on.analysed_nights, p.off.cramps / p.off.analysed_nights)
        for p in analysis.pairs
        if p.complete
    ]
    peak = max([1.0] + [max(on, off) for _, on, off in points])
    top, step = rm.nice_top(peak)
    plot = chart.plot_area(chart.axis_room(top), chart.px(14), chart.px(30), chart.px(6))
    # Translators: the count axis of the experiment's chart
    chart.y_axis(plot, top, step, _("cramps a night"))
    slots = analysis.plan.pairs
    slot = plot.width() / slots

    def x_of(pair: int, offset: float) -> float:
        return plot.left() + (pair - 0.5) * slot + offset * slot * 0.2

    def y_of(rate: float) -> float:
        return plot.bottom() - plot.height() * rate / top

    for pair in range(1, slots + 1):
        chart.text(
            QRectF(x_of(pair, 0) - slot / 2, plot.bottom() + chart.px(2), slot, chart.px(10)),
            str(pair),
            color=rp.GREY_DARK,
        )
    chart.text(
        QRectF(plot.left(), plot.bottom() + chart.px(13), plot.width(), chart.px(12)),
        # Translators: the chart's legend: the numbers along the axis are pairs; a filled circle
        # is the routine block, a hollow square the rest block (keep the two symbols)
        _("pair   \u25cf routine block   \u25a1 rest block"),
        color=rp.GREY_DARK,
    )
    r = chart.px(3.2)
    for pair, on, off in points:
        a, b = QPointF(x_of(pair, -1), y_of(on)), QPointF(x_of(pair, 1), y_of(off))
        chart.p.setPen(QPen(rp.GREY_MID, chart.px(0.8)))
        chart.p.drawLine(a, b)
        chart.p.setPen(QPen(rp.INK, chart.px(0.8)))
        chart.p.setBrush(rp.INK)
        chart.p.drawEllipse(a, r, r)
        chart.p.setBrush(Qt.BrushStyle.NoBrush)
        chart.p.drawRect(QRectF(b.x() - r, b.y() - r, 2 * r, 2 * r))
    if not points:
        chart.text(plot, _("No pair is complete yet."), 9, color=rp.GREY_DARK)


def draw_experiment_page(c: rp._Canvas, analysis: ex.Analysis) -> None:
    """One page: the plan, the answer and verdict, the chart, and what the test cannot know."""
    c.text(
        _("{title}: personal experiment").format(title=_(rm.REPORT_TITLE)), 15, bold=True, after=2
    )
    c.text(
        _(
            "A randomised N-of-1 test the patient ran with the app: does the habit reduce their "
            "night cramps?"
        ),
        9.5,
        color=rp.GREY_DARK,
        after=6,
    )
    c.rule(rp.INK, 1.0)
    c.y += c.pt(6)
    c.table(_plan_rows(analysis))
    c.heading(_("Result"))
    if analysis.status == "stopped":
        c.text(_("Stopped early: this is what there is, and it is not final."), 10, bold=True)
    if analysis.result is None:
        c.text(ex.too_early_words(analysis), 10.5)
    else:
        c.text(ex.verdict_words(analysis.result.verdict, analysis), 11, bold=True)
        c.text(ex.answer_words(analysis), 10.5)
        r = analysis.result
        c.text(
            counted(
                r.pairs_used,
                "Rate ratio {ratio} (95 % interval {low} to {high}), randomisation p = {p}, "
                "over {n} complete pair.",
                "Rate ratio {ratio} (95 % interval {low} to {high}), randomisation p = {p}, "
                "over {n} complete pairs.",
                ratio=number(r.rate_ratio, 2),
                low=number(r.ci95[0], 2),
                high=number(r.ci95[1], 2),
                p=number(r.p_value, 3),
            ),
            9.5,
            color=rp.GREY_DARK,
        )
    c.heading(_("Cramps a night in each complete pair"))
    height = max(c.pt(110), min(c.pt(200), c.room() - c.pt(120)))
    width_pt = c.width * 72 / c.dpi
    c.image(chart_pairs(analysis, width_pt, height * 72 / c.dpi), QRectF(0, c.y, c.width, height))
    c.y += height + c.pt(6)
    c.text(_(ex.CANNOT_KNOW), 9.5, color=rp.GREY_DARK)
    c.text(_(INTENTION_TO_TREAT), 9, color=rp.GREY_DARK)
