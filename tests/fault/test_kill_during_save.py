"""Kill -9 a process in the middle of saving, again and again: every save that returned is on
disk exactly, the file passes its integrity check, and no night ever has half its cramps.

A writer subprocess saves nights in a loop and prints each save's number only after save_night
returned. The parent SIGKILLs it at a random moment, then checks the diary against what was
printed. The cramp count of each save is written into its notes, so a partial cramp list shows.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.core.diary import Night
from companion.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 60
WINDOW = 40  # saves cycle over 40 nights, so most saves replace an earlier version of a night

# Shared by the writer (run in the subprocess) and the checker (exec'd here): save number i
# always means the same night with the same content.
NIGHT_FOR = """
from datetime import date, datetime, timedelta, timezone
from companion.core.diary import Cramp, Night

AREAS = ("calf", "foot_arch", "toes", "shin", "thigh_front", "thigh_back")


def night_for(i):
    day = date(2026, 1, 1) + timedelta(days=i % WINDOW)
    tz = timezone(timedelta(hours=1))
    count = (i * 7 + 3) % 9
    cramps = tuple(
        Cramp(
            AREAS[(i + j) % 6],
            ("left", "right", "both")[j % 3],
            1 + (i + j) % 10,
            at=datetime(day.year, day.month, day.day, 23, 0, tzinfo=tz) + timedelta(minutes=j),
            duration_min=(i + j) % 30,
        )
        for j in range(count)
    )
    return Night(
        night=day,
        sleep_quality=1 + i % 5,
        awakenings=i % 51,
        factors=("heat",) if i % 2 else ("own label %d" % (i % 4),),
        notes="save=%d;cramps=%d;" % (i, count) + "x" * ((i * 37) % 3000),
        cramps=cramps,
    )
"""

WRITER = f"""
import sys
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
WINDOW = {WINDOW}
{NIGHT_FOR}
from companion.core.store import Store

store = Store.open(Path(sys.argv[1]))
i = int(sys.argv[2])
print("ready", flush=True)
while True:
    store.save_night(night_for(i))
    sys.stdout.write("%d\\n" % i)
    sys.stdout.flush()
    i += 1
"""


def night_for(i: int) -> Night:
    namespace: dict = {"WINDOW": WINDOW}
    exec(NIGHT_FOR, namespace)  # noqa: S102 - our own constant source, shared with the writer
    return namespace["night_for"](i)


def save_number(record: Night) -> tuple[int, int]:
    """(save number, cramp count) as written in the notes."""
    head = record.notes.split(";")
    return int(head[0].removeprefix("save=")), int(head[1].removeprefix("cramps="))


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
def test_kill_9_at_random_moments_loses_no_returned_save(tmp_path: Path) -> None:
    diary = tmp_path / "diary.sqlite3"
    rng = random.Random(20261120)
    on_disk: dict = {}  # night -> save number the diary must hold
    next_i = 0
    total_returned = 0
    killed_mid_run = 0
    started = time.monotonic()
    for _trial in range(TRIALS):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(diary), str(next_i)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready == "ready\n", proc.stderr.read() if proc.stderr else ready
        time.sleep(rng.uniform(0.005, 0.080))  # the random moment of the "power cut"
        proc.send_signal(signal.SIGKILL)
        # Read the rest through the same buffered reader readline() used: communicate() reads the
        # raw pipe, losing any save lines readline() had already buffered (a load-dependent race).
        out = proc.stdout.read()
        err = proc.stderr.read() if proc.stderr else ""
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, err
        returned = [int(line) for line in out.splitlines(keepends=True) if line.endswith("\n")]
        assert returned == list(range(next_i, next_i + len(returned)))
        total_returned += len(returned)
        killed_mid_run += bool(returned)
        in_flight = next_i + len(returned)  # may or may not have committed

        # The file is sound (this raw connection also replays the -wal, as a restart would).
        conn = sqlite3.connect(diary)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.close()

        for i in returned:
            on_disk[night_for(i).night] = i
        with Store.open(diary) as store:  # opens: the dead writer's lock is not held
            nights = {n.night: n for n in store.nights()}
        maybe = night_for(in_flight)
        for night, record in nights.items():
            number, count = save_number(record)
            assert len(record.cramps) == count, f"night {night} has a partial cramp list"
            assert record == night_for(number), f"night {night} differs from save {number}"
            allowed = {on_disk.get(night)}
            if night == maybe.night:
                allowed.add(in_flight)
            assert number in allowed, f"night {night} holds save {number}, expected {allowed}"
            on_disk[night] = number
        missing = set(on_disk) - set(nights)
        assert not missing, f"returned saves lost: {sorted(missing)}"
        next_i = in_flight + 1  # never reuse the in-flight number: it may be on disk
    elapsed = time.monotonic() - started
    # The test means something only if the kills really landed amid saves.
    assert killed_mid_run >= TRIALS // 2, (killed_mid_run, total_returned)
    assert total_returned >= TRIALS
    print(f"{TRIALS} kills, {total_returned} returned saves checked, {elapsed:.1f} s")
