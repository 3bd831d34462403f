"""Issue 10 fault 9: `export --out` and `report --out` write THROUGH a FIFO or character device
(`--out /dev/stdout` works), follow a symlink deliberately (its target is replaced, the link stays
a link), refuse a socket or folder in one sentence, and never turn a special file into a regular
one. Everything runs in real processes against a real diary.

Safety: as root, today's code renamed a regular file over /dev/stdout itself. The /dev/stdout
test therefore runs the command in a private mount namespace whose /dev is a throwaway folder,
so even a regression cannot touch the machine's /dev.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest

from companion.core.demo import generate_demo
from companion.core.store import Store

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, devices and symlinks")
ROOT = Path(__file__).resolve().parents[2]
GOOD = generate_demo(nights=3, seed=4, today=date(2026, 11, 21))
NO_DISPLAY = {
    k: v
    for k, v in os.environ.items()
    if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    with Store.open(folder / "diary.sqlite3") as store:
        store.merge_import(list(GOOD.nights), list(GOOD.sessions))
    return folder


def cli(data_dir: Path, *args: str, **kwargs) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-m", "companion", "--data-dir", str(data_dir), *args]
    if "stdout" not in kwargs:
        kwargs["capture_output"] = True
    return subprocess.run(cmd, timeout=120, cwd=ROOT, env=NO_DISPLAY, **kwargs)


def nights_in(payload: bytes) -> int:
    return len(json.loads(payload)["nights"])


class FifoReader:
    """Reads a FIFO to its end in a thread, so a large report never fills a pipe buffer."""

    def __init__(self, fifo: Path) -> None:
        self.fifo = fifo
        self.data: list[bytes] = []
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        self.data.append(self.fifo.read_bytes())

    def received(self) -> bytes:
        self.thread.join(timeout=60)
        assert self.data, "nothing came through the FIFO"
        return self.data[0]


def test_fault09_export_writes_through_a_fifo(data_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    done = cli(data_dir, "export", "--out", str(fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert done.returncode == 0, done.stderr
    assert nights_in(reader.received()) == 3
    assert done.stdout.decode() == f"Exported 3 nights to {fifo}.\n"


def test_fault09_report_writes_through_a_fifo(data_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "report-pipe"  # no .pdf ending: a pipe is not a file name to check
    os.mkfifo(fifo)
    reader = FifoReader(fifo)
    done = cli(data_dir, "report", "--out", str(fifo))
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert done.returncode == 0, done.stderr
    received = reader.received()
    assert received.startswith(b"%PDF") and received.rstrip().endswith(b"%%EOF")


def make_null_device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")


def test_fault09_a_character_device_stays_a_device(data_dir: Path, tmp_path: Path) -> None:
    device = tmp_path / "null"
    make_null_device(device)
    for args in (["export", "--out", str(device)], ["report", "--out", str(device)]):
        done = cli(data_dir, *args)
        assert done.returncode == 0, done.stderr
        assert stat.S_ISCHR(os.lstat(device).st_mode), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "null"]


def test_fault09_export_to_dev_fd_1_goes_to_stdout_and_the_line_to_stderr(
    data_dir: Path,
) -> None:
    done = cli(data_dir, "export", "--out", "/dev/fd/1")
    assert done.returncode == 0, done.stderr
    assert nights_in(done.stdout) == 3  # nothing but the export on stdout
    assert done.stderr.decode() == "Exported 3 nights to /dev/fd/1.\n"


def test_fault09_stdout_redirected_into_a_file_is_appended_not_replaced(
    data_dir: Path, tmp_path: Path
) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier line\n")
    with open(log, "ab") as out:
        done = cli(data_dir, "export", "--out", "/dev/fd/1", stdout=out, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr
    text = log.read_bytes()
    assert text.startswith(b"earlier line\n")
    assert nights_in(text.removeprefix(b"earlier line\n")) == 3


def run_with_throwaway_dev(
    data_dir: Path, tmp_path: Path, *args: str
) -> subprocess.CompletedProcess[bytes]:
    """Run the command as the current user; as root, inside a mount namespace whose /dev is a
    folder of ours holding only the stdio links (so the real /dev can never be replaced)."""
    command = [sys.executable, "-m", "companion", "--data-dir", str(data_dir), *args]
    if os.geteuid() != 0:
        return subprocess.run(command, capture_output=True, timeout=120, cwd=ROOT, env=NO_DISPLAY)
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: /dev/stdout could not be protected")
    dev = tmp_path / "dev"
    dev.mkdir()
    for name, fd in (("stdin", 0), ("stdout", 1), ("stderr", 2)):
        (dev / name).symlink_to(f"/proc/self/fd/{fd}")
    (dev / "fd").symlink_to("/proc/self/fd")
    script = 'mount --bind "$0" /dev || exit 97; exec "$@"'
    done = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, str(dev), *command],
        capture_output=True,
        timeout=120,
        cwd=ROOT,
        env=NO_DISPLAY,
    )
    if done.returncode == 97 or b"unshare:" in done.stderr[:200]:
        pytest.skip(f"mount namespaces are not permitted here: {done.stderr[:200]!r}")
    assert (dev / "stdout").is_symlink(), "the command replaced /dev/stdout"
    return done


def test_fault09_export_out_dev_stdout(data_dir: Path, tmp_path: Path) -> None:
    done = run_with_throwaway_dev(data_dir, tmp_path, "export", "--out", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert nights_in(done.stdout) == 3
    assert done.stderr.decode() == "Exported 3 nights to /dev/stdout.\n"


def test_fault09_report_out_dev_stdout(data_dir: Path, tmp_path: Path) -> None:
    done = run_with_throwaway_dev(data_dir, tmp_path, "report", "--out", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF") and done.stdout.rstrip().endswith(b"%%EOF")
    assert done.stderr.decode() == "Report saved to /dev/stdout.\n"


def test_fault09_a_symlink_is_followed_and_stays_a_link(data_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "real" / "diary.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    done = cli(data_dir, "export", "--out", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert nights_in(real.read_bytes()) == 3
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert done.stdout.decode() == f"Exported 3 nights to {real}.\n"
    assert sorted(p.name for p in real.parent.iterdir()) == ["diary.json"]  # no temp left


def test_fault09_a_dangling_symlink_creates_its_target(data_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "report-target.pdf"
    link = tmp_path / "latest.pdf"
    link.symlink_to(real)
    done = cli(data_dir, "report", "--out", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and real.read_bytes().startswith(b"%PDF")


def test_fault09_a_socket_is_refused_and_left_alone(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        server.bind(str(path))
        done = cli(data_dir, "export", "--out", str(path))
        assert done.returncode == 1
        err = done.stderr.decode()
        assert err.count("\n") == 1 and "not a file" in err and str(path) in err
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


def test_fault09_help_says_what_happens_to_special_files() -> None:
    for command in ("export", "report"):
        done = subprocess.run(
            [sys.executable, "-m", "companion", command, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        words = " ".join(done.stdout.split())
        assert "symlink is followed" in words and "/dev/stdout is written through" in words
