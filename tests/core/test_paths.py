from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from companion.paths import asset, assets_root, resolve_paths


def test_data_dir_flag_wins_over_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDTIME_COMPANION_HOME", str(tmp_path / "env"))
    paths = resolve_paths(tmp_path / "flag")
    assert paths.data_dir == (tmp_path / "flag").resolve()
    assert paths.config_dir == paths.data_dir


def test_env_var_wins_over_platform_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEDTIME_COMPANION_HOME", str(tmp_path / "env"))
    assert resolve_paths().data_dir == (tmp_path / "env").resolve()


def test_platform_dirs_follow_xdg(_isolated_home: Path) -> None:
    paths = resolve_paths()
    assert paths.data_dir == _isolated_home / "data" / "bedtime-companion"
    assert paths.config_dir == _isolated_home / "config" / "bedtime-companion"
    assert paths.diary.name == "diary.sqlite3"
    assert paths.settings.name == "settings.json"


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_folders_are_created_owner_only(tmp_path: Path) -> None:
    paths = resolve_paths(tmp_path / "a" / "b").ensure()
    mode = stat.S_IMODE(paths.data_dir.stat().st_mode)
    assert mode == 0o700


def test_assets_are_found_from_a_checkout() -> None:
    assert assets_root().is_dir()
    assert asset("routines").is_dir()
