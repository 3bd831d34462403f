"""A custom-routines file that cannot be read is set aside and the person is told, in the window."""

from __future__ import annotations

from pathlib import Path

from companion.core.clock import FakeClock
from companion.core.settings import Settings
from companion.paths import AppPaths
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow


def test_broken_routines_file_is_told_in_a_banner(qtbot, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path, tmp_path)
    paths.custom_routines.write_text("{ this is not json", encoding="utf-8")
    ctx = AppContext(paths, Settings(), None, FakeClock(), persist_settings=False)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    library = ctx.routine_library()
    assert window.banner.isVisible()
    assert "routines" in window.banner.text.text().lower()
    assert [r.name for r in library.all()][:3] == [
        "Standard wind-down",
        "Gentle — flare day",
        "Foot focus",
    ]
    assert not paths.custom_routines.exists()  # set aside, not deleted
    assert list(tmp_path.glob("routines.json.bad*"))
