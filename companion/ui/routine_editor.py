"""The routine editor: choose tonight's routine, make your own copy, and change its steps.

Built-in routines are read-only (editing one offers to duplicate it), so the evidence-based
defaults are always there to go back to; "Reset to a built-in" brings a copy back to one of them.
Values are checked by the core's ``validate_routine``: a bad value is refused next to its field,
with the core's reason, and Save stays disabled until it is fixed. Nothing is written until Save.
"""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.core import wording
from companion.core.i18n import N_, _, number, pgettext
from companion.core.routine import (
    ILLUSTRATIONS,
    Routine,
    RoutineError,
    RoutineLibrary,
    Step,
    description_without_length,
    routine_title,
    shown,
    validate_routine,
)
from companion.ui.context import AppContext
from companion.ui.widgets import WrappingCheckBox, button, label

# The tables' texts are marked (N_) and translated (_) where they are shown.
KIND_LABELS = {
    "stretch": N_("Stretch (hold and relax)"),
    "activity": N_("Timed activity"),
    # Translators: a kind of routine step: words to read, with no timer
    "card": N_("Card"),
}
# Translators: the names of a routine step's fields in the editor
FIELD_LABELS = {
    "name": N_("Name"),
    "description": N_("Description"),
    "steps": N_("Steps"),
    "id": N_("Step id"),
    # Translators: the field that says what kind of step it is (stretch, activity, card)
    "kind": N_("Kind"),
    "instruction": N_("Instruction"),
    "illustration": N_("Picture"),
    # Translators: the field with how long a stretch is held
    "hold_s": N_("Hold"),
    # Translators: the field with how long to relax between holds
    "relax_s": N_("Relax"),
    "reps": N_("Repetitions"),
    "per_side": N_("Each side"),
    "first_side": N_("First side"),
    "duration_s": N_("Duration"),
    # Translators: the field that says whether the player says "leg" or "foot"
    "limb": N_("Wording"),
    "optional": N_("Optional"),
}
#: The drawings' names in the picture chooser (the stem is the file name, never shown).
ILLUSTRATION_LABELS = {
    "settle": N_("Settle"),
    "heat": N_("Heat"),
    "standing-calf": N_("Standing calf"),
    "standing-hamstring": N_("Standing hamstring"),
    "seated-toe-pull": N_("Seated toe pull"),
    "arch-roll": N_("Arch roll"),
    "ankle-circles": N_("Ankle circles"),
    "water": N_("Water"),
    "sleep-position": N_("Sleep position"),
    "towel-calf": N_("Towel calf"),
    "seated-hamstring": N_("Seated hamstring"),
}
BUILTIN_NOTE = N_("Built-in routines can't be changed. Duplicate it to make your own copy to edit.")


def field_label(key: str) -> str:
    """A field's name as shown; a field the table does not know keeps its key."""
    text = FIELD_LABELS.get(key)
    return _(text) if text else key


def illustration_label(stem: str) -> str:
    text = ILLUSTRATION_LABELS.get(stem)
    return _(text) if text else stem.replace("-", " ").capitalize()


def seconds_suffix() -> str:
    # Translators: the unit after a number of seconds in a spin box, with its leading space
    return pgettext("seconds suffix", " s")


_STEP_FIELD = re.compile(r"^steps\[(\d+)\]\.(\w+)$")


def _wrapping(widget: QListWidget) -> None:
    """Long names wrap instead of hiding behind a sideways scroll bar."""
    widget.setWordWrap(True)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    widget.setTextElideMode(Qt.TextElideMode.ElideNone)
    widget.setSpacing(2)


def _new_step_id(existing: set[str]) -> str:
    n = 1
    while f"step-{n}" in existing:
        n += 1
    return f"step-{n}"


class RoutineEditor(QDialog):
    """Edit the user's routines; every control has an accessible name and is keyboard reachable."""

    def __init__(
        self, ctx: AppContext, library: RoutineLibrary | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.library = library or ctx.routine_library()
        self.setWindowTitle(_("Your routines"))
        self.setAccessibleName(_("Routine editor"))
        self.resize(1100, 760)
        self.routine: Routine | None = None  # the saved version of what is selected
        self.steps: list[Step] = []  # the draft
        self.step_row = -1
        self.dirty = False
        self._loading = False
        self.error: RoutineError | None = None

        outer = QHBoxLayout(self)
        outer.setSpacing(18)

        # -- left: the routines ------------------------------------------------------------------
        left = QVBoxLayout()
        left.addWidget(label(_("Routines"), "title"))
        self.routine_list = QListWidget()
        self.routine_list.setAccessibleName(_("Routines"))
        self.routine_list.setMinimumWidth(230)
        _wrapping(self.routine_list)
        left.addWidget(self.routine_list, 1)
        self.use_button = button(_("Use tonight"), _("Use tonight"), primary=True)
        self.duplicate_button = button(_("Duplicate…"), _("Duplicate"), tip=_("Make your own copy"))
        self.reset_button = button(
            _("Reset to a built-in…"),
            _("Reset to built-in"),
            tip=_("Replace the steps with a built-in's"),
        )
        self.delete_button = button(_("Delete"), _("Delete routine"))
        self.delete_button.setProperty("danger", True)
        for b in (self.use_button, self.duplicate_button, self.reset_button, self.delete_button):
            left.addWidget(b)
        outer.addLayout(left, 2)

        # -- right: the selected routine ---------------------------------------------------------
        right = QVBoxLayout()
        self.builtin_note = label(_(BUILTIN_NOTE), "muted")
        self.builtin_note.setAccessibleName(_("Built-in note"))
        right.addWidget(self.builtin_note)
        head = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(_("Routine name"))
        self.name_error = self._error_label(_("Routine name problem"))
        head.addRow(_(FIELD_LABELS["name"]), self.name_edit)
        head.addRow("", self.name_error)
        self.description_edit = QLineEdit()
        self.description_edit.setAccessibleName(_("Routine description"))
        head.addRow(_(FIELD_LABELS["description"]), self.description_edit)
        right.addLayout(head)

        steps_row = QHBoxLayout()
        steps_col = QVBoxLayout()
        steps_col.addWidget(label(_("Steps"), None))
        self.step_list = QListWidget()
        self.step_list.setAccessibleName(_("Steps"))
        _wrapping(self.step_list)
        steps_col.addWidget(self.step_list, 1)
        self.steps_error = self._error_label(_("Steps problem"))
        steps_col.addWidget(self.steps_error)
        self.length = label("", "muted")
        self.length.setAccessibleName(_("Routine length"))
        steps_col.addWidget(self.length)
        step_buttons = QGridLayout()  # two by two: room for the step details beside them
        # Translators: the editor's buttons beside the list of steps
        self.add_button = button(_("Add"), _("Add step"))
        self.remove_button = button(_("Remove"), _("Remove step"))
        self.up_button = button(_("Up"), _("Move step up"))
        self.down_button = button(_("Down"), _("Move step down"))
        for i, b in enumerate(
            (self.add_button, self.remove_button, self.up_button, self.down_button)
        ):
            step_buttons.addWidget(b, i // 2, i % 2)
        steps_col.addLayout(step_buttons)
        steps_row.addLayout(steps_col, 2)

        form_host = QWidget()
        self.form = QFormLayout(form_host)
        # Labels above their fields: the fields get the full width, even with large text.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.field_errors: dict[str, QLabel] = {}
        self.step_name = QLineEdit()
        self.step_name.setAccessibleName(_("Step name"))
        self.instruction = QPlainTextEdit()
        self.instruction.setAccessibleName(_("Instruction"))
        self.instruction.setTabChangesFocus(True)
        self.instruction.setMaximumHeight(96)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_(FIELD_LABELS["kind"]))
        for key, text in KIND_LABELS.items():
            self.kind.addItem(_(text), key)
        # Wide spin ranges on purpose: the core's rules decide, and say why, next to the field.
        self.hold = self._spin(_("Hold seconds"), 0, 999, seconds_suffix())
        self.relax = self._spin(_("Relax seconds"), 0, 999, seconds_suffix())
        self.reps = self._spin(_(FIELD_LABELS["reps"]), 0, 99, "")
        self.duration = self._spin(_("Duration seconds"), 0, 9999, seconds_suffix())
        self.per_side = WrappingCheckBox(_("Do it on each side"))
        self.per_side.setAccessibleName(_(FIELD_LABELS["per_side"]))
        self.first_side = QComboBox()
        self.first_side.setAccessibleName(_(FIELD_LABELS["first_side"]))
        self.first_side.addItem(pgettext("side of the body", "Left"), "left")
        self.first_side.addItem(pgettext("side of the body", "Right"), "right")
        self.limb = QComboBox()
        self.limb.setAccessibleName(_(FIELD_LABELS["limb"]))
        # Translators: the player then says "Left leg" / "Right leg"
        self.limb.addItem(_("Leg (“Left leg”)"), "leg")
        # Translators: the player then says "Left foot" / "Right foot"
        self.limb.addItem(_("Foot (“Left foot”)"), "foot")
        self.optional = WrappingCheckBox(_("Optional (easy to skip)"))
        self.optional.setAccessibleName(_(FIELD_LABELS["optional"]))
        self.illustration = QComboBox()
        self.illustration.setAccessibleName(_(FIELD_LABELS["illustration"]))
        self.illustration.addItem(_("No picture"), None)
        for stem in ILLUSTRATIONS:
            self.illustration.addItem(illustration_label(stem), stem)
        rows = (
            ("name", _("Step name"), self.step_name),
            ("instruction", field_label("instruction"), self.instruction),
            ("kind", field_label("kind"), self.kind),
            ("hold_s", field_label("hold_s"), self.hold),
            ("relax_s", field_label("relax_s"), self.relax),
            ("reps", field_label("reps"), self.reps),
            ("duration_s", field_label("duration_s"), self.duration),
            ("per_side", "", self.per_side),
            ("first_side", field_label("first_side"), self.first_side),
            ("limb", field_label("limb"), self.limb),
            ("optional", "", self.optional),
            ("illustration", field_label("illustration"), self.illustration),
        )
        for combo in (self.kind, self.first_side, self.limb, self.illustration):
            # Narrow enough for a small window with large text; the open list shows all of it.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.field_widgets: dict[str, QWidget] = {}
        for key, text, widget in rows:
            self.form.addRow(text, widget)
            self.field_widgets[key] = widget
            # Translators: the accessible name of a field's error line: "Hold problem"
            err = self._error_label(_("{field} problem").format(field=field_label(key)))
            self.form.addRow("", err)
            self.field_errors[key] = err
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Step details"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form_host)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        steps_row.addWidget(scroll, 3)
        right.addLayout(steps_row, 1)

        bottom = QHBoxLayout()
        self.status = label("", "muted")
        self.status.setAccessibleName(_("Editor status"))
        bottom.addWidget(self.status, 1)
        self.save_button = button(_("Save"), _("Save routine"), primary=True)
        self.close_button = button(_("Close"), _("Close editor"))
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        right.addLayout(bottom)
        outer.addLayout(right, 5)

        # -- wiring ------------------------------------------------------------------------------
        self.routine_list.currentRowChanged.connect(self._routine_selected)
        self.use_button.clicked.connect(self.use_tonight)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.reset_button.clicked.connect(self.reset_to_builtin)
        self.delete_button.clicked.connect(self.delete)
        self.step_list.currentRowChanged.connect(self._step_selected)
        self.add_button.clicked.connect(self.add_step)
        self.remove_button.clicked.connect(self.remove_step)
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        self.name_edit.textEdited.connect(self._changed)
        self.description_edit.textEdited.connect(self._changed)
        self.step_name.textEdited.connect(self._step_changed)
        self.instruction.textChanged.connect(self._step_changed)
        for combo in (self.kind, self.first_side, self.limb, self.illustration):
            combo.currentIndexChanged.connect(self._step_changed)
        for spin in (self.hold, self.relax, self.reps, self.duration):
            spin.valueChanged.connect(self._step_changed)
        for box in (self.per_side, self.optional):
            box.toggled.connect(self._step_changed)

        self.reload(select=ctx.settings.routine)

    # -- small builders ----------------------------------------------------------------------
    def _error_label(self, name: str) -> QLabel:
        widget = label("", "warning")
        widget.setAccessibleName(name)
        widget.hide()
        return widget

    def _spin(self, name: str, lo: int, hi: int, suffix: str) -> QSpinBox:
        spin = QSpinBox()
        spin.setAccessibleName(name)
        spin.setRange(lo, hi)
        spin.setSuffix(suffix)
        spin.setMinimumHeight(40)
        return spin

    # -- routines ----------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        """Refill the routine list from the library and select ``select`` (or keep the current)."""
        if select is None and self.routine is not None:
            select = self.routine.name
        self._loading = True
        self.routine_list.clear()
        tonight = self.ctx.settings.routine
        row = 0
        for i, r in enumerate(self.library.all()):
            title = routine_title(r)
            if r.builtin and r.name == tonight:
                # Translators: a routine in the editor's list; keep the line break and spaces
                text = _("{name}\n    built-in · tonight ★").format(name=title)
            elif r.builtin:
                text = _("{name}\n    built-in").format(name=title)
            elif r.name == tonight:
                text = _("{name}\n    tonight ★").format(name=title)
            else:
                text = title
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, r.name)
            self.routine_list.addItem(item)
            if r.name == select:
                row = i
        self._loading = False
        self.routine_list.setCurrentRow(row)
        self._routine_selected(row)

    def selected_name(self) -> str | None:
        item = self.routine_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _routine_selected(self, row: int) -> None:
        if self._loading or row < 0:
            return
        name = self.selected_name()
        routine = self.library.get(name) if name else None
        if routine is None:
            return
        if self.dirty and self.routine is not None and routine.name != self.routine.name:
            if not self._ask_keep_or_discard():
                self._select_by_name(self.routine.name)
                return
        self.routine = routine  # the stored routine: a built-in's name stays its key
        seen = shown(routine)  # what the person reads: a built-in's texts translated
        self.steps = list(seen.steps)
        self.dirty = False
        self._loading = True
        self.name_edit.setText(routine_title(routine))
        self.description_edit.setText(description_without_length(seen.description))
        self.description_edit.setCursorPosition(0)
        self._loading = False
        editable = not routine.builtin
        self.builtin_note.setVisible(not editable)
        for w in (
            self.name_edit,
            self.description_edit,
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            *self.field_widgets.values(),
        ):
            w.setEnabled(editable)
        self.reset_button.setEnabled(editable)
        self.delete_button.setEnabled(editable)
        # Nothing to save, reset or delete on a built-in: fewer choices, and the note says why.
        for b in (self.save_button, self.reset_button, self.delete_button):
            b.setVisible(editable)
        self.duplicate_button.setText(
            _("Duplicate to edit…") if routine.builtin else _("Duplicate…")
        )
        self._fill_steps(0)
        self._validate()

    def _select_by_name(self, name: str) -> None:
        for i in range(self.routine_list.count()):
            if self.routine_list.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self._loading = True
                self.routine_list.setCurrentRow(i)
                self._loading = False
                return

    def _ask_keep_or_discard(self) -> bool:
        """Unsaved changes: save them, drop them, or stay. True when it is fine to move on."""
        shown_name = routine_title(self.routine) if self.routine else ""
        answer = QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("Save your changes to “{name}” first?").format(name=shown_name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def use_tonight(self) -> None:
        name = self.selected_name()
        if name:
            self.ctx.update_settings(routine=name)
            chosen = self.library.get(name)
            title = routine_title(chosen) if chosen is not None else name
            self.status.setText(_("“{name}” is tonight's routine.").format(name=title))
            self.reload(select=name)

    def duplicate(self) -> None:
        name = self.selected_name()
        source = self.library.get(name) if name else None
        if not name or source is None:
            return
        # Translators: the suggested name of a copy of a routine
        suggestion = _("{name} (my copy)").format(name=routine_title(source))[:60]
        new_name, ok = QInputDialog.getText(
            self,
            _("Duplicate routine"),
            _("Name for your copy:"),
            QLineEdit.EchoMode.Normal,
            suggestion,
        )
        if not ok:
            return
        try:
            copy = self.library.duplicate(name, new_name)
            if source.builtin:
                # The copy is the person's own: it keeps the texts they read (translated), and
                # stays as they are whatever language the app speaks later.
                seen = shown(source)
                copy = replace(
                    copy,
                    description=description_without_length(seen.description),
                    steps=seen.steps,
                )
                self.library.save_custom(copy)
        except RoutineError as exc:
            self.status.setText(_("Not copied: {problem}.").format(problem=exc.message))
            return
        except OSError as exc:
            self.status.setText(
                _("Not copied: the file could not be written ({problem}).").format(
                    problem=exc.strerror
                )
            )
            return
        self.dirty = False
        self.status.setText(_("Copied. “{name}” is yours to change.").format(name=copy.name))
        self.reload(select=copy.name)

    def reset_to_builtin(self) -> None:
        if self.routine is None or self.routine.builtin:
            return
        builtins = [r for r in self.library.all() if r.builtin]
        # The titles offered are the dialog's own list; the answer is found by its place in it.
        titles = [routine_title(r) for r in builtins]
        ids = {s.id for s in self.steps}
        best = max(range(len(builtins)), key=lambda i: len(ids & {s.id for s in builtins[i].steps}))
        choice, ok = QInputDialog.getItem(
            self,
            _("Reset to a built-in"),
            _("Replace the steps of “{name}” with those of:").format(name=self.routine.name),
            titles,
            best,
            False,
        )
        if not ok or choice not in titles:
            return
        source = shown(builtins[titles.index(choice)])
        self.steps = list(source.steps)
        self.description_edit.setText(description_without_length(source.description))
        self.dirty = True
        self._fill_steps(0)
        if self._validate() and self.save():
            self.status.setText(
                _("“{name}” now has the steps of “{source}”.").format(
                    name=self.routine.name, source=choice
                )
            )

    def delete(self) -> None:
        if self.routine is None or self.routine.builtin:
            return
        name = self.routine.name
        answer = QMessageBox.question(
            self,
            _("Delete routine"),
            _("Delete your routine “{name}”? The built-in routines stay.").format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.library.delete_custom(name)
        except (RoutineError, OSError) as exc:
            self.status.setText(_("Not deleted: {problem}.").format(problem=exc))
            return
        if self.ctx.settings.routine == name:
            self.ctx.update_settings(routine=self.library.all()[0].name)
        self.dirty = False
        self.routine = None
        self.status.setText(_("“{name}” was deleted.").format(name=name))
        self.reload(select=self.ctx.settings.routine)

    # -- steps -------------------------------------------------------------------------------
    def _step_text(self, i: int, step: Step) -> str:
        fields = {"number": number(i + 1), "name": step.name, "length": wording.step_length(step)}
        pattern = wording.stretch_pattern(step)
        if pattern:
            # Translators: a step in the editor's list: "2. Calf stretch — 1 min; hold 30 s ..."
            return _("{number}. {name} — {length}; {pattern}").format(pattern=pattern, **fields)
        # Translators: a step in the editor's list: "2. Settle — 1 min"
        return _("{number}. {name} — {length}").format(**fields)

    def _fill_steps(self, row: int) -> None:
        self._loading = True
        self.step_list.clear()
        for i, step in enumerate(self.steps):
            self.step_list.addItem(self._step_text(i, step))
        self._loading = False
        row = min(max(row, 0), len(self.steps) - 1)
        self.step_list.setCurrentRow(row)
        self._step_selected(row)

    def _step_selected(self, row: int) -> None:
        if self._loading:
            return
        self.step_row = row
        if not 0 <= row < len(self.steps):
            return
        step = self.steps[row]
        self._loading = True
        self.step_name.setText(step.name)
        self.instruction.setPlainText(step.instruction)
        self.kind.setCurrentIndex(max(0, self.kind.findData(step.kind)))
        self.hold.setValue(step.hold_s)
        self.relax.setValue(step.relax_s)
        self.reps.setValue(step.reps)
        self.duration.setValue(step.duration_s)
        self.per_side.setChecked(step.per_side)
        self.first_side.setCurrentIndex(max(0, self.first_side.findData(step.first_side)))
        self.limb.setCurrentIndex(max(0, self.limb.findData(step.limb)))
        self.optional.setChecked(step.optional)
        self.illustration.setCurrentIndex(max(0, self.illustration.findData(step.illustration)))
        self._loading = False
        self._show_kind_fields(step.kind)
        self._show_errors()

    def _show_kind_fields(self, kind: str) -> None:
        """Only the fields that matter for this kind of step (fewer choices when tired)."""
        visible = {
            "hold_s": kind == "stretch",
            "relax_s": kind == "stretch",
            "reps": kind == "stretch",
            "duration_s": kind == "activity",
            "per_side": kind != "card",
            "first_side": kind != "card",
            "limb": kind != "card",
        }
        for key, show in visible.items():
            self.form.setRowVisible(self.field_widgets[key], show)

    def _step_from_form(self, old: Step) -> Step:
        return replace(
            old,
            name=self.step_name.text(),
            instruction=self.instruction.toPlainText(),
            kind=self.kind.currentData(),
            hold_s=self.hold.value(),
            relax_s=self.relax.value(),
            reps=self.reps.value(),
            duration_s=self.duration.value(),
            per_side=self.per_side.isChecked(),
            first_side=self.first_side.currentData(),
            limb=self.limb.currentData(),
            optional=self.optional.isChecked(),
            illustration=self.illustration.currentData(),
        )

    def _step_changed(self, *_: object) -> None:
        if self._loading or not 0 <= self.step_row < len(self.steps):
            return
        step = self._step_from_form(self.steps[self.step_row])
        if step.kind == "activity" and step.duration_s == 0:
            self.duration.setValue(60)  # a sensible start when switching a stretch to an activity
            return
        self.steps[self.step_row] = step
        item = self.step_list.item(self.step_row)
        if item is not None:
            item.setText(self._step_text(self.step_row, step))
        self._show_kind_fields(step.kind)
        self._changed()

    def add_step(self) -> None:
        step = Step(
            id=_new_step_id({s.id for s in self.steps}),
            kind="stretch",
            name=_("New stretch"),
            instruction=_("Stretch gently until you feel a pull, then breathe normally."),
            illustration=None,
        )
        at = self.step_row + 1 if self.steps else 0
        self.steps.insert(at, step)
        self._fill_steps(at)
        self._changed()
        self.step_name.setFocus()
        self.step_name.selectAll()

    def remove_step(self) -> None:
        if not 0 <= self.step_row < len(self.steps):
            return
        del self.steps[self.step_row]
        self._fill_steps(self.step_row)
        self._changed()

    def move_step(self, delta: int) -> None:
        i, j = self.step_row, self.step_row + delta
        if not (0 <= i < len(self.steps) and 0 <= j < len(self.steps)):
            return
        self.steps[i], self.steps[j] = self.steps[j], self.steps[i]
        self._fill_steps(j)
        self._changed()

    # -- validation and saving ---------------------------------------------------------------
    def draft(self) -> Routine | None:
        if self.routine is None:
            return None
        return Routine(
            name=self.name_edit.text().strip(),
            description=self.description_edit.text(),
            steps=tuple(self.steps),
            builtin=False,
        )

    def _changed(self, *_: object) -> None:
        if self._loading or self.routine is None or self.routine.builtin:
            return
        self.dirty = True
        self.status.setText("")
        self._validate()

    def _validate(self) -> bool:
        """Run the core's rules on the draft; show the reason by its field; gate Save."""
        draft = self.draft()
        self.error = None
        saved = self.routine  # not None whenever there is a draft
        if draft is not None and saved is not None and not saved.builtin:
            try:
                validate_routine(draft)
                self.library.check_name(draft.name, keeping=saved.name)
            except RoutineError as exc:
                self.error = exc
        if draft is not None:
            self.length.setText(wording.routine_length(draft))
        self._show_errors()
        editable = self.routine is not None and not self.routine.builtin
        self._set_save_enabled(editable and self.dirty and self.error is None)
        return self.error is None

    def _set_save_enabled(self, enabled: bool) -> None:
        """Disabled must look disabled: the accent fill is only for a Save that will work."""
        self.save_button.setEnabled(enabled)
        if bool(self.save_button.property("primary")) != enabled:
            self.save_button.setProperty("primary", enabled)
            self.save_button.style().unpolish(self.save_button)
            self.save_button.style().polish(self.save_button)

    def _show_errors(self) -> None:
        for err in (*self.field_errors.values(), self.name_error, self.steps_error):
            err.hide()
        if self.error is None:
            return
        message = self.error.message
        match = _STEP_FIELD.match(self.error.field)
        if match:
            index, key = int(match.group(1)), match.group(2)
            target = self.field_errors.get(key)
            if index != self.step_row or target is None:
                # Translators: a problem in another step: "Step 3, Hold: must be 3–300 seconds."
                problem = _("Step {number}, {field}: {problem}.").format(
                    number=number(index + 1), field=field_label(key), problem=message
                )
                self.steps_error.setText(problem)
                self.steps_error.show()
                return
            # Translators: a problem next to its field: "Hold: must be 3–300 seconds."
            target.setText(_("{field}: {problem}.").format(field=field_label(key), problem=message))
            target.show()
        elif self.error.field == "name":
            self.name_error.setText(
                _("{field}: {problem}.").format(field=field_label("name"), problem=message)
            )
            self.name_error.show()
        else:
            where = self.error.field
            field = field_label(where) if where in FIELD_LABELS else _("Routine")
            self.steps_error.setText(_("{field}: {problem}.").format(field=field, problem=message))
            self.steps_error.show()

    def save(self) -> bool:
        if self.routine is None or self.routine.builtin or not self._validate():
            return False
        draft = self.draft()
        assert draft is not None
        old_name = self.routine.name
        try:
            if draft.name != old_name:
                self.library.rename_custom(old_name, draft)
            else:
                self.library.save_custom(draft)
        except RoutineError as exc:
            self.error = exc
            self._show_errors()
            return False
        except OSError as exc:
            self.status.setText(
                _("Not saved: the file could not be written ({problem}).").format(
                    problem=exc.strerror
                )
            )
            return False
        if draft.name != old_name and self.ctx.settings.routine == old_name:
            self.ctx.update_settings(routine=draft.name)
        self.dirty = False
        self.routine = self.library.get(draft.name)
        self.status.setText(_("Saved."))
        row = self.step_row
        self.reload(select=draft.name)
        self._fill_steps(row)
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.dirty and not self._ask_keep_or_discard():
            event.ignore()
            return
        event.accept()
