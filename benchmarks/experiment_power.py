"""How long the personal experiment's planning check takes (DESIGN.md section 8: under 200 ms).

Times ``power_40`` (400 simulated runs of the plan, analysed exactly like a real experiment) for
the default plan and the longest one, on 28 nights of history with flare-like spread. The first
call includes building the sign-vector tables; later calls are what `show` and the app pay.

    python benchmarks/experiment_power.py [--repeats 20]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from companion.core import experiment as ex
from companion.core.diary import Cramp, Night


def history(start: date, days: int = 28) -> list[Night]:
    rng = random.Random(5)
    return [
        Night(
            night=start - timedelta(days=days - i),
            cramps=tuple(
                Cramp("calf", "left", 5) for _ in range(rng.choice((0, 0, 1, 1, 2, 4, 6)))
            ),
        )
        for i in range(days)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    start = date(2026, 1, 5)
    nights = history(start)
    for name, plan in (
        ("default plan (8 pairs of 7 nights)", ex.make_plan(start=start, run_in_nights=0, seed=1)),
        (
            "longest plan (12 pairs of 14 nights)",
            ex.make_plan(start=start, run_in_nights=0, pairs=12, block_nights=14, seed=1),
        ),
    ):
        times = []
        value = None
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            value = ex.power_40(plan, nights, start)
            times.append((time.perf_counter() - t0) * 1000)
        print(
            f"{name}: power_40 = {value}, first {times[0]:.1f} ms, "
            f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms"
        )


if __name__ == "__main__":
    main()
