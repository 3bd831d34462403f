"""`bedtime-companion routines [--json]`: built-ins and custom routines, steps and lengths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli import main
from companion.core.routine import BUILTIN_NAMES, Routine, RoutineLibrary, Step

JSON_KEYS = {
    "name",
    "description",
    "builtin",
    "planned_seconds",
    "planned_seconds_without_optional",
    "steps",
}
STEP_KEYS = {
    "id",
    "kind",
    "name",
    "instruction",
    "illustration",
    "hold_s",
    "relax_s",
    "reps",
    "per_side",
    "first_side",
    "duration_s",
    "limb",
    "optional",
    "planned_seconds",
}


def save_custom(data_dir: Path) -> None:
    steps = (
        Step("toe", "stretch", "Toe pull", "Pull your toes.", hold_s=15, reps=2, limb="foot"),
        Step("pos", "card", "Position", "Pillow under your knees."),
    )
    RoutineLibrary(data_dir / "routines.json").save_custom(
        Routine(name="Quick toes", description="Just the toes.", steps=steps)
    )


def test_table_lists_builtins_with_steps_and_lengths(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["routines", "--data-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    for name in BUILTIN_NAMES:
        assert f"{name} (built-in)" in out
    assert "Standard wind-down (built-in) — About 10 minutes, 15 with the optional step" in out
    assert "Standing calf stretch" in out and "hold 10 s, relax 10 s, 3 times" in out
    assert "50 s each side (1 min 40 s in all)" in out  # the same words as Tonight's list
    assert "Foot arch roll" in out and "1 min each side (2 min in all)" in out
    assert "Warm your legs (optional)" in out
    assert "no routines of your own yet" in out
    assert not (tmp_path / "routines.json").exists()


def test_json_is_a_stable_list_including_custom_routines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_custom(tmp_path)
    assert main(["--data-dir", str(tmp_path), "routines", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in data] == [*BUILTIN_NAMES, "Quick toes"]
    assert [r["builtin"] for r in data] == [True, True, True, False]
    for r in data:
        assert set(r) == JSON_KEYS
        assert all(set(s) == STEP_KEYS for s in r["steps"])
        assert r["planned_seconds"] == pytest.approx(sum(s["planned_seconds"] for s in r["steps"]))
    standard = data[0]
    assert standard["planned_seconds"] == 900
    assert standard["planned_seconds_without_optional"] == 600
    custom = data[3]
    assert custom["steps"][0]["hold_s"] == 15 and custom["steps"][0]["limb"] == "foot"
    assert custom["planned_seconds"] == 5 + (15 + 10 + 15) * 2 + 5


def test_table_shows_custom_routines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save_custom(tmp_path)
    assert main(["routines", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Quick toes (your own) — About 2 minutes" in out
    assert "hold 15 s, relax 10 s, 2 times" in out and "40 s each side (1 min 20 s in all)" in out
    assert "read, then tap Done" in out
    assert "no routines of your own" not in out


def test_corrupt_custom_file_warns_once_and_still_lists(tmp_path: Path) -> None:
    (tmp_path / "routines.json").write_text("{oops", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "companion", "routines", "--json", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "could not be read" in result.stderr and "routines.json.bad" in result.stderr
    assert [r["name"] for r in json.loads(result.stdout)] == list(BUILTIN_NAMES)
    assert (tmp_path / "routines.json.bad").read_text(encoding="utf-8") == "{oops"
