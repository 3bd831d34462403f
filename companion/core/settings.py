"""User settings: a frozen dataclass saved as JSON in the config dir.

Settings are a value: nothing edits them in place. A change is a new instance
(``dataclasses.replace``), made by ``AppContext.update_settings`` in the app, so every listener
sees the change announced once and no widget can alter another's copy behind its back.

A missing file means defaults. A file that cannot be read or parsed also means defaults, with
one warning line; the bad file is kept as ``settings.json.bad`` so nothing the user set is
silently destroyed.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from companion.core.files import write_atomic
from companion.core.i18n import LANGUAGES, SYSTEM

THEMES = ("auto", "night", "day")
#: "system" follows the environment; the others are the languages the app offers.
LANGUAGE_CHOICES = (SYSTEM, *LANGUAGES)


@dataclass(frozen=True)
class Settings:
    theme: str = "auto"
    large_text: bool = False
    # routine
    routine: str = "Standard wind-down"
    sound_volume: int = 60  # 0-100
    muted: bool = False
    voice: bool = False
    # reminders
    bedtime: str = "22:30"  # HH:MM local
    bedtime_days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)  # Mon=0
    reminder_enabled: bool = True
    reminder_lead_min: int = 30
    morning_reminder_enabled: bool = True
    morning_reminder: str = "08:30"
    start_at_login: bool = False
    keep_in_tray: bool = False
    # the first-run welcome was shown (it comes once)
    welcome_seen: bool = False
    # window
    window_geometry: str = ""  # base64 of QWidget.saveGeometry()
    last_page: str = "tonight"
    # the app's language: "system" or one of LANGUAGE_CHOICES (applied at the next start)
    language: str = SYSTEM

    def validated(self) -> Settings:
        """Clamp values a hand-edited file may have got wrong instead of refusing the whole file;
        a new instance, so the one given stays as it was."""
        defaults = Settings()
        return replace(
            self,
            theme=self.theme if self.theme in THEMES else defaults.theme,
            language=self.language if self.language in LANGUAGE_CHOICES else defaults.language,
            sound_volume=max(0, min(100, int(self.sound_volume))),
            reminder_lead_min=max(0, min(240, int(self.reminder_lead_min))),
            bedtime_days=tuple(sorted({int(d) for d in self.bedtime_days if 0 <= int(d) <= 6})),
            bedtime=self.bedtime if _is_hhmm(self.bedtime) else defaults.bedtime,
            morning_reminder=(
                self.morning_reminder
                if _is_hhmm(self.morning_reminder)
                else defaults.morning_reminder
            ),
        )


def _is_hhmm(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
        return False
    hh, mm = value[:2], value[3:]
    return hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60


def _from_dict(raw: dict[str, Any]) -> Settings:
    known = {f.name: f for f in fields(Settings)}
    defaults = Settings()
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in known:
            continue  # a setting from a newer version: ignore, keep the rest
        expected = type(getattr(defaults, name))
        if expected is int and isinstance(value, bool):
            raise ValueError(name)
        if expected is tuple and isinstance(value, list):
            value = tuple(value)  # JSON has no tuples: the day list comes back as a list
        if not isinstance(value, expected):
            raise ValueError(name)
        values[name] = value
    return Settings(**values).validated()


def load_settings(path: Path, warn: Any = None) -> Settings:
    """Read settings; on any problem fall back to defaults, keep the bad file aside and warn once."""
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        return _from_dict(raw)
    except (OSError, ValueError, TypeError, UnicodeDecodeError):
        bad = path.with_name(path.name + ".bad")
        try:
            os.replace(path, bad)
            where = f"; it was kept as {bad}"
        except OSError:
            where = ""
        from companion.core.i18n import _  # the one line this warning needs (no import cycle)

        message = (
            _(
                "Your settings file could not be read, so the defaults are used; "
                "it was kept as {path}."
            ).format(path=bad)
            if where
            else _("Your settings file could not be read, so the defaults are used.")
        )
        if warn is not None:
            warn(message)
        return Settings()


def save_settings(settings: Settings, path: Path) -> None:
    """Atomic and owner-only, so a crash never leaves half a settings file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(asdict(settings), indent=2, sort_keys=True), 0o600)
