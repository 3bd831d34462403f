from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from companion.core.settings import Settings, load_settings, save_settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.json") == Settings()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    chosen = Settings(theme="day", sound_volume=30, bedtime_days=(0, 2, 4), bedtime="23:15")
    save_settings(chosen, path)
    assert load_settings(path) == chosen
    assert (path.stat().st_mode & 0o777) == 0o600


def test_corrupt_file_falls_back_and_is_kept_as_bad(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ not json", encoding="utf-8")
    warnings: list[str] = []
    assert load_settings(path, warn=warnings.append) == Settings()
    assert len(warnings) == 1 and "defaults" in warnings[0]
    assert (tmp_path / "settings.json.bad").read_text(encoding="utf-8") == "{ not json"
    assert not path.exists()


def test_wrong_types_fall_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"sound_volume": "loud"}), encoding="utf-8")
    warnings: list[str] = []
    assert load_settings(path, warn=warnings.append) == Settings()
    assert warnings


def test_unknown_keys_are_ignored_and_values_clamped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    raw = {"future_setting": 1, "sound_volume": 250, "theme": "neon", "bedtime": "25:99"}
    path.write_text(json.dumps(raw), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.sound_volume == 100
    assert loaded.theme == "auto"
    assert loaded.bedtime == Settings().bedtime


def test_invalid_utf8_falls_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert load_settings(path, warn=lambda _m: None) == Settings()
    assert (tmp_path / "settings.json.bad").exists()


def test_settings_refuse_assignment() -> None:
    """A change is a new instance (AppContext.update_settings), never an edit of a shared one."""
    settings = Settings()
    with pytest.raises(FrozenInstanceError):
        settings.sound_volume = 10  # type: ignore[misc]
    assert settings.sound_volume == Settings().sound_volume


def test_validated_returns_a_new_instance_and_leaves_its_input_unchanged() -> None:
    raw = Settings(theme="neon", sound_volume=250, bedtime_days=(6, 9, 0, 6), bedtime="25:99")
    clean = raw.validated()
    assert (clean.theme, clean.sound_volume, clean.bedtime) == ("auto", 100, Settings().bedtime)
    assert clean.bedtime_days == (0, 6)
    assert (raw.theme, raw.sound_volume, raw.bedtime) == ("neon", 250, "25:99")
    assert raw.bedtime_days == (6, 9, 0, 6)


def test_the_day_list_saved_as_json_comes_back_as_a_tuple(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"bedtime_days": [4, 1]}), encoding="utf-8")
    assert load_settings(path).bedtime_days == (1, 4)
