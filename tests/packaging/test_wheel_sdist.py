"""The PEP 517 wheel and sdist: clean metadata, the assets inside the package, a complete sdist."""

from __future__ import annotations

import email
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from pathlib import Path

import pytest
from bundle_support import IN_CI, ROOT, VERSION


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        import build  # noqa: F401
    except ImportError:
        message = "build is missing: pip install -e '.[package]' (./dev test installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return out


def wheel_metadata(dist: Path) -> tuple[zipfile.ZipFile, Message]:
    wheel = zipfile.ZipFile(dist / f"bedtime_companion-{VERSION}-py3-none-any.whl")
    meta = email.message_from_bytes(wheel.read(f"bedtime_companion-{VERSION}.dist-info/METADATA"))
    return wheel, meta


def test_wheel_metadata_is_complete_and_invents_nothing(dist: Path) -> None:
    wheel, meta = wheel_metadata(dist)
    assert meta["Name"] == "bedtime-companion" and meta["Version"] == VERSION
    assert meta["Summary"] and "fibromyalgia" in meta["Summary"]
    assert meta["Description-Content-Type"] == "text/markdown"
    assert meta.get_payload().lstrip().startswith("# Bedtime Companion")
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    licence = wheel.read(f"bedtime_companion-{VERSION}.dist-info/licenses/LICENSE").decode()
    assert licence.startswith("MIT License")
    classifiers = meta.get_all("Classifier") or []
    assert "Intended Audience :: End Users/Desktop" in classifiers
    assert "Programming Language :: Python :: 3.11" in classifiers
    # No project URLs: there is no public home page to point at, so none is made up.
    assert meta.get_all("Project-URL") is None and meta["Home-page"] is None
    requires = meta.get_all("Requires-Dist") or []
    runtime = sorted(r.split(">")[0].split("<")[0].lower() for r in requires if "extra" not in r)
    assert runtime == ["numpy", "platformdirs", "pyqtgraph", "pyside6-addons", "pyside6-essentials"]


def test_wheel_carries_every_asset_inside_the_package(dist: Path) -> None:
    wheel, _ = wheel_metadata(dist)
    names = set(wheel.namelist())
    expected = {
        "companion/assets/" + p.relative_to(ROOT / "assets").as_posix()
        for p in (ROOT / "assets").rglob("*")
        if p.is_file()
    }
    assert expected <= names, sorted(expected - names)
    assert "companion/assets/org.bedtimecompanion.BedtimeCompanion.metainfo.xml" in names


def test_sdist_builds_the_same_wheel(dist: Path, tmp_path: Path) -> None:
    sdist = dist / f"bedtime_companion-{VERSION}.tar.gz"
    with tarfile.open(sdist) as tar:
        names = set(tar.getnames())
        top = f"bedtime_companion-{VERSION}"
        for needed in (
            "LICENSE",
            "pyproject.toml",
            "README.md",
            "packaging/bedtime-companion.spec",
        ):
            assert f"{top}/{needed}" in names, needed
        tar.extractall(tmp_path, filter="data")
    out = tmp_path / "wheel"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(tmp_path / top),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    rebuilt = zipfile.ZipFile(next(out.glob("*.whl")))
    original, _ = wheel_metadata(dist)
    assert sorted(rebuilt.namelist()) == sorted(original.namelist())
