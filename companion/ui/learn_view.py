"""Learn / About: why night cramps come with fibromyalgia, a rotating tip, and the honest line."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from companion import APP_NAME, __version__
from companion.core.content import not_medical_advice, tips, why_sections
from companion.core.i18n import _
from companion.ui.context import AppContext
from companion.ui.page import BesideTheSidebar
from companion.ui.widgets import button, card, label

TIP_ROTATE_MS = 30_000


class LearnPage(BesideTheSidebar, QScrollArea):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWidgetResizable(True)
        self.setAccessibleName(_("Learn"))
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.setSpacing(18)
        layout.addWidget(label(_("Learn"), "title"))

        tip_card = card()
        tip_layout = QVBoxLayout(tip_card)
        tip_layout.setContentsMargins(24, 18, 24, 18)
        # Translators: the heading of a short, practical tip
        tip_layout.addWidget(label(_("Tip"), "muted"))
        self.tip_label = label("")
        self.tip_label.setAccessibleName(_("Tip"))
        tip_layout.addWidget(self.tip_label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.next_tip_button = button(_("Next tip"), tip=_("Show another tip"))
        self.next_tip_button.clicked.connect(self.next_tip)
        row.addWidget(self.next_tip_button)
        tip_layout.addLayout(row)
        layout.addWidget(tip_card)

        for title, text in why_sections():
            heading = label(title)
            heading.setStyleSheet("font-weight: 600;")
            layout.addWidget(heading)
            paragraph = label(text)
            paragraph.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(paragraph)

        layout.addSpacing(12)
        layout.addWidget(label(not_medical_advice(), "muted"))
        layout.addWidget(
            label(
                _("{app} {version}. Your diary stays on this computer.").format(
                    app=APP_NAME, version=__version__
                ),
                "muted",
            )
        )
        layout.addStretch(1)
        self.setWidget(body)

        self._tip_index = ctx.clock.now().toordinal() % len(tips())  # a new tip each day
        self.tip_label.setText(tips()[self._tip_index])
        self._timer = QTimer(self)
        self._timer.setInterval(TIP_ROTATE_MS)
        self._timer.timeout.connect(self.next_tip)
        self._timer.start()

    def next_tip(self) -> None:
        shown = tips()
        self._tip_index = (self._tip_index + 1) % len(shown)
        self.tip_label.setText(shown[self._tip_index])

    def on_page_shown(self) -> None:
        """The text is fixed: nothing changes while the page is hidden."""

    def on_app_closing(self) -> None:
        """Nothing to save on a page of reading."""

    def prepare(self) -> None:
        """Nothing to prepare: the text is laid out when the page is built."""


def create_page(ctx: AppContext) -> QWidget:
    return LearnPage(ctx)
