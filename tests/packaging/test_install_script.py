"""install.sh from the tarball: menu entry and icon for the current user, upgrade, --uninstall.

Installing again (an upgrade) and uninstalling both leave the diary exactly as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from bundle_support import clean_env, require_tool

from companion import APP_ID

pytestmark = pytest.mark.slow


def sh(cmd: list[str], home: Path) -> str:
    result = subprocess.run(
        cmd, env=clean_env(home), cwd=home, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir()}


def test_install_upgrade_uninstall_keep_the_diary(unpacked: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    dest = home / ".local" / "opt" / "bedtime-companion"
    link = home / ".local" / "bin" / "bedtime-companion"
    entry = home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    icon = home / ".local" / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"

    sh([str(unpacked / "install.sh")], home)
    assert (dest / "bedtime-companion").is_file() and (dest / "install.sh").is_file()
    assert link.is_symlink() and Path(os.readlink(link)) == dest / "bedtime-companion"
    assert icon.is_file()
    text = entry.read_text(encoding="utf-8")
    assert f"Exec={dest}/bedtime-companion\n" in text
    assert f"Exec={dest}/bedtime-companion --cramp-now\n" in text
    validator = require_tool("desktop-file-validate", "desktop-file-utils")
    check = subprocess.run([validator, str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout

    # The menu's command works, and the diary goes to the user's data folder.
    sh([str(link), "--exit-after-show"], home)
    sh([str(link), "seed-demo", "--nights", "30"], home)
    data = home / ".local" / "share" / "bedtime-companion"
    diary = data / "diary.sqlite3"
    before = diary.read_bytes()
    user_files = files_under(data)

    # Installing again (what an upgrade does) replaces the app and nothing of the user's.
    sh([str(unpacked / "install.sh")], home)
    assert diary.read_bytes() == before
    assert json.loads(sh([str(link), "stats", "--json"], home))["nights_logged"] > 20
    before = diary.read_bytes()
    user_files = files_under(data)

    sh([str(dest / "install.sh"), "--uninstall"], home)
    assert not dest.exists() and not link.exists() and not link.is_symlink()
    assert not entry.exists() and not icon.exists()
    assert diary.read_bytes() == before
    assert files_under(data) == user_files
    leftovers = files_under(home) - {f".local/share/bedtime-companion/{f}" for f in user_files}
    assert not {f for f in leftovers if not f.startswith(".config/bedtime-companion/")}


def test_install_script_refuses_unknown_options(unpacked: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(unpacked / "install.sh"), "--frobnicate"],
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "usage" in result.stderr
    assert not (tmp_path / ".local").exists()
