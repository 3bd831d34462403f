"""The first-run welcome: one calm screen, shown once, that can be skipped.

It says what the three moments are (tonight, in the night, the morning), where Cramp now is, and
that everything stays on this computer. It is shown in the main window (not a pop-up) the first
time the app opens on an empty diary, and ``welcome_seen`` in the settings remembers it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from companion import APP_NAME
from companion.core.i18n import N_, _
from companion.ui.context import AppContext
from companion.ui.widgets import button, card, label

# Marked here, translated where shown (_() at build time), so a change of language needs no import.
TITLE = N_("Welcome to {app}")
INTRO = N_("A calm companion for nights with leg and foot cramps. It is there at three moments.")
MOMENTS: tuple[tuple[str, str], ...] = (
    (
        # Translators: a heading on the welcome screen: the moment before sleep
        N_("Tonight"),
        N_(
            "A short stretching routine before sleep. The timer counts for you and a soft chime "
            "tells you when to switch, so you need not watch the screen."
        ),
    ),
    (
        N_("In the night"),
        N_(
            "If a cramp comes, press Cramp now. It shows a few simple steps in large type, times "
            "the cramp and notes it for you."
        ),
    ),
    (
        N_("The morning"),
        N_(
            "A quick note on how you slept, in under a minute. Over the weeks, Trends shows "
            "whether the routine helps you."
        ),
    ),
)
WHERE_CRAMP_NOW = N_(
    "Cramp now is the large button at the bottom of the list on the left, also in the tray "
    "menu, and on the keys Ctrl+Shift+C."
)
PRIVACY = N_(
    "Everything stays on this computer: no account, no internet, nothing is sent anywhere."
)


def should_show(ctx: AppContext) -> bool:
    """Only the very first time: not seen before, and the diary holds nothing yet (someone who
    already keeps a diary in the app does not need it)."""
    if ctx.settings.welcome_seen or ctx.demo:
        return False
    store = ctx.store
    try:
        return store is None or store.is_empty()
    except Exception:  # noqa: BLE001 - a diary problem is told elsewhere; no welcome then
        return False


class WelcomeScreen(QScrollArea):
    """The screen itself; ``done(next_page)`` is called by both buttons and by Esc."""

    def __init__(self, ctx: AppContext, on_done) -> None:
        super().__init__()
        self.ctx = ctx
        self._on_done = on_done
        self.setObjectName("welcome")
        self.setAccessibleName(_("Welcome"))
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(36, 28, 36, 24)
        column.setSpacing(14)
        title = label(_(TITLE).format(app=APP_NAME), "title")
        title.setAccessibleName(_("Welcome title"))
        column.addWidget(title)
        column.addWidget(label(_(INTRO)))
        self.moment_labels: list[QWidget] = []
        for heading, text in MOMENTS:
            box = card()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(20, 12, 20, 12)
            heading = _(heading)
            head = label(heading)
            head.setStyleSheet("font-weight: 600;")
            inner.addWidget(head)
            words = label(_(text))
            words.setAccessibleName(heading)
            inner.addWidget(words)
            column.addWidget(box)
            self.moment_labels.append(words)
        self.where_label = label(_(WHERE_CRAMP_NOW))
        self.where_label.setAccessibleName(_("Where Cramp now is"))
        column.addWidget(self.where_label)
        self.privacy_label = label(_(PRIVACY), "muted")
        self.privacy_label.setAccessibleName(_("Your diary stays here"))
        column.addWidget(self.privacy_label)
        row = QHBoxLayout()
        start = _("Start with tonight's routine")
        self.start_button = button(start, start, primary=True)
        self.start_button.setMinimumHeight(52)
        self.start_button.clicked.connect(lambda: self.done("tonight"))
        self.skip_button = button(
            # Translators: the button that skips the welcome screen
            _("Skip"),
            _("Skip the welcome"),
            tip=_("Go straight to the app (Esc)"),
        )
        self.skip_button.setMinimumHeight(52)
        self.skip_button.clicked.connect(lambda: self.done(None))
        row.addWidget(self.start_button)
        row.addWidget(self.skip_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.setWidget(body)
        self.setFocusProxy(self.start_button)

    def done(self, page: str | None) -> None:
        self._on_done(page)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if event.key() == Qt.Key.Key_Escape:
            self.done(None)
            return
        super().keyPressEvent(event)


def show_welcome(ctx: AppContext, window) -> WelcomeScreen:
    """Show the welcome in the main window's page area, over the page chosen at start-up, and
    remember at once that it was shown (it comes once, even if the app is closed meanwhile)."""
    underneath = window.stack.currentWidget()

    def finish(page: str | None) -> None:
        if page:
            window.open_page(page)
        elif underneath is not None and window.stack.indexOf(underneath) >= 0:
            window.stack.setCurrentWidget(underneath)
            key = window.current_page_key
            for other, nav_button in window.nav_buttons.items():
                nav_button.setChecked(other == key)
        remove()

    screen = WelcomeScreen(ctx, finish)

    def remove() -> None:
        if window.stack.indexOf(screen) >= 0:
            window.stack.removeWidget(screen)
            screen.deleteLater()

    def on_current_changed(_index: int) -> None:
        if window.stack.currentWidget() is not screen:  # the sidebar was used instead
            window.stack.currentChanged.disconnect(on_current_changed)
            remove()

    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    window.stack.currentChanged.connect(on_current_changed)
    for nav_button in window.nav_buttons.values():
        nav_button.setChecked(False)
    screen.start_button.setFocus()
    ctx.update_settings(welcome_seen=True)
    return screen
