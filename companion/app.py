"""Composition root: paths -> settings -> single instance -> diary store -> context -> window.

Only this module wires things together; pages receive what they need through AppContext.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from companion import APP_ID, APP_NAME, __version__
from companion.core import i18n
from companion.core.clock import SystemClock
from companion.core.errors import DiaryOpenError
from companion.core.i18n import _
from companion.core.settings import load_settings
from companion.error_log import ERROR_LOG, configure_error_log
from companion.paths import AppPaths, make_private_dir, resolve_paths

EXIT_DIARY = 3
DEMO_NIGHTS = 120
BACKUP_CHECK_MS = 60 * 60 * 1000
EXIT_NO_DISPLAY = 2
_log = logging.getLogger(__name__)


def requested_page(args: argparse.Namespace) -> str | None:
    if getattr(args, "cramp_now", False):
        return "cramp"
    if getattr(args, "morning", False):
        return "morning"
    if getattr(args, "tonight", False):
        return "tonight"
    return None


def default_page(hour: int, last_page: str) -> str:
    """Mornings open on the note; evenings on tonight's routine; the afternoon where they left."""
    if 4 <= hour < 12:
        return "morning"
    if hour >= 18 or hour < 4:
        return "tonight"
    return last_page if last_page in ("tonight", "morning", "trends") else "tonight"


def _tell_calmly(text: str) -> None:
    """One calm dialog before the window exists (launched from a menu, stderr is unseen)."""
    from companion.ui.recovery import tell_calmly

    tell_calmly(text)


def _tell_on_stderr(text: str) -> None:
    """Under --exit-after-show nobody is there to close a dialog: the sentence goes to stderr."""
    print(f"bedtime-companion: {text}", file=sys.stderr)


def _open_store(
    paths: AppPaths, tell: Callable[[str], None] = _tell_calmly, *, unattended: bool = False
):  # -> Store | None
    """Open the diary; only a diary that cannot be opened loads the recovery dialogs.

    A backup restore cut off by a crash is finished or undone first, and the user is told so.
    """
    from companion.core.store import Store, finish_interrupted_restore

    notice = finish_interrupted_restore(paths.diary)
    if notice:
        if not unattended:  # unattended, tell already writes to stderr
            print(f"bedtime-companion: {notice}", file=sys.stderr)
        tell(notice)
    try:
        return Store.open(paths.diary, backups_dir=paths.backups)
    except DiaryOpenError:
        from companion.ui.recovery import open_diary_interactive

        if unattended:  # a diary that needs a choice is not opened: nobody is there to choose
            from companion.ui.recovery import QUIT

            def quit_saying_why(exc: DiaryOpenError, _newest: Path | None) -> str:
                tell(str(exc))
                return QUIT

            return open_diary_interactive(paths, chooser=quit_saying_why, tell=tell)
        return open_diary_interactive(paths, tell=tell)


def _keep_backups(ctx, window) -> None:
    """The daily rolling backup now, then hourly, so a window left open overnight still makes one."""
    from PySide6.QtCore import QTimer

    def backup() -> None:
        store = ctx.store
        if store is None:
            return
        store.backup_if_due(ctx.clock.now())
        error = getattr(store, "last_backup_error", None)
        if error:
            window.show_message(error)

    backup()
    timer = QTimer(window)
    timer.setInterval(BACKUP_CHECK_MS)
    timer.timeout.connect(backup)
    timer.start()


def _demo_paths() -> AppPaths:
    folder = Path(tempfile.mkdtemp(prefix="bedtime-companion-demo-"))
    make_private_dir(folder)
    return AppPaths(folder, folder)


def no_display_reason(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str:
    """Why no window can open here (empty when one can): Qt would otherwise abort with a core dump."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return _(
        "There is no screen to open the window on (no DISPLAY or WAYLAND_DISPLAY is set); "
        "the commands such as 'stats' and 'export' work without one."
    )


def install_error_hook(paths: AppPaths, window_getter: Callable[[], Any]) -> None:
    """An unexpected error in the app is written to errors.log and told calmly, once: no traceback
    on the screen, and the diary (saved in transactions) is unaffected."""
    told: list[bool] = []
    configure_error_log(paths.data_dir)

    def hook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        _log.error("unexpected error in the app", exc_info=(kind, value, tb))
        said = _("something went wrong ({reason}).").format(reason=f"{kind.__name__}: {value}")
        print(f"bedtime-companion: {said}", file=sys.stderr)
        window = window_getter()
        if window is not None and not told:
            told.append(True)
            window.show_notice(
                _(
                    "Something went wrong in the app. Your diary is safe: every save is complete "
                    "or not made at all. The details are in {path}."
                ).format(path=paths.data_dir / ERROR_LOG)
            )

    sys.excepthook = hook


#: Qt's own catalogs that ship with PySide6 (standard dialog buttons, the file dialog).
QT_CATALOG = "qtbase_{code}"

Restarter = Callable[[str, list[str]], object]


def install_qt_translations(app: Any, code: str) -> Any:
    """Load Qt's translations of its own texts (QDialogButtonBox, QFileDialog) for ``code``; the
    translator, or None for English, the pseudo-locale or a catalog PySide6 does not ship."""
    if code in ("en", i18n.PSEUDO):
        return None
    from PySide6.QtCore import QLibraryInfo, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QT_CATALOG.format(code=code), folder):
        _log.warning("Qt's own translations for %s were not found in %s", code, folder)
        return None
    app.installTranslator(translator)
    return translator


def set_qt_locale(code: str) -> None:
    """Qt's own words (month names in date fields, the calendar, number fields) in the app's
    language, with the system's territory where it has one (the report's paper follows the
    system's territory, not this)."""
    if code not in i18n.LANGUAGES:
        return  # the pseudo-locale has no Qt locale: Qt keeps the system's
    from PySide6.QtCore import QLocale

    territory = QLocale.system().territory()
    if territory == QLocale.Country.AnyTerritory:  # a C/POSIX system: Qt picks the usual one
        QLocale.setDefault(QLocale(code))
    else:
        QLocale.setDefault(QLocale(QLocale(code).language(), territory))


def restart_command(
    argv: list[str] | None = None,
    *,
    frozen: bool | None = None,
    executable: str | None = None,
) -> list[str]:
    """The command that starts the app again with the same arguments: a frozen (PyInstaller)
    build is its own executable; otherwise the same Python runs the package."""
    tail = list(sys.argv[1:] if argv is None else argv)
    python = sys.executable if executable is None else executable
    if getattr(sys, "frozen", False) if frozen is None else frozen:
        return [python, *tail]
    return [python, "-m", "companion", *tail]


def relaunch(restarter: Restarter | None = None, argv: list[str] | None = None) -> None:
    """Replace this process by a fresh start of the app (after the event loop has ended, the
    diary closed and the single-instance lock released), so a new language rebuilds every
    window. ``restarter`` is ``os.execv`` unless a test gives another."""
    command = restart_command(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    (restarter or os.execv)(command[0], command)


def run_gui(args: argparse.Namespace, *, restarter: Restarter | None = None) -> int:
    """The window's life: set up, run the event loop, clean up; then start again if the user
    asked for it (Settings → Language → Restart now)."""
    restart: list[bool] = []
    code = _run_window(args, restart)
    if restart:
        relaunch(restarter)
    return code


def _run_window(args: argparse.Namespace, restart: list[bool]) -> int:
    reason = no_display_reason()
    if reason:
        print(f"bedtime-companion: {reason}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from companion.ui import theme

    # Qt's multimedia back-end lists every optional codec library it did not find; not for users.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false")
    demo_dir: Path | None = None
    if args.demo:
        paths = _demo_paths()
        demo_dir = paths.data_dir
    else:
        paths = resolve_paths(args.data_dir).ensure()
    configure_error_log(paths.data_dir)

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)

    warnings: list[str] = []
    settings = load_settings(paths.settings, warn=warnings.append)
    # The language before any widget is built: every text is translated when it is made.
    language = i18n.set_language(settings.language)
    install_qt_translations(app, language)
    set_qt_locale(language)
    for line in warnings:
        _log.warning("%s", line)
        print(f"bedtime-companion: {line}", file=sys.stderr)
    theme.apply_theme(app, settings.theme, settings.large_text)

    from companion.ui import single_instance

    page = requested_page(args)
    try:
        guard = single_instance.claim(paths, page, listen=False)
    except DiaryOpenError as exc:  # another window holds the diary but does not answer
        _log.warning("%s", exc)
        print(f"bedtime-companion: {exc}", file=sys.stderr)
        from companion.ui.recovery import ask_with_dialog

        if not args.exit_after_show:  # launched from a menu there is no terminal to read
            ask_with_dialog(exc, None)
        return EXIT_DIARY
    if guard is None:
        return 0  # the running window was asked to come forward (and open the page)

    try:
        if args.exit_after_show:
            store = _open_store(paths, _tell_on_stderr, unattended=True)
        else:
            store = _open_store(paths)
        if store is None:
            return EXIT_DIARY
        if demo_dir is not None:
            from companion.core.demo import seed_demo

            seed_demo(store, nights=DEMO_NIGHTS, seed=7, today=SystemClock().now().date())

        from companion.ui.context import AppContext
        from companion.ui.main_window import MainWindow

        ctx = AppContext(paths, settings, store, SystemClock(), demo=demo_dir is not None)
        window = MainWindow(ctx, guard_wheel=False)  # guarded after the first paint
        ctx.quit_app = window.quit_app  # a restart quits as the Quit item does (geometry saved)
        install_error_hook(paths, lambda: window)
        for line in warnings:
            window.show_notice(line)
        shared = None if demo_dir is not None else paths.shared_folder_notice()
        if shared:
            window.show_notice(shared)
        if store.read_only:  # it stays in view: every save will be refused until then
            from companion.ui.recovery import read_only_notice

            window.show_notice(read_only_notice(paths.diary))
        guard.attach(window)

        hour = ctx.clock.now().hour
        window.open_page(
            page if page and page != "cramp" else default_page(hour, settings.last_page)
        )
        if page is None and not settings.welcome_seen:
            from companion.ui import welcome  # only until the welcome has been shown once

            if welcome.should_show(ctx):
                welcome.show_welcome(ctx, window)

        class _FirstPaint(QObject):
            """Work the first screen does not need waits until it is painted (start-up time)."""

            done = False

            def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint and not self.done:
                    self.done = True
                    QTimer.singleShot(0, app.quit if args.exit_after_show else after_first_paint)
                return False

        def after_first_paint() -> None:
            from companion.ui import tray, wheel
            from companion.ui.main_window import PRELOAD_DELAY_MS, PRELOAD_PAGES

            wheel.install()  # before any wheel can reach an input; it calms those built so far
            guard.listen()
            tray.install(ctx, window)
            _keep_backups(ctx, window)
            for key in PRELOAD_PAGES:  # idle time: Trends opens at once when asked for
                QTimer.singleShot(PRELOAD_DELAY_MS, lambda k=key: window.preload_when_idle(k))

        first_paint = _FirstPaint(window)
        window.installEventFilter(first_paint)
        window.show()
        if page == "cramp":
            window.show_cramp_now()
        code = app.exec()
        ctx.close_diary()  # the one open now: a restore may have replaced the first
        if ctx.restart_requested:
            restart.append(True)
        return code
    finally:
        guard.release()
        if demo_dir is not None:
            shutil.rmtree(demo_dir, ignore_errors=True)
