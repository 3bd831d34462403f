"""Opening the diary in the app, with a calm way out when it cannot be opened, and backups.

Nothing here ever deletes or overwrites a diary file. A damaged diary is moved aside (renamed,
beside the original) before a fresh one or a backup takes its place, and the dialog says where.
The dialogs are built by plain functions and the choice is made by an injectable ``chooser`` /
``confirm`` so tests drive them without a modal event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from companion.core import wording
from companion.core.errors import DIARY_ERRORS, DiaryOpenError
from companion.core.i18n import N_, _, counted, number
from companion.core.store import (
    BACKUP_KEEP,
    BackupInfo,
    Store,
    backup_infos,
    list_backups,
    read_backup_info,
    restore_backup,
    set_aside_damaged,
)
from companion.paths import AppPaths
from companion.ui.widgets import WrappedLabel, button, label

log = logging.getLogger(__name__)

USE_BACKUP = "backup"
START_FRESH = "fresh"
QUIT = "quit"
MAX_ATTEMPTS = 4

# What happened, in plain words, by DiaryOpenError.kind
WHAT_HAPPENED = {
    "corrupt": N_("Your diary file is damaged, so it cannot be opened."),
    "truncated": N_(
        "Your diary file is cut short (part of it is missing), so it cannot be opened."
    ),
    "not_sqlite": N_("The file where your diary should be is not a diary file."),
    "newer_version": N_(
        "Your diary was saved by a newer version of Bedtime Companion. Please update the app to "
        "open it."
    ),
    "read_only": N_("Your diary file cannot be written to (it or its folder is read-only)."),
    "unreadable": N_("Your diary file could not be read."),
    "locked": N_("Bedtime Companion is already open with this diary."),
}

Chooser = Callable[[DiaryOpenError, Path | None], str]


def backup_label(path: Path, info: BackupInfo | None = None) -> str:
    """'Saturday 21 November 2026 at 08:00': when the backup was actually written (recorded in
    it), not the date in its name; an older copy without that record uses its file's time."""
    info = info or read_backup_info(path)
    written = info.written_at
    if written is None:
        return path.name
    # Translators: when a backup was written: "Saturday 21 November 2026 at 08:00"
    return _("{date} at {time}").format(
        date=wording.long_date(written.date()), time=wording.clock(written)
    )


def backup_contents(info: BackupInfo) -> str:
    """'42 nights, the last on Friday 20 November 2026', or why it cannot be told."""
    if info.nights is None:
        # Translators: what a backup holds, in brackets after its date
        return _("it cannot be read (it may be damaged)")
    if info.nights == 0 or info.last_night is None:
        # Translators: what a backup holds, in brackets after its date
        return _("no nights")
    return counted(
        info.nights,
        "{n} night, the last on {date}",
        "{n} nights, the last on {date}",
        date=wording.long_date(info.last_night),
    )


def explain(exc: DiaryOpenError, newest_backup: Path | None) -> str:
    """The dialog's text: what happened, where the original is, what each choice does."""
    lines = [_(WHAT_HAPPENED.get(exc.kind, N_("Your diary could not be opened.")))]
    original = exc.kept_at or exc.path
    if exc.kind == "locked":
        lines.append(str(exc))  # who holds it and what to do when it does not answer
        lines.append(
            _(
                "Look for its window (or its icon near the clock). Only one window can use a "
                "diary at a time, so your notes stay safe."
            )
        )
        return "\n\n".join(lines)
    lines.append(
        _("The file is at {path}. It has been left exactly as it was.").format(path=original)
    )
    if newest_backup is not None:
        info = read_backup_info(newest_backup)
        lines.append(
            _(
                "• Use the newest backup: your diary as it was when that copy was written, on "
                "{when} ({contents}). Notes written after that are not in it."
            ).format(when=backup_label(newest_backup, info), contents=backup_contents(info))
        )
    lines.append(_("• Start a fresh diary: begin again with an empty diary."))
    lines.append(
        _(
            "Either way the current file is only renamed ({name}.damaged-… or "
            "{name}.before-restore-…) in the same folder, never deleted."
        ).format(name=exc.path.name)
    )
    return "\n\n".join(lines)


class RecoveryDialog(QDialog):
    """What happened, and three plain choices. ``choice`` holds the answer after it closes."""

    def __init__(
        self, exc: DiaryOpenError, newest_backup: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.choice = QUIT
        self.setWindowTitle(_("Your diary could not be opened"))
        self.setAccessibleName(_("Your diary could not be opened"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(16)
        heading = WrappedLabel(
            _("Bedtime Companion is already open")
            if exc.kind == "locked"
            else _("Your diary could not be opened"),
            "title",
        )
        layout.addWidget(heading)
        # The window is as tall as its layout asks: the explanation asks for all its lines.
        self.text = WrappedLabel(explain(exc, newest_backup))
        self.text.setAccessibleName(_("What happened"))
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        self.buttons: dict[str, object] = {}
        if exc.kind != "locked":
            if newest_backup is not None:
                self._add(row, _("Use the newest backup"), USE_BACKUP, primary=True)
            self._add(row, _("Start a fresh diary"), START_FRESH, primary=newest_backup is None)
        row.addStretch(1)
        # Translators: the buttons that close the dialog without opening the diary
        self._add(row, _("Quit") if exc.kind != "locked" else _("OK"), QUIT)
        layout.addLayout(row)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def _add(self, row: QHBoxLayout, text: str, choice: str, primary: bool = False) -> None:
        b = button(text, text, primary=primary)
        b.clicked.connect(lambda _=False, c=choice: self._choose(c))
        row.addWidget(b)
        self.buttons[choice] = b
        if primary:
            b.setDefault(True)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != QUIT else self.reject()


def build_recovery_dialog(
    exc: DiaryOpenError, newest_backup: Path | None, parent: QWidget | None = None
) -> RecoveryDialog:
    return RecoveryDialog(exc, newest_backup, parent)


def ask_with_dialog(exc: DiaryOpenError, newest_backup: Path | None) -> str:
    dialog = build_recovery_dialog(exc, newest_backup)
    dialog.exec()
    return dialog.choice


def read_only_notice(diary: Path) -> str:
    """The one sentence for a diary opened read-only because it cannot be written."""
    return _(
        "Your diary at {path} cannot be written to (it or its folder is read-only), so it is "
        "open read-only: you can look back, export and make reports, but nothing new can be "
        "saved until it can be written again."
    ).format(path=diary)


def tell_calmly(text: str) -> None:
    """One calm dialog before the main window exists."""
    QMessageBox.information(None, _("Your diary"), text)


def open_diary_interactive(
    paths: AppPaths,
    chooser: Chooser | None = None,
    tell: Callable[[str], None] | None = None,
) -> Store | None:
    """Open the diary; when it cannot be opened, explain and offer a way on. None means quit.

    A diary that only cannot be written (a read-only folder or file) is opened read-only, and
    ``tell`` says so once: every night can still be read, exported and reported.
    """
    choose = chooser or ask_with_dialog
    fresh = False  # once the user chose to start again, an empty diary is what they asked for
    for _attempt in range(MAX_ATTEMPTS):
        try:
            return Store.open(paths.diary, backups_dir=paths.backups, start_fresh=fresh)
        except DiaryOpenError as exc:
            log.warning("diary could not be opened: %s", exc)
            if exc.kind == "read_only" and paths.diary.exists():
                try:
                    reader = Store.open(paths.diary, backups_dir=paths.backups, read_only=True)
                except DiaryOpenError as again:
                    log.warning("nor read-only: %s", again)
                else:
                    (tell or tell_calmly)(read_only_notice(paths.diary))
                    return reader
            backups = list_backups(paths.backups) if exc.kind != "locked" else []
            newest = backups[0] if backups else None
            choice = choose(exc, newest)
            try:
                if choice == USE_BACKUP and newest is not None:
                    restore_backup(newest, paths.diary)  # sets the bad file aside itself
                elif choice == START_FRESH and exc.kind != "locked":
                    if paths.diary.exists() or paths.diary.is_symlink():
                        set_aside_damaged(paths.diary)
                    fresh = True
                else:
                    return None
            except (OSError, DiaryOpenError) as again:
                log.warning("recovery step failed: %s", again)
                continue  # the next round explains what is wrong now
    return None


# ---- backups from the Diary menu --------------------------------------------------------------


def ask_confirm(parent: QWidget | None, text: str) -> bool:
    answer = QMessageBox.question(
        parent,
        _("Restore this backup?"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


class BackupsDialog(QDialog):
    """Automatic backups with their dates; restore one after a confirmation."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:  # ctx: AppContext
        super().__init__(parent)
        self.ctx = ctx
        self.confirm: Callable[[QWidget | None, str], bool] = ask_confirm
        self.setWindowTitle(_("Backups"))
        self.setAccessibleName(_("Backups"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(label(_("Backups"), "title"))
        layout.addWidget(
            label(
                counted(
                    BACKUP_KEEP,
                    "Your diary is copied automatically once a day; the last copy is kept. "
                    "Restoring one sets your current diary aside (it is never deleted).",
                    "Your diary is copied automatically once a day; the last {n} copies are "
                    "kept. Restoring one sets your current diary aside (it is never deleted).",
                ),
                "muted",
            )
        )
        self.list = QListWidget()
        self.list.setAccessibleName(_("Backups list"))
        # a longer language wraps a backup's line instead of scrolling it sideways
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.list, 1)
        self.result_label = label("")
        self.result_label.setAccessibleName(_("Backup status"))
        layout.addWidget(self.result_label)
        row = QHBoxLayout()
        self.restore_button = button(
            _("Restore this backup"), _("Restore this backup"), primary=True
        )
        self.restore_button.clicked.connect(self.restore_selected)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        close = button(_("Close"), _("Close backups"))
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.list.itemActivated.connect(lambda _item: self.restore_selected())
        self.refresh()
        # At least 520x420, and never narrower than its buttons' words (a fixed least size
        # would keep the layout from asking for more, and squeeze them).
        self.resize(self.sizeHint().expandedTo(QSize(520, 420)))
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def refresh(self) -> None:
        self.list.clear()
        store = self.ctx.store
        folder = store.backups_dir if store is not None else self.ctx.paths.backups
        found = backup_infos(folder)
        for info in found:
            path = info.path
            size_kib = max(1, path.stat().st_size // 1024) if path.exists() else 0
            # Translators: one backup in the list: "Written <date> at <time>: 42 nights, ... (12 KiB)"
            text = _("Written {when}: {contents}   ({size} KiB)").format(
                when=backup_label(path, info), contents=backup_contents(info), size=number(size_kib)
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
            self.list.addItem(item)
        if found:
            self.list.setCurrentRow(0)
        else:
            self.result_label.setText(
                _("There are no backups yet. The first one is made on a day you use the diary.")
            )
        self.restore_button.setEnabled(bool(found))

    def selected(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def restore_selected(self) -> bool:
        backup = self.selected()
        if backup is None:
            return False
        info = read_backup_info(backup)
        when = backup_label(backup, info)
        question = _(
            "Put the backup written on {when} ({contents}) in place of your current diary? "
            "Notes written after that will not be in it. Your current diary is set aside beside "
            "it, not deleted."
        ).format(when=when, contents=backup_contents(info))
        if not self.confirm(self, question):
            return False
        ctx = self.ctx

        def put_in_place(diary: Path) -> tuple[Path | None, str]:
            try:
                return restore_backup(backup, diary), ""
            except DIARY_ERRORS as exc:
                return None, _(
                    "That backup could not be restored ({reason}). Your diary was not changed."
                ).format(reason=exc)

        aside: Path | None = None
        try:
            aside, problem = ctx.reopen_diary(put_in_place)
        except DiaryOpenError as exc:
            problem = _(
                "The diary could not be reopened ({reason}). Please restart Bedtime Companion."
            ).format(reason=exc)
        if problem:
            self.result_label.setText(problem)
            ctx.message.emit(problem)
            return False
        done = _("Restored the backup written on {when}.").format(when=when)
        text = (
            _(
                "Restored the backup written on {when}. Your previous diary was kept at {path}."
            ).format(when=when, path=aside)
            if aside
            else done
        )
        self.result_label.setText(text)
        ctx.message.emit(done)
        return True


def build_backups_dialog(ctx, parent: QWidget | None = None) -> BackupsDialog:
    return BackupsDialog(ctx, parent)


def show_backups(ctx, parent: QWidget | None) -> None:
    dialog = build_backups_dialog(ctx, parent)
    dialog.exec()
