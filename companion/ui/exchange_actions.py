"""Import and export from the app's Diary menu: file dialogs and calm messages around exchange.py.

The file dialogs are Qt's own (non-native), so they look the same everywhere, follow the night
palette and can be driven in tests. ``choose_open_path`` / ``choose_save_path`` are module-level
functions so a test (or an embedder) can replace them. Import reads and validates the whole file
first, says how many nights it will add and replace, and writes only after a yes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from companion.core import exchange, wording
from companion.core.errors import ImportRejected, OutputRefused, SaveFailed
from companion.ui.context import AppContext

FILTERS = {
    "json": "Diary JSON files (*.json)",
    "csv": "Spreadsheet CSV files (*.csv)",
}
IMPORT_FILTER = "Diary files (*.json *.csv);;All files (*)"

log = logging.getLogger(__name__)


def _dialog_options() -> QFileDialog.Option:
    return QFileDialog.Option.DontUseNativeDialog


def choose_open_path(parent: QWidget | None) -> Path | None:
    """Ask for a diary file to import; None when the person cancels."""
    dialog = QFileDialog(parent, "Import a diary file", QDir.homePath(), IMPORT_FILTER)
    dialog.setOptions(_dialog_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAccessibleName("Choose a diary file to import")
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def choose_save_path(parent: QWidget | None, fmt: str, suggested: str) -> Path | None:
    """Ask where to save an export; None when the person cancels."""
    dialog = QFileDialog(
        parent, f"Export the diary as {fmt.upper()}", str(Path(QDir.homePath()) / suggested)
    )
    dialog.setOptions(_dialog_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(FILTERS[fmt])
    dialog.setDefaultSuffix(fmt)
    dialog.setAccessibleName("Choose where to save the export")
    dialog.selectFile(suggested)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def _message(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    detail: str = "",
    warning: bool = False,
    confirm: str | None = None,
) -> bool:
    """A calm message box whose buttons have accessible names; True when ``confirm`` was chosen."""
    box = QMessageBox(parent)
    box.setWindowTitle(title)
    box.setIcon(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    if detail:
        box.setInformativeText(detail)
    box.setAccessibleName(title)
    if confirm:
        yes = box.addButton(confirm, QMessageBox.ButtonRole.AcceptRole)
        yes.setAccessibleName(confirm)
        no = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        no.setAccessibleName("Cancel")
        box.setDefaultButton(yes)
        box.setEscapeButton(no)
    else:
        ok = box.addButton("OK", QMessageBox.ButtonRole.AcceptRole)
        ok.setAccessibleName("OK")
        box.setDefaultButton(ok)
        box.setEscapeButton(ok)
    box.exec()
    chosen = box.clickedButton()
    result = bool(confirm) and chosen is not None and chosen.accessibleName() == confirm
    box.deleteLater()
    return result


def _busy() -> None:
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)


def _idle() -> None:
    QApplication.restoreOverrideCursor()


def import_diary(ctx: AppContext, parent: QWidget | None) -> None:
    """Choose a file, check all of it, confirm what will change, then import in one go."""
    if ctx.store is None:
        _message(parent, "Import", "Your diary is not open, so nothing can be imported.")
        return
    path = choose_open_path(parent)
    if path is None:
        return
    _busy()
    try:
        data = exchange.load_file(path)
        plan = exchange.plan_import(ctx.store, data)
    except ImportRejected as exc:
        _idle()
        _refused(parent, str(exc))
        return
    except Exception as exc:  # never a traceback in the window
        _idle()
        log.exception("an import file could not be read")
        _refused(parent, f"Something unexpected went wrong while reading it ({exc}).")
        return
    _idle()
    if not data.nights and not data.sessions:
        _message(parent, "Import", f"{path.name} holds no nights, so there is nothing to import.")
        return
    parts = [f"{plan.added:,} {wording.word_for(plan.added, 'is', 'are')} new"]
    if plan.replaced:
        parts.append(
            f"{plan.replaced:,} will replace {wording.word_for(plan.replaced, 'a night', 'nights')} "
            "already in your diary"
        )
    detail = "Of these, " + " and ".join(parts) + "."
    if plan.sessions:
        detail += f" It also holds {wording.plural(plan.sessions, 'routine session')}."
    if not data.nights:
        detail = f"It holds {wording.plural(plan.sessions, 'routine session')} and no nights."
    if not _message(
        parent,
        "Import a diary file",
        f"Import {wording.plural(plan.nights, 'night')} from {path.name}?",
        detail=detail,
        confirm="Import",
    ):
        return
    _busy()
    try:
        try:
            ctx.store.backup_if_due()  # the diary as it was, in case the file was the wrong one
        except Exception:  # a backup problem must not block the import
            log.exception("the backup before an import failed")
        done = exchange.import_data(ctx.store, data)
    except ImportRejected as exc:
        _idle()
        _refused(parent, str(exc))
        return
    except SaveFailed as exc:  # a full or read-only disk: the import rolled back
        _idle()
        log.warning("%s", exc)
        _refused(parent, exc.sentence("nothing was imported"))
        return
    except Exception as exc:
        _idle()
        log.exception("import failed")
        _refused(parent, f"Something unexpected went wrong while saving ({exc}).")
        return
    _idle()
    ctx.message.emit(f"Imported {wording.plural(done.nights, 'night')}.")
    _message(parent, "Import", f"Imported {wording.plural(done.nights, 'night')}. All done.")


def _refused(parent: QWidget | None, reason: str) -> None:
    _message(
        parent,
        "Import",
        "That file could not be imported.",
        detail=f"{reason}\n\nNothing in your diary was changed.",
        warning=True,
    )


def export_diary(ctx: AppContext, parent: QWidget | None, fmt: str) -> None:
    """Save the whole diary as JSON or CSV where the person chooses (owner-only file)."""
    if fmt not in FILTERS:
        raise ValueError(f"unknown export format {fmt!r}")
    if ctx.store is None:
        _message(parent, "Export", "Your diary is not open, so there is nothing to export.")
        return
    suggested = f"bedtime-diary-{ctx.clock.now().date().isoformat()}.{fmt}"
    path = choose_save_path(parent, fmt, suggested)
    if path is None:
        return
    if not path.suffix:
        path = path.with_suffix(f".{fmt}")
    try:
        ctx.paths.refuse_as_output(path)
    except OutputRefused as exc:
        log.warning("%s", exc)
        _message(parent, "Export", "The export was not saved there.", detail=str(exc), warning=True)
        return
    _busy()
    try:
        text = exchange.export_store(ctx.store, fmt)
        exchange.write_private_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        _idle()
        log.warning("export to %s failed: %s", path, exc)
        _message(
            parent,
            "Export",
            "The export could not be saved.",
            detail=f"{path}: {exc.strerror or exc}. Your diary itself is fine.",
            warning=True,
        )
        return
    except Exception as exc:
        _idle()
        log.exception("export failed")
        _message(
            parent,
            "Export",
            "The export could not be made.",
            detail=f"Something unexpected went wrong ({exc}). Your diary itself is fine.",
            warning=True,
        )
        return
    _idle()
    ctx.message.emit(f"Diary exported to {path.name}.")
    _message(
        parent,
        "Export",
        f"Your diary was saved to {path.name}.",
        detail=f"{path}\n\nIt holds your health notes, so keep it somewhere private.",
    )
