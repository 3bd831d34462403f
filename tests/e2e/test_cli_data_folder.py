"""Issue 10 fault 7: a data folder that is a regular file (or lies below one) is a usage error:
exit 2 and one plain sentence, for every command and for the window, and the file is untouched.
It used to end in exit 4 (FileExistsError / NotADirectoryError), or silently read no diary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli import main

ROOT = Path(__file__).resolve().parents[2]
CONTENT = b"this is somebody's file, not a folder\n"

COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["export"],
    ["import", "IN"],
    ["seed-demo", "--nights", "3"],
    ["report", "--out", "OUT.pdf"],
    ["routines"],
]


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_bytes(CONTENT)
    return path


def fill(args: list[str], tmp_path: Path) -> list[str]:
    source = tmp_path / "in.json"
    source.write_text('{"format": "bedtime-companion-diary", "version": 1, "nights": []}')
    return [
        str(source) if a == "IN" else str(tmp_path / "out.pdf") if a == "OUT.pdf" else a
        for a in args
    ]


@pytest.mark.parametrize("below", [False, True], ids=["is-a-file", "below-a-file"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_fault07_data_folder_that_is_a_file_is_exit_2(
    command: list[str], below: bool, a_file: Path, tmp_path: Path, capsys
) -> None:
    folder = a_file / "diary-folder" if below else a_file
    code = main(["--data-dir", str(folder), *fill(command, tmp_path)])
    out, err = capsys.readouterr()
    assert code == 2, err
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("bedtime-companion: The data folder ")
    assert "not a folder" in err and "--data-dir" in err and "Traceback" not in err
    assert str(folder) in err
    assert a_file.read_bytes() == CONTENT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "notes.txt"]


def test_fault07_env_var_naming_a_file_is_exit_2(
    a_file: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("BEDTIME_COMPANION_HOME", str(a_file / "sub"))
    assert main(["stats"]) == 2
    err = capsys.readouterr().err
    assert "BEDTIME_COMPANION_HOME" in err and f"inside {a_file}, which is a file" in err


def test_fault07_the_window_too(a_file: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(a_file), "--exit-after-show"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "is a file, not a folder" in done.stderr
    assert a_file.read_bytes() == CONTENT


def test_fault07_a_missing_folder_below_real_folders_is_still_fine(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "new" / "deeper"), "stats", "--json"]) == 0
    assert '"nights_logged": 0' in capsys.readouterr().out
