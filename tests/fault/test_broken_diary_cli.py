"""End to end: on a broken diary the commands exit 3 with one plain sentence on stderr, print no
traceback, and leave the file byte for byte as it was."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest

from companion.cli import main
from companion.core.diary import Cramp, Night
from companion.core.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[2]
N = date(2026, 11, 20)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def healthy(path: Path) -> None:
    with Store.open(path) as s:
        s.merge_import(
            [
                Night(
                    night=N - timedelta(days=i), notes="x" * 300, cramps=(Cramp("calf", "left", 4),)
                )
                for i in range(150)
            ],
            [],
        )


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(6000))


def zeros(path: Path) -> None:
    path.write_bytes(b"\x00" * 8192)


def empty(path: Path) -> None:
    path.write_bytes(b"")


def truncated(path: Path) -> None:
    healthy(path)
    with open(path, "r+b") as fh:
        fh.truncate(path.stat().st_size // 2 + 11)


def damaged(path: Path) -> None:
    healthy(path)
    with open(path, "r+b") as fh:
        fh.seek(4096 * 2)
        fh.write(os.urandom(4096))


def newer(path: Path) -> None:
    healthy(path)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


BROKEN = {
    "garbage": garbage,
    "zeros": zeros,
    "empty": empty,
    "truncated": truncated,
    "damaged": damaged,
    "newer": newer,
}


@pytest.fixture
def import_file(tmp_path: Path) -> Path:
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "format": "bedtime-companion-diary",
                "version": 1,
                "nights": [{"night": "2026-12-01", "sleep_quality": 4}],
            }
        )
    )
    return path


def check_refused(code: int, err: str, out: str, diary: Path) -> None:
    assert code == 3, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert str(diary) in lines[0]
    assert lines[0].endswith(".")


@pytest.mark.parametrize("case", sorted(BROKEN))
@pytest.mark.parametrize("command", ["export", "stats", "import"])
def test_a_broken_diary_exits_3_and_stays_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], import_file: Path, case: str, command: str
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    diary = data / "diary.sqlite3"
    BROKEN[case](diary)
    before = sha256(diary)
    argv = ["--data-dir", str(data), command]
    if command == "import":
        argv.append(str(import_file))
    code = main(argv)
    captured = capsys.readouterr()
    check_refused(code, captured.err, captured.out, diary)
    assert captured.out == ""
    assert sha256(diary) == before


def test_import_into_a_read_only_diary_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], import_file: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    diary = data / "diary.sqlite3"
    healthy(diary)
    os.chmod(diary, 0o400)
    before = sha256(diary)
    code = main(["--data-dir", str(data), "import", str(import_file)])
    check_refused(code, capsys.readouterr().err, "", diary)
    assert sha256(diary) == before
    # Export only reads, so it still works on a read-only diary.
    assert main(["--data-dir", str(data), "export", "--format", "json"]) == 0
    exported = json.loads(capsys.readouterr().out)
    assert len(exported["nights"]) == 150
    assert sha256(diary) == before


HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from companion.core.store import Store
    store = Store.open(Path(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.read()
    """
)


def test_import_while_another_instance_holds_the_diary_exits_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], import_file: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    diary = data / "diary.sqlite3"
    healthy(diary)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(diary), str(ROOT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
        before = sha256(diary)
        code = main(["--data-dir", str(data), "import", str(import_file)])
        err = capsys.readouterr().err
        check_refused(code, err, "", diary)
        assert "already open" in err
        assert sha256(diary) == before
    finally:
        holder.communicate("")


def test_a_real_process_prints_one_sentence_and_no_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    diary = data / "diary.sqlite3"
    garbage(diary)
    before = sha256(diary)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data), "export"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    check_refused(proc.returncode, proc.stderr, proc.stdout, diary)
    assert proc.stdout == ""
    assert sha256(diary) == before


@pytest.mark.parametrize("kind", ["newer", "damaged"])
def test_exit_after_show_on_a_broken_diary_exits_3_without_waiting_for_a_dialog(
    tmp_path: Path, kind: str
) -> None:
    """Nobody is there to answer a recovery dialog under --exit-after-show: the app says why on
    stderr and exits 3 instead of waiting for ever, and the diary stays as it was."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    diary = data / "diary.sqlite3"
    BROKEN[kind](diary)
    before = sha256(diary)
    run = subprocess.run(
        [sys.executable, "-m", "companion", "--data-dir", str(data), "--exit-after-show"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    assert str(diary) in run.stderr
    assert sha256(diary) == before
