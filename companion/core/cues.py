"""What should be heard or said during a routine (events), never how it is played.

The engine emits Cue values; the Qt layer's cue player maps each kind to a chime and, when voice
is on, speaks ``text``. Visual cues in the player carry the same information, so sound is never
required.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class CueKind(Enum):
    STEP_START = "step_start"  # a new step begins (its name is in text)
    GET_READY = "get_ready"
    HOLD = "hold"  # start holding the stretch
    RELAX = "relax"  # let go
    SWITCH_SIDES = "switch_sides"
    COUNTDOWN = "countdown"  # 3-2-1 before a phase ends; count holds the number
    STEP_DONE = "step_done"
    ROUTINE_DONE = "routine_done"
    PAUSED = "paused"
    RESUMED = "resumed"


# Chime file (in assets/sounds/) for each kind; kinds not listed are silent (voice only).
SOUND_FILES: dict[CueKind, str] = {
    CueKind.STEP_START: "step.wav",
    CueKind.HOLD: "hold.wav",
    CueKind.RELAX: "relax.wav",
    CueKind.SWITCH_SIDES: "switch.wav",
    CueKind.COUNTDOWN: "tick.wav",
    CueKind.ROUTINE_DONE: "done.wav",
}


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    text: str = ""  # words for spoken guidance, e.g. "Switch to your left leg"
    count: int | None = None  # for COUNTDOWN
