"""Desktop integration on Linux (freedesktop.org): menu entry, icon and start at login.

Plain files only, no Qt, so the ``install-desktop`` command and the Settings page share it and
tests can point it at temporary folders. The menu entry goes to $XDG_DATA_HOME/applications, the
icon to the hicolor theme there, and the start-at-login copy to $XDG_CONFIG_HOME/autostart.
``Exec`` names the absolute path of the running ``bedtime-companion`` script when there is one, so
the entry works from a virtual environment that is not on the desktop session's PATH.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from companion import APP_ID
from companion.core.files import write_atomic
from companion.paths import asset

SCRIPT_NAME = "bedtime-companion"
DESKTOP_FILE = f"{APP_ID}.desktop"
ICON_FILE = f"{APP_ID}.svg"
ICON_ASSET = ("icons", "bedtime-companion.svg")

# Characters that force quoting of an Exec argument (Desktop Entry Specification, "Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


@dataclass(frozen=True)
class DesktopPlaces:
    applications: Path
    icons: Path
    autostart: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> DesktopPlaces:
        """The per-user folders named by XDG_DATA_HOME / XDG_CONFIG_HOME (or their defaults)."""
        env = os.environ if env is None else env
        home = Path(env.get("HOME") or Path.home())
        data = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
        config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
        return cls(
            applications=data / "applications",
            icons=data / "icons" / "hicolor" / "scalable" / "apps",
            autostart=config / "autostart",
        )

    @property
    def menu_entry(self) -> Path:
        return self.applications / DESKTOP_FILE

    @property
    def icon(self) -> Path:
        return self.icons / ICON_FILE

    @property
    def autostart_entry(self) -> Path:
        return self.autostart / DESKTOP_FILE


def exec_quote(arg: str) -> str:
    """Quote one Exec argument as the spec asks (and escape for a desktop-file string value)."""
    arg = arg.replace("%", "%%")
    if not arg or any(ch in _RESERVED for ch in arg):
        inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
        arg = f'"{inner}"'
    return arg.replace("\\", "\\\\")  # the string-value escape applies on top


def launch_command() -> list[str]:
    """How to start this installation: its own script by absolute path when it can be found."""
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    candidates = []
    if argv0 is not None and argv0.name == SCRIPT_NAME:
        candidates.append(argv0.resolve())
    candidates.append(Path(sys.executable).parent / SCRIPT_NAME)
    on_path = shutil.which(SCRIPT_NAME)
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate.absolute())]
    return [sys.executable, "-m", "companion"]


def entry_text(command: list[str] | None = None, *, autostart: bool = False) -> str:
    """The bundled .desktop file with Exec lines pointing at ``command``."""
    exec_base = " ".join(exec_quote(part) for part in (command or launch_command()))
    lines = []
    for line in asset(DESKTOP_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec=" + SCRIPT_NAME):
            line = "Exec=" + exec_base + line[len("Exec=" + SCRIPT_NAME) :]
        lines.append(line)
    if autostart:
        # Only the main group matters for autostart; keep it and say it may start at login.
        main = lines[
            : next((i for i, s in enumerate(lines) if s.startswith("[Desktop Action")), None)
        ]
        lines = [s for s in main if not s.startswith("Actions=")]
        while lines and not lines[-1].strip():
            lines.pop()
        lines.append("X-GNOME-Autostart-enabled=true")
    return "\n".join(lines) + "\n"


def _write(path: Path, data: bytes) -> None:
    """Atomic, so a half-written launcher never appears in the menu; readable like any launcher."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, 0o644)


def install_menu_entry(
    places: DesktopPlaces | None = None, command: list[str] | None = None
) -> list[Path]:
    """Add the menu entry and its icon; returns the files written."""
    places = places or DesktopPlaces.from_env()
    _write(places.icon, asset(*ICON_ASSET).read_bytes())
    _write(places.menu_entry, entry_text(command).encode("utf-8"))
    return [places.menu_entry, places.icon]


def remove_menu_entry(places: DesktopPlaces | None = None) -> list[Path]:
    """Remove the menu entry, icon and start-at-login entry; returns the files that were there."""
    places = places or DesktopPlaces.from_env()
    removed = []
    for path in (places.menu_entry, places.icon, places.autostart_entry):
        try:
            path.unlink()
            removed.append(path)
        except FileNotFoundError:
            pass
    return removed


def set_autostart(
    enabled: bool, places: DesktopPlaces | None = None, command: list[str] | None = None
) -> Path | None:
    """Start at login (or not). Returns the autostart file when enabled."""
    places = places or DesktopPlaces.from_env()
    if enabled:
        _write(places.autostart_entry, entry_text(command, autostart=True).encode("utf-8"))
        return places.autostart_entry
    places.autostart_entry.unlink(missing_ok=True)
    return None


def is_installed(places: DesktopPlaces | None = None) -> bool:
    return (places or DesktopPlaces.from_env()).menu_entry.is_file()


def autostart_enabled(places: DesktopPlaces | None = None) -> bool:
    return (places or DesktopPlaces.from_env()).autostart_entry.is_file()
