"""One build per session for the packaging tests, made only when a test asks for it.

The build (`packaging/build.py`, what `./dev package` runs) takes a few minutes, so it happens
once, into a temporary folder. `./dev test` installs the tools the tests need; run by hand without
them a test skips, except in CI (CI=true), where a missing tool fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from bundle_support import IN_CI, ROOT, VERSION, Build, require_tool


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Everything `./dev package` makes, built once per test session."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        message = "PyInstaller is missing: pip install -e '.[package]' (./dev test installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    for tool, package in (("strip", "binutils"), ("readelf", "binutils"), ("dpkg-deb", "dpkg")):
        require_tool(tool, package)
    reuse = os.environ.get("BEDTIME_REUSE_PACKAGE_BUILD")
    if reuse:  # for working on these tests: a folder a previous session's build left behind
        base = Path(reuse)
        return Build(base / "dist", base / "build" / "pyinstaller" / "bedtime-companion", "")
    base = tmp_path_factory.mktemp("package")
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(base / "dist"),
            "--build-dir",
            str(base / "build"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(result.stdout[-1500:])
    return Build(base / "dist", base / "build" / "pyinstaller" / "bedtime-companion", result.stdout)


@pytest.fixture(scope="session")
def unpacked(build: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tarball unpacked somewhere new: what a user gets, with no build or .venv around."""
    where = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(build.tarball) as tar:
        tar.extractall(where, filter="tar")
    return where / f"bedtime-companion-{VERSION}"
