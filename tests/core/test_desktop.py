"""Menu entry, icon and start-at-login files, and the install-desktop command."""

from __future__ import annotations

import configparser
import json
import os
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from companion import APP_ID
from companion.desktop import (
    DESKTOP_FILE,
    DesktopPlaces,
    autostart_enabled,
    entry_text,
    exec_quote,
    install_menu_entry,
    is_installed,
    launch_command,
    remove_menu_entry,
    set_autostart,
)
from companion.paths import asset

ROOT = Path(__file__).resolve().parents[2]


def parse(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(text)
    return parser


def test_bundled_entry_follows_the_spec() -> None:
    entry = parse(asset(DESKTOP_FILE).read_text(encoding="utf-8"))
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application"
    assert main["Name"] == "Bedtime Companion"
    assert main["Icon"] == APP_ID
    assert main["Exec"] == "bedtime-companion"
    assert main["Categories"].endswith(";") and "Utility" in main["Categories"].split(";")
    assert main["StartupWMClass"] == "Bedtime Companion"  # Qt's X11 WM_CLASS class
    actions = [a for a in main["Actions"].split(";") if a]
    assert actions == ["CrampNow", "MorningNote"]
    assert entry["Desktop Action CrampNow"]["Exec"] == "bedtime-companion --cramp-now"
    assert entry["Desktop Action MorningNote"]["Exec"] == "bedtime-companion --morning"


def test_icon_is_a_simple_square_svg() -> None:
    root = ET.parse(asset("icons", "bedtime-companion.svg")).getroot()
    assert root.tag.endswith("svg")
    assert root.get("viewBox") == "0 0 128 128"
    # QtSvg renders SVG Tiny: no masks, filters or scripts
    tags = {el.tag.split("}")[-1] for el in root.iter()}
    assert not tags & {"mask", "filter", "script", "foreignObject", "image"}


def test_exec_arguments_are_quoted_as_the_spec_says() -> None:
    assert exec_quote("/usr/bin/bedtime-companion") == "/usr/bin/bedtime-companion"
    assert (
        exec_quote("/home/me/my apps/bedtime-companion") == '"/home/me/my apps/bedtime-companion"'
    )
    # a literal backslash inside a quoted argument takes four backslashes in the file
    assert exec_quote("C:\\x") == '"C:\\\\\\\\x"'
    assert exec_quote('say "hi"') == '"say \\\\"hi\\\\""'
    assert exec_quote("100%") == "100%%"


def test_launch_command_prefers_the_running_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "venv bin" / "bedtime-companion"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(script)])
    assert launch_command() == [str(script)]
    monkeypatch.setattr(sys, "argv", ["-c"])
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    monkeypatch.setattr(sys, "executable", str(tmp_path / "py" / "python3"))
    assert launch_command() == [str(tmp_path / "py" / "python3"), "-m", "companion"]


def test_install_and_remove_menu_entry(tmp_path: Path) -> None:
    places = DesktopPlaces.from_env()
    assert str(places.applications).startswith(os.environ["XDG_DATA_HOME"])
    command = [str(tmp_path / "my apps" / "bedtime-companion")]
    written = install_menu_entry(places, command)
    assert written == [places.menu_entry, places.icon]
    assert places.menu_entry == Path(os.environ["XDG_DATA_HOME"]) / "applications" / DESKTOP_FILE
    assert places.icon.name == f"{APP_ID}.svg" and "hicolor/scalable/apps" in str(places.icon)
    assert places.icon.read_bytes() == asset("icons", "bedtime-companion.svg").read_bytes()
    entry = parse(places.menu_entry.read_text(encoding="utf-8"))
    quoted = exec_quote(command[0])
    assert entry["Desktop Entry"]["Exec"] == quoted
    assert entry["Desktop Action CrampNow"]["Exec"] == f"{quoted} --cramp-now"
    assert stat.S_IMODE(places.menu_entry.stat().st_mode) == 0o644
    assert is_installed(places)
    install_menu_entry(places, command)  # again: same result, no error
    assert remove_menu_entry(places) == [places.menu_entry, places.icon]
    assert not is_installed(places) and not places.icon.exists()
    assert remove_menu_entry(places) == []


def test_start_at_login_writes_and_removes_the_autostart_entry() -> None:
    places = DesktopPlaces.from_env()
    path = set_autostart(True, places, ["/opt/bc/bedtime-companion"])
    assert path == Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / DESKTOP_FILE
    assert autostart_enabled(places)
    entry = parse(path.read_text(encoding="utf-8"))
    assert entry.sections() == ["Desktop Entry"]
    assert entry["Desktop Entry"]["Exec"] == "/opt/bc/bedtime-companion"
    assert entry["Desktop Entry"]["X-GNOME-Autostart-enabled"] == "true"
    assert "Actions" not in entry["Desktop Entry"]
    assert set_autostart(False, places) is None
    assert not autostart_enabled(places)
    set_autostart(False, places)  # already off: fine


def test_entry_text_uses_the_real_script_by_default() -> None:
    text = entry_text()
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line != "Exec=bedtime-companion"  # an absolute path or python -m companion
    assert "/" in exec_line


def run_cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        cwd=ROOT,
    )


def test_install_desktop_command(tmp_path: Path) -> None:
    data = tmp_path / "diary"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"start_at_login": True}))
    places = DesktopPlaces.from_env()
    set_autostart(True, places, ["/x/bedtime-companion"])
    done = run_cli("install-desktop", data_dir=data)
    assert done.returncode == 0, done.stderr
    assert "Added Bedtime Companion" in done.stdout and str(places.menu_entry) in done.stdout
    assert is_installed(places)
    removed = run_cli("install-desktop", "--remove", data_dir=data)
    assert removed.returncode == 0, removed.stderr
    assert not is_installed(places) and not autostart_enabled(places)
    assert json.loads((data / "settings.json").read_text())["start_at_login"] is False
    again = run_cli("install-desktop", "--remove", data_dir=data)
    assert again.returncode == 0 and "nothing was removed" in again.stdout


def test_install_desktop_command_reports_an_unwritable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")  # fails even for root
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    done = run_cli("install-desktop", data_dir=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("bedtime-companion: The menu entry could not be changed")
    assert "Traceback" not in done.stderr
    assert blocker.read_text().startswith("a file")
