"""The experiment's card on the Tonight page: tonight's word for the running experiment, first
and unmistakable, with a link to the plan; the words and the rules come from
:mod:`companion.core.experiment`.

Apart from the Experiment page (:mod:`companion.ui.experiment_view`) because the Tonight page is
what the app paints first: importing that page's module and the Qt classes of its charts and
forms would lengthen every start-up for a card this small.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout

from companion.core.i18n import _
from companion.ui.context import AppContext
from companion.ui.widgets import WrappedLabel, button

if TYPE_CHECKING:
    from companion.core.experiment import Plan

log = logging.getLogger(__name__)


def read_plans(ctx: AppContext) -> list[Plan]:
    """Every experiment in the diary; none when it cannot be read (told in the log)."""
    store = ctx.store
    if store is None:
        return []
    try:
        return store.experiments()
    except Exception:  # noqa: BLE001 - a diary hiccup must never break a page
        log.exception("could not read the experiments")
        return []


class TonightAssignment(QFrame):
    """The experiment's word for tonight, with a link to the plan; hidden when none runs."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setProperty("role", "card")
        layout = QHBoxLayout(self)
        # Little above and below the words, and them as big as the status line under the card
        # (1.15): with large text a longer language wraps them into three or four lines, on
        # a Tonight page that has no height to spare at 600 px.
        layout.setContentsMargins(20, 6, 12, 6)
        self.words = WrappedLabel()  # its lines keep their room on a full Tonight page
        self.words.setAccessibleName(_("Experiment tonight"))
        font = self.words.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.words.setFont(font)
        layout.addWidget(self.words, 1)
        self.plan_button = button(_("See the plan"), _("See the experiment plan"))
        self.plan_button.clicked.connect(lambda: ctx.page_requested.emit("experiment"))
        layout.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.kind: str | None = None
        self.refresh()

    def refresh(self) -> None:
        plans = read_plans(self.ctx)
        if not plans:  # no experiment: nothing to say, and the analysis need not load
            self.kind = None
            self.hide()
            return
        from companion.core import experiment as ex

        tonight = ex.current_night(self.ctx.clock.now())
        plan = ex.plan_for_night(plans, tonight)
        found = ex.tonight_words(plan, tonight) if plan is not None else None
        self.kind = None if found is None else found[0]
        if found is None or found[0] == "planned":
            self.hide()
            return
        self.words.setText(found[1])
        self.show()
