"""Plays the routine's cues: a soft chime per cue kind and, when asked for, a spoken word.

The core says *what* should be heard (a :class:`~companion.core.cues.Cue`); this class decides
*how*. Sound is never required: the player screen carries the same information. So everything
here degrades quietly:

- QtMultimedia is imported lazily inside try/except, because ``libQt6Multimedia`` links the
  system's ``libpulse`` and may fail to load at all.
- With no audio output device ``QSoundEffect.play()`` silently does nothing, so we ask
  ``QMediaDevices.audioOutputs()`` first, play nothing, and tell the user once, calmly, that cues
  are on screen only. A device plugged in later (``audioOutputsChanged``) brings sound back.
- Spoken guidance uses QTextToSpeech's real engine (``speechd`` on Linux). The ``mock`` engine is
  never chosen here; tests pass a speech backend explicitly.

Settings (volume, mute, voice) come from ``ctx.settings`` and apply the moment they change.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QUrl, Signal

from companion.core.cues import SOUND_FILES, Cue, CueKind
from companion.core.i18n import N_, _, number
from companion.core.settings import Settings
from companion.paths import asset

if TYPE_CHECKING:
    from companion.ui.context import AppContext

log = logging.getLogger(__name__)

# The notices are keys (English, marked); what is shown and emitted is their translation.
NO_DEVICE_NOTICE = N_("No sound device was found, so cues are shown on screen only.")
NO_AUDIO_NOTICE = N_("Sound is not available on this computer, so cues are shown on screen only.")
NO_VOICE_NOTICE = N_(
    "Spoken guidance is not available on this computer, so cues are chimes and words on screen."
)
# Engines that produce no real speech; never picked for users.
_TEST_ONLY_ENGINES = ("mock",)


class AudioBackend(Protocol):
    """What the cue player needs from an audio system (Qt's, or a fake in tests)."""

    def load_error(self) -> str | None: ...  # a reason the audio library is unusable, or None

    def has_output(self) -> bool: ...

    def on_outputs_changed(self, callback: Any) -> None: ...

    def make_effect(self, path: str) -> Any: ...  # has setVolume(float), setMuted(bool), play()


class SpeechBackend(Protocol):
    def available(self) -> bool: ...

    def say(self, text: str, volume: float) -> None: ...

    def stop(self) -> None: ...


class QtAudioBackend:
    """QtMultimedia, loaded on first use; any failure to load means "no sound", not a crash."""

    def __init__(self) -> None:
        self._error: str | None = None
        self._mm: Any = None
        self._devices: Any = None
        try:
            from PySide6 import QtMultimedia  # noqa: PLC0415 (lazy on purpose)

            self._mm = QtMultimedia
            self._devices = QtMultimedia.QMediaDevices()
        except (ImportError, OSError) as exc:  # libpulse missing, broken install, ...
            self._error = str(exc) or exc.__class__.__name__
            log.info("QtMultimedia unavailable: %s", self._error)

    def load_error(self) -> str | None:
        return self._error

    def has_output(self) -> bool:
        if self._mm is None:
            return False
        return bool(self._mm.QMediaDevices.audioOutputs())

    def on_outputs_changed(self, callback: Any) -> None:
        if self._devices is not None:
            self._devices.audioOutputsChanged.connect(callback)

    def make_effect(self, path: str) -> Any:
        effect = self._mm.QSoundEffect()
        effect.setSource(QUrl.fromLocalFile(path))
        return effect


class QtSpeechBackend:
    """QTextToSpeech with a real engine (never ``mock``); unavailable when none initialises."""

    def __init__(self, engine: str | None = None) -> None:
        self._tts: Any = None
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415

            engines = [e for e in QTextToSpeech.availableEngines() if e not in _TEST_ONLY_ENGINES]
            chosen = engine if engine is not None else (engines[0] if engines else None)
            if chosen is None:
                return
            tts = QTextToSpeech(chosen)
            if tts.state() == QTextToSpeech.State.Error:
                log.info("speech engine %s failed: %s", chosen, tts.errorString())
                return
            self._tts = tts
        except (ImportError, OSError) as exc:
            log.info("QtTextToSpeech unavailable: %s", exc)

    def available(self) -> bool:
        if self._tts is None:
            return False
        from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415

        return self._tts.state() != QTextToSpeech.State.Error

    def say(self, text: str, volume: float) -> None:
        if self._tts is not None:
            self._tts.setVolume(volume)
            self._tts.say(text)  # interrupts whatever was being said: the newest cue wins

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()


def perceived_volume(percent: int) -> float:
    """Map the 0-100 slider to a linear gain that sounds even (loudness is roughly logarithmic)."""
    x = max(0, min(100, int(percent))) / 100.0
    return x * x


def spoken_text(cue: Cue) -> str:
    """The words for a cue (the engine words them in the current language); a countdown says
    its number as the language writes it."""
    if cue.text:
        return cue.text
    if cue.kind is CueKind.COUNTDOWN and cue.count is not None:
        return number(cue.count)
    return ""


class CuePlayer(QObject):
    """Turns cues into chimes and speech, or into nothing (with one calm notice) when it cannot."""

    unavailable = Signal(str)  # a one-line notice for the user, emitted once per problem
    played = Signal(object)  # the Cue that made a sound (for tests and a visual echo)

    def __init__(
        self,
        settings: Settings,
        parent: QObject | None = None,
        *,
        audio: AudioBackend | None = None,
        speech: SpeechBackend | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._audio: AudioBackend = audio if audio is not None else QtAudioBackend()
        self._speech_backend = speech  # built lazily: most users never turn voice on
        self._effects: dict[CueKind, Any] = {}
        self._sound_ok = False
        self._told: set[str] = set()
        self.notice: str | None = None  # the current limitation, if any, for late-coming views
        self._notice_key: str | None = None  # the same notice as its (English) key
        self._audio.on_outputs_changed(self._on_outputs_changed)
        self._refresh_sound()

    # state -------------------------------------------------------------------------------------
    @property
    def sound_available(self) -> bool:
        return self._sound_ok

    @property
    def voice_available(self) -> bool:
        return self._speech().available()

    def _speech(self) -> SpeechBackend:
        if self._speech_backend is None:
            self._speech_backend = QtSpeechBackend()
        return self._speech_backend

    def _refresh_sound(self) -> None:
        """(Re)build the chimes for the current default device, or note why there is no sound."""
        self._effects.clear()
        self._sound_ok = self._audio.load_error() is None and self._audio.has_output()
        if not self._sound_ok:
            return
        for kind, filename in SOUND_FILES.items():
            try:
                self._effects[kind] = self._audio.make_effect(str(asset("sounds", filename)))
            except (RuntimeError, OSError) as exc:  # a broken backend: stay silent, not crash
                log.info("could not load %s: %s", filename, exc)
        self._apply_volume()
        if self._notice_key in (NO_DEVICE_NOTICE, NO_AUDIO_NOTICE):
            self.notice = self._notice_key = None
            self._told.discard(NO_DEVICE_NOTICE)  # tell again if the device goes away again

    def _on_outputs_changed(self) -> None:
        had_sound = self._sound_ok
        self._refresh_sound()
        if had_sound and not self._sound_ok:
            self._tell(NO_DEVICE_NOTICE)

    def _apply_volume(self) -> None:
        gain = perceived_volume(self._settings.sound_volume)
        for effect in self._effects.values():
            effect.setVolume(gain)
            effect.setMuted(bool(self._settings.muted))

    def apply_settings(self, settings: Settings) -> None:
        """Volume, mute and voice take effect at once (connect to ctx.settings_changed)."""
        voice_was_on = self._settings.voice
        self._settings = settings
        self._apply_volume()
        if settings.muted or (voice_was_on and not settings.voice):
            if self._speech_backend is not None:
                self._speech_backend.stop()

    def _tell(self, key: str) -> None:
        """Show the notice ``key`` (one of the NO_*_NOTICE keys), translated, once per problem."""
        self._notice_key = key
        self.notice = _(key)
        if key not in self._told:
            self._told.add(key)
            self.unavailable.emit(self.notice)

    def check(self) -> str | None:
        """Called when a routine starts: says once what cannot be heard; returns the notice."""
        if not self._settings.muted:
            if not self._sound_ok:
                error = self._audio.load_error()
                self._tell(NO_AUDIO_NOTICE if error else NO_DEVICE_NOTICE)
            elif self._settings.voice and not self.voice_available:
                self._tell(NO_VOICE_NOTICE)
        return self.notice

    # playing -----------------------------------------------------------------------------------
    def play(self, cue: Cue) -> None:
        """Play a cue's chime and speak it; a silent no-op when muted or when there is no sound."""
        if self._settings.muted:
            return
        if not self._sound_ok:
            self.check()
            return
        sounded = False
        effect = self._effects.get(cue.kind)
        if effect is not None:
            effect.play()
            sounded = True
        if self._settings.voice:
            speech = self._speech()
            text = spoken_text(cue)
            if text and speech.available():
                speech.say(text, perceived_volume(self._settings.sound_volume))
                sounded = True
            elif text:
                self._tell(NO_VOICE_NOTICE)
        if sounded:
            self.played.emit(cue)

    def stop(self) -> None:
        if self._speech_backend is not None:
            self._speech_backend.stop()


def cue_player_for(ctx: AppContext) -> CuePlayer:
    """The app's one cue player, kept in ``ctx.cues`` (which makes it follow the settings)."""
    if ctx.cues is None:
        ctx.cues = CuePlayer(ctx.settings, ctx)
    return ctx.cues
