"""Issue 10 fault 10: the app never changes the mode of a folder it did not create.

An existing --data-dir (a 1777 or 2770 shared folder, a read-only 500 one) keeps its mode; the
diary files in it are made owner-only, and the person is told once that others can see the
folder (a calm notice in the window, one line on stderr from the commands that write). Only
folders the app creates itself are made 0700.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from companion.core import exchange
from companion.core.demo import generate_demo
from companion.core.store import Store
from companion.paths import make_private_dir

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")

ROOT = Path(__file__).resolve().parents[2]
GOOD = generate_demo(nights=3, seed=9, today=date(2026, 11, 21))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def folder_with_mode(tmp_path: Path, folder_mode: int) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, folder_mode)
    return folder


def export_file(tmp_path: Path) -> Path:
    source = tmp_path / "in.json"
    source.write_text(exchange.export_json(GOOD.nights, GOOD.sessions), encoding="utf-8")
    return source


@pytest.mark.parametrize("folder_mode", [0o1777, 0o2770, 0o755], ids=oct)
def test_fault10_cli_keeps_an_existing_shared_folder_mode(tmp_path: Path, folder_mode: int) -> None:
    folder = folder_with_mode(tmp_path, folder_mode)
    done = run_cli("--data-dir", str(folder), "import", str(export_file(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert mode(folder) == folder_mode
    for path in folder.rglob("*"):
        if path.is_file():
            assert mode(path) == 0o600, path
    assert done.stderr == (
        f"bedtime-companion: Your data folder {folder} can be seen by other people on this "
        "computer; it was left as it is, and your diary files in it can be read by you only.\n"
    )
    assert done.stdout.startswith("Imported 3 nights.")


def test_fault10_an_existing_private_folder_says_nothing(tmp_path: Path) -> None:
    folder = folder_with_mode(tmp_path, 0o711)
    done = run_cli("--data-dir", str(folder), "seed-demo", "--nights", "4")
    assert done.returncode == 0 and done.stderr == ""
    assert mode(folder) == 0o711


def test_fault10_a_read_only_folder_is_not_made_writable(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    with Store.open(folder / "diary.sqlite3") as store:
        store.merge_import(list(GOOD.nights[:1]), [])
    os.chmod(folder, 0o500)
    before = hashlib.sha256((folder / "diary.sqlite3").read_bytes()).hexdigest()
    try:
        done = run_cli("--data-dir", str(folder), "import", str(export_file(tmp_path)))
        assert done.returncode == 3, done.stderr
        assert "read-only" in done.stderr and done.stderr.count("\n") == 1
        assert mode(folder) == 0o500
    finally:
        os.chmod(folder, 0o700)
    assert hashlib.sha256((folder / "diary.sqlite3").read_bytes()).hexdigest() == before


def test_fault10_a_copied_in_world_readable_diary_is_made_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    with Store.open(folder / "diary.sqlite3") as store:
        store.merge_import(list(GOOD.nights[:1]), [])
    os.chmod(folder / "diary.sqlite3", 0o644)
    done = run_cli("--data-dir", str(folder), "import", str(export_file(tmp_path)))
    assert done.returncode == 0, done.stderr
    assert mode(folder / "diary.sqlite3") == 0o600


def test_fault10_folders_the_app_creates_are_0700_parents_too(tmp_path: Path) -> None:
    os.chmod(tmp_path, 0o755)
    old = os.umask(0o022)
    try:
        target = tmp_path / "new" / "deeper" / "data"
        make_private_dir(target)
    finally:
        os.umask(old)
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper", target):
        assert mode(folder) == 0o700, folder
    assert mode(tmp_path) == 0o755  # the existing parent is not ours: left alone


DRIVER = """
import sys
sys.path.insert(0, {root!r})
from companion.ui import main_window
told = []
original = main_window.MainWindow.show_notice
def record(self, text, *args, **kwargs):
    told.append(text)
    return original(self, text, *args, **kwargs)
main_window.MainWindow.show_notice = record
from companion.cli import main
code = main(["--data-dir", sys.argv[1], "--exit-after-show"])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("\\n".join(told))
sys.exit(code)
"""


def test_fault10_the_app_keeps_the_folder_mode_and_says_so_once(tmp_path: Path) -> None:
    folder = folder_with_mode(tmp_path, 0o2770)
    told = tmp_path / "told.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER.format(root=str(ROOT)), str(folder), str(told)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert mode(folder) == 0o2770
    notices = told.read_text(encoding="utf-8").splitlines()
    shared = [n for n in notices if "can be seen by other people" in n]
    assert len(shared) == 1 and str(folder) in shared[0]
    assert mode(folder / "diary.sqlite3") == 0o600
