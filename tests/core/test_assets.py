"""Bundled sounds and illustrations: present, valid, and the chimes reproducible byte for byte."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path

import pytest

from companion.core.cues import SOUND_FILES
from companion.paths import asset

ROOT = Path(__file__).resolve().parents[2]
STEMS = (
    "settle",
    "heat",
    "standing-calf",
    "standing-hamstring",
    "seated-toe-pull",
    "arch-roll",
    "ankle-circles",
    "water",
    "sleep-position",
    "towel-calf",
    "seated-hamstring",
)


def test_make_sounds_reproduces_the_committed_wavs(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sounds.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    made = sorted(p.name for p in tmp_path.glob("*.wav"))
    assert made == sorted(set(SOUND_FILES.values()))
    for name in made:
        assert (tmp_path / name).read_bytes() == asset("sounds", name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(set(SOUND_FILES.values())))
def test_chimes_are_quiet_clean_mono_16bit(name: str) -> None:
    import array

    with wave.open(str(asset("sounds", name))) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 44_100)
        samples = array.array("h", w.readframes(w.getnframes()))
    peak = max(abs(s) for s in samples)
    assert 0.2 * 32767 < peak < 0.3 * 32767  # about -12 dBFS: never startling
    assert samples[0] == 0 and samples[-1] == 0  # starts and ends in silence: no clicks
    assert abs(samples[1]) < 50 and abs(samples[-2]) < 200  # gentle attack and fade


def test_cues_are_distinct_sounds() -> None:
    data = {n: asset("sounds", n).read_bytes() for n in set(SOUND_FILES.values())}
    assert len(set(data.values())) == len(data)


@pytest.mark.parametrize("stem", STEMS)
def test_every_illustration_exists_and_parses(qtbot, stem: str) -> None:
    from PySide6.QtSvg import QSvgRenderer

    path = asset("illustrations", f"{stem}.svg")
    assert path.is_file(), path
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid(), stem
    assert renderer.defaultSize().width() > 0


def test_every_builtin_step_has_one_of_these_illustrations() -> None:
    from companion.core.routine import builtin_routines

    used = {s.illustration for r in builtin_routines() for s in r.steps}
    assert None not in used
    assert used <= set(STEMS), used - set(STEMS)
    assert len(used) >= 9
