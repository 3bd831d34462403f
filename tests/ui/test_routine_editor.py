"""The routine editor: built-ins read-only, duplicate, edit, bad values refused with the core's
reason, reorder, reset, delete; everything persisted through RoutineLibrary."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from companion.core.clock import FakeClock
from companion.core.routine import RoutineLibrary, builtin_routines
from companion.core.settings import Settings
from companion.paths import AppPaths
from companion.ui.context import AppContext
from companion.ui.routine_editor import BUILTIN_NOTE, RoutineEditor
from tests.ui.helpers import by_name

COPY = "My wind-down"


def click(qtbot, root: QWidget, name: str) -> None:
    widget = by_name(root, QPushButton, name)
    assert widget.isEnabled(), name
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def editor(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    paths = AppPaths(tmp_path, tmp_path)
    ctx = AppContext(paths, Settings(), None, FakeClock())
    dialog = RoutineEditor(ctx)
    dialog.show()  # closed below, after unsaved drafts are dropped (closing would ask first)
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: (COPY, True)), raising=True
    )
    yield dialog
    dialog.dirty = False
    dialog.close()
    dialog.deleteLater()


def duplicate(qtbot, editor: RoutineEditor) -> None:
    click(qtbot, editor, "Duplicate")
    assert editor.selected_name() == COPY


def select_step(editor: RoutineEditor, row: int) -> None:
    by_name(editor, QListWidget, "Steps").setCurrentRow(row)


def test_builtin_is_read_only_and_offers_to_duplicate(qtbot, editor: RoutineEditor) -> None:
    assert editor.selected_name() == "Standard wind-down"
    assert by_name(editor, QLabel, "Built-in note").text() == BUILTIN_NOTE
    assert not by_name(editor, QLineEdit, "Routine name").isEnabled()
    assert not by_name(editor, QSpinBox, "Hold seconds").isEnabled()
    assert not by_name(editor, QPushButton, "Save routine").isEnabled()
    assert not by_name(editor, QPushButton, "Delete routine").isEnabled()
    assert by_name(editor, QPushButton, "Duplicate").text() == "Duplicate to edit…"


def test_duplicate_edit_save_persists_and_builtin_is_untouched(
    qtbot, editor: RoutineEditor, tmp_path: Path
) -> None:
    duplicate(qtbot, editor)
    assert by_name(editor, QLineEdit, "Routine name").isEnabled()
    steps = [s.id for s in editor.steps]
    select_step(editor, steps.index("standing-calf"))
    hold = by_name(editor, QSpinBox, "Hold seconds")
    assert hold.value() == 10 and hold.isVisible()
    hold.setFocus()
    hold.selectAll()
    qtbot.keyClicks(hold, "20")
    assert hold.value() == 20
    name = by_name(editor, QLineEdit, "Step name")
    name.selectAll()
    qtbot.keyClicks(name, "Wall calf stretch")
    save = by_name(editor, QPushButton, "Save routine")
    assert save.isEnabled()
    click(qtbot, editor, "Save routine")
    assert not editor.dirty

    fresh = RoutineLibrary(editor.ctx.paths.custom_routines)
    mine = fresh.get(COPY)
    assert mine is not None and not mine.builtin
    calf = mine.steps[steps.index("standing-calf")]
    assert (calf.hold_s, calf.name) == (20, "Wall calf stretch")
    builtin_calf = next(s for s in fresh.get("Standard wind-down").steps if s.id == "standing-calf")
    assert builtin_calf.hold_s == 10
    assert [r.name for r in builtin_routines()] == [
        "Standard wind-down",
        "Gentle — flare day",
        "Foot focus",
    ]


def test_invalid_hold_is_refused_next_to_the_field(qtbot, editor: RoutineEditor) -> None:
    duplicate(qtbot, editor)
    select_step(editor, [s.id for s in editor.steps].index("standing-calf"))
    hold = by_name(editor, QSpinBox, "Hold seconds")
    hold.setValue(2)
    problem = by_name(editor, QLabel, "Hold problem")
    assert problem.isVisible()
    assert "3–300 seconds" in problem.text() and problem.text().startswith("Hold:")
    assert not by_name(editor, QPushButton, "Save routine").isEnabled()
    reps = by_name(editor, QSpinBox, "Repetitions")
    hold.setValue(12)
    assert not problem.isVisible()
    reps.setValue(11)
    assert "1–10" in by_name(editor, QLabel, "Repetitions problem").text()
    reps.setValue(2)
    assert by_name(editor, QPushButton, "Save routine").isEnabled()
    # nothing bad reached the file
    assert RoutineLibrary(editor.ctx.paths.custom_routines).get(COPY).steps[2].hold_s == 10


def test_a_name_already_taken_is_refused(qtbot, editor: RoutineEditor) -> None:
    duplicate(qtbot, editor)
    name = by_name(editor, QLineEdit, "Routine name")
    name.selectAll()
    qtbot.keyClicks(name, "Foot focus")
    problem = by_name(editor, QLabel, "Routine name problem")
    assert problem.isVisible() and "already exists" in problem.text()
    assert not by_name(editor, QPushButton, "Save routine").isEnabled()


def test_add_remove_and_reorder_steps(qtbot, editor: RoutineEditor) -> None:
    duplicate(qtbot, editor)
    first_ids = [s.id for s in editor.steps]
    select_step(editor, 0)
    click(qtbot, editor, "Add step")
    assert [s.id for s in editor.steps][:2] == [first_ids[0], "step-1"]
    assert editor.step_row == 1
    click(qtbot, editor, "Move step up")
    assert editor.steps[0].id == "step-1" and editor.step_row == 0
    click(qtbot, editor, "Move step down")
    click(qtbot, editor, "Move step down")
    assert [s.id for s in editor.steps][:3] == [first_ids[0], first_ids[1], "step-1"]
    select_step(editor, [s.id for s in editor.steps].index("heat"))
    click(qtbot, editor, "Remove step")
    click(qtbot, editor, "Save routine")
    saved = [s.id for s in RoutineLibrary(editor.ctx.paths.custom_routines).get(COPY).steps]
    assert first_ids[1] == "heat"
    assert saved == [first_ids[0], "step-1", *first_ids[2:]]


def test_use_tonight_reset_and_delete(
    qtbot, editor: RoutineEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    duplicate(qtbot, editor)
    click(qtbot, editor, "Use tonight")
    assert editor.ctx.settings.routine == COPY

    select_step(editor, 0)
    click(qtbot, editor, "Remove step")
    click(qtbot, editor, "Save routine")
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("Foot focus", True)))
    click(qtbot, editor, "Reset to built-in")
    foot = next(r for r in builtin_routines() if r.name == "Foot focus")
    saved = RoutineLibrary(editor.ctx.paths.custom_routines).get(COPY)
    assert [s.id for s in saved.steps] == [s.id for s in foot.steps]

    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    click(qtbot, editor, "Delete routine")
    assert RoutineLibrary(editor.ctx.paths.custom_routines).get(COPY) is None
    assert editor.ctx.settings.routine == "Standard wind-down"
    assert editor.selected_name() == "Standard wind-down"


def test_closing_with_unsaved_changes_asks_first(
    qtbot, editor: RoutineEditor, monkeypatch: pytest.MonkeyPatch
) -> None:
    duplicate(qtbot, editor)
    by_name(editor, QSpinBox, "Hold seconds").setValue(15)
    assert editor.dirty
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    click(qtbot, editor, "Close editor")
    assert editor.isVisible()  # Cancel: stay, nothing lost
    click(qtbot, editor, "Close editor")
    assert not editor.isVisible()
    saved = RoutineLibrary(editor.ctx.paths.custom_routines).get(COPY)
    assert saved.steps[0].hold_s == 15 or any(s.hold_s == 15 for s in saved.steps)


def test_step_list_and_length_use_the_shared_wording_and_follow_the_edit(
    qtbot, editor: RoutineEditor
) -> None:
    """Issue 11: per-side time and total shown right; the length comes from the steps."""
    steps = by_name(editor, QListWidget, "Steps")
    rows = [steps.item(i).text() for i in range(steps.count())]
    assert "Foot arch roll — 1 min each side (2 min in all)" in rows[5]
    assert "Standing calf stretch — 50 s each side (1 min 40 s in all)" in rows[2]
    length = by_name(editor, QLabel, "Routine length")
    assert length.text() == "About 10 minutes, 15 with the optional step"
    duplicate(qtbot, editor)
    assert "minutes" not in by_name(editor, QLineEdit, "Routine description").text()
    ids = [s.id for s in editor.steps]
    select_step(editor, ids.index("arch-roll"))
    duration = by_name(editor, QSpinBox, "Duration seconds")
    duration.setFocus()
    duration.selectAll()
    qtbot.keyClicks(duration, "13")
    assert duration.value() == 13
    rows = [steps.item(i).text() for i in range(steps.count())]
    assert "Foot arch roll — 13 s each side (26 s in all)" in rows[ids.index("arch-roll")]
    assert length.text() == "About 8 minutes, 13 with the optional step"
