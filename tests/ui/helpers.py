"""What UI tests share besides fixtures: finding widgets the way a user does (by accessible name,
the visible one first), and sparing a module-scoped window from the per-test clean-up."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from companion.core.clock import FakeClock
from companion.core.demo import seed_demo
from companion.core.store import Store
from companion.paths import AppPaths

W = TypeVar("W", bound=QWidget)

# A Qt property on a widget built by a module-scoped fixture, kept alive across that module's tests.
KEEP_FOR_MODULE = "kept_for_module"


def by_name(root: QWidget, cls: type[W], name: str) -> W:
    """The ``cls`` under ``root`` whose accessible name is ``name``; a visible one when there is
    one (a hidden page may hold a control of the same name)."""
    matches = [w for w in root.findChildren(cls) if w.accessibleName() == name]
    assert matches, f"no {cls.__name__} named {name!r}"
    visible = [w for w in matches if w.isVisible()]
    return (visible or matches)[0]


def keep_for_module(widget: QWidget) -> None:
    """Say that this module's tests share ``widget`` (and what it made, such as a parentless tray
    menu): widgets are then cleaned up after the module's last test instead of after each one."""
    widget.setProperty(KEEP_FOR_MODULE, True)


def demo_diary(
    folder: Path, at: datetime, *, nights: int, backup: bool = False
) -> tuple[AppPaths, Store, FakeClock]:
    """A diary in ``folder`` holding ``nights`` demo nights (seed 7) up to the night before
    ``at``, a fake clock at ``at``, and with ``backup`` one backup made: what the layout and
    pseudo-locale runs look at. The caller closes the store."""
    clock = FakeClock(at.astimezone())
    store = Store.open(folder / "diary.sqlite3", backups_dir=folder / "backups")
    seed_demo(store, nights=nights, seed=7, today=clock.now().date())
    if backup:
        store.backup_if_due(clock.now())
    return AppPaths(folder, folder), store, clock
