"""Helpers of the packaging tests (a plain module: two files named conftest.py cannot both be
imported by name)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VERSION = __import__("companion").__version__
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    message = f"{name} is missing: apt-get install {package} (./dev test installs it)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@dataclass(frozen=True)
class Build:
    dist: Path
    bundle: Path  # the PyInstaller output, as packed into the tarball and the .deb
    log: str

    @property
    def tarball(self) -> Path:
        return self.dist / f"bedtime-companion-{VERSION}-linux-x86_64.tar.gz"

    @property
    def deb(self) -> Path:
        return self.dist / f"bedtime-companion_{VERSION}_amd64.deb"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """What `env -i HOME=... PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen` leaves: no .venv anywhere."""
    return {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        **extra,
    }
