"""import, export and seed-demo.

Import reads and validates the whole file *before* the diary is even opened, so a bad file never
touches it (exit 1, one sentence, nothing changed). Export opens the diary read-only, so it works
while the app is running and never changes the file. A DiaryOpenError propagates to cli.py
(exit 3).
"""

from __future__ import annotations

import argparse
import sys

from companion.commands import EXIT_BAD_INPUT, EXIT_USAGE, CommandError
from companion.core import exchange, wording
from companion.core.clock import SystemClock
from companion.core.errors import ImportRejected, OutputRefused, SaveFailed
from companion.core.files import is_own_stdout
from companion.paths import AppPaths, make_private_dir

MAX_DEMO_NIGHTS = 36_500  # a hundred years is plenty for any benchmark


def _open_store(paths: AppPaths, *, read_only: bool = False, outcome: str = "nothing was saved"):
    """The diary for this command; a disk with no room to create it is one sentence (exit 1)
    ending in ``outcome``."""
    from companion.core.store import Store

    try:
        if not read_only:
            make_private_dir(paths.data_dir)
        return Store.open(paths.diary, backups_dir=paths.backups, read_only=read_only)
    except SaveFailed as exc:
        raise CommandError(exc.sentence(outcome), EXIT_BAD_INPUT) from None


def _tell_if_shared(paths: AppPaths) -> None:
    """After a write succeeded: one line when others can see the data folder. On stderr, so a
    script reading the summary on stdout is not disturbed; never after a failure, which stays
    one sentence."""
    notice = paths.shared_folder_notice()
    if notice:
        print(f"bedtime-companion: {notice}", file=sys.stderr)


def run_import(args: argparse.Namespace, paths: AppPaths) -> int:
    try:
        data = exchange.load_file(args.file)
    except ImportRejected as exc:
        raise CommandError(f"{exc} Nothing was imported.", EXIT_BAD_INPUT) from None
    store = _open_store(paths, outcome="nothing was imported")
    try:
        store.backup_if_due()  # a copy of the diary as it was, before nights get replaced
        plan = exchange.import_data(store, data)
    except ImportRejected as exc:
        raise CommandError(f"{exc} Nothing was imported.", EXIT_BAD_INPUT) from None
    except SaveFailed as exc:  # full or read-only disk: the transaction rolled back
        raise CommandError(exc.sentence("nothing was imported"), EXIT_BAD_INPUT) from None
    finally:
        store.close()
    print(f"Imported {wording.plural(plan.nights, 'night')}.")
    details = f"{plan.added:,} new, {plan.replaced:,} replaced"
    if plan.sessions:
        details += f", {wording.plural(plan.sessions, 'routine session')}"
    if plan.experiments:
        details += f", {wording.plural(plan.experiments, 'experiment')}"
    print(details[:1].upper() + details[1:] + ".")
    _tell_if_shared(paths)
    return 0


def run_export(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.out:
        try:
            paths.refuse_as_output(args.out)
        except OutputRefused as exc:
            raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    store = _open_store(paths, read_only=True)
    try:
        text = exchange.export_store(store, args.format)
        count = len(store.nights())
    finally:
        store.close()
    data = text.encode("utf-8")
    if not args.out:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        else:  # a text-only stream (some embedders): let it encode
            sys.stdout.write(text)
            sys.stdout.flush()
        return 0
    # Told on stderr when the export itself went to stdout (--out /dev/stdout), so the line never
    # lands inside the JSON or CSV a script is reading.
    told = sys.stderr if is_own_stdout(args.out) else sys.stdout
    try:
        target = exchange.write_private_atomic(args.out, data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CommandError(f"The export could not be written to {args.out} ({reason}).") from None
    print(f"Exported {wording.plural(count, 'night')} to {target}.", file=told)
    return 0


def run_seed_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.nights > MAX_DEMO_NIGHTS:
        raise CommandError(f"--nights can be at most {MAX_DEMO_NIGHTS:,}.", EXIT_USAGE)
    store = _open_store(paths, outcome="no example nights were added")
    try:
        from companion.core.demo import seed_demo

        count = seed_demo(
            store, nights=args.nights, seed=args.seed, today=SystemClock().now().date()
        )
    except ImportRejected as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    except SaveFailed as exc:
        raise CommandError(exc.sentence("no example nights were added"), EXIT_BAD_INPUT) from None
    finally:
        store.close()
    print(f"Added {wording.plural(count, 'example night')} to the diary at {paths.diary}.")
    _tell_if_shared(paths)
    return 0
