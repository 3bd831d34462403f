"""Render the personal experiment's screens to docs/ in the night theme, on synthetic diaries.

    QT_QPA_PLATFORM=offscreen python scripts/experiment_screenshots.py [--out docs]

Three pictures: the set-up (with the planning check, on 60 demo nights), Tonight on a rest week,
and the result page of a finished 8-pair experiment whose nights were drawn with a real effect.
Every diary here is made up for the picture; run it after changing what these screens show,
then look at the images.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from companion.core import experiment as ex
from companion.core.clock import FakeClock
from companion.core.demo import seed_demo
from companion.core.diary import Cramp, Night
from companion.core.settings import Settings
from companion.core.store import Store
from companion.paths import AppPaths
from companion.ui import theme
from companion.ui.context import AppContext
from companion.ui.main_window import MainWindow


def finished_experiment_nights(plan: ex.Plan, seed: int = 3) -> list[Night]:
    """Nights of a whole plan: fewer cramps on routine blocks, a flare, a few unlogged nights."""
    rng = random.Random(seed)
    nights = []
    for i in range(plan.total_nights):
        day = plan.start + timedelta(days=i)
        if rng.random() < 0.08:
            continue
        block = ex.block_on(plan, day)
        on = block is not None and block.condition == ex.ON
        flare = 40 <= i < 47
        rate = (0.7 if on else 1.4) * (2.2 if flare else 1.0)
        count = sum(1 for _ in range(10) if rng.random() < rate / 10)
        stretched = rng.random() < (0.9 if on else 0.08) if block is not None else None
        nights.append(
            Night(
                night=day,
                stretched=stretched,
                sleep_quality=rng.choice((2, 3, 3, 4)),
                cramps=tuple(Cramp("calf", "left", rng.randint(3, 8)) for _ in range(count)),
            )
        )
    return nights


def settle(app: QApplication) -> None:
    for _ in range(6):
        app.processEvents()


def shoot(window: MainWindow, app: QApplication, key: str, target: Path, scroll_to=None) -> None:
    window.open_page(key)
    settle(app)
    if scroll_to is not None:
        scroll_to(window.page(key))
        settle(app)
    window.grab().save(str(target))
    print(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "docs")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    theme.apply_theme(app, "night")
    with tempfile.TemporaryDirectory() as tmp:
        # 1. The set-up, on 60 demo nights.
        clock = FakeClock(datetime(2026, 11, 20, 21, 30).astimezone())
        paths = AppPaths(Path(tmp) / "a", Path(tmp) / "a")
        store = Store.open(paths.diary, backups_dir=paths.backups)
        seed_demo(store, nights=60, seed=7, today=clock.now().date())
        ctx = AppContext(paths, Settings(theme="night"), store, clock, persist_settings=False)
        window = MainWindow(ctx)
        window.resize(1100, 860)
        window.show()
        shoot(window, app, "experiment", args.out / "experiment-setup-night.png")

        # 2. Tonight on a rest week: start the plan, then move the clock into a rest block.
        page = window.page("experiment")
        page.start_experiment()
        plan = store.experiments()[0]
        rest = next(b for b in ex.schedule(plan) if b.condition == ex.OFF)
        clock.set_wall(
            datetime.combine(rest.first_night + timedelta(days=2), datetime.min.time())
            .replace(hour=21, minute=40)
            .astimezone()
        )
        shoot(window, app, "tonight", args.out / "experiment-tonight-rest-night.png")
        window.close()
        store.close()

        # 3. The result of a finished experiment.
        paths = AppPaths(Path(tmp) / "b", Path(tmp) / "b")
        store = Store.open(paths.diary, backups_dir=paths.backups)
        order = ex.draw_order(8, seed=11)
        done = ex.Plan(ex.ROUTINE, ex.ROUTINE_LABEL, date(2026, 3, 2), 14, 8, 7, 2, order)
        store.merge_import(finished_experiment_nights(done), [], [done])
        clock = FakeClock(datetime(2026, 9, 1, 9, 0).astimezone())
        ctx = AppContext(paths, Settings(theme="night"), store, clock, persist_settings=False)
        window = MainWindow(ctx)
        window.resize(1100, 1000)
        window.show()
        shoot(window, app, "experiment", args.out / "experiment-result-night.png")
        window.close()
        store.close()


if __name__ == "__main__":
    main()
