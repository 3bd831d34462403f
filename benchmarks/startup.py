"""Start-up time of the app against a bare PySide6 window, measured in the same run.

Alternates `bedtime-companion --exit-after-show` and a bare QLabel window (shown, first paint,
exit) several times, so machine noise hits both alike. Prints both medians and, last,
`startup ratio: X.XX` (bar: <= 2.0). `--ten-year-diary` runs the app on a seeded 3,650-night diary.
`--command CMD` (repeatable) times another build of the app in the same rounds, e.g. the
standalone bundle against this virtual environment:

    python benchmarks/startup.py [--runs 15] [--ten-year-diary] [--page morning]
    python benchmarks/startup.py --command build/package/pyinstaller/bedtime-companion/bedtime-companion

Each command gets `--data-dir DIR --exit-after-show` appended and runs on the same diary.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BARE_WINDOW = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("Hello")
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = FirstPaint()
label.installEventFilter(f)
label.resize(1100, 760)
label.show()
sys.exit(app.exec())
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{cmd} failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed


def seed_ten_years(data_dir: Path) -> None:
    from companion.core.demo import seed_demo
    from companion.core.store import Store

    store = Store.open(data_dir / "diary.sqlite3", backups_dir=data_dir / "backups")
    try:
        seed_demo(store, nights=3650, seed=10, today=date.today())
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=15, help="pairs of runs (this noisy VM wants 15+)"
    )
    parser.add_argument("--ten-year-diary", action="store_true")
    parser.add_argument(
        "--page",
        choices=("tonight", "morning"),
        default="tonight",
        help="the first page (the app picks by time of day: evenings Tonight, mornings Morning)",
    )
    parser.add_argument(
        "--command",
        action="append",
        default=[],
        metavar="CMD",
        help="another app command to time alongside the venv one (e.g. the bundle's executable)",
    )
    args = parser.parse_args()

    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed app runs from byte-compiled modules (pip compiles them); a checkout with
    # PYTHONDONTWRITEBYTECODE set would recompile all of companion/ on every start instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "companion"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        print(f"first page: {args.page}")
        if args.ten_year_diary:
            seed_ten_years(data_dir)
            print("diary: 3,650 seeded nights")
        tail = ["--data-dir", str(data_dir), "--exit-after-show"]
        apps = {"bedtime-companion": [sys.executable, "-m", "companion", *tail]}
        for command in args.command:
            apps[command] = [*shlex.split(command), *tail]
        bare_cmd = [sys.executable, "-c", BARE_WINDOW]
        for cmd in apps.values():  # warm the file cache for each, not counted
            timed(cmd, env)
        timed(bare_cmd, env)
        times: dict[str, list[float]] = {name: [] for name in apps}
        bare_times = []
        for _ in range(args.runs):
            bare_times.append(timed(bare_cmd, env))
            for name, cmd in apps.items():
                times[name].append(timed(cmd, env))
    bare = statistics.median(bare_times)
    print(f"bare PySide6 window: median {bare * 1000:.0f} ms over {args.runs} runs")
    app = statistics.median(times["bedtime-companion"])
    print(f"bedtime-companion:   median {app * 1000:.0f} ms over {args.runs} runs")
    for name in list(apps)[1:]:
        other = statistics.median(times[name])
        print(
            f"{name}: median {other * 1000:.0f} ms over {args.runs} runs"
            f" ({other / app:.2f}x the venv app, {other / bare:.2f}x the bare window)"
        )
    print(f"startup ratio: {app / bare:.2f}")


if __name__ == "__main__":
    main()
