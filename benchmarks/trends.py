"""Trends on a 10-year diary: stats time, chart compute+draw time, and memory with Trends open.

Builds a seeded diary of 3,650 nights (~10,000 cramps, via ``core.demo.seed_demo``) in a temp
folder, then measures, each as the median of several runs:
- loading the nights from the store (reported on its own, not counted in the stats figure);
- ``stats.trends`` over all nights (every figure and chart feed; the bar is < 50 ms);
- the Trends page on the "All" range: recompute and redraw every chart, then paint the whole
  scrolled content offscreen with ``grab()`` (the bar is < 100 ms);
- resident memory with Trends open (VmRSS now, and the peak VmHWM, from /proc/self/status; the
  bar is < 200 MiB);
- the first open of Trends in the app's window, from the click to the page painted, each in a
  fresh process on the same diary: cold (pyqtgraph imported and the page built on the click, as
  before the preload) and preloaded (the window built it while idle after its first paint, as
  the app now does); the bar is <= 150 ms.
Prints the figures, and LAST the line ``trends: stats X ms, charts Y ms, rss Z MiB``.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/trends.py [--nights 3650] [--runs 7]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def proc_status_mib(field: str) -> float:
    """A memory figure (VmRSS, VmHWM) of this process in MiB; nan where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


CPU_MS: dict[str, float] = {}


def median_ms(func, runs: int, name: str = "") -> tuple[float, list[float]]:
    """Median wall time in ms (and, under ``name``, the median CPU time of this process, which
    a machine busy with other work inflates far less than the wall clock)."""
    times = []
    cpu = []
    for _ in range(runs):
        c0 = time.process_time()
        t0 = time.perf_counter()
        func()
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    if name:
        CPU_MS[name] = statistics.median(cpu)
    return statistics.median(times), times


FIRST_OPEN_MARK = "first-open-ms:"


def first_open_child(folder: Path, preloaded: bool) -> int:
    """In a fresh process: the app's window on Tonight, painted; then (preloaded) the window's
    idle preload of Trends, as app.py schedules it; then the click on Trends timed until the
    page has been painted. Prints ``first-open-ms: N``."""
    from PySide6.QtWidgets import QApplication

    from companion.core.clock import FakeClock
    from companion.core.settings import Settings
    from companion.core.store import Store
    from companion.paths import AppPaths
    from companion.ui import theme
    from companion.ui.context import AppContext
    from companion.ui.main_window import PRELOAD_PAGES, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply_theme(app, "night")
    store = Store.open(folder / "diary.sqlite3", backups_dir=folder / "backups")
    clock = FakeClock(datetime(2026, 11, 21, 21, 0).astimezone())
    ctx = AppContext(AppPaths(folder, folder), Settings(), store, clock, persist_settings=False)
    window = MainWindow(ctx)
    window.resize(1280, 900)
    window.open_page("tonight")
    window.show()
    for _ in range(5):
        app.processEvents()
    assert "pyqtgraph" not in sys.modules, "pyqtgraph loaded before Trends was opened"
    if preloaded:
        for key in PRELOAD_PAGES:
            window.preload(key)
        for _ in range(5):
            app.processEvents()
    c0 = time.process_time()
    t0 = time.perf_counter()
    window.nav_buttons["trends"].click()
    window.repaint()  # paint now, as the screen would on the next frame
    app.processEvents()
    ms = (time.perf_counter() - t0) * 1000
    cpu_ms = (time.process_time() - c0) * 1000
    assert window.current_page_key == "trends"
    print(f"{FIRST_OPEN_MARK} {ms:.1f} {cpu_ms:.1f}")
    window.close()
    store.close()
    return 0


def first_open_ms(folder: Path, preloaded: bool, runs: int) -> tuple[list[float], list[float]]:
    """The first open of Trends in ``runs`` fresh processes (the first visit happens once per
    process, so each run needs its own): wall and CPU times in ms."""
    times, cpu = [], []
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    for _ in range(runs):
        mode = "preloaded" if preloaded else "cold"
        out = subprocess.run(
            [sys.executable, __file__, "--first-open-child", mode, "--diary-folder", str(folder)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        line = next(x for x in out.splitlines() if x.startswith(FIRST_OPEN_MARK))
        times.append(float(line.split()[1]))
        cpu.append(float(line.split()[2]))
    return times, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nights", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--first-open-runs", type=int, default=5)
    parser.add_argument("--first-open-child", choices=("cold", "preloaded"), help=argparse.SUPPRESS)
    parser.add_argument("--diary-folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.first_open_child:
        return first_open_child(args.diary_folder, args.first_open_child == "preloaded")

    from companion.core import stats
    from companion.core.demo import seed_demo
    from companion.core.store import Store

    today = date(2026, 11, 21)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} (wall times grow with load)")
    with tempfile.TemporaryDirectory(prefix="trends-bench-") as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "diary.sqlite3", backups_dir=folder / "backups")
        t0 = time.perf_counter()
        seed_demo(store, nights=args.nights, seed=args.seed, today=today)
        build_s = time.perf_counter() - t0
        load_ms, _ = median_ms(store.nights, max(3, args.runs // 2))
        nights = store.nights()
        cramps = sum(len(n.cramps) for n in nights)
        print(f"diary: {len(nights)} nights, {cramps} cramps (built in {build_s:.1f} s)")
        print(f"load nights from the store: {load_ms:.1f} ms (median, not counted below)")

        stats_ms, stats_runs = median_ms(lambda: stats.trends(nights), args.runs, "stats")
        summary_ms, _ = median_ms(lambda: stats.summary(nights), args.runs)
        print(
            f"stats (all figures and chart feeds): {stats_ms:.1f} ms median "
            f"(runs {', '.join(f'{t:.0f}' for t in stats_runs)}); summary alone {summary_ms:.1f} ms; "
            f"CPU time {CPU_MS['stats']:.1f} ms"
        )

        from PySide6.QtCore import QCoreApplication
        from PySide6.QtWidgets import QApplication

        from companion.core.clock import FakeClock
        from companion.core.settings import Settings
        from companion.paths import AppPaths
        from companion.ui import theme
        from companion.ui.context import AppContext

        app = QApplication.instance() or QApplication(sys.argv[:1])
        theme.apply_theme(app, "night")
        rss_before = proc_status_mib("VmRSS")
        clock = FakeClock(datetime(2026, 11, 21, 9, 0).astimezone())
        ctx = AppContext(AppPaths(folder, folder), Settings(), store, clock, persist_settings=False)

        t0 = time.perf_counter()
        from companion.ui import trends_view  # pyqtgraph loads here, as in the app

        page = trends_view.create_page(ctx)
        page.resize(1280, 900)
        page.show()
        page.set_range("all")
        QCoreApplication.processEvents()
        content = page.scroll.widget()
        content.grab()
        first_ms = (time.perf_counter() - t0) * 1000
        print(f"first open of Trends (import pyqtgraph, build, load, draw): {first_ms:.0f} ms")
        weekly = "weekly bars" if page.weekly else "one bar a night"
        print(f"'All' range drawn with {weekly}; whole scrolled content {content.size().toTuple()}")

        def redraw() -> None:
            page.redraw()
            QCoreApplication.processEvents()
            content.grab()

        charts_ms, chart_runs = median_ms(redraw, args.runs, "charts")
        print(
            f"charts (compute + draw all, paint whole page): {charts_ms:.1f} ms median "
            f"(runs {', '.join(f'{t:.0f}' for t in chart_runs)}); CPU time {CPU_MS['charts']:.1f} ms"
        )
        page.set_range("1y")
        year_ms, _ = median_ms(redraw, max(3, args.runs // 2))
        print(f"charts for the last year (one bar a night): {year_ms:.1f} ms median")
        page.set_range("all")
        QCoreApplication.processEvents()

        rss = proc_status_mib("VmRSS")
        peak = proc_status_mib("VmHWM")
        print(
            f"memory with Trends open: rss {rss:.0f} MiB (peak {peak:.0f} MiB; "
            f"{rss_before:.0f} MiB before opening Trends)"
        )
        page.close()
        page.deleteLater()
        QCoreApplication.processEvents()
        store.close()

        print(
            f"first open of Trends in the window, click to painted, median of "
            f"{args.first_open_runs} fresh processes each (bar <= 150 ms):"
        )
        for name, preloaded in (("before (cold)", False), ("after (preloaded when idle)", True)):
            wall, cpu = first_open_ms(folder, preloaded, args.first_open_runs)
            print(
                f"  {name}: {statistics.median(wall):.0f} ms "
                f"(runs {', '.join(f'{t:.0f}' for t in wall)}); "
                f"CPU time {statistics.median(cpu):.0f} ms"
            )

    print(f"trends: stats {stats_ms:.1f} ms, charts {charts_ms:.1f} ms, rss {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
