"""The cue player: chimes per cue kind at the set volume, voice when asked, silence with one calm
notice when there is no sound device, and settings that apply at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.core.clock import FakeClock
from companion.core.cues import SOUND_FILES, Cue, CueKind
from companion.core.settings import Settings
from companion.paths import AppPaths
from companion.ui.context import AppContext
from companion.ui.cue_player import (
    NO_DEVICE_NOTICE,
    NO_VOICE_NOTICE,
    CuePlayer,
    QtAudioBackend,
    cue_player_for,
    perceived_volume,
    spoken_text,
)


class FakeEffect:
    def __init__(self, path: str) -> None:
        self.path = path
        self.volume = None
        self.muted = None
        self.plays = 0

    def setVolume(self, v: float) -> None:  # noqa: N802 (Qt-shaped)
        self.volume = v

    def setMuted(self, m: bool) -> None:  # noqa: N802
        self.muted = m

    def play(self) -> None:
        self.plays += 1


class FakeAudio:
    def __init__(self, outputs: bool = True, error: str | None = None) -> None:
        self.outputs = outputs
        self.error = error
        self.effects: list[FakeEffect] = []
        self.callback = None

    def load_error(self) -> str | None:
        return self.error

    def has_output(self) -> bool:
        return self.outputs

    def on_outputs_changed(self, callback) -> None:
        self.callback = callback

    def make_effect(self, path: str) -> FakeEffect:
        effect = FakeEffect(path)
        self.effects.append(effect)
        return effect

    def by_file(self, name: str) -> FakeEffect:
        return next(e for e in self.effects if Path(e.path).name == name)


class FakeSpeech:
    def __init__(self, ok: bool = True) -> None:
        self.ok = ok
        self.said: list[tuple[str, float]] = []
        self.stops = 0

    def available(self) -> bool:
        return self.ok

    def say(self, text: str, volume: float) -> None:
        self.said.append((text, volume))

    def stop(self) -> None:
        self.stops += 1


def test_each_kind_plays_its_own_chime_at_the_set_volume(qtbot) -> None:
    audio = FakeAudio()
    player = CuePlayer(Settings(sound_volume=50), audio=audio, speech=FakeSpeech())
    assert player.sound_available
    assert {Path(e.path).name for e in audio.effects} == set(SOUND_FILES.values())
    assert all(Path(e.path).is_file() for e in audio.effects)
    with qtbot.waitSignal(player.played):
        player.play(Cue(CueKind.HOLD, "Hold"))
    assert audio.by_file("hold.wav").plays == 1
    assert audio.by_file("relax.wav").plays == 0
    assert audio.by_file("hold.wav").volume == pytest.approx(0.25)
    player.play(Cue(CueKind.COUNTDOWN, count=3))
    assert audio.by_file("tick.wav").plays == 1


def test_no_output_device_is_silent_and_says_so_once(qtbot) -> None:
    audio = FakeAudio(outputs=False)
    speech = FakeSpeech()
    player = CuePlayer(Settings(voice=True), audio=audio, speech=speech)
    notices: list[str] = []
    player.unavailable.connect(notices.append)
    for kind in (CueKind.HOLD, CueKind.RELAX, CueKind.SWITCH_SIDES, CueKind.ROUTINE_DONE):
        player.play(Cue(kind, "words"))
    assert player.check() == NO_DEVICE_NOTICE
    assert notices == [NO_DEVICE_NOTICE]
    assert audio.effects == [] and speech.said == []
    assert not player.sound_available


def test_a_device_plugged_in_later_brings_sound_back(qtbot) -> None:
    audio = FakeAudio(outputs=False)
    player = CuePlayer(Settings(), audio=audio, speech=FakeSpeech())
    notices: list[str] = []
    player.unavailable.connect(notices.append)
    player.check()
    audio.outputs = True
    audio.callback()
    assert player.sound_available and player.notice is None
    player.play(Cue(CueKind.RELAX, "Relax"))
    assert audio.by_file("relax.wav").plays == 1
    audio.outputs = False  # unplugged again: told again, once
    audio.callback()
    player.play(Cue(CueKind.RELAX, "Relax"))
    assert notices == [NO_DEVICE_NOTICE, NO_DEVICE_NOTICE]


def test_voice_speaks_the_cue_words_and_countdown_numbers(qtbot) -> None:
    speech = FakeSpeech()
    player = CuePlayer(Settings(voice=True, sound_volume=100), audio=FakeAudio(), speech=speech)
    player.play(Cue(CueKind.SWITCH_SIDES, "Switch to your left leg"))
    player.play(Cue(CueKind.COUNTDOWN, count=2))
    assert speech.said == [("Switch to your left leg", 1.0), ("2", 1.0)]


def test_voice_without_an_engine_gives_one_notice_and_chimes_still_play(qtbot) -> None:
    audio = FakeAudio()
    player = CuePlayer(Settings(voice=True), audio=audio, speech=FakeSpeech(ok=False))
    notices: list[str] = []
    player.unavailable.connect(notices.append)
    player.play(Cue(CueKind.HOLD, "Hold"))
    player.play(Cue(CueKind.RELAX, "Relax"))
    assert notices == [NO_VOICE_NOTICE]
    assert audio.by_file("hold.wav").plays == 1


def test_settings_apply_at_once_through_the_context(qtbot, tmp_path: Path) -> None:
    ctx = AppContext(AppPaths(tmp_path, tmp_path), Settings(), None, FakeClock())
    audio, speech = FakeAudio(), FakeSpeech()
    ctx.cues = CuePlayer(ctx.settings, ctx, audio=audio, speech=speech)
    player = cue_player_for(ctx)
    assert player is ctx.cues
    ctx.update_settings(sound_volume=100, voice=True)
    assert audio.by_file("step.wav").volume == pytest.approx(1.0)
    player.play(Cue(CueKind.STEP_START, "Standing calf stretch"))
    assert speech.said[-1][0] == "Standing calf stretch"
    ctx.update_settings(muted=True)
    assert audio.by_file("step.wav").muted is True
    assert speech.stops >= 1
    player.play(Cue(CueKind.STEP_START, "Ankle circles"))
    assert audio.by_file("step.wav").plays == 1
    assert len(speech.said) == 1


def test_volume_curve_and_spoken_text() -> None:
    assert perceived_volume(0) == 0 and perceived_volume(100) == 1
    assert perceived_volume(30) < perceived_volume(60) < perceived_volume(90)
    assert spoken_text(Cue(CueKind.COUNTDOWN, count=1)) == "1"
    assert spoken_text(Cue(CueKind.PAUSED)) == ""


def test_real_qt_backend_without_a_device_never_crashes(qtbot) -> None:
    """On this headless machine the real backend finds no output: silent, one notice."""
    audio = QtAudioBackend()
    if audio.has_output():
        pytest.skip("this machine has a sound device")
    player = CuePlayer(Settings(), audio=audio, speech=FakeSpeech())
    notices: list[str] = []
    player.unavailable.connect(notices.append)
    player.play(Cue(CueKind.HOLD, "Hold"))
    player.play(Cue(CueKind.HOLD, "Hold"))
    assert len(notices) == 1
