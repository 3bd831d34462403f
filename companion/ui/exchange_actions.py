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

from companion.core import exchange
from companion.core.errors import ImportRejected, OutputRefused, SaveFailed
from companion.core.i18n import N_, _, counted
from companion.ui.context import AppContext

# File-dialog filters: the words are translated where shown, the patterns in brackets are not.
FILTERS = {
    "json": N_("Diary JSON files"),
    "csv": N_("Spreadsheet CSV files"),
}


def _filter(words: str, pattern: str) -> str:
    """'Diary files (*.json *.csv)': translated words, the pattern Qt matches kept as it is."""
    return f"{_(words)} ({pattern})"


def import_filter() -> str:
    return ";;".join((_filter(N_("Diary files"), "*.json *.csv"), _filter(N_("All files"), "*")))


log = logging.getLogger(__name__)


def _dialog_options() -> QFileDialog.Option:
    return QFileDialog.Option.DontUseNativeDialog


def choose_open_path(parent: QWidget | None) -> Path | None:
    """Ask for a diary file to import; None when the person cancels."""
    dialog = QFileDialog(parent, _("Import a diary file"), QDir.homePath(), import_filter())
    dialog.setOptions(_dialog_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAccessibleName(_("Choose a diary file to import"))
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return Path(dialog.selectedFiles()[0])


def choose_save_path(parent: QWidget | None, fmt: str, suggested: str) -> Path | None:
    """Ask where to save an export; None when the person cancels."""
    # Translators: a file-dialog title; {format} is JSON or CSV
    title = _("Export the diary as {format}").format(format=fmt.upper())
    dialog = QFileDialog(parent, title, str(Path(QDir.homePath()) / suggested))
    dialog.setOptions(_dialog_options())
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setNameFilter(_filter(FILTERS[fmt], f"*.{fmt}"))
    dialog.setDefaultSuffix(fmt)
    dialog.setAccessibleName(_("Choose where to save the export"))
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
        no = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        no.setAccessibleName(_("Cancel"))
        box.setDefaultButton(yes)
        box.setEscapeButton(no)
    else:
        ok = box.addButton(_("OK"), QMessageBox.ButtonRole.AcceptRole)
        ok.setAccessibleName(_("OK"))
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
        _message(parent, _("Import"), _("Your diary is not open, so nothing can be imported."))
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
        _refused(
            parent,
            _("Something unexpected went wrong while reading it ({reason}).").format(reason=exc),
        )
        return
    _idle()
    if not data.nights and not data.sessions:
        _message(
            parent,
            _("Import"),
            _("{name} holds no nights, so there is nothing to import.").format(name=path.name),
        )
        return
    if not _message(
        parent,
        _("Import a diary file"),
        counted(
            plan.nights,
            "Import {n} night from {name}?",
            "Import {n} nights from {name}?",
            name=path.name,
        ),
        detail=import_detail(
            plan.added, plan.replaced, plan.sessions, has_nights=bool(data.nights)
        ),
        confirm=_("Import"),
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
        _refused(
            parent, _("Something unexpected went wrong while saving ({reason}).").format(reason=exc)
        )
        return
    _idle()
    ctx.message.emit(counted(done.nights, "Imported {n} night.", "Imported {n} nights."))
    _message(
        parent,
        _("Import"),
        counted(done.nights, "Imported {n} night. All done.", "Imported {n} nights. All done."),
    )


def import_detail(added: int, replaced: int, sessions: int, *, has_nights: bool = True) -> str:
    """What an import will change, in whole sentences (each count has its own plural forms)."""
    if not has_nights:
        return counted(
            sessions,
            "It holds {n} routine session and no nights.",
            "It holds {n} routine sessions and no nights.",
        )
    parts = [counted(added, "Of these, {n} is new.", "Of these, {n} are new.")]
    if replaced:
        parts.append(
            counted(
                replaced,
                "{n} of them will replace a night already in your diary.",
                "{n} of them will replace nights already in your diary.",
            )
        )
    if sessions:
        parts.append(
            counted(
                sessions,
                "It also holds {n} routine session.",
                "It also holds {n} routine sessions.",
            )
        )
    # Whole sentences, each with its own plural, one after another.
    return " ".join(parts)


def _refused(parent: QWidget | None, reason: str) -> None:
    _message(
        parent,
        _("Import"),
        _("That file could not be imported."),
        detail=_("{reason}\n\nNothing in your diary was changed.").format(reason=reason),
        warning=True,
    )


def export_diary(ctx: AppContext, parent: QWidget | None, fmt: str) -> None:
    """Save the whole diary as JSON or CSV where the person chooses (owner-only file)."""
    if fmt not in FILTERS:
        raise ValueError(f"unknown export format {fmt!r}")
    if ctx.store is None:
        _message(parent, _("Export"), _("Your diary is not open, so there is nothing to export."))
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
        _message(
            parent, _("Export"), _("The export was not saved there."), detail=str(exc), warning=True
        )
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
            _("Export"),
            _("The export could not be saved."),
            detail=_("{path}: {reason}. Your diary itself is fine.").format(
                path=path, reason=exc.strerror or exc
            ),
            warning=True,
        )
        return
    except Exception as exc:
        _idle()
        log.exception("export failed")
        _message(
            parent,
            _("Export"),
            _("The export could not be made."),
            detail=_(
                "Something unexpected went wrong ({reason}). Your diary itself is fine."
            ).format(reason=exc),
            warning=True,
        )
        return
    _idle()
    ctx.message.emit(_("Diary exported to {name}.").format(name=path.name))
    _message(
        parent,
        _("Export"),
        _("Your diary was saved to {name}.").format(name=path.name),
        detail=_("{path}\n\nIt holds your health notes, so keep it somewhere private.").format(
            path=path
        ),
    )
