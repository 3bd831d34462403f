"""The Diary menu's import and export: real dialogs, buttons clicked by accessible name."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from companion.core import exchange
from companion.core.demo import generate_demo
from companion.ui import exchange_actions
from companion.ui.context import AppContext

DEMO = generate_demo(nights=10, seed=6, today=date(2026, 11, 21))


class DialogAnswerer:
    """Answers, in order, the modal dialogs an action opens (it blocks in exec())."""

    def __init__(self, answers: list[str | Path]) -> None:
        self.answers = list(answers)
        self.seen: list[str] = []
        self._polls = 0
        QTimer.singleShot(0, self._poll)

    def _poll(self) -> None:
        self._polls += 1
        box = QApplication.activeModalWidget()
        if box is not None and box.isVisible() and self.answers:
            answer = self.answers.pop(0)
            if isinstance(box, QFileDialog):
                assert isinstance(answer, Path), f"a file dialog appeared, expected {answer!r}"
                self.seen.append(f"file dialog: {box.windowTitle()}")
                # Type the path, as a person would; selectFile() depends on the async model.
                box.findChild(QLineEdit, "fileNameEdit").setText(str(answer))
                box.accept()
            else:
                assert isinstance(box, QMessageBox), type(box)
                self.seen.append(f"{box.text()} | {box.informativeText()}")
                buttons = [b for b in box.findChildren(QPushButton) if b.accessibleName() == answer]
                assert buttons, f"no button named {answer!r} in {box.text()!r}"
                buttons[0].click()
        if self.answers and self._polls < 1000:
            QTimer.singleShot(10, self._poll)

    def done(self) -> None:
        assert not self.answers, f"dialogs never appeared for {self.answers}"


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


@pytest.fixture
def parent(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def changes(ctx: AppContext) -> list[int]:
    seen: list[int] = []
    ctx.diary_changed.connect(lambda: seen.append(1))
    return seen


def test_import_says_what_it_will_add_and_replace_then_imports(
    ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx.store.save_night(DEMO.nights[0].__class__(DEMO.nights[0].night, notes="old note"))
    file = tmp_path / "nights.json"
    file.write_text(exchange.export_json(DEMO.nights, DEMO.sessions), encoding="utf-8")
    monkeypatch.setattr(exchange_actions, "choose_open_path", lambda parent: file)
    changed = changes(ctx)
    answers = DialogAnswerer(["Import", "OK"])
    exchange_actions.import_diary(ctx, parent)
    answers.done()
    n = len(DEMO.nights)
    assert answers.seen[0].startswith(f"Import {n} nights from nights.json?")
    assert (
        f"Of these, {n - 1} are new. 1 of them will replace a night already in your diary."
        in (answers.seen[0])
    )
    assert f"Imported {n} nights." in answers.seen[1]
    assert changed == [1]
    assert [x.night for x in ctx.store.nights()] == [x.night for x in DEMO.nights]
    assert ctx.store.get_night(DEMO.nights[0].night).notes == DEMO.nights[0].notes


def test_cancelling_the_confirmation_changes_nothing(
    ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "nights.csv"
    file.write_text(exchange.export_csv(DEMO.nights, []), encoding="utf-8")
    monkeypatch.setattr(exchange_actions, "choose_open_path", lambda parent: file)
    changed = changes(ctx)
    answers = DialogAnswerer(["Cancel"])
    exchange_actions.import_diary(ctx, parent)
    answers.done()
    assert ctx.store.is_empty() and changed == []


def test_a_bad_file_is_refused_calmly_and_nothing_changes(
    ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = json.loads(exchange.export_json(DEMO.nights, []))
    body["nights"][2]["sleep_quality"] = 9
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(body))
    monkeypatch.setattr(exchange_actions, "choose_open_path", lambda parent: file)
    changed = changes(ctx)
    answers = DialogAnswerer(["OK"])
    exchange_actions.import_diary(ctx, parent)
    answers.done()
    night = DEMO.nights[2].night.isoformat()
    assert answers.seen[0].startswith("That file could not be imported. | ")
    assert f"Night {night}, sleep_quality: must be from 1 to 5, not 9." in answers.seen[0]
    assert "Nothing in your diary was changed." in answers.seen[0]
    assert ctx.store.is_empty() and changed == []


def test_the_real_file_dialog_imports_the_chosen_file(
    ctx: AppContext, parent: QWidget, tmp_path: Path
) -> None:
    file = tmp_path / "picked.json"
    file.write_text(exchange.export_json(DEMO.nights[:3], []), encoding="utf-8")
    answers = DialogAnswerer([file, "Import", "OK"])
    exchange_actions.import_diary(ctx, parent)
    answers.done()
    assert answers.seen[0] == "file dialog: Import a diary file"
    assert len(ctx.store.nights()) == 3


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_writes_an_owner_only_file(
    ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    ctx.store.merge_import(DEMO.nights, DEMO.sessions)
    target = tmp_path / "out" / "mine"
    target.parent.mkdir()
    offered: list[str] = []

    def choose(parent, fmt_, suggested):
        offered.append(suggested)
        return target

    monkeypatch.setattr(exchange_actions, "choose_save_path", choose)
    answers = DialogAnswerer(["OK"])
    exchange_actions.export_diary(ctx, parent, fmt)
    answers.done()
    written = target.with_suffix(f".{fmt}")
    assert offered == [f"bedtime-diary-2026-11-21.{fmt}"]
    assert written.read_bytes() == exchange.export_store(ctx.store, fmt).encode("utf-8")
    if os.name == "posix":
        assert (written.stat().st_mode & 0o777) == 0o600
    assert f"saved to mine.{fmt}" in answers.seen[0] and "somewhere private" in answers.seen[0]


def test_export_failure_is_one_calm_message(
    ctx: AppContext, parent: QWidget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-folder" / "x.json"
    monkeypatch.setattr(exchange_actions, "choose_save_path", lambda *a: missing)
    answers = DialogAnswerer(["OK"])
    exchange_actions.export_diary(ctx, parent, "json")
    answers.done()
    assert answers.seen[0].startswith("The export could not be saved.")
    assert "Your diary itself is fine." in answers.seen[0]


def test_the_diary_menu_runs_export(
    qtbot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from companion.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    target = tmp_path / "menu.csv"
    monkeypatch.setattr(exchange_actions, "choose_save_path", lambda *a: target)
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Diary")
    action = next(a for a in menu.actions() if a.text() == "Export as &CSV…")
    answers = DialogAnswerer(["OK"])
    action.trigger()
    answers.done()
    assert target.read_text(encoding="utf-8").startswith("record,night,")
    window.close()
