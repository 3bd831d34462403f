"""Trends is built while the app is idle after its first paint, so a click opens it at once;
the first paint itself never waits for pyqtgraph."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from companion.core.diary import Night
from companion.core.store import Store
from companion.ui.context import AppContext
from companion.ui.main_window import PRELOAD_PAGES, MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 21, 21, 0).astimezone()


@pytest.fixture
def window(qtbot, ctx: AppContext, store: Store):
    for day in range(1, 11):
        store.save_night(Night(night=date(2026, 11, day), sleep_quality=3))
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1024, 600)
    win.open_page("tonight")
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_trends_is_preloaded_when_idle_and_then_only_shown(qtbot, window: MainWindow) -> None:
    assert PRELOAD_PAGES == ("trends",)
    window.preload_when_idle("trends")
    assert "trends" not in window._pages  # nothing happens before the event loop is idle
    qtbot.waitUntil(lambda: "trends" in window._pages, timeout=5000)
    page = window.page("trends")
    qtbot.waitUntil(lambda: page.data is not None, timeout=5000)  # the diary read and drawn
    # laid out at the size it will be shown (and painted off screen once)
    qtbot.waitUntil(lambda: page.size() == window.stack.size(), timeout=5000)
    assert window.current_page_key == "tonight"  # still where the user is
    reloads: list[int] = []
    page.reload = lambda: reloads.append(1)  # type: ignore[method-assign]
    window.open_page("trends")
    assert window.current_page_key == "trends"
    assert reloads == []  # the click only shows what was prepared


def test_the_chart_library_is_imported_off_the_gui_thread(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long import in the GUI thread would leave a second launch (the desktop's Cramp now at
    3 am) unanswered; the import runs in a thread and the window keeps answering."""
    import importlib
    import threading

    from companion.ui import main_window

    threads: list[str] = []
    real = importlib.import_module

    def recording(name: str, *args, **kwargs):
        if name == "companion.ui.trends_view":
            threads.append(threading.current_thread().name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(main_window.importlib, "import_module", recording)
    window.preload_when_idle("trends")

    def painted() -> bool:
        page = window._pages.get("trends")
        return page is not None and page.size() == window.stack.size()

    qtbot.waitUntil(painted, timeout=5000)
    assert threads and threads[0] == "preload-trends"


def test_a_change_while_hidden_is_shown_on_the_visit(qtbot, window: MainWindow) -> None:
    window.preload("trends")
    page = window.page("trends")
    before = page.data.nights_logged
    window.ctx.store.save_night(Night(night=date(2026, 11, 20), sleep_quality=4))  # it announces
    window.open_page("trends")
    assert page.data.nights_logged == before + 1


def test_the_preload_gives_way_when_trends_is_opened_first(qtbot, window: MainWindow) -> None:
    window.preload_when_idle("trends")
    window.open_page("trends")  # the user was quicker than the idle time
    page = window.page("trends")
    qtbot.wait(50)  # the remaining slices run and do nothing to the shown page
    assert window.current_page_key == "trends" and page.isVisible()


# What the first paint does not show, so the start-up must not load it (DESIGN.md's start-up bar):
# the chart library, the Experiment page (Tonight's card has its own module) and, in a diary
# without an experiment, its analysis, the sound set-up (the player loads it), the wheel guard
# (installed after the paint), the commands' parsers (only a command builds them).
NOT_BEFORE_FIRST_PAINT = (
    "pyqtgraph",
    "companion.ui.experiment_view",
    "companion.core.experiment",
    "companion.ui.cue_player",
    "PySide6.QtMultimedia",
    "companion.ui.wheel",
    "companion.commands.experiment",
)


def test_the_first_paint_does_not_wait_for_what_it_does_not_show(tmp_path: Path) -> None:
    """The start-up path (to the first paint) imports none of these; the preload comes after."""
    code = (
        "import json, sys, runpy\n"
        "sys.argv = ['bedtime-companion', '--data-dir', sys.argv[1], '--exit-after-show']\n"
        "try:\n"
        "    runpy.run_module('companion', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(json.dumps([m for m in {NOT_BEFORE_FIRST_PAINT!r} if m in sys.modules]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.strip().splitlines()[-1] == "[]", (out.stdout, out.stderr)
