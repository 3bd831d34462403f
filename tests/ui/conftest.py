"""Fixtures every UI test shares, and widget clean-up after each test.

A module sets its own moment, settings or settings persistence by overriding the small fixture
(``now``, ``settings``, ``persist_settings``); ``store`` and ``ctx`` then follow it.

Every top-level widget a test leaves behind is closed and deleted after its teardown, and the
deferred deletes are processed there: left alive, thousands of widgets pile up across tests/ui and
every later ``findChildren``, style or font change walks all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from companion.core.clock import FakeClock
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from tests.ui.helpers import KEEP_FOR_MODULE


@pytest.fixture
def now() -> datetime:
    """The moment the fake clock starts at; a module overrides it for its own story."""
    return datetime(2026, 11, 20, 22, 0).astimezone()


@pytest.fixture
def clock(now: datetime) -> FakeClock:
    return FakeClock(now)


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def persist_settings() -> bool:
    """Whether ``ctx`` writes settings to its temp folder (a module that reads them back says so)."""
    return False


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    """A fresh real diary in the test's temp folder (Vorta style), closed afterwards."""
    s = Store.open(tmp_path / "diary.sqlite3", backups_dir=tmp_path / "backups")
    yield s
    s.close()


@pytest.fixture
def ctx(
    qapp: QApplication,
    tmp_path,
    store: Store,
    clock: FakeClock,
    settings: Settings,
    persist_settings: bool,
) -> AppContext:
    """The context a page is given: a night-themed app, the temp diary, the fake clock."""
    theme.apply_theme(qapp, "night")
    return AppContext(
        AppPaths(tmp_path, tmp_path), settings, store, clock, persist_settings=persist_settings
    )


def delete_widgets(*, spare_kept: bool) -> None:
    """Close and delete every parentless top-level widget (the windows it owns go with it), then
    run the deferred deletes at once: outside an event loop Qt would never run them."""
    app = QApplication.instance()
    if app is None:
        return
    windows = [w for w in app.topLevelWidgets() if w.parentWidget() is None]
    if spare_kept and any(w.property(KEEP_FOR_MODULE) for w in windows):
        return  # the module's tests share a window and what it made (its tray menu, say)
    for widget in windows:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


@pytest.fixture(autouse=True, scope="module")
def _delete_module_widgets() -> Iterator[None]:
    """After a module's last test and its module-scoped fixtures: every widget goes."""
    yield
    delete_widgets(spare_kept=False)


@pytest.fixture(autouse=True)
def _delete_test_widgets() -> Iterator[None]:
    """After each test and its own fixtures (which close what they made first): what is left goes,
    unless the module's tests share a window (``keep_for_module``)."""
    yield
    delete_widgets(spare_kept=True)
