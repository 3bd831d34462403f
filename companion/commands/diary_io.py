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
from companion.core import exchange
from companion.core.clock import SystemClock
from companion.core.errors import ImportRejected, OutputRefused, SaveFailed
from companion.core.files import is_own_stdout
from companion.core.i18n import N_, _, counted, number
from companion.paths import AppPaths, make_private_dir

MAX_DEMO_NIGHTS = 36_500  # a hundred years is plenty for any benchmark


# Translators: the second half of a sentence after "The disk is full ...;": what did not happen.
NOTHING_SAVED = N_("nothing was saved")
# Translators: the second half of a sentence after "The disk is full ...;": what did not happen.
NOTHING_IMPORTED = N_("nothing was imported")
# Translators: the second half of a sentence after "The disk is full ...;": what did not happen.
NO_EXAMPLE_NIGHTS = N_("no example nights were added")


def _open_store(paths: AppPaths, *, read_only: bool = False, outcome: str = NOTHING_SAVED):
    """The diary for this command; a disk with no room to create it is one sentence (exit 1)
    ending in ``outcome`` (an N_ text, translated here)."""
    from companion.core.store import Store

    try:
        if not read_only:
            make_private_dir(paths.data_dir)
        return Store.open(paths.diary, backups_dir=paths.backups, read_only=read_only)
    except SaveFailed as exc:
        raise CommandError(exc.sentence(_(outcome)), EXIT_BAD_INPUT) from None


def _tell_if_shared(paths: AppPaths) -> None:
    """After a write succeeded: one line when others can see the data folder. On stderr, so a
    script reading the summary on stdout is not disturbed; never after a failure, which stays
    one sentence."""
    notice = paths.shared_folder_notice()
    if notice:
        print(
            _("{prog}: {message}").format(prog="bedtime-companion", message=notice), file=sys.stderr
        )


def run_import(args: argparse.Namespace, paths: AppPaths) -> int:
    try:
        data = exchange.load_file(args.file)
    except ImportRejected as exc:
        raise CommandError(_not_imported(exc), EXIT_BAD_INPUT) from None
    store = _open_store(paths, outcome=NOTHING_IMPORTED)
    try:
        store.backup_if_due()  # a copy of the diary as it was, before nights get replaced
        plan = exchange.import_data(store, data)
    except ImportRejected as exc:
        raise CommandError(_not_imported(exc), EXIT_BAD_INPUT) from None
    except SaveFailed as exc:  # full or read-only disk: the transaction rolled back
        raise CommandError(exc.sentence(_(NOTHING_IMPORTED)), EXIT_BAD_INPUT) from None
    finally:
        store.close()
    print(counted(plan.nights, "Imported {n} night.", "Imported {n} nights."))
    print(_import_details(plan.added, plan.replaced, plan.sessions, plan.experiments))
    _tell_if_shared(paths)
    return 0


def _not_imported(exc: ImportRejected) -> str:
    """The core's sentence saying what is wrong, then that nothing changed."""
    return _("{problem} Nothing was imported.").format(problem=exc)


def _import_details(added: int, replaced: int, sessions: int, experiments: int) -> str:
    """The second line after an import: new and replaced nights, then what else came along,
    each variant a whole sentence so that every language can order and inflect it."""
    counts = {"added": number(added), "replaced": number(replaced)}
    if sessions and experiments:
        return _("{added} new, {replaced} replaced, {sessions}, {experiments}.").format(
            sessions=counted(sessions, "{n} routine session", "{n} routine sessions"),
            experiments=counted(experiments, "{n} experiment", "{n} experiments"),
            **counts,
        )
    if sessions:
        return _("{added} new, {replaced} replaced, {sessions}.").format(
            sessions=counted(sessions, "{n} routine session", "{n} routine sessions"), **counts
        )
    if experiments:
        return _("{added} new, {replaced} replaced, {experiments}.").format(
            experiments=counted(experiments, "{n} experiment", "{n} experiments"), **counts
        )
    return _("{added} new, {replaced} replaced.").format(**counts)


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
        raise CommandError(
            _("The export could not be written to {path} ({reason}).").format(
                path=args.out, reason=reason
            )
        ) from None
    print(
        counted(
            count, "Exported {n} night to {path}.", "Exported {n} nights to {path}.", path=target
        ),
        file=told,
    )
    return 0


def run_seed_demo(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.nights > MAX_DEMO_NIGHTS:
        raise CommandError(
            _("--nights can be at most {most}.").format(most=number(MAX_DEMO_NIGHTS)), EXIT_USAGE
        )
    store = _open_store(paths, outcome=NO_EXAMPLE_NIGHTS)
    try:
        from companion.core.demo import seed_demo

        count = seed_demo(
            store, nights=args.nights, seed=args.seed, today=SystemClock().now().date()
        )
    except ImportRejected as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    except SaveFailed as exc:
        raise CommandError(exc.sentence(_(NO_EXAMPLE_NIGHTS)), EXIT_BAD_INPUT) from None
    finally:
        store.close()
    print(
        counted(
            count,
            "Added {n} example night to the diary at {path}.",
            "Added {n} example nights to the diary at {path}.",
            path=paths.diary,
        )
    )
    _tell_if_shared(paths)
    return 0
