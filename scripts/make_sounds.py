"""Synthesize the routine's soft bell chimes into assets/sounds/ with the standard library only.

Why synthesize: no third-party recordings to license, and the sounds are reproducible byte for byte
(a test re-runs this script and compares). Each chime is a few additive partials of a soft bell
with exponential decay, a gentle raised-cosine attack (no click at the start) and a short fade to
exact silence at the end (no click at the end), 44.1 kHz 16-bit mono, peak near -12 dBFS so a
chime never startles someone lying still in a dark room.

The cues are told apart by pitch, interval and pattern, not only by loudness:

- step.wav    one mid bell                                  "a new step begins"
- hold.wav    two notes rising a fifth                      "stretch and hold"
- relax.wav   two notes falling a fifth, lower, longer      "let go"
- switch.wav  three quick notes on one pitch                "switch sides"
- tick.wav    one very short, quiet high tap                3-2-1 countdown
- done.wav    a slow rising major arpeggio, long ring       "all done, sleep well"

Usage: python scripts/make_sounds.py [--out DIR]
"""

from __future__ import annotations

import argparse
import math
import struct
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 44_100
PEAK_DBFS = -12.0
ATTACK_S = 0.012
FADE_OUT_S = 0.04

# A soft, slightly inharmonic bell: (frequency ratio, relative amplitude, decay time constant factor).
# Higher partials are quieter and die away sooner, which keeps the tone warm rather than bright.
BELL_PARTIALS: tuple[tuple[float, float, float], ...] = (
    (1.0, 1.0, 1.0),
    (2.0, 0.38, 0.6),
    (2.76, 0.16, 0.42),
    (5.40, 0.05, 0.25),
)
# A tick: a damped tone with only two partials, very short.
TICK_PARTIALS: tuple[tuple[float, float, float], ...] = ((1.0, 1.0, 1.0), (2.0, 0.25, 0.6))


@dataclass(frozen=True)
class Note:
    start_s: float
    freq: float
    decay_s: float  # time constant of the fundamental's exponential decay
    gain: float = 1.0
    partials: tuple[tuple[float, float, float], ...] = BELL_PARTIALS


# Pitches (Hz), equal temperament around A4 = 440; kept in the calm middle register.
C5, E5, G5, A5, C6 = 523.25, 659.26, 783.99, 880.00, 1046.50
G4 = 392.00

SOUNDS: dict[str, tuple[float, tuple[Note, ...]]] = {
    # name: (length in seconds, notes)
    "step.wav": (1.4, (Note(0.0, E5, 0.45),)),
    "hold.wav": (1.5, (Note(0.0, C5, 0.35, 0.85), Note(0.22, G5, 0.45))),
    "relax.wav": (1.9, (Note(0.0, G5, 0.4, 0.8), Note(0.3, C5, 0.65))),
    "switch.wav": (
        1.5,
        (Note(0.0, A5, 0.22, 0.9), Note(0.18, A5, 0.22, 0.9), Note(0.36, A5, 0.4)),
    ),
    "tick.wav": (0.22, (Note(0.0, C6, 0.035, 0.55, TICK_PARTIALS),)),
    "done.wav": (
        3.0,
        (
            Note(0.0, G4, 0.6, 0.8),
            Note(0.28, C5, 0.6, 0.85),
            Note(0.56, E5, 0.6, 0.9),
            Note(0.84, G5, 0.9),
        ),
    ),
}


def _envelope_attack(t: float) -> float:
    """Raised-cosine attack: starts at exactly 0 with zero slope, so no click."""
    if t >= ATTACK_S:
        return 1.0
    return 0.5 - 0.5 * math.cos(math.pi * t / ATTACK_S)


def render(length_s: float, notes: tuple[Note, ...]) -> list[float]:
    """Mix the notes into one float signal (unnormalised)."""
    total = int(round(length_s * RATE))
    out = [0.0] * total
    for note in notes:
        first = int(round(note.start_s * RATE))
        for i in range(first, total):
            t = (i - first) / RATE
            env = _envelope_attack(t)
            value = 0.0
            for ratio, amp, decay_factor in note.partials:
                freq = note.freq * ratio
                if freq >= RATE / 2:
                    continue
                decay = note.decay_s * decay_factor
                value += amp * math.exp(-t / decay) * math.sin(2.0 * math.pi * freq * t)
            out[i] += note.gain * env * value
    # Fade the tail to exact silence so the end never clicks, whatever is left of the ring.
    fade = int(round(FADE_OUT_S * RATE))
    for k in range(fade):
        i = total - fade + k
        out[i] *= 0.5 + 0.5 * math.cos(math.pi * (k + 1) / fade)
    return out


def to_pcm16(signal: list[float], peak_dbfs: float = PEAK_DBFS) -> bytes:
    """Normalise to the target peak and quantise to 16-bit little-endian integers."""
    peak = max(abs(v) for v in signal) or 1.0
    target = 10.0 ** (peak_dbfs / 20.0) * 32767.0
    scale = target / peak
    samples = [max(-32768, min(32767, int(round(v * scale)))) for v in signal]
    return struct.pack(f"<{len(samples)}h", *samples)


def write_wav(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm)


def make_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (length_s, notes) in SOUNDS.items():
        path = out_dir / name
        write_wav(path, to_pcm16(render(length_s, notes)))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_out = Path(__file__).resolve().parent.parent / "assets" / "sounds"
    parser.add_argument("--out", type=Path, default=default_out, help="folder for the WAV files")
    args = parser.parse_args(argv)
    for path in make_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
