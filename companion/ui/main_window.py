"""The shell: a calm sidebar (Tonight, Morning, Trends, Settings, Learn, and Cramp now) and pages.

Pages are built on first visit, so start-up stays fast; Trends (pyqtgraph, the whole diary) is
also built in the background once the window has been painted (``preload``, called by the app
after the first paint), so it opens at once when clicked.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QByteArray, QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from companion import APP_NAME
from companion.core.i18n import N_, _
from companion.ui.context import AppContext
from companion.ui.page import Page
from companion.ui.widgets import button, label

if TYPE_CHECKING:
    from companion.ui.page import PageWidget


@dataclass(frozen=True)
class PageSpec:
    """A sidebar page; ``title`` and ``hint`` are marked (N_) and translated where shown."""

    key: str
    title: str
    module: str
    shortcut: str
    hint: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "tonight", N_("Tonight"), "companion.ui.routine_view", "Ctrl+1", N_("Bedtime stretches")
    ),
    PageSpec(
        "morning", N_("Morning"), "companion.ui.diary_view", "Ctrl+2", N_("How was your night?")
    ),
    PageSpec("trends", N_("Trends"), "companion.ui.trends_view", "Ctrl+3", N_("Is it helping?")),
    PageSpec(
        "experiment",
        # Translators: the sidebar page of the personal experiment
        N_("Experiment"),
        "companion.ui.experiment_view",
        "Ctrl+4",
        N_("Does it help me?"),
    ),
    PageSpec(
        "settings", N_("Settings"), "companion.ui.settings_view", "Ctrl+5", N_("Reminders, sound")
    ),
    PageSpec("learn", N_("Learn"), "companion.ui.learn_view", "Ctrl+6", N_("About cramps")),
)
log = logging.getLogger(__name__)
#: The first window's size, before the person has chosen one (bounded by the screen).
FIRST_SIZE = QSize(1100, 760)
CRAMP_NOW_SHORTCUT = "Ctrl+Shift+C"


def shortcut_words(shortcut: str) -> str:
    """A shortcut as the desktop writes it ("Strg+1" in German: Qt's own catalogs translate it)."""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


MESSAGE_MS = 6000
# Pages built when the app is idle after its first paint, and how long after it.
PRELOAD_PAGES = ("trends",)
PRELOAD_DELAY_MS = 1500  # past a double launch at start-up, before most first clicks
PRELOAD_POLL_MS = 50


class Banner(QFrame):
    """A calm in-window notice (a reminder when there is no tray, a saved message, ...)."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 10, 10, 10)
        self.text = label("")
        self.text.setAccessibleName(_("Notice"))
        layout.addWidget(self.text, 1)
        # Translators: the button on a notice that opens what it is about
        self.action_button = button(_("Open"), _("Notice action"))
        self.dismiss_button = button(_("Dismiss"), _("Dismiss notice"))
        layout.addWidget(self.action_button)
        layout.addWidget(self.dismiss_button)
        self.dismiss_button.clicked.connect(self.hide)
        self._action: Callable[[], None] | None = None
        self.action_button.clicked.connect(self._run_action)
        self._layout = layout
        self._more: list[QPushButton] = []
        self.hide()

    def show_notice(
        self,
        text: str,
        action_label: str | None = None,
        action: Callable[[], None] | None = None,
        more: Sequence[tuple[str, Callable[[], None]]] = (),
    ) -> None:
        """``more``: further (label, action) buttons, e.g. a reminder's "Postpone 15 minutes"."""
        self.text.setText(text)
        self._action = action
        self.action_button.setVisible(bool(action_label and action))
        if action_label:
            self.action_button.setText(action_label)
            self.action_button.setAccessibleName(action_label)
        for old in self._more:
            old.setParent(None)
            old.deleteLater()
        self._more = []
        for label_text, run in more:
            extra = button(label_text, label_text)
            extra.clicked.connect(lambda _=False, run=run: self._run(run))
            self._layout.insertWidget(self._layout.indexOf(self.dismiss_button), extra)
            self._more.append(extra)
        self.show()

    def _run(self, action: Callable[[], None]) -> None:
        self.hide()
        action()

    def _run_action(self) -> None:
        self.hide()
        if self._action:
            self._action()


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, *, guard_wheel: bool = True) -> None:
        """``guard_wheel=False`` leaves the wheel guard to the caller: the app installs it after
        the first paint, since an application-wide filter sees every event of the start-up."""
        super().__init__()
        if guard_wheel:
            from companion.ui import wheel  # else the app installs it after the first paint

            wheel.install()  # no input takes the wheel unless it has focus (the page scrolls)
        self.ctx = ctx
        self.setWindowTitle(_("{app} (demo diary)").format(app=APP_NAME) if ctx.demo else APP_NAME)
        self.setMinimumSize(760, 560)
        self._pages: dict[str, PageWidget] = {}
        self._notice_waiting = False
        self._cramp_window: QWidget | None = None

        root = QWidget()
        outer = QHBoxLayout(root)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        nav = QFrame()
        nav.setProperty("role", "nav")
        nav.setAccessibleName(_("Pages"))
        nav_layout = QVBoxLayout(nav)
        nav_layout.setContentsMargins(14, 18, 14, 18)
        nav_layout.setSpacing(8)
        brand = label(APP_NAME)
        brand.setStyleSheet("font-weight: 600;")
        # The buttons set the sidebar's width; the name wraps inside it rather than widening it.
        brand.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        nav_layout.addWidget(brand)
        nav_layout.addSpacing(10)
        # No QButtonGroup: a group takes every unchecked button out of the Tab order (Qt's radio
        # behaviour), and the sidebar must be reachable with Tab. open_page keeps one checked.
        self.nav_buttons: dict[str, QPushButton] = {}
        for spec in PAGES:
            title, hint, keys = _(spec.title), _(spec.hint), shortcut_words(spec.shortcut)
            tip = _("{hint} ({shortcut})").format(hint=hint, shortcut=keys)
            b = button(title, title, tip=tip)
            b.setProperty("nav", True)
            b.setCheckable(True)
            b.setAccessibleDescription(
                _("{hint}. Shortcut {shortcut}.").format(hint=hint, shortcut=keys)
            )
            b.clicked.connect(lambda _=False, key=spec.key: self.open_page(key))
            self.nav_buttons[spec.key] = b
            # The checked style is bold with a 6 px bar: leave room so the label never clips.
            b.setMinimumWidth(b.sizeHint().width() + b.fontMetrics().averageCharWidth() * 2 + 8)
            nav_layout.addWidget(b)
            QShortcut(QKeySequence(spec.shortcut), self, lambda key=spec.key: self.open_page(key))
        nav_layout.addStretch(1)
        self.cramp_button = button(
            _("Cramp now"),
            _("Cramp now"),
            primary=True,
            tip=_("Help for a cramp happening right now ({shortcut})").format(
                shortcut=shortcut_words(CRAMP_NOW_SHORTCUT)
            ),
        )
        self.cramp_button.setMinimumHeight(64)
        self.cramp_button.clicked.connect(self.show_cramp_now)
        QShortcut(QKeySequence(CRAMP_NOW_SHORTCUT), self, self.show_cramp_now)
        nav_layout.addWidget(self.cramp_button)
        outer.addWidget(nav)
        self.nav = nav

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(16, 12, 16, 8)
        self.banner = Banner()
        content_layout.addWidget(self.banner)
        self.stack = QStackedWidget()
        content_layout.addWidget(self.stack, 1)
        self.status_line = QLabel("")
        self.status_line.setProperty("role", "muted")
        self.status_line.setAccessibleName(_("Status"))
        self.status_line.hide()  # shown with a message: an empty line would take the player's room
        content_layout.addWidget(self.status_line)
        self._content_layout = content_layout
        outer.addWidget(content, 1)
        self.setCentralWidget(root)
        self._build_menu()

        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(self._clear_message)
        ctx.message.connect(self.show_message)
        ctx.notice.connect(self.show_notice)
        ctx.page_requested.connect(self.open_page)
        self._quitting = False
        self._theme_timer = QTimer(self)
        self._theme_timer.setInterval(60_000)
        self._theme_timer.timeout.connect(ctx.refresh_look)  # "auto" follows the clock
        self._theme_timer.start()
        self._restore_geometry()

    def _build_menu(self) -> None:
        # Translators: "&" marks the key of the menu's mnemonic (Alt+D); keep one "&" in yours
        menu = self.menuBar().addMenu(_("&Diary"))
        menu.setAccessibleName(_("Diary menu"))
        entries: list[tuple[str, Callable[[], None]] | None] = [
            (_("&Import a diary file…"), self.import_diary),
            (_("Export as &JSON…"), lambda: self.export_diary("json")),
            (_("Export as &CSV…"), lambda: self.export_diary("csv")),
            None,
            (_("Doctor report as &PDF…"), self.save_report_pdf),
            (_("&Print doctor report…"), self.print_report),
            None,
            (_("&Backups…"), self.show_backups),
        ]
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            text, run = entry
            action = menu.addAction(text)
            action.triggered.connect(lambda _=False, run=run: run())
        menu.addSeparator()
        quit_action = menu.addAction(_("&Quit"))
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit_app)

    # The Diary menu's actions; each module is imported on first use (the report's is large).
    def import_diary(self) -> None:
        from companion.ui.exchange_actions import import_diary

        import_diary(self.ctx, self)

    def export_diary(self, fmt: str) -> None:
        from companion.ui.exchange_actions import export_diary

        export_diary(self.ctx, self, fmt)

    def save_report_pdf(self) -> None:
        from companion.ui.report import save_report_pdf

        save_report_pdf(self.ctx, self)

    def print_report(self) -> None:
        from companion.ui.report import print_report

        print_report(self.ctx, self)

    def show_backups(self) -> None:
        from companion.ui.recovery import show_backups

        show_backups(self.ctx, self)

    def quit_app(self) -> None:
        """Quit for real, even when closing the window would only hide it to the tray."""
        self._quitting = True
        self.close()
        QApplication.quit()

    # pages -----------------------------------------------------------------------------------
    def page(self, key: str, *, busy_cursor: bool = True) -> PageWidget:
        """The page widget, built on first use."""
        if key not in self._pages:
            spec = next(s for s in PAGES if s.key == key)
            # Trends loads its chart library on first visit (about a second): show that we heard.
            if busy_cursor:
                QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                module = importlib.import_module(spec.module)
                widget = module.create_page(self.ctx)
            finally:
                if busy_cursor:
                    QApplication.restoreOverrideCursor()
            if not isinstance(widget, QWidget) or not isinstance(widget, Page):
                raise TypeError(f"{spec.module}.create_page does not build a Page widget")
            widget = cast("PageWidget", widget)  # both checked just above
            widget.setObjectName(f"page-{key}")
            self._pages[key] = widget
            self.stack.addWidget(widget)
        return self._pages[key]

    def preload(self, key: str) -> None:
        """Build a page now, off screen, so its first visit only shows it (see preload_steps)."""
        for step in self.preload_steps(key):
            step()

    def preload_steps(self, key: str) -> list[Callable[[], None]]:
        """Building a page while the app is idle after the first paint, in slices that each
        give the event loop back (a click in between is answered at once): import its module
        (Trends: pyqtgraph), build it, let it read and draw the diary, lay it out at its size
        and paint it once off screen so style sheets, chart items and glyph caches are ready."""
        spec = next((s for s in PAGES if s.key == key), None)
        if spec is None:
            return []

        def still_hidden() -> bool:
            return self.stack.currentWidget() is not self._pages.get(key)

        def import_module() -> None:
            importlib.import_module(spec.module)

        def build() -> None:
            self.page(key, busy_cursor=False)

        def prepare() -> None:
            page = self._pages.get(key)
            if page is not None and still_hidden():
                page.prepare()

        def paint_off_screen() -> None:
            widget = self._pages.get(key)
            if widget is not None and still_hidden():
                widget.resize(self.stack.size())
                widget.grab()

        return [import_module, build, prepare, paint_off_screen]

    def preload_when_idle(self, key: str) -> None:
        """Run preload_steps in the background of the event loop. The import (pyqtgraph: a
        second or more on a busy machine) runs in a thread, so the window still answers, above
        all a second launch asking it to come forward (it waits only ANSWER_TIMEOUT_MS); the
        Qt steps then run one per event-loop turn in the GUI thread. A failed step is logged and
        the rest skipped: the page is then simply built when it is first opened."""
        steps = self.preload_steps(key)
        if not steps:
            return
        importing = threading.Thread(
            target=self._quietly, args=(steps.pop(0),), name=f"preload-{key}", daemon=True
        )

        def run_next() -> None:
            if importing.is_alive():
                QTimer.singleShot(PRELOAD_POLL_MS, run_next)
                return
            if steps and self._quietly(steps.pop(0)):
                QTimer.singleShot(0, run_next)

        importing.start()
        QTimer.singleShot(PRELOAD_POLL_MS, run_next)

    @staticmethod
    def _quietly(step: Callable[[], None]) -> bool:
        try:
            step()
        except Exception:  # noqa: BLE001 - a preload is an extra; opening the page will tell
            log.exception("preloading a page failed")
            return False
        return True

    def open_page(self, key: str) -> None:
        if key == "cramp":
            self.show_cramp_now()
            return
        if key not in self.nav_buttons:
            return
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)
        for other, nav_button in self.nav_buttons.items():
            nav_button.setChecked(other == key)
        if key in ("tonight", "morning", "trends"):
            self._last_page = key  # saved with the geometry on close
        widget.on_page_shown()
        self.update_chrome()

    def _current_page(self) -> PageWidget | None:
        current = self.stack.currentWidget()
        return next((w for w in self._pages.values() if w is current), None)

    @property
    def current_page_key(self) -> str | None:
        current = self.stack.currentWidget()
        return next((k for k, w in self._pages.items() if w is current), None)

    def show_cramp_now(self) -> None:
        from companion.ui.cramp_now import open_cramp_now

        self._cramp_window = open_cramp_now(self.ctx, self)

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    # messages --------------------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.status_line.setText(text)
        self.status_line.setVisible(bool(text) and not self.chrome_hidden)
        self._status_timer.start(MESSAGE_MS)

    def _clear_message(self) -> None:
        self.status_line.setText("")
        self.status_line.hide()

    def show_notice(
        self,
        text: str,
        action_label: str | None = None,
        action: Callable[[], None] | None = None,
        more: Sequence[tuple[str, Callable[[], None]]] = (),
    ) -> None:
        self.banner.show_notice(text, action_label, action, more)
        if self.chrome_hidden:
            self._notice_waiting = True
            self.banner.hide()

    # geometry --------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.ctx.settings.window_geometry
        self._last_page = self.ctx.settings.last_page
        self._saved_window_state = (saved, self._last_page)
        if saved:
            self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
        else:
            # The first window fits the screen it opens on (a 1024x600 netbook, or no window
            # manager to shrink it), never smaller than the window's own least size.
            screen = self.screen()
            room = screen.availableGeometry().size() if screen is not None else FIRST_SIZE
            self.resize(FIRST_SIZE.boundedTo(room).expandedTo(self.minimumSize()))

    def save_geometry(self) -> None:
        """Remember size, place and page; an unchanged window writes nothing (a durable settings
        write costs an fsync, and most closes change nothing)."""
        geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        state = (geometry, self._last_page)
        if state == self._saved_window_state:
            return
        self.ctx.update_settings(window_geometry=geometry, last_page=self._last_page)
        self._saved_window_state = state

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.save_geometry()
        tray = self.ctx.tray
        if not self._quitting and tray is not None and tray.close_to_tray():
            event.ignore()
            self.hide()
            return
        for widget in self._pages.values():
            widget.on_app_closing()
        event.accept()

    # full screen -----------------------------------------------------------------------------
    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def update_chrome(self) -> None:
        """In full screen a page that asks for the whole screen (the routine player) gets it:
        no sidebar, menu, banner or status line to read past from the floor. Windowed, or on any
        other page, everything is back."""
        current = self._current_page()
        whole = self.isFullScreen() and current is not None and current.wants_whole_screen()
        if current is not None:
            current.set_full_screen(self.isFullScreen())
        self.nav.setVisible(not whole)
        self.menuBar().setVisible(not whole)
        margins = (0, 0, 0, 0) if whole else (16, 12, 16, 8)
        self._content_layout.setContentsMargins(*margins)
        # A notice waits behind the player and is there again when the user comes back.
        if whole and self.banner.isVisibleTo(self):
            self._notice_waiting = True
            self.banner.hide()
        elif not whole and self._notice_waiting:
            self._notice_waiting = False
            self.banner.show()
        self.status_line.setVisible(bool(self.status_line.text()) and not whole)

    @property
    def chrome_hidden(self) -> bool:
        return self.nav.isHidden()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self.update_chrome()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F11:
            self.toggle_full_screen()
            return
        super().keyPressEvent(event)
