"""Issue 10 fault 2: an output path that leads (after symlinks and '..') into the diary, its
-wal/-shm/-journal/.lock, a backup or the app's other files in the data folder is refused with
one sentence, exit 1, and every file there stays byte for byte as it was: from `export --out`,
`report --out`, and Export / Save report in the app. One check (AppPaths.refuse_as_output)
decides for all of them. The diary is held open and written by a "running app" meanwhile: the
night it saved last lives in the -wal, which an overwritten diary used to orphan."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from companion.core.demo import generate_demo
from companion.core.diary import Night
from companion.core.store import Store
from companion.paths import AppPaths

ROOT = Path(__file__).resolve().parents[2]
GOOD = generate_demo(nights=5, seed=8, today=date(2026, 11, 21))
LAST = Night(night=date(2026, 11, 30), notes="saved while the export ran")
NO_DISPLAY = {
    k: v
    for k, v in os.environ.items()
    if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
}


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file's hash; errors.log only has to keep its old lines (the refusal is logged)."""
    log = folder / "errors.log"
    assert log.read_text(encoding="utf-8").startswith("--- old\n")
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and p != log
    }


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Path, Store]]:
    """A data folder with a backup, settings and a log, and the diary open for writing (as the
    app holds it) with its last save still in the -wal."""
    data = tmp_path / "data"
    store = Store.open(data / "diary.sqlite3", backups_dir=data / "backups")
    store.merge_import(list(GOOD.nights), [])
    store.backup_if_due(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    (data / "settings.json").write_text("{}", encoding="utf-8")
    (data / "errors.log").write_text("--- old\n", encoding="utf-8")
    store.save_night(LAST)
    assert (data / "diary.sqlite3-wal").stat().st_size > 0
    yield data, store
    store.close()


def targets(data: Path, tmp_path: Path) -> dict[str, Path]:
    """Every way of naming the app's own data that the check must see through."""
    backup = next((data / "backups").iterdir())
    link_to_diary = tmp_path / "innocent.json"
    link_to_diary.symlink_to(data / "diary.sqlite3")
    link_to_backups = tmp_path / "bk"
    link_to_backups.symlink_to(data / "backups")
    hard_link = tmp_path / "hard.json"
    os.link(data / "diary.sqlite3", hard_link)
    return {
        "diary": data / "diary.sqlite3",
        "wal": data / "diary.sqlite3-wal",
        "shm": data / "diary.sqlite3-shm",
        "journal": data / "diary.sqlite3-journal",
        "lock": data / "diary.sqlite3.lock",
        "backup": backup,
        "new-file-in-backups": data / "backups" / "mine.pdf",
        "settings": data / "settings.json",
        "errors-log": data / "errors.log",
        "app-lock": data / "app.lock",
        "dot-dot": tmp_path / "elsewhere" / ".." / "data" / "diary.sqlite3",
        "symlink-to-diary": link_to_diary,
        "through-a-linked-folder": link_to_backups / backup.name,
        "hard-link-to-diary": hard_link,
    }


NAMES = [
    "diary",
    "wal",
    "shm",
    "journal",
    "lock",
    "backup",
    "new-file-in-backups",
    "settings",
    "errors-log",
    "app-lock",
    "dot-dot",
    "symlink-to-diary",
    "through-a-linked-folder",
    "hard-link-to-diary",
]


def cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "companion", "--data-dir", str(data), *args]
    return subprocess.run(
        cmd, capture_output=True, text=True, timeout=120, cwd=ROOT, env=NO_DISPLAY
    )


def assert_refused(done: subprocess.CompletedProcess[str], data: Path) -> None:
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "is one of your diary's own files in" in done.stderr and str(data) in done.stderr


@pytest.mark.parametrize("name", NAMES)
def test_fault02_export_out_into_the_diary_is_refused(
    name: str, running: tuple[Path, Store], tmp_path: Path
) -> None:
    data, store = running
    target = targets(data, tmp_path)[name]
    before = fingerprint(data)
    done = cli(data, "export", "--out", str(target))
    assert_refused(done, data)
    assert fingerprint(data) == before
    assert not (data / "backups" / "mine.pdf").exists()
    store.close()
    with Store.open(data / "diary.sqlite3") as again:
        assert again.get_night(LAST.night) == LAST  # the last save did not end up orphaned


@pytest.mark.parametrize("name", ["diary", "wal", "new-file-in-backups", "symlink-to-diary"])
def test_fault02_report_out_into_the_diary_is_refused(
    name: str, running: tuple[Path, Store], tmp_path: Path
) -> None:
    data, _store = running
    target = targets(data, tmp_path)[name]
    before = fingerprint(data)
    assert_refused(cli(data, "report", "--out", str(target)), data)
    assert fingerprint(data) == before


def test_fault02_other_files_in_the_data_folder_are_fine(running, tmp_path: Path) -> None:
    data, _store = running
    done = cli(data, "export", "--out", str(data / "my-export.json"))
    assert done.returncode == 0, done.stderr
    done = cli(data, "report", "--out", str(data / "for-the-doctor.pdf"))
    assert done.returncode == 0, done.stderr


# ---- in the app ------------------------------------------------------------------------------


@pytest.fixture
def ctx(running: tuple[Path, Store], qapp):
    from companion.core.clock import FakeClock
    from companion.core.settings import Settings
    from companion.ui.context import AppContext

    data, store = running
    paths = AppPaths(data, data)
    clock = FakeClock(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    return AppContext(paths, Settings(), store, clock, persist_settings=False)


def test_fault02_app_export_into_the_diary_is_refused(ctx, monkeypatch, tmp_path: Path) -> None:
    from companion.ui import exchange_actions

    data = ctx.paths.data_dir
    told: list[tuple[str, str]] = []
    monkeypatch.setattr(exchange_actions, "choose_save_path", lambda *_: data / "diary.sqlite3")
    monkeypatch.setattr(
        exchange_actions, "_message", lambda _p, _t, text, **kw: told.append((text, kw["detail"]))
    )
    before = fingerprint(data)
    exchange_actions.export_diary(ctx, None, "json")
    assert fingerprint(data) == before
    assert len(told) == 1 and "is one of your diary's own files in" in told[0][1]
    assert str(data) in told[0][1]


def test_fault02_app_report_into_a_backup_is_refused(ctx, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QDialog

    from companion.ui import report

    data = ctx.paths.data_dir
    backup = next((data / "backups").iterdir())
    link = tmp_path / "latest.pdf"
    link.symlink_to(backup)
    messages: list[str] = []
    ctx.message.connect(messages.append)
    before = fingerprint(data)
    result = report.save_report_pdf(
        ctx,
        None,
        run_dialog=lambda _dialog: QDialog.DialogCode.Accepted,
        choose_file=lambda *_: str(link),
    )
    assert result is None
    assert fingerprint(data) == before
    assert len(messages) == 1 and "is one of your diary's own files in" in messages[0]
