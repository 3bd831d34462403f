"""The app's language: applied before any widget, Qt's own texts translated, and a restart that
starts the same command again after the event loop has ended."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo
from PySide6.QtWidgets import QApplication

from companion import app as app_module
from companion.core import i18n
from companion.core.settings import Settings, _from_dict


def test_language_setting_defaults_to_system_and_validates_unknown_values() -> None:
    assert Settings().language == "system"
    for good in ("system", "en", "es", "de"):
        assert _from_dict({"language": good}).language == good
    for bad in ("fr", "pseudo", "", "Deutsch"):
        assert _from_dict({"language": bad}).language == "system"


@pytest.mark.parametrize("code", ["de", "es"])
def test_qt_translations_for_the_language_are_loaded(qapp: QApplication, code: str) -> None:
    app = qapp
    translator = app_module.install_qt_translations(app, code)
    try:
        assert translator is not None
        folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        assert (folder / f"qtbase_{code}.qm").is_file()
        # a standard dialog button now reads in the language
        shown = QCoreApplication.translate("QPlatformTheme", "Cancel")
        assert shown != "Cancel"
    finally:
        if translator is not None:
            app.removeTranslator(translator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


@pytest.mark.parametrize("code", ["en", "pseudo"])
def test_english_and_the_pseudo_locale_need_no_qt_catalog(qapp: QApplication, code: str) -> None:
    assert app_module.install_qt_translations(qapp, code) is None


def test_qt_locale_speaks_the_language_and_the_paper_stays_the_systems() -> None:
    from PySide6.QtCore import QLocale

    from companion.ui.report import page_size_for

    before = QLocale()
    paper = page_size_for().id()
    try:
        app_module.set_qt_locale("de")
        assert QLocale().language() == QLocale.Language.German
        assert QLocale().monthName(3, QLocale.FormatType.LongFormat) == "März"
        app_module.set_qt_locale("en")  # English would mean US Letter if the language decided
        assert QLocale().language() == QLocale.Language.English
        assert page_size_for().id() == paper
        app_module.set_qt_locale("pseudo")  # no Qt locale: left as it was
        assert QLocale().language() == QLocale.Language.English
    finally:
        QLocale.setDefault(before)


def test_restart_command_runs_the_package_again_with_the_same_arguments() -> None:
    assert app_module.restart_command(
        ["--data-dir", "/x", "--morning"], frozen=False, executable="/py"
    ) == ["/py", "-m", "companion", "--data-dir", "/x", "--morning"]


def test_restart_command_of_a_frozen_build_is_the_app_itself() -> None:
    assert app_module.restart_command(["--demo"], frozen=True, executable="/opt/bc/app") == [
        "/opt/bc/app",
        "--demo",
    ]


def test_relaunch_execs_the_restart_command(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(sys, "argv", ["bedtime-companion", "--tonight"])
    app_module.relaunch(lambda path, argv: calls.append((path, argv)))
    assert calls == [(sys.executable, [sys.executable, "-m", "companion", "--tonight"])]


def test_run_gui_applies_the_language_before_the_window_and_restarts_when_asked(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole composition root: the saved language is in use when the window is built, a
    restart request quits the loop, the lock is released, and only then the restarter runs."""
    from companion.core.settings import save_settings
    from companion.ui import main_window, single_instance

    data = tmp_path / "data"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    paths = app_module.resolve_paths(str(data)).ensure()
    save_settings(Settings(language="system", welcome_seen=True), paths.settings)
    monkeypatch.setenv("LANGUAGE", "pseudo")  # "system" follows it
    # what run_gui sets process-wide goes back after the test
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(app_module, "configure_error_log", lambda folder: folder / "errors.log")
    built_in: list[str] = []
    real_init = main_window.MainWindow.__init__

    def spy_init(self, ctx, *args, **kwargs) -> None:
        built_in.append(i18n.current_language())
        real_init(self, ctx, *args, **kwargs)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, ctx.request_restart)

    monkeypatch.setattr(main_window.MainWindow, "__init__", spy_init)
    released: list[bool] = []
    real_release = single_instance.InstanceGuard.release

    def spy_release(self) -> None:
        released.append(True)
        real_release(self)

    monkeypatch.setattr(single_instance.InstanceGuard, "release", spy_release)
    restarts: list[tuple[str, list[str], bool]] = []
    args = argparse.Namespace(
        demo=False,
        data_dir=str(data),
        exit_after_show=False,
        cramp_now=False,
        morning=False,
        tonight=False,
    )
    try:
        code = app_module.run_gui(
            args, restarter=lambda path, argv: restarts.append((path, argv, bool(released)))
        )
    finally:
        # The window's Quit posts a second quit; it must not end the next test's dialog loop.
        QCoreApplication.removePostedEvents(None, QEvent.Type.Quit)
    assert code == 0
    assert built_in == ["pseudo"]
    assert len(restarts) == 1 and restarts[0][2], "the restarter runs after the lock is released"
    assert os.path.basename(restarts[0][1][0]) == os.path.basename(sys.executable)
