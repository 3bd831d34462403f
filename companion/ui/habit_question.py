"""The morning note's one extra question while a personal experiment tests a habit of the
user's own: "did you do it that night?" (yes / no / not sure), stored as the night's
``habit_done``. Hidden for nights no such experiment covers; a hidden question keeps whatever
the night already had, so it never erases an answer.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from companion.core import experiment as ex
from companion.core.i18n import N_, _
from companion.ui.context import AppContext
from companion.ui.widgets import button, label

#: The three answers with the accessible name of each button (translated where shown).
ANSWERS: tuple[tuple[bool | None, str, str], ...] = (
    # Translators: the answer to "did you do your habit that night?"
    (True, N_("Yes"), N_("Habit done: Yes")),
    (False, N_("No"), N_("Habit done: No")),
    (None, N_("Not sure"), N_("Habit done: Not sure")),
)


class HabitQuestion(QFrame):
    changed = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setProperty("role", "card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 14, 20, 14)
        self.question = label("")
        self.question.setAccessibleName(_("Experiment question for this night"))
        self.question.setStyleSheet("font-weight: 600;")
        outer.addWidget(self.question)
        self.hint = label("", "muted")
        self.hint.setAccessibleName(_("What the plan said for this night"))
        outer.addWidget(self.hint)
        self.medicine = label(_(ex.ASK_DOCTOR_FIRST), "warning")
        outer.addWidget(self.medicine)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[bool | None, QPushButton] = {}
        for value, text, name in ANSWERS:
            b = button(_(text), _(name))
            b.setCheckable(True)
            b.setMinimumHeight(44)
            self.group.addButton(b)
            self.buttons[value] = b
            row.addWidget(b)
            b.toggled.connect(self._on_toggled)
        row.addStretch(1)
        outer.addLayout(row)
        self._kept: bool | None = None
        self._loading = False
        self.hide()

    def show_for(self, night: date, value: bool | None) -> None:
        """Ask about ``night`` when a habit experiment covers it; otherwise stay hidden."""
        self._kept = value
        plans = self.ctx.store.experiments() if self.ctx.store is not None else []
        plan = ex.plan_for_night(plans, night)
        if plan is None or plan.is_routine:
            self.hide()
            return
        self._loading = True
        try:
            # plan.question is the habit as the user typed it; it stays as typed.
            self.question.setText(
                _("Your experiment: did you do your {habit} that night?").format(
                    habit=plan.question
                )
            )
            block = ex.block_on(plan, night)
            if block is None:
                self.hint.setText(_("That night was in the run-in: just say what you did."))
            elif block.condition == ex.ON:
                self.hint.setText(
                    _("The plan said: {habit} that night. Answer truthfully.").format(
                        habit=plan.question
                    )
                )
            else:
                self.hint.setText(
                    _(
                        "The plan said: a rest night, no {habit}. Answer truthfully; "
                        "a yes is counted honestly."
                    ).format(habit=plan.question)
                )
            self.medicine.setVisible(ex.mentions_medicine(plan.question))
            self.buttons[value].setChecked(True)
        finally:
            self._loading = False
        self.show()

    def answer(self) -> bool | None:
        if self.isHidden():
            return self._kept
        return next((k for k, b in self.buttons.items() if b.isChecked()), None)

    def _on_toggled(self, on: bool) -> None:
        if on and not self._loading:
            self.changed.emit()
