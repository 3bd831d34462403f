"""The 'experiment' command: start, show or stop the personal experiment (DESIGN.md section 8).

`show` opens the diary read-only (safe while the app runs); `start` and `stop` write one row in
one transaction. Every refusal is one sentence with exit 1 and changes nothing. The core (and
numpy with it) is imported only when the command runs, so parsing the command line stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, timedelta
from typing import TYPE_CHECKING

from companion.commands import EXIT_BAD_INPUT, CommandError
from companion.core.i18n import _, counted, number
from companion.paths import AppPaths, make_private_dir

if TYPE_CHECKING:
    from companion.cli import _Parser


def add_arguments(parser: argparse.ArgumentParser, common: _Parser) -> None:
    """The three actions and their options (the ranges are checked by the core's rules)."""
    from companion.cli import _Parser, night_date, whole_number

    actions = parser.add_subparsers(
        dest="action",
        # Translators: the placeholder for start, show or stop in --help; one word, capitals.
        metavar=_("ACTION"),
        required=True,
        parser_class=_Parser,
    )
    start = actions.add_parser(
        "start", parents=[common], help=_("plan a new experiment and draw its order")
    )
    start.add_argument(
        "--question",
        default="routine",
        # Translators: --question's placeholder: "routine" is typed as it is, TEXT is the
        # person's own words; keep {routine} and the bar.
        metavar=_("{routine}|TEXT").format(routine="routine"),
        help=_("'routine' (the default) or a short name of your own habit, e.g. 'warm foot soak'"),
    )
    # Translators: the placeholders of the experiment's numbers in --help; one letter each is
    # fine (P pairs, K nights in a block, W washout, R run-in, S seed).
    start.add_argument(
        "--pairs", type=whole_number, metavar=_("P"), help=_("pairs of blocks (6-12, 8)")
    )
    start.add_argument(
        "--block-nights",
        type=whole_number,
        metavar=_("K"),
        help=_("nights in each block (5-14, 7)"),
    )
    start.add_argument(
        "--washout",
        type=whole_number,
        metavar=_("W"),
        help=_("first nights of a block not analysed (0-3, 2)"),
    )
    start.add_argument(
        "--run-in",
        type=whole_number,
        metavar=_("R"),
        help=_("nights of logging only, first (0-28, 14)"),
    )
    start.add_argument("--start", type=night_date, metavar=_("DATE"), help=_("the first night"))
    start.add_argument("--seed", type=int, metavar=_("S"), help=_("draw the order from this seed"))
    show = actions.add_parser("show", parents=[common], help=_("where the experiment stands"))
    show.add_argument("--json", action="store_true", help=_("machine-readable JSON"))
    actions.add_parser("stop", parents=[common], help=_("stop the running experiment"))


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    from companion.core.clock import SystemClock

    now = SystemClock().now()
    if args.action == "start":
        return _start(args, paths, now)
    if args.action == "stop":
        return _stop(paths, now)
    return _show(args, paths, now)


def _open(paths: AppPaths, *, read_only: bool):
    from companion.core.store import Store

    if not read_only:
        make_private_dir(paths.data_dir)
    return Store.open(paths.diary, backups_dir=paths.backups, read_only=read_only)


def _option(value: int | None, default: int, flag: str, bounds: tuple[int, int]) -> int:
    if value is None:
        return default
    lo, hi = bounds
    if not lo <= value <= hi:
        raise CommandError(
            _("{option} must be from {low} to {high}, not {value}; nothing was changed.").format(
                option=flag, low=number(lo), high=number(hi), value=number(value)
            )
        )
    return value


def _start(args: argparse.Namespace, paths: AppPaths, now) -> int:
    from companion.core import experiment as ex

    pairs = _option(args.pairs, ex.DEFAULT_PAIRS, "--pairs", ex.PAIRS_RANGE)
    block = _option(
        args.block_nights, ex.DEFAULT_BLOCK_NIGHTS, "--block-nights", ex.BLOCK_NIGHTS_RANGE
    )
    washout = _option(args.washout, ex.DEFAULT_WASHOUT, "--washout", ex.WASHOUT_RANGE)
    run_in = _option(args.run_in, ex.DEFAULT_RUN_IN, "--run-in", ex.RUN_IN_RANGE)
    if washout > block - ex.WASHOUT_MARGIN:
        raise CommandError(
            counted(
                ex.WASHOUT_MARGIN,
                "--washout can be at most {most} with --block-nights {block} (at least {n} "
                "night of each block is analysed); nothing was changed.",
                "--washout can be at most {most} with --block-nights {block} (at least {n} "
                "nights of each block are analysed); nothing was changed.",
                most=number(block - ex.WASHOUT_MARGIN),
                block=number(block),
            )
        )
    today = ex.current_night(now)
    try:
        plan = ex.make_plan(
            question=args.question,
            start=args.start or ex.earliest_start(now),
            run_in_nights=run_in,
            pairs=pairs,
            block_nights=block,
            washout_nights=washout,
            seed=args.seed,
        )
    except ex.PlanError as exc:
        raise CommandError(
            _("{problem}; nothing was changed.").format(problem=str(exc).rstrip("."))
        ) from None
    store = _open(paths, read_only=False)
    try:
        try:
            ex.check_new_plan(plan, store.experiments(), today, now)
        except ex.PlanError as exc:
            raise CommandError(str(exc), EXIT_BAD_INPUT) from None
        store.save_experiment(plan)
        preview = ex.preview_power_40(plan, store.nights())
    finally:
        store.close()
    blocks = ex.schedule(plan)
    lines = [_("Started your experiment: {question}").format(question=ex.question_words(plan))]
    if ex.mentions_medicine(plan.question):
        lines.append(_(ex.ASK_DOCTOR_FIRST))
    if plan.run_in_nights:
        lines.append(
            _("Run-in: {first} to {last} (log your nights as usual).").format(
                first=plan.start.isoformat(),
                last=(blocks[0].first_night - timedelta(days=1)).isoformat(),
            )
        )
    span = {"first": blocks[0].first_night.isoformat(), "last": plan.last_night.isoformat()}
    if plan.block_nights == 7:
        then = counted(
            plan.pairs,
            "Then {n} pair of weeks, {first} to {last}; the order was drawn at random and never "
            "changes.",
            "Then {n} pairs of weeks, {first} to {last}; the order was drawn at random and never "
            "changes.",
            **span,
        )
    else:
        then = counted(
            plan.pairs,
            "Then {n} pair of {block}-night blocks, {first} to {last}; the order was drawn at "
            "random and never changes.",
            "Then {n} pairs of {block}-night blocks, {first} to {last}; the order was drawn at "
            "random and never changes.",
            block=number(plan.block_nights),
            **span,
        )
    lines.append(then)
    lines.append(ex.power_words(plan, preview))
    lines.append(_(ex.NEVER_STOP_MEDICINE))
    lines.append(_("You can stop any time with 'experiment stop'."))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _stop(paths: AppPaths, now) -> int:
    from companion.core import experiment as ex

    today = ex.current_night(now)
    store = _open(paths, read_only=False)
    try:
        running = [p for p in store.experiments() if ex.is_running(p, today)]
        if not running:
            raise CommandError(_("No experiment is running, so there is nothing to stop."))
        plan = running[0]
        store.stop_experiment(plan.start, today)
    finally:
        store.close()
    sys.stdout.write(
        _(
            "Stopped the experiment that started on {start}. Nights after {today} are not "
            "analysed; what there is so far stays, marked as not final."
        ).format(start=plan.start.isoformat(), today=today.isoformat())
        + "\n"
    )
    return 0


def _show(args: argparse.Namespace, paths: AppPaths, now) -> int:
    from companion.core import experiment as ex

    today = ex.current_night(now)
    analysis = None
    if paths.diary.exists():
        store = _open(paths, read_only=True)
        try:
            analysis = ex.current_analysis(store, today)
        finally:
            store.close()
    if analysis is None:
        if args.json:
            sys.stdout.write(json.dumps({"experiment": None}) + "\n")
        else:
            sys.stdout.write(
                _("No experiment yet. Start one with 'bedtime-companion experiment start'.") + "\n"
            )
        return 0
    if args.json:
        body = {"experiment": ex.analysis_to_json(analysis)}
        sys.stdout.write(json.dumps(body, indent=2) + "\n")
    else:
        sys.stdout.write(readable(analysis, today))
    return 0


def readable(analysis, today: date) -> str:
    """The experiment for people, from the same figures the JSON gives."""
    from companion.core import experiment as ex

    plan = analysis.plan
    lines = [
        ex.question_words(plan),
        _("Status: {status}").format(status=ex.status_words(analysis.status)),
    ]
    if ex.mentions_medicine(plan.question):
        lines.append(_(ex.ASK_DOCTOR_FIRST))
    tonight = ex.tonight_words(plan, today) if analysis.status in ex.RUNNING_STATUSES else None
    if tonight is not None:
        lines.append(_("Tonight: {what}").format(what=tonight[1]))
    adherence = ex.adherence_so_far(analysis)
    done = {"done": number(analysis.complete_pairs)}
    if adherence is None:
        progress = counted(
            plan.pairs,
            "Progress: {done} of {n} pair complete.",
            "Progress: {done} of {n} pairs complete.",
            **done,
        )
    else:
        progress = counted(
            plan.pairs,
            "Progress: {done} of {n} pair complete; the plan was followed on {share} of "
            "analysed nights.",
            "Progress: {done} of {n} pairs complete; the plan was followed on {share} of "
            "analysed nights.",
            share=ex.percent(adherence),
            **done,
        )
    lines.append(progress)
    lines.append(_("Blocks:"))
    for f in analysis.blocks:
        nights = counted(f.analysed_nights, "{n} night analysed", "{n} nights analysed")
        cramps = counted(f.cramps, "{n} cramp", "{n} cramps")
        fields = {
            "pair": f"{number(f.block.pair):>2}",
            # the condition is an id ("on"/"off"), as in the JSON
            "condition": f"{f.block.condition:<3}",
            "first": f.block.first_night.isoformat(),
            "last": f.block.last_night.isoformat(),
            "nights": nights,
            "cramps": cramps,
        }
        # Translators: one block of the experiment in 'experiment show'; {condition} is the id
        # "on" or "off", as in the JSON, and stays as it is.
        if f.adherence is None:
            line = _("pair {pair}  {condition}  {first} to {last}: {nights}, {cramps}")
        else:
            line = _(
                "pair {pair}  {condition}  {first} to {last}: {nights}, {cramps}, followed {share}"
            )
            fields["share"] = ex.percent(f.adherence)
        lines.append("  " + line.format(**fields))
    if analysis.status == "stopped":
        lines.append(_("Stopped early: what follows is what there is, and it is not final."))
    lines.append(ex.result_words(analysis))
    lines.append(_("Planning check: {check}").format(check=ex.power_words(plan, analysis.power_40)))
    lines.append(_(ex.CANNOT_KNOW))
    return "\n".join(lines) + "\n"
