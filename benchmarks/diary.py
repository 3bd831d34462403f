"""How fast the diary store is on a 10-year diary (3,650 nights, about 10,000 cramps).

Builds the diary with the demo generator in a temp dir, then times, in one run:
- opening it (integrity check included), the first ``nights()`` of a fresh store (cold, from
  SQLite) and later ones (from the store's cache), a one-month range and ``get_night``;
- ``save_night`` of a morning note N times (durable: WAL, synchronous=FULL, one transaction);
- a baseline: a bare sqlite3 insert + commit with the same WAL/synchronous=FULL settings in the
  same folder, so the figures can be read against what the disk itself costs;
- one daily backup through SQLite's backup API.

Bars (DESIGN.md section 5): ``nights()`` well under 30 ms, save p95 under 20 ms. The last line
is ``save p95: X ms``.

    python benchmarks/diary.py [--runs 300] [--nights 3650]
"""

from __future__ import annotations

import argparse
import gc
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from companion.core.demo import seed_demo  # noqa: E402
from companion.core.store import Store  # noqa: E402

TODAY = date(2026, 11, 21)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{label:<34} median {statistics.median(ms):7.2f} ms   p95 {percentile(ms, 95):7.2f} ms"
        f"   max {max(ms):7.2f} ms   (n={len(ms)})"
    )


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def baseline(folder: Path, runs: int) -> list[float]:
    """A bare sqlite3 insert + commit, WAL and synchronous=FULL, in the same folder."""
    conn = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT)")
    out = []
    for i in range(runs):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (note) VALUES (?)", (f"morning note {i}",))
        conn.execute("COMMIT")
        out.append(time.perf_counter() - start)
    conn.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="save_night repetitions")
    parser.add_argument("--nights", type=int, default=3650, help="size of the diary")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bc-bench-") as tmp:
        folder = Path(tmp)
        diary = folder / "diary.sqlite3"
        start = time.perf_counter()
        with Store.open(diary) as store:
            seed_demo(store, nights=args.nights, seed=7, today=TODAY)
        built = time.perf_counter() - start
        size = diary.stat().st_size

        open_times = []
        cold_times = []
        cold_cpu = []
        for _ in range(9):
            gc.collect()
            t0 = time.perf_counter()
            store = Store.open(diary)
            t1 = time.perf_counter()
            c1 = time.process_time()
            nights = store.nights()
            cold_cpu.append(time.process_time() - c1)
            t2 = time.perf_counter()
            open_times.append(t1 - t0)
            cold_times.append(t2 - t1)
            store.close()
        cramps = sum(len(n.cramps) for n in nights)
        print(
            f"diary: {len(nights):,} nights with a record, {cramps:,} cramps, "
            f"{size / 1e6:.1f} MB, built in {built:.1f} s"
        )
        print(
            f"python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, "
            f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs"
            if hasattr(os, "getloadavg")
            else f"python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}"
        )
        print(summary("open (incl. quick_check)", open_times))
        print(summary("nights() cold, all 10 years", cold_times))
        # CPU time of the same calls: on a shared, busy machine wall time also counts waiting.
        print(summary("  the same, CPU time", cold_cpu))

        with Store.open(diary) as store:
            store.nights()
            print(summary("nights() cached, all 10 years", timed(store.nights, 50)))
            month = (TODAY - timedelta(days=31), TODAY)
            print(summary("nights() cached, last month", timed(lambda: store.nights(*month), 50)))
            last = store.nights()[-1]
            print(summary("get_night", timed(lambda: store.get_night(last.night), 200)))

            # The morning note: the user edits last night's record and saves it, N times.
            saves = []
            for i in range(args.runs):
                note = replace(
                    last,
                    sleep_quality=1 + i % 5,
                    morning_soreness=i % 11,
                    notes=f"Morning note {i}: woke twice, calf eased with stretching.",
                )
                t0 = time.perf_counter()
                store.save_night(note)
                saves.append(time.perf_counter() - t0)
            assert store.get_night(last.night).notes.startswith(f"Morning note {args.runs - 1}:")

            t0 = time.perf_counter()
            backup = store.backup_if_due(datetime(2026, 11, 21, 8, 0).astimezone())
            backup_time = time.perf_counter() - t0
            assert backup is not None

        base = baseline(folder, args.runs)
        print(summary("baseline: bare insert+commit", base))
        print(f"{'daily backup (backup API)':<34} {backup_time * 1000:7.1f} ms")
        print(summary("save_night (durable)", saves))
        print(f"save p95: {percentile([s * 1000 for s in saves], 95):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
