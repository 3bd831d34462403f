"""The 'report' command: the doctor report as a PDF, without opening the app.

It reads the diary read-only (so it works while the app is open) and needs a QGuiApplication for
fonts and painting; with no display it uses Qt's offscreen platform. The PDF is built in memory
and written atomically, so a failure never leaves half a file behind.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from companion.commands import EXIT_BAD_INPUT, EXIT_USAGE, CommandError
from companion.core.files import is_own_stdout, is_stream
from companion.paths import AppPaths


def _checked_out(text: str) -> Path:
    """The output path, refused (nothing written) when it cannot be a PDF we can write.

    A FIFO or character device (``--out /dev/stdout``, a pipe) is written through as it is, so it
    needs neither the .pdf ending nor a writable folder.
    """
    path = Path(text).expanduser()
    if is_stream(path):
        return path
    if path.suffix.lower() != ".pdf":
        raise CommandError(f"The report file must end in .pdf, not '{path.name}'.", EXIT_USAGE)
    if path.is_dir():
        raise CommandError(f"'{path}' is a folder; give a file name ending in .pdf.", EXIT_USAGE)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CommandError(f"The folder '{folder}' does not exist.", EXIT_BAD_INPUT)
    if not os.access(folder, os.W_OK):
        raise CommandError(f"The folder '{folder}' cannot be written to.", EXIT_BAD_INPUT)
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


def run(args: argparse.Namespace, paths: AppPaths) -> int:
    out = _checked_out(args.out)
    from companion.core.store import Store

    store = Store.open(paths.diary, backups_dir=paths.backups, read_only=True)
    try:
        nights = store.nights(args.date_from, args.date_to)
        sessions = store.routine_sessions(args.date_from, args.date_to)
    finally:
        store.close()

    app = _gui_app()
    from companion.ui.report import report_pdf_bytes, write_pdf_atomically

    payload = report_pdf_bytes(nights, sessions, args.date_from, args.date_to, args.notes)
    try:
        write_pdf_atomically(out, payload)
    except OSError as exc:
        raise CommandError(
            f"The report could not be written to '{out}' ({exc.strerror or exc}).", EXIT_BAD_INPUT
        ) from None
    del app
    print(f"Report saved to {out}.", file=sys.stderr if is_own_stdout(out) else sys.stdout)
    return 0
