"""Command line: parse, then either open the app or run one subcommand.

Every failure is one plain sentence on stderr with a documented exit code; a traceback never
reaches the user. Qt is imported only on the GUI path so subcommands stay fast and headless.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import NoReturn

from companion import __version__
from companion.commands import EXIT_BAD_INPUT, EXIT_DIARY, EXIT_INTERNAL, EXIT_USAGE, CommandError
from companion.core.errors import SaveFailed
from companion.core.files import private_umask
from companion.core.periods import DEFAULT_REPORT_WORDS
from companion.error_log import close_error_log, configure_error_log, error_log_path
from companion.paths import AppPaths, DataFolderError, resolve_paths

PROG = "bedtime-companion"
_log = logging.getLogger(__name__)
OUT_RULES = (
    "an existing file is replaced in one step (owner-only), a symlink is followed and its target "
    "replaced, a pipe or device such as /dev/stdout is written through"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sentence = message[:1].upper() + message[1:]
        self.exit(EXIT_USAGE, f"{PROG}: {sentence.rstrip('.')}. Try '{PROG} --help'.\n")


def night_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-20") from None


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"'{text}' must be 1 or more")
    return value


def _handler(module: str, func: str = "run") -> Callable[[argparse.Namespace, AppPaths], int]:
    def call(args: argparse.Namespace, paths: AppPaths) -> int:
        import importlib

        return getattr(importlib.import_module(f"companion.commands.{module}"), func)(args, paths)

    return call


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="A calm bedtime stretch routine and a private diary of night leg cramps.",
        epilog="Exit codes: 0 success, 1 bad input (nothing changed), 2 usage error, "
        "3 the diary cannot be opened, 4 unexpected error.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    data_dir_help = "folder holding the diary (default: BEDTIME_COMPANION_HOME or your data folder)"
    parser.add_argument("--data-dir", metavar="DIR", help=data_dir_help)
    parser.add_argument(
        "--demo", action="store_true", help="open on a throwaway diary with ~120 example nights"
    )
    parser.add_argument(
        "--exit-after-show", action="store_true", help="exit right after the window first paints"
    )
    parser.add_argument("--cramp-now", action="store_true", help="open straight on Cramp now")
    parser.add_argument("--morning", action="store_true", help="open on the morning note")
    parser.add_argument("--tonight", action="store_true", help="open on tonight's routine")

    # Subcommands accept --data-dir after their name too; SUPPRESS keeps the global value.
    common = _Parser(add_help=False)  # the subparsers are _Parser: so are their parents
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help)

    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("import", parents=[common], help="import a JSON or CSV diary file")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_handler("diary_io", "run_import"))

    p = sub.add_parser("export", parents=[common], help="export the diary")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument(
        "--out", metavar="FILE", help=f"write here instead of standard output; {OUT_RULES}"
    )
    p.set_defaults(handler=_handler("diary_io", "run_export"))

    p = sub.add_parser("stats", parents=[common], help="summary figures")
    p.add_argument("--from", dest="date_from", type=night_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=night_date, metavar="DATE")
    p.add_argument("--json", action="store_true", help="machine-readable JSON")
    p.set_defaults(handler=_handler("stats"))

    p = sub.add_parser(
        "report",
        parents=[common],
        help="a PDF report for your doctor",
        description=f"A PDF report for your doctor. It covers {DEFAULT_REPORT_WORDS} up to "
        "tonight, as the app does, unless you give --from/--to or --all.",
    )
    p.add_argument("--from", dest="date_from", type=night_date, metavar="DATE")
    p.add_argument("--to", dest="date_to", type=night_date, metavar="DATE")
    p.add_argument("--all", action="store_true", help="every night in the diary")
    p.add_argument("--out", metavar="FILE.pdf", required=True, help=f"the PDF; {OUT_RULES}")
    p.add_argument("--notes", action="store_true", help="include your night notes")
    p.set_defaults(handler=_handler("report"))

    p = sub.add_parser(
        "seed-demo", parents=[common], help="fill an EMPTY diary with example nights"
    )
    p.add_argument("--nights", type=positive_int, default=120)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(handler=_handler("diary_io", "run_seed_demo"))

    p = sub.add_parser("routines", parents=[common], help="list routines and their steps")
    p.add_argument("--json", action="store_true", help="machine-readable JSON")
    p.set_defaults(handler=_handler("routines"))

    p = sub.add_parser(
        "experiment", parents=[common], help="a randomised test of whether the routine helps you"
    )
    from companion.commands.experiment import add_arguments as experiment_arguments

    experiment_arguments(p, common)
    p.set_defaults(handler=_handler("experiment"))

    p = sub.add_parser(
        "install-desktop", parents=[common], help="add (or --remove) the menu entry and icon"
    )
    p.add_argument("--remove", action="store_true", help="remove them instead")
    p.set_defaults(handler=_handler("desktop"))
    return parser


def _check_range(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    start, end = getattr(args, "date_from", None), getattr(args, "date_to", None)
    if start and end and start > end:
        parser.error(f"--from {start} is after --to {end}")


_NO_DIARY_COMMANDS = frozenset({"routines", "install-desktop"})


def _finish_interrupted_restore(paths: AppPaths) -> None:
    """A backup restore cut off by a crash is finished or undone before any command reads the
    diary (a missing diary must never read as an empty one); one sentence says what was done."""
    from companion.core.store import finish_interrupted_restore

    notice = finish_interrupted_restore(paths.diary)
    if notice:
        print(f"{PROG}: {notice}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    _check_range(args, parser)
    # Every file the app creates is owner-only, including those SQLite and Qt create for us.
    with private_umask():
        try:
            return _run(args)
        finally:
            close_error_log()


def _fail(message: str, code: int, *, exc: BaseException | None = None) -> int:
    """One plain sentence on stderr; the same sentence (with the traceback when unexpected) in
    errors.log, so what the user was told can be found again."""
    print(f"{PROG}: {message}", file=sys.stderr)
    if error_log_path() is None:
        return code  # no data folder yet: Python's last resort would print it a second time
    if code == EXIT_INTERNAL:
        _log.error("%s", message, exc_info=exc)
    else:
        _log.warning("%s (exit %d)", message, code)
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        if args.command is None:
            from companion.app import run_gui

            return run_gui(args)
        paths = resolve_paths(args.data_dir)
        configure_error_log(paths.data_dir)
        if args.command not in _NO_DIARY_COMMANDS:
            _finish_interrupted_restore(paths)
        return args.handler(args, paths)
    except CommandError as exc:
        return _fail(str(exc), exc.code)
    except DataFolderError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except SaveFailed as exc:  # the disk is full or read-only; the diary is as it was
        return _fail(str(exc), EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for the user
        from companion.core.errors import DiaryOpenError

        if isinstance(exc, DiaryOpenError):
            return _fail(str(exc), EXIT_DIARY)
        return _fail(
            f"something unexpected went wrong ({type(exc).__name__}: {exc}).",
            EXIT_INTERNAL,
            exc=exc,
        )


if __name__ == "__main__":
    sys.exit(main())
