"""An unexpected error is logged and told calmly in the window, never shown as a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from companion.app import ERROR_LOG, install_error_hook
from companion.paths import AppPaths


class FakeWindow:
    def __init__(self) -> None:
        self.notices: list[str] = []

    def show_notice(self, text: str) -> None:
        self.notices.append(text)


def test_errors_go_to_the_log_and_one_calm_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    window = FakeWindow()
    install_error_hook(AppPaths(tmp_path, tmp_path), lambda: window)
    for message in ("first", "second"):
        try:
            raise RuntimeError(message)
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    log = (tmp_path / ERROR_LOG).read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: first" in log and "RuntimeError: second" in log
    assert len(window.notices) == 1 and "Your diary is safe" in window.notices[0]
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 2
