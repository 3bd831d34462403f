"""Time sources, injected everywhere so tests never sleep or patch global time.

``monotonic()`` drives every countdown deadline; ``now()`` is the local wall time (aware, with
its UTC offset) used for diary timestamps and to notice a suspend (wall time jumps ahead while the
monotonic clock stood still).
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now().astimezone()


class FakeClock:
    """A clock that moves only when told to; ``suspend`` moves wall time but not monotonic time."""

    def __init__(self, start: datetime | None = None, monotonic: float = 1000.0) -> None:
        self._mono = monotonic
        self._wall = start or datetime(2026, 11, 20, 22, 0).astimezone()
        if self._wall.tzinfo is None:
            self._wall = self._wall.astimezone()

    def monotonic(self) -> float:
        return self._mono

    def now(self) -> datetime:
        return self._wall

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._wall += timedelta(seconds=seconds)

    def suspend(self, seconds: float) -> None:
        self._wall += timedelta(seconds=seconds)

    def set_wall(self, when: datetime) -> None:
        self._wall = when
