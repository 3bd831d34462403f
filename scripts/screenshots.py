"""Render the main window's pages to docs/ in the night and day themes, on a seeded demo diary.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs]

Keeps the README's pictures current: run it after changing what a page shows, then look at them.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication

from companion.core.clock import FakeClock
from companion.core.demo import seed_demo
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow

PAGES = ("tonight", "morning", "trends", "learn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    clock = FakeClock(datetime(2026, 11, 20, 22, 15).astimezone())
    with tempfile.TemporaryDirectory() as tmp:
        paths = AppPaths(Path(tmp), Path(tmp))
        store = Store.open(paths.diary, backups_dir=paths.backups)
        seed_demo(store, nights=120, seed=7, today=clock.now().date())
        for mode in ("night", "day"):
            theme.apply_theme(app, mode)
            ctx = AppContext(paths, Settings(theme=mode), store, clock, persist_settings=False)
            window = MainWindow(ctx)
            window.resize(1100, 760)
            window.show()
            for key in PAGES:
                window.open_page(key)
                for _ in range(5):
                    app.processEvents()
                target = args.out / f"main-{key}-{mode}.png"
                window.grab().save(str(target))
                print(target)
            window.close()
            window.deleteLater()
            app.processEvents()
        store.close()


if __name__ == "__main__":
    main()
