"""The command line's own contract: version, usage errors, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from companion import __version__
from companion.cli import build_parser, main
from companion.commands import CommandError, not_available


def run_cli(*args: str, data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "companion", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bedtime-companion {__version__}"


def test_unknown_subcommand_is_a_usage_error_in_one_sentence() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--from", "2026-13-01"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "2026-13-01" in err and len(err.strip().splitlines()) == 1


def test_reversed_range_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--from", "2026-11-20", "--to", "2026-11-01"])
    assert exit_info.value.code == 2
    assert "after" in capsys.readouterr().err


WINDOW_LINES = [
    [],
    ["--tonight"],
    ["--data-dir", "/somewhere", "--exit-after-show"],
    ["--data-dir=/somewhere", "--mor"],  # an abbreviation, as argparse allows
    ["--demo", "--cramp-now"],
]


@pytest.mark.parametrize("words", WINDOW_LINES)
def test_the_window_options_read_a_line_as_the_whole_parser_does(words: list[str]) -> None:
    """Opening the window builds only its own options (start-up time): they must read every
    window line exactly as the whole command line does."""
    alone = build_parser(commands=False).parse_args(words)
    assert vars(alone) == vars(build_parser().parse_args(words))
    assert alone.command is None


def usage_error(call, capsys: pytest.CaptureFixture[str]) -> tuple[object, str]:
    with pytest.raises(SystemExit) as exit_info:
        call()
    return exit_info.value.code, capsys.readouterr().err


@pytest.mark.parametrize(
    "words", [["--tonight", "--json"], ["--data-dir"], ["--morning", "stats", "--from", "May"]]
)
def test_a_line_the_window_options_do_not_take_is_judged_by_the_whole_parser(
    words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    whole = usage_error(lambda: build_parser().parse_args(words), capsys)
    assert whole[0] == 2 and whole[1]
    assert usage_error(lambda: main(words), capsys) == whole


def test_not_available_mechanism_exits_2() -> None:
    with pytest.raises(CommandError) as info:
        not_available("something")
    assert info.value.code == 2
    assert "not available yet" in str(info.value)


def test_unexpected_errors_never_show_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import companion.commands.routines as routines

    def boom(args: object, paths: object) -> int:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(routines, "run", boom)
    code = main(["routines", "--data-dir", str(tmp_path)])
    assert code == 4
    err = capsys.readouterr().err
    assert "disk on fire" in err and "Traceback" not in err


def test_data_dir_accepted_after_the_subcommand(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    import companion.commands.routines as routines

    seen: dict[str, Path] = {}

    def record(args: object, paths: object) -> int:
        seen["dir"] = paths.data_dir  # type: ignore[attr-defined]
        return 0

    monkeypatch.setattr(routines, "run", record)
    assert main(["routines", "--data-dir", str(tmp_path)]) == 0
    assert seen["dir"] == tmp_path.resolve()
    assert main(["--data-dir", str(tmp_path / "g"), "routines"]) == 0
    assert seen["dir"] == (tmp_path / "g").resolve()


def test_exit_after_show_on_an_empty_data_dir(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(tmp_path / "d"), "--exit-after-show"],
        capture_output=True,
        text=True,
        timeout=90,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "d" / "diary.sqlite3").exists()


def test_demo_opens_on_a_throwaway_diary_and_removes_it(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--demo", "--exit-after-show"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert not list(tmp_path.glob("bedtime-companion-demo-*"))  # cleaned up on exit


def test_no_display_is_one_sentence_not_a_crash() -> None:
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-m", "companion", "--exit-after-show"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no screen" in result.stderr


def test_no_display_reason_rules() -> None:
    from companion.app import no_display_reason

    assert no_display_reason({}, "linux")
    assert no_display_reason({"DISPLAY": ":0"}, "linux") == ""
    assert no_display_reason({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert no_display_reason({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert no_display_reason({}, "win32") == ""
