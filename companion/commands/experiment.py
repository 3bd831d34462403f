"""The 'experiment' command: start, show or stop the personal experiment (DESIGN.md section 8).

`show` opens the diary read-only (safe while the app runs); `start` and `stop` write one row in
one transaction. Every refusal is one sentence with exit 1 and changes nothing. The core (and
numpy with it) is imported only when the command runs, so parsing the command line stays fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import TYPE_CHECKING

from companion.commands import EXIT_BAD_INPUT, CommandError
from companion.paths import AppPaths, make_private_dir

if TYPE_CHECKING:
    from companion.cli import _Parser


def add_arguments(parser: argparse.ArgumentParser, common: _Parser) -> None:
    """The three actions and their options (the ranges are checked by the core's rules)."""
    from companion.cli import _Parser, night_date

    actions = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=_Parser
    )
    start = actions.add_parser(
        "start", parents=[common], help="plan a new experiment and draw its order"
    )
    start.add_argument(
        "--question",
        default="routine",
        metavar="routine|TEXT",
        help="'routine' (default) or a short name of your own habit, e.g. 'warm foot soak'",
    )
    start.add_argument("--pairs", type=_whole, metavar="P", help="pairs of blocks (6-12, 8)")
    start.add_argument(
        "--block-nights", type=_whole, metavar="K", help="nights in each block (5-14, 7)"
    )
    start.add_argument(
        "--washout", type=_whole, metavar="W", help="first nights of a block not analysed (0-3, 2)"
    )
    start.add_argument(
        "--run-in", type=_whole, metavar="R", help="nights of logging only, first (0-28, 14)"
    )
    start.add_argument("--start", type=night_date, metavar="DATE", help="the first night")
    start.add_argument("--seed", type=int, metavar="S", help="draw the order from this seed")
    show = actions.add_parser("show", parents=[common], help="where the experiment stands")
    show.add_argument("--json", action="store_true", help="machine-readable JSON")
    actions.add_parser("stop", parents=[common], help="stop the running experiment")


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


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
        raise CommandError(f"{flag} must be from {lo} to {hi}, not {value}; nothing was changed.")
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
            f"--washout can be at most {block - ex.WASHOUT_MARGIN} with --block-nights {block} "
            f"(at least {ex.WASHOUT_MARGIN} nights of each block are analysed); "
            "nothing was changed."
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
        raise CommandError(f"{str(exc).rstrip('.')}; nothing was changed.") from None
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
    lines = [f"Started your experiment: {plan.label}"]
    if ex.mentions_medicine(plan.question):
        lines.append(ex.ASK_DOCTOR_FIRST)
    if plan.run_in_nights:
        lines.append(
            f"Run-in: {_span(plan.start, blocks[0].first_night, -1)} (log your nights as usual)."
        )
    blocks_words = "weeks" if plan.block_nights == 7 else f"{plan.block_nights}-night blocks"
    lines.append(
        f"Then {plan.pairs} pairs of {blocks_words}, "
        f"{_span(blocks[0].first_night, plan.last_night)}; the order was drawn at random and "
        "never changes."
    )
    lines.append(ex.power_words(plan, preview))
    lines.append(f"{ex.NEVER_STOP_MEDICINE} You can stop any time with 'experiment stop'.")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _span(first: date, last: date, shift: int = 0) -> str:
    from datetime import timedelta

    end = last + timedelta(days=shift)
    return f"{first.isoformat()} to {end.isoformat()}"


def _stop(paths: AppPaths, now) -> int:
    from companion.core import experiment as ex

    today = ex.current_night(now)
    store = _open(paths, read_only=False)
    try:
        running = [p for p in store.experiments() if ex.is_running(p, today)]
        if not running:
            raise CommandError("No experiment is running, so there is nothing to stop.")
        plan = running[0]
        store.stop_experiment(plan.start, today)
    finally:
        store.close()
    sys.stdout.write(
        f"Stopped the experiment that started on {plan.start.isoformat()}. Nights after "
        f"{today.isoformat()} are not analysed; what there is so far stays, marked as not "
        "final.\n"
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
                "No experiment yet. Start one with 'bedtime-companion experiment start'.\n"
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
    lines = [plan.label, f"Status: {ex.STATUS_WORDS[analysis.status]}"]
    if ex.mentions_medicine(plan.question):
        lines.append(ex.ASK_DOCTOR_FIRST)
    tonight = ex.tonight_words(plan, today) if analysis.status in ex.RUNNING_STATUSES else None
    if tonight is not None:
        lines.append(f"Tonight: {tonight[1]}")
    adherence = ex.adherence_so_far(analysis)
    progress = f"Progress: {analysis.complete_pairs} of {plan.pairs} pairs complete"
    if adherence is not None:
        progress += f"; the plan was followed on {ex.percent(adherence)} of analysed nights"
    lines.append(progress + ".")
    lines.append("Blocks:")
    for f in analysis.blocks:
        followed = "" if f.adherence is None else f", followed {ex.percent(f.adherence)}"
        lines.append(
            f"  pair {f.block.pair:>2}  {f.block.condition:<3}  {f.block.first_night.isoformat()} "
            f"to {f.block.last_night.isoformat()}: {f.analysed_nights} nights analysed, "
            f"{f.cramps} cramps{followed}"
        )
    if analysis.status == "stopped":
        lines.append("Stopped early: what follows is what there is, and it is not final.")
    lines.append(ex.result_words(analysis))
    lines.append(f"Planning check: {ex.power_words(plan, analysis.power_40)}")
    lines.append(ex.CANNOT_KNOW)
    return "\n".join(lines) + "\n"
