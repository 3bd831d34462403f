"""Broken-diary recovery and backups: every choice leaves the original bytes somewhere safe."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from companion.core.clock import FakeClock
from companion.core.diary import Night
from companion.core.errors import DiaryOpenError
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.recovery import (
    QUIT,
    START_FRESH,
    USE_BACKUP,
    build_backups_dialog,
    build_recovery_dialog,
    open_diary_interactive,
)
from tests.ui.helpers import by_name

GARBAGE = b"this is not a diary at all\x00\x01\x02" * 200
NIGHT = date(2026, 11, 20)


def names(root: QWidget) -> set[str]:
    return {w.accessibleName() for w in root.findChildren(QAbstractButton)}


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data", tmp_path / "data").ensure()


def make_backup(paths: AppPaths) -> Path:
    with Store.open(paths.diary, backups_dir=paths.backups) as store:
        store.save_night(Night(night=NIGHT, sleep_quality=4, notes="from the backup"))
        backup = store.backup_if_due(datetime(2026, 11, 21, 8, 0).astimezone())
    assert backup is not None
    return backup


class Recorder:
    """An injected chooser: remembers what it was shown and answers as told."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.seen: list[tuple[DiaryOpenError, Path | None]] = []

    def __call__(self, exc: DiaryOpenError, newest: Path | None) -> str:
        self.seen.append((exc, newest))
        return self.answer


def test_quit_leaves_a_garbage_diary_untouched(paths: AppPaths) -> None:
    paths.diary.write_bytes(GARBAGE)
    chooser = Recorder(QUIT)
    assert open_diary_interactive(paths, chooser) is None
    assert paths.diary.read_bytes() == GARBAGE
    exc, newest = chooser.seen[0]
    assert exc.kind == "not_sqlite" and newest is None


def test_fresh_diary_moves_the_bad_file_aside(paths: AppPaths) -> None:
    paths.diary.write_bytes(GARBAGE)
    store = open_diary_interactive(paths, Recorder(START_FRESH))
    assert store is not None
    try:
        assert store.is_empty()
    finally:
        store.close()
    aside = [p for p in paths.data_dir.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1
    assert aside[0].name.startswith("diary.sqlite3.damaged-")
    assert aside[0].read_bytes() == GARBAGE


def test_newest_backup_replaces_a_bad_diary_which_is_kept(paths: AppPaths) -> None:
    backup = make_backup(paths)
    paths.diary.write_bytes(GARBAGE)
    for side in ("-wal", "-shm"):
        Path(str(paths.diary) + side).unlink(missing_ok=True)
    chooser = Recorder(USE_BACKUP)
    store = open_diary_interactive(paths, chooser)
    assert store is not None
    try:
        assert store.get_night(NIGHT).notes == "from the backup"
    finally:
        store.close()
    assert chooser.seen[0][1] == backup
    kept = [p for p in paths.data_dir.iterdir() if p.is_file() and p.read_bytes() == GARBAGE]
    assert kept and kept[0] != paths.diary, "the damaged diary was not kept aside"
    assert backup.exists()


def test_locked_diary_offers_no_fresh_start(paths: AppPaths) -> None:
    first = Store.open(paths.diary, backups_dir=paths.backups)
    try:
        first.save_night(Night(night=NIGHT, sleep_quality=3))
        before = sorted(p.name for p in paths.data_dir.iterdir())
        chooser = Recorder(START_FRESH)  # even if asked, nothing is moved for a locked diary
        assert open_diary_interactive(paths, chooser) is None
        assert chooser.seen[0][0].kind == "locked"
        assert sorted(p.name for p in paths.data_dir.iterdir()) == before
        assert first.get_night(NIGHT).sleep_quality == 3
    finally:
        first.close()


def test_dialog_offers_choices_in_plain_words(qtbot, paths: AppPaths) -> None:
    theme.apply_theme(QApplication.instance(), "night")
    backup = make_backup(paths)
    exc = DiaryOpenError("corrupt", paths.diary, "damaged")
    dialog = build_recovery_dialog(exc, backup)
    qtbot.addWidget(dialog)
    assert {"Use the newest backup", "Start a fresh diary", "Quit"} <= names(dialog)
    text = dialog.text.text()
    assert "damaged" in text and str(paths.diary) in text and "left exactly as it was" in text
    assert "21 November 2026" in text
    dialog.show()
    qtbot.mouseClick(
        by_name(dialog, QAbstractButton, "Start a fresh diary"), Qt.MouseButton.LeftButton
    )
    assert dialog.choice == START_FRESH
    dialog.close()

    locked = build_recovery_dialog(DiaryOpenError("locked", paths.diary, "in use"), None)
    qtbot.addWidget(locked)
    assert "already open" in locked.text.text()
    assert "Start a fresh diary" not in names(locked)
    assert "Use the newest backup" not in names(locked)
    locked.close()


def test_backups_dialog_restores_after_confirmation(qtbot, paths: AppPaths) -> None:
    theme.apply_theme(QApplication.instance(), "night")
    make_backup(paths)
    store = Store.open(paths.diary, backups_dir=paths.backups)
    store.delete_night(NIGHT)
    store.save_night(Night(night=date(2026, 11, 21), sleep_quality=1))
    ctx = AppContext(paths, Settings(), store, FakeClock(), persist_settings=False)
    changed: list[bool] = []
    ctx.diary_changed.connect(lambda: changed.append(True))
    dialog = build_backups_dialog(ctx)
    qtbot.addWidget(dialog)
    try:
        assert dialog.list.count() == 1
        assert "Saturday 21 November 2026" in dialog.list.item(0).text()

        asked: list[str] = []
        dialog.confirm = lambda _parent, text: asked.append(text) or False
        qtbot.mouseClick(
            by_name(dialog, QAbstractButton, "Restore this backup"), Qt.MouseButton.LeftButton
        )
        assert asked and "set aside" in asked[0]
        assert ctx.store is store and store.get_night(NIGHT) is None  # cancelled: unchanged

        dialog.confirm = lambda _parent, _text: True
        qtbot.mouseClick(
            by_name(dialog, QAbstractButton, "Restore this backup"), Qt.MouseButton.LeftButton
        )
        assert ctx.store is not store and store.closed
        assert ctx.store.get_night(NIGHT).notes == "from the backup"
        assert changed
        assert "kept at" in dialog.result_label.text()
        aside = [p for p in paths.data_dir.iterdir() if ".before-restore-" in p.name]
        assert aside
        with Store.open(aside[0], read_only=True) as old:  # the set-aside diary is intact
            assert old.get_night(date(2026, 11, 21)).sleep_quality == 1
    finally:
        dialog.close()
        if ctx.store is not None:
            ctx.store.close()
        store.close()


def test_a_failed_fresh_start_asks_again_and_keeps_the_file(
    paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths.diary.write_bytes(GARBAGE)

    def no_space(diary: Path, now: datetime | None = None) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("companion.ui.recovery.set_aside_damaged", no_space)
    answers = iter([START_FRESH, QUIT])
    seen: list[str] = []

    def chooser(exc: DiaryOpenError, newest: Path | None) -> str:
        seen.append(exc.kind)
        return next(answers)

    assert open_diary_interactive(paths, chooser) is None
    assert seen == ["not_sqlite", "not_sqlite"]
    assert paths.diary.read_bytes() == GARBAGE


def test_fault01_app_finishes_an_interrupted_restore_and_says_so_once(paths: AppPaths) -> None:
    """Only a side file is left (a restore cut off by an older version): the app puts it back
    and tells the user in one calm dialog instead of opening an empty diary."""
    from companion.app import _open_store

    make_backup(paths)
    aside = paths.diary.with_name("diary.sqlite3.before-restore-20261121-080000")
    paths.diary.rename(aside)
    told: list[str] = []
    store = _open_store(paths, tell=told.append)
    try:
        assert store is not None
        assert [n.notes for n in store.nights()] == ["from the backup"]
    finally:
        store.close()
    assert len(told) == 1 and str(paths.diary) in told[0]
    assert not aside.exists()


def test_start_fresh_does_not_revive_an_old_side_file(paths: AppPaths) -> None:
    """A side file from an earlier restore stays a side file when the user starts afresh."""
    make_backup(paths)
    old = paths.diary.with_name("diary.sqlite3.before-restore-20261101-080000")
    old.write_bytes(paths.diary.read_bytes())
    paths.diary.write_bytes(GARBAGE)
    store = open_diary_interactive(paths, chooser=Recorder(START_FRESH))
    try:
        assert store is not None and store.nights() == []
    finally:
        store.close()
    assert old.exists()


def test_fault03_recovery_offers_the_copy_written_last_with_its_date_and_nights(
    qtbot, paths: AppPaths
) -> None:
    """A day with the clock at 2099 made diary-2099-….sqlite3; the next real day's backup is
    the one offered, and the dialogs say when each was written and how many nights it has."""
    theme.apply_theme(QApplication.instance(), "night")
    with Store.open(paths.diary, backups_dir=paths.backups) as store:
        store.save_night(Night(night=NIGHT, sleep_quality=4))
        stale = store.backup_if_due(datetime(2099, 1, 1, 9, 0).astimezone())
        store.save_night(Night(night=date(2026, 11, 21), sleep_quality=2))
        store.save_night(Night(night=date(2026, 11, 22), sleep_quality=3))
        real = store.backup_if_due(datetime(2026, 11, 23, 7, 45).astimezone())
    assert stale is not None and real is not None and stale.name > real.name
    paths.diary.write_bytes(GARBAGE)
    recorder = Recorder(QUIT)
    assert open_diary_interactive(paths, chooser=recorder) is None
    assert recorder.seen[0][1] == real
    dialog = build_recovery_dialog(recorder.seen[0][0], real)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert "Monday 23 November 2026 at 07:45" in text
    assert "3 nights, the last on Sunday 22 November 2026" in text
    dialog.close()

    paths.diary.unlink()
    store = Store.open(paths.diary, backups_dir=paths.backups)
    ctx = AppContext(paths, Settings(), store, FakeClock(), persist_settings=False)
    backups = build_backups_dialog(ctx)
    qtbot.addWidget(backups)
    try:
        rows = [backups.list.item(i).text() for i in range(backups.list.count())]
        assert rows[0].startswith("Written Monday 23 November 2026 at 07:45: 3 nights")
        assert rows[1].startswith("Written Thursday 1 January 2099 at 09:00: 1 night,")
        asked: list[str] = []
        backups.confirm = lambda _parent, text: asked.append(text) or False
        backups.restore_selected()
        assert "Monday 23 November 2026 at 07:45 (3 nights" in asked[0]
    finally:
        backups.close()
        store.close()


def test_fault08_app_opens_a_diary_in_a_read_only_folder_read_only_and_says_so(
    paths: AppPaths,
) -> None:
    """chmod 500 on the data folder: the app reads the diary (no -shm can be made there, so it
    is read immutable) instead of offering a fresh start, and says so in one calm dialog.
    As root the folder's permission bits count as intent, so this runs the same path."""
    import hashlib

    from companion.app import _open_store

    make_backup(paths)
    folder = paths.diary.parent
    before = {
        p.name: hashlib.sha256(p.read_bytes()).digest() for p in folder.iterdir() if p.is_file()
    }
    folder.chmod(0o500)
    told: list[str] = []
    chooser = Recorder(QUIT)
    try:
        from companion.ui import recovery

        store = recovery.open_diary_interactive(paths, chooser=chooser, tell=told.append)
        assert store is not None and store.read_only
        try:
            assert [n.notes for n in store.nights()] == ["from the backup"]
            with pytest.raises(DiaryOpenError) as info:
                store.save_night(Night(night=date(2026, 11, 22), sleep_quality=3))
            assert info.value.kind == "read_only"
        finally:
            store.close()
        assert chooser.seen == []  # no "start a fresh diary" offered for a readable diary
        assert len(told) == 1 and str(paths.diary) in told[0] and "read-only" in told[0]
        app_told: list[str] = []
        store = _open_store(paths, tell=app_told.append)
        assert store is not None and store.read_only
        store.close()
        assert app_told == told
        after = {
            p.name: hashlib.sha256(p.read_bytes()).digest() for p in folder.iterdir() if p.is_file()
        }
        assert after == before
    finally:
        folder.chmod(0o700)
