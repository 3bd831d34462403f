"""Render the app to docs/ on a seeded demo diary, for the README and for looking at.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out docs]

Writes:
- ``main-<page>-<night|day>.png``: every page at 1100x760 in both themes (the README's);
- ``small-<page>-night-large.png``: every page at 1024x600, the smallest supported window, in
  the night theme with large text (plus the morning note while adding a cramp, Cramp now, the
  routine editor and the first-run welcome), as a tired person at 11 pm would see them;
- ``player-night.png`` (1100x760, mid-hold) and ``player-800x600-night-large.png`` (the player
  at 800x600 with large text), and ``player-done-night.png``.

With ``--language de`` (or ``es``) it writes only ``<lang>-*.png``: Tonight, the player, the
morning note (also at 1024x600 with large text, where long German words are tightest) and the
two report pages, in that language.

Run it after changing what a page shows, then look at every picture.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from companion.core import i18n
from companion.core.clock import FakeClock
from companion.core.demo import seed_demo
from companion.core.session import Phase
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import PAGES, MainWindow

README_PAGES = ("tonight", "morning", "trends", "learn")
SMALL = (1024, 600)
PLAYER_SMALL = (800, 600)
BIG = (1100, 760)


def settle(app: QApplication, turns: int = 6) -> None:
    for _ in range(turns):
        app.processEvents()


def save(widget: QWidget, target: Path) -> None:
    widget.grab().save(str(target))
    print(target)


class Shooter:
    """One demo diary and clock; a fresh main window per look (theme, text size, size)."""

    def __init__(self, app: QApplication, out: Path, folder: Path) -> None:
        self.app, self.out, self.folder = app, out, folder
        self.clock = FakeClock(datetime(2026, 11, 20, 22, 15).astimezone())
        self.paths = AppPaths(folder, folder)
        self.store = Store.open(self.paths.diary, backups_dir=self.paths.backups)
        seed_demo(self.store, nights=120, seed=7, today=self.clock.now().date())

    def window(self, mode: str, large: bool, size: tuple[int, int]) -> MainWindow:
        theme.apply_theme(self.app, mode, large)
        settings = Settings(theme=mode, large_text=large)
        ctx = AppContext(self.paths, settings, self.store, self.clock, persist_settings=False)
        window = MainWindow(ctx)
        window.show()
        window.resize(*size)
        settle(self.app)
        return window

    def done(self, window: QWidget) -> None:
        window.close()
        window.deleteLater()
        settle(self.app)

    def pages(self, mode: str, large: bool, size: tuple[int, int], prefix: str, keys) -> None:
        window = self.window(mode, large, size)
        for key in keys:
            window.open_page(key)
            settle(self.app)
            save(window, self.out / f"{prefix}-{key}-{mode}{'-large' if large else ''}.png")
        self.done(window)

    def small_extras(self) -> None:
        """The morning note adding a cramp, Cramp now, the routine editor, the welcome: 1024x600."""
        from companion.ui.cramp_now import open_cramp_now
        from companion.ui.routine_editor import RoutineEditor

        window = self.window("night", True, SMALL)
        window.open_page("morning")
        window.page("morning").open_cramp_editor(None)
        settle(self.app)
        save(window, self.out / "small-morning-adding-a-cramp-night-large.png")
        guide = open_cramp_now(window.ctx, window)
        guide.showNormal()
        guide.resize(*SMALL)
        settle(self.app)
        save(guide, self.out / "small-cramp-now-night-large.png")
        guide.close()
        editor = RoutineEditor(window.ctx, window.ctx.routine_library(), window)
        editor.show()
        editor.resize(*SMALL)
        settle(self.app)
        save(editor, self.out / "small-routine-editor-night-large.png")
        editor.close()
        from companion.ui.welcome import show_welcome

        welcome = show_welcome(window.ctx, window)
        settle(self.app)
        save(window, self.out / "small-welcome-night-large.png")
        welcome.done(None)
        self.done(window)

    def player(self, size: tuple[int, int], large: bool, name: str, done: str = "") -> None:
        """The player mid-hold on the right leg (a stretch step with sides and repetitions)."""
        window = self.window("night", large, size)
        window.open_page("tonight")
        page = window.page("tonight")
        page.start_routine()
        for _ in range(2000):
            snap = page.controller.engine.snapshot
            if snap.phase == Phase.HOLD and snap.side == "right" and snap.rep == 2:
                break
            self.clock.advance(1)
            page.tick_now()
        self.clock.advance(3.4)
        page.tick_now()
        settle(self.app)
        save(window, self.out / name)
        if done:
            for _ in range(2000):
                if page.player.card_panel.isVisible():
                    break
                self.clock.advance(5)
                page.tick_now()
            page.player.done_button.click()
            settle(self.app)
            save(window, self.out / done)
        page.on_app_closing()
        self.done(window)

    def in_language(self, code: str) -> None:
        """The README's pictures of another language: the screens a tired person reads most."""
        window = self.window("night", False, BIG)
        window.open_page("tonight")
        settle(self.app)
        save(window, self.out / f"{code}-tonight-night.png")
        self.done(window)
        window = self.window("day", False, BIG)
        window.open_page("morning")
        window.page("morning").open_cramp_editor(None)
        settle(self.app)
        save(window, self.out / f"{code}-morning-day.png")
        self.done(window)
        window = self.window("night", True, SMALL)
        window.open_page("morning")
        settle(self.app)
        save(window, self.out / f"{code}-small-morning-night-large.png")
        self.done(window)
        self.player(BIG, False, f"{code}-player-night.png")
        self.player(PLAYER_SMALL, True, f"{code}-player-800x600-night-large.png")
        self.report(code)

    def report(self, code: str) -> None:
        """The doctor report as the command line makes it, each page as a picture (pdftoppm)."""
        pdf = self.folder / "report.pdf"
        env = {**os.environ, "LANGUAGE": code, "QT_QPA_PLATFORM": "offscreen"}
        today = self.clock.now().date().isoformat()
        subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(self.folder), "report",
             "--to", today, "--out", str(pdf)],
            check=True, env=env,
        )  # fmt: skip
        stem = self.out / f"{code}-report"
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(stem)], check=True)
        for page in sorted(self.out.glob(f"{code}-report-*.png")):
            print(page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    parser.add_argument("--language", choices=[c for c in i18n.LANGUAGES if c != "en"])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        shooter = Shooter(app, args.out, Path(tmp))
        if args.language:
            from companion.app import install_qt_translations

            install_qt_translations(app, i18n.set_language(args.language))
            shooter.in_language(args.language)
            shooter.store.close()
            return
        for mode in ("night", "day"):
            shooter.pages(mode, False, BIG, "main", README_PAGES)
        shooter.pages("night", True, SMALL, "small", [spec.key for spec in PAGES])
        shooter.small_extras()
        shooter.player(BIG, False, "player-night.png", done="player-done-night.png")
        shooter.player(PLAYER_SMALL, True, "player-800x600-night-large.png")
        shooter.store.close()


if __name__ == "__main__":
    main()
