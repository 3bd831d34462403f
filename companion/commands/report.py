"""The 'report' command: the doctor report as a PDF, without opening the app.

It reads the diary read-only (so it works while the app is open) and needs a QGuiApplication for
fonts and painting; with no display it uses Qt's offscreen platform. The PDF is built in memory
and written atomically, so a failure never leaves half a file behind.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from companion.commands import EXIT_BAD_INPUT, EXIT_USAGE, CommandError
from companion.core import i18n, periods
from companion.core.clock import Clock, SystemClock
from companion.core.diary import night_of
from companion.core.errors import OutputRefused
from companion.core.files import is_own_stdout, is_stream
from companion.core.i18n import _
from companion.paths import AppPaths


def _checked_out(text: str, paths: AppPaths) -> Path:
    """The output path, refused (nothing written) when it is one of the diary's own files or
    cannot be a PDF we can write.

    A FIFO or character device (``--out /dev/stdout``, a pipe) is written through as it is, so it
    needs neither the .pdf ending nor a writable folder.
    """
    path = Path(text).expanduser()
    try:
        paths.refuse_as_output(path)
    except OutputRefused as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None
    if is_stream(path):
        return path
    if path.suffix.lower() != ".pdf":
        raise CommandError(
            _("The report file must end in .pdf, not '{name}'.").format(name=path.name),
            EXIT_USAGE,
        )
    if path.is_dir():
        raise CommandError(
            _("'{path}' is a folder; give a file name ending in .pdf.").format(path=path),
            EXIT_USAGE,
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(
            _("The folder '{folder}' does not exist.").format(folder=folder), EXIT_BAD_INPUT
        )
    if not os.access(folder, os.W_OK):
        raise CommandError(
            _("The folder '{folder}' cannot be written to.").format(folder=folder),
            EXIT_BAD_INPUT,
        )
    return path


def _gui_app() -> object:
    """A QGuiApplication for fonts and painting; offscreen when there is no display to use."""
    if not (
        os.environ.get("QT_QPA_PLATFORM")
        or os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication(sys.argv[:1])


def report_period(
    args: argparse.Namespace, clock: Clock | None = None
) -> tuple[date | None, date | None]:
    """The nights to cover: --from/--to as given, every night with --all, else the app's default
    (``periods.DEFAULT_REPORT_MONTHS`` months up to tonight)."""
    if getattr(args, "all", False):
        if args.date_from or args.date_to:
            raise CommandError(_("Give either --all or --from/--to, not both."), EXIT_USAGE)
        return None, None
    if args.date_from or args.date_to:
        return args.date_from, args.date_to
    return periods.default_report_period(night_of((clock or SystemClock()).now()))


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    out = _checked_out(args.out, paths)
    start, end = report_period(args)
    from companion.core.report_model import collect_figures
    from companion.core.store import Store

    store = Store.open(paths.diary, backups_dir=paths.backups, read_only=True)
    try:
        nights = store.nights(start, end)
        sessions = store.routine_sessions(start, end)
        from companion.core.clock import SystemClock
        from companion.core.experiment import current_analysis, current_night

        experiment = current_analysis(store, current_night(SystemClock().now()))
    finally:
        store.close()

    app = _gui_app()
    from companion.ui.report import report_pdf_bytes, write_pdf_atomically

    # The report speaks --language (a doctor abroad), whatever this command speaks; every
    # word of it is chosen while the figures are collected and the pages painted.
    with i18n.using(getattr(args, "language", i18n.SYSTEM)):
        figures = collect_figures(nights, sessions, start, end)
        payload = report_pdf_bytes(figures, args.notes, experiment=experiment)
    try:
        write_pdf_atomically(out, payload)
    except OSError as exc:
        raise CommandError(
            _("The report could not be written to '{path}' ({reason}).").format(
                path=out, reason=exc.strerror or exc
            ),
            EXIT_BAD_INPUT,
        ) from None
    del app
    print(
        _("Report saved to {path}.").format(path=out),
        file=sys.stderr if is_own_stdout(out) else sys.stdout,
    )
    return 0
