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
from companion.argparse_words import install as install_argparse_words
from companion.commands import EXIT_BAD_INPUT, EXIT_DIARY, EXIT_INTERNAL, EXIT_USAGE, CommandError
from companion.core import i18n
from companion.core.errors import SaveFailed
from companion.core.files import private_umask
from companion.core.i18n import _, counted
from companion.core.periods import DEFAULT_REPORT_MONTHS
from companion.error_log import close_error_log, configure_error_log, error_log_path
from companion.paths import AppPaths, DataFolderError, resolve_paths

PROG = "bedtime-companion"
_log = logging.getLogger(__name__)
#: The report languages --language offers: the system's, or one the app has (not the
#: pseudo-locale, which is for testing the app's layouts).
REPORT_LANGUAGES = (i18n.SYSTEM, *i18n.LANGUAGES)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # argparse's messages start in lower case mid-sentence style; the first letter of the
        # sentence is made a capital (harmless in every language the app has).
        sentence = message[:1].upper() + message[1:]
        self.exit(
            EXIT_USAGE,
            _("{prog}: {problem}. Try '{prog} --help'.").format(
                prog=PROG, problem=sentence.rstrip(".")
            )
            + "\n",
        )


def night_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date like 2026-11-20").format(text=text)
        ) from None


def whole_number(text: str) -> int:
    """An int, or one sentence saying the text is not a whole number (shared by every option)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a whole number").format(text=text)
        ) from None


def positive_int(text: str) -> int:
    value = whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(_("'{text}' must be 1 or more").format(text=text))
    return value


def _handler(module: str, func: str = "run") -> Callable[[argparse.Namespace, AppPaths], int]:
    def call(args: argparse.Namespace, paths: AppPaths) -> int:
        import importlib

        return getattr(importlib.import_module(f"companion.commands.{module}"), func)(args, paths)

    return call


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The whole command line, its texts in the language set now (so build it after
    ``i18n.set_language``); ``commands=False``: only the options that open the window."""
    parser = _Parser(
        prog=PROG,
        description=_("A calm bedtime stretch routine and a private diary of night leg cramps."),
        epilog=_(
            "Exit codes: 0 success, 1 bad input (nothing changed), 2 usage error, "
            "3 the diary cannot be opened, 4 unexpected error."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show the version number and exit"),
    )
    data_dir_help = _(
        "folder holding the diary (default: BEDTIME_COMPANION_HOME or your data folder)"
    )
    # Translators: the placeholder for a folder in --help ("--data-dir DIR"); one word, capitals.
    folder = _("DIR")
    # Translators: the placeholder for a file in --help ("--out FILE"); one word, capitals.
    file = _("FILE")
    # Translators: the placeholder for a date in --help ("--from DATE"); one word, capitals.
    day = _("DATE")
    parser.add_argument("--data-dir", metavar=folder, help=data_dir_help)
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_("open on a throwaway diary with about 120 example nights"),
    )
    parser.add_argument(
        "--exit-after-show",
        action="store_true",
        help=_("exit right after the window first paints"),
    )
    parser.add_argument("--cramp-now", action="store_true", help=_("open straight on Cramp now"))
    parser.add_argument("--morning", action="store_true", help=_("open on the morning note"))
    parser.add_argument("--tonight", action="store_true", help=_("open on tonight's routine"))
    if not commands:
        parser.set_defaults(command=None)
        return parser

    # Subcommands accept --data-dir after their name too; SUPPRESS keeps the global value.
    common = _Parser(add_help=False)  # the subparsers are _Parser: so are their parents
    common.add_argument("--data-dir", metavar=folder, default=argparse.SUPPRESS, help=data_dir_help)

    # Translators: the placeholder for the command's name in --help; one word, capitals.
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)

    p = sub.add_parser("import", parents=[common], help=_("import a JSON or CSV diary file"))
    p.add_argument("file", metavar=file, help=_("the JSON or CSV file to import"))
    p.set_defaults(handler=_handler("diary_io", "run_import"))

    p = sub.add_parser("export", parents=[common], help=_("export the diary"))
    p.add_argument(
        "--format",
        choices=("json", "csv"),
        default="json",
        help=_("the file format (default: json)"),
    )
    p.add_argument(
        "--out",
        metavar=file,
        help=_(
            "write here instead of standard output; an existing file is replaced in one step "
            "(owner-only), a symlink is followed and its target replaced, a pipe or device such "
            "as /dev/stdout is written through"
        ),
    )
    p.set_defaults(handler=_handler("diary_io", "run_export"))

    from_help = _("the first night to include")
    to_help = _("the last night to include")
    p = sub.add_parser("stats", parents=[common], help=_("summary figures"))
    p.add_argument("--from", dest="date_from", type=night_date, metavar=day, help=from_help)
    p.add_argument("--to", dest="date_to", type=night_date, metavar=day, help=to_help)
    p.add_argument("--json", action="store_true", help=_("machine-readable JSON"))
    p.set_defaults(handler=_handler("stats"))

    p = sub.add_parser(
        "report",
        parents=[common],
        help=_("a PDF report for your doctor"),
        description=counted(
            DEFAULT_REPORT_MONTHS,
            "A PDF report for your doctor. It covers the last month up to tonight, as the app "
            "does, unless you give --from/--to or --all.",
            "A PDF report for your doctor. It covers the last {n} months up to tonight, as the "
            "app does, unless you give --from/--to or --all.",
        ),
    )
    p.add_argument("--from", dest="date_from", type=night_date, metavar=day, help=from_help)
    p.add_argument("--to", dest="date_to", type=night_date, metavar=day, help=to_help)
    p.add_argument("--all", action="store_true", help=_("every night in the diary"))
    p.add_argument(
        "--out",
        # Translators: the placeholder for the report's file name in --help; keep ".pdf".
        metavar=_("FILE.pdf"),
        required=True,
        help=_(
            "the PDF; an existing file is replaced in one step (owner-only), a symlink is "
            "followed and its target replaced, a pipe or device such as /dev/stdout is written "
            "through"
        ),
    )
    p.add_argument("--notes", action="store_true", help=_("include your night notes"))
    p.add_argument(
        "--language",
        choices=REPORT_LANGUAGES,
        default=i18n.SYSTEM,
        help=_(
            "the report's language: system (the default: the same as this command's), en "
            "(English), es (Spanish) or de (German)"
        ),
    )
    p.set_defaults(handler=_handler("report"))

    p = sub.add_parser(
        "seed-demo", parents=[common], help=_("fill an EMPTY diary with example nights")
    )
    # Translators: the placeholder for a count in --help ("--nights N"); one letter is fine.
    count = _("N")
    p.add_argument(
        "--nights",
        type=positive_int,
        default=120,
        metavar=count,
        help=_("how many nights (default: 120)"),
    )
    p.add_argument(
        "--seed",
        type=whole_number,
        default=1,
        # Translators: the placeholder for a seed number in --help; one letter is fine.
        metavar=_("S"),
        help=_("the random seed, for the same nights again (default: 1)"),
    )
    p.set_defaults(handler=_handler("diary_io", "run_seed_demo"))

    p = sub.add_parser("routines", parents=[common], help=_("list routines and their steps"))
    p.add_argument("--json", action="store_true", help=_("machine-readable JSON"))
    p.set_defaults(handler=_handler("routines"))

    p = sub.add_parser(
        "experiment",
        parents=[common],
        help=_("a randomised test of whether the routine helps you"),
    )
    from companion.commands.experiment import add_arguments as experiment_arguments

    experiment_arguments(p, common)
    p.set_defaults(handler=_handler("experiment"))

    p = sub.add_parser(
        "install-desktop",
        parents=[common],
        help=_("add (or --remove) the menu entry and icon"),
    )
    p.add_argument("--remove", action="store_true", help=_("remove them instead"))
    p.set_defaults(handler=_handler("desktop"))
    return parser


def _check_range(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    start, end = getattr(args, "date_from", None), getattr(args, "date_to", None)
    if start and end and start > end:
        parser.error(
            _("--from {start} is after --to {end}").format(
                start=start.isoformat(), end=end.isoformat()
            )
        )


_NO_DIARY_COMMANDS = frozenset({"routines", "install-desktop"})


def _finish_interrupted_restore(paths: AppPaths) -> None:
    """A backup restore cut off by a crash is finished or undone before any command reads the
    diary (a missing diary must never read as an empty one); one sentence says what was done."""
    from companion.core.store import finish_interrupted_restore

    notice = finish_interrupted_restore(paths.diary)
    if notice:
        print(_("{prog}: {message}").format(prog=PROG, message=notice), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    # The command line speaks the system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), from
    # its very first word; the window switches to the Settings choice once it has read them.
    i18n.set_language(None)
    install_argparse_words()
    parser, args = _parse(list(sys.argv[1:] if argv is None else argv))
    _check_range(args, parser)
    # Every file the app creates is owner-only, including those SQLite and Qt create for us.
    with private_umask():
        try:
            return _run(args)
        finally:
            close_error_log()


def _parse(words: list[str]) -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    """Opening the window needs only its own options: building every command's parser costs
    about 10 ms of each start (DESIGN.md's start-up bar), so that is done only for a command,
    for --help, or for a word the window's options do not take (the whole parser then parses
    the line again and says what is wrong, exactly as it always did)."""
    if not {"-h", "--help"}.intersection(words):
        window = build_parser(commands=False)
        args, rest = window.parse_known_args(words)
        if not rest:
            return window, args
    parser = build_parser()
    return parser, parser.parse_args(words)


def _fail(message: str, code: int, *, exc: BaseException | None = None) -> int:
    """One plain sentence on stderr; the same sentence (with the traceback when unexpected) in
    errors.log, so what the user was told can be found again."""
    print(_("{prog}: {message}").format(prog=PROG, message=message), file=sys.stderr)
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
            _("something unexpected went wrong ({error}: {detail}).").format(
                error=type(exc).__name__, detail=exc
            ),
            EXIT_INTERNAL,
            exc=exc,
        )


if __name__ == "__main__":
    sys.exit(main())
