"""The standalone bundle, as a user unpacks it from the tarball, with nothing of the build around.

Every run is `env -i HOME=<tmp> PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen`: no .venv, no
PYTHONPATH, no checkout on any path (the tarball is unpacked into a fresh temporary folder).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bundle_support import ROOT, VERSION, Build, clean_env, require_tool

from companion.core.cues import SOUND_FILES
from companion.core.routine import ILLUSTRATIONS

pytestmark = pytest.mark.slow
MiB = 2**20


def run(
    unpacked: Path, home: Path, *args: str, timeout: float = 180
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(unpacked / "bedtime-companion"), *args],
        env=clean_env(home),
        cwd=home,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


@pytest.fixture(scope="module")
def ten_years(unpacked: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder seeded by the bundle itself with ten years of nights."""
    home = tmp_path_factory.mktemp("ten-years")
    data = home / "diary"
    out = ok(run(unpacked, home, "--data-dir", str(data), "seed-demo", "--nights", "3650"))
    assert "example nights" in out
    return data


def test_unpacked_tarball_is_the_bundle_and_its_installer(unpacked: Path) -> None:
    assert (unpacked / "bedtime-companion").is_file()
    assert os.access(unpacked / "bedtime-companion", os.X_OK)
    assert os.access(unpacked / "install.sh", os.X_OK)
    assert (unpacked / "LICENSE").is_file() and (unpacked / "README.txt").is_file()
    assert not any(part == ".venv" for p in unpacked.rglob("*") for part in p.parts)


def test_version(unpacked: Path, home: Path) -> None:
    assert ok(run(unpacked, home, "--version")).strip() == f"bedtime-companion {VERSION}"


def test_opens_and_paints_on_an_empty_data_dir(unpacked: Path, home: Path) -> None:
    data = home / "fresh"
    ok(run(unpacked, home, "--data-dir", str(data), "--exit-after-show"))
    assert (data / "diary.sqlite3").is_file()


def test_opens_and_paints_on_a_ten_year_diary(unpacked: Path, home: Path, ten_years: Path) -> None:
    ok(run(unpacked, home, "--data-dir", str(ten_years), "--exit-after-show"))


def test_default_data_dir_is_under_home(unpacked: Path, home: Path) -> None:
    """No --data-dir: platformdirs inside the bundle finds ~/.local/share like the venv does."""
    ok(run(unpacked, home, "--exit-after-show"))
    assert (home / ".local" / "share" / "bedtime-companion" / "diary.sqlite3").is_file()


def test_stats_json(unpacked: Path, home: Path, ten_years: Path) -> None:
    stats = json.loads(ok(run(unpacked, home, "--data-dir", str(ten_years), "stats", "--json")))
    assert stats["nights_logged"] > 3000
    assert stats["cramps_total"] > 0 and sum(stats["by_area"].values()) == stats["cramps_total"]


def test_report_pdf_reads_back(unpacked: Path, home: Path, ten_years: Path) -> None:
    pdftotext = require_tool("pdftotext", "poppler-utils")
    period = ["--from", "2020-01-01", "--to", "2020-03-31"]  # inside the ten seeded years
    data = ["--data-dir", str(ten_years)]
    stats = json.loads(ok(run(unpacked, home, *data, "stats", *period, "--json")))
    pdf = home / "x.pdf"
    ok(run(unpacked, home, *data, "report", *period, "--out", str(pdf)))
    text = subprocess.run(
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Night leg cramps" in text
    assert "1 Jan 2020 to 31 Mar 2020 (91 nights)" in text
    assert f"{stats['nights_logged']} of 91 nights" in text, "the report's figures are the diary's"
    assert f"{stats['cramps_total']} cramps in all" in text


def test_routines_json_matches_the_source_tree(unpacked: Path, home: Path) -> None:
    frozen = json.loads(ok(run(unpacked, home, "routines", "--json")))
    source = subprocess.run(
        [sys.executable, "-m", "companion", "routines", "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "BEDTIME_COMPANION_HOME": str(home / "venv-data")},
    ).stdout
    assert frozen == json.loads(source)
    assert len([r for r in frozen if r["builtin"]]) == 3


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_round_trip(unpacked: Path, home: Path, ten_years: Path, fmt: str) -> None:
    first = home / f"first.{fmt}"
    ok(
        run(
            unpacked,
            home,
            "--data-dir",
            str(ten_years),
            "export",
            "--format",
            fmt,
            "--out",
            str(first),
        )
    )
    empty = home / "empty"
    ok(run(unpacked, home, "--data-dir", str(empty), "import", str(first)))
    second = home / f"second.{fmt}"
    ok(
        run(
            unpacked,
            home,
            "--data-dir",
            str(empty),
            "export",
            "--format",
            fmt,
            "--out",
            str(second),
        )
    )
    assert first.stat().st_size > 100_000
    assert second.read_bytes() == first.read_bytes()


def test_bad_input_is_one_sentence_not_a_traceback(unpacked: Path, home: Path) -> None:
    bad = home / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    result = run(unpacked, home, "--data-dir", str(home / "d"), "import", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.strip()


# --- what is inside ---------------------------------------------------------------------------


def frozen_assets(unpacked: Path) -> Path:
    return unpacked / "_internal" / "companion" / "assets"


def test_every_asset_is_in_the_frozen_build_byte_for_byte(unpacked: Path) -> None:
    source = ROOT / "assets"
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    frozen = frozen_assets(unpacked)
    assert sorted(p.relative_to(frozen) for p in frozen.rglob("*") if p.is_file()) == files
    for rel in files:
        assert (frozen / rel).read_bytes() == (source / rel).read_bytes(), rel


def test_every_translation_catalog_is_in_the_frozen_build_byte_for_byte(unpacked: Path) -> None:
    """The compiled catalogs of every language the app offers, and Qt's own for its buttons."""
    from companion.core.i18n import LANGUAGES

    for code in (c for c in LANGUAGES if c != "en"):
        rel = Path("locale", code, "LC_MESSAGES", "companion.mo")
        source = ROOT / "companion" / rel
        assert source.is_file(), f"{rel} was not compiled before the build"
        assert (unpacked / "_internal" / "companion" / rel).read_bytes() == source.read_bytes()
        qt = unpacked / "_internal" / "PySide6" / "Qt" / "translations" / f"qtbase_{code}.qm"
        assert qt.is_file(), qt
    frozen_locale = unpacked / "_internal" / "companion" / "locale"
    assert not list(frozen_locale.rglob("*.po")), "the catalog sources stay out of the bundle"


def test_every_asset_the_app_loads_resolves_in_the_bundle(unpacked: Path) -> None:
    """The names the code asks for (chimes, illustrations, icons, routines, the menu entry)."""
    from companion import APP_ID
    from companion.core.routine import BUILTIN_FILES, builtin_routines

    frozen = frozen_assets(unpacked)
    wanted = [Path("sounds", name) for name in SOUND_FILES.values()]
    wanted += [Path("illustrations", f"{stem}.svg") for stem in ILLUSTRATIONS]
    wanted += [Path("routines", name) for name in BUILTIN_FILES]
    for routine in builtin_routines():
        wanted += [
            Path("illustrations", f"{s.illustration}.svg") for s in routine.steps if s.illustration
        ]
    wanted += [
        Path("icons", f"arrow-{d}-{t}.svg") for d in ("up", "down") for t in ("day", "night")
    ]
    wanted += [Path("icons", "bedtime-companion.svg"), Path(f"{APP_ID}.desktop")]
    missing = sorted({str(p) for p in wanted if not (frozen / p).is_file()})
    assert not missing


def test_qt_plugins_the_app_needs_are_there_and_the_unused_parts_are_not(unpacked: Path) -> None:
    qt = unpacked / "_internal" / "PySide6" / "Qt"
    plugins = qt / "plugins"
    for needed in (
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "platforms/libqoffscreen.so",
        "imageformats/libqsvg.so",  # illustrations
        "iconengines/libqsvgicon.so",  # the window and tray icon
        "printsupport/libcupsprintersupport.so",  # printing the report
        "texttospeech/libqtexttospeech_speechd.so",  # spoken guidance
    ):
        assert (plugins / needed).is_file(), needed
    everything = list((unpacked / "_internal").rglob("*"))
    assert not [p for p in everything if p.is_symlink() and not p.exists()], "dangling links"
    names = {p.name for p in everything}
    assert not (qt / "qml").exists()
    # Of Qt's own catalogs, only qtbase in the languages the app speaks (its dialog buttons).
    from companion.core.i18n import LANGUAGES

    wanted = {f"qtbase_{code}.qm" for code in LANGUAGES if code != "en"}
    assert {p.name for p in (qt / "translations").iterdir()} == wanted
    assert not (plugins / "texttospeech" / "libqtexttospeech_mock.so").exists()
    unused = ("WebEngine", "Qml", "Quick", "Pdf", "3D", "Charts", "libavcodec", "OpenGL")
    assert not [n for n in names if any(u in n for u in unused)]
    # pyqtgraph's data files (colour maps, icons) come with it, through its PyInstaller hook.
    assert (unpacked / "_internal" / "pyqtgraph" / "colors" / "maps" / "viridis.csv").is_file()
    for module in ("QtMultimedia", "QtTextToSpeech", "QtSvg", "QtPrintSupport", "QtNetwork"):
        assert f"{module}.abi3.so" in names, module


def test_every_library_in_the_bundle_resolves(unpacked: Path) -> None:
    """A dropped library that something still links would fail only when that part loads."""
    internal = unpacked / "_internal"
    search = [internal, internal / "PySide6" / "Qt" / "lib", internal / "numpy.libs"]
    env = {"LD_LIBRARY_PATH": ":".join(map(str, search)), "PATH": "/usr/bin:/bin"}
    unresolved = []
    for path in unpacked.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.read_bytes()[:4] != b"\x7fELF":
            continue
        out = subprocess.run(["ldd", str(path)], env=env, capture_output=True, text=True).stdout
        unresolved += [
            f"{path.name}: {line.strip()}" for line in out.splitlines() if "not found" in line
        ]
    assert not unresolved


def test_download_sizes_are_under_90_mib(build: Build, unpacked: Path) -> None:
    unpacked_size = sum(p.lstat().st_size for p in unpacked.rglob("*") if not p.is_dir())
    tarball, deb = build.tarball.stat().st_size, build.deb.stat().st_size
    print(
        f"\nbundle unpacked {unpacked_size / MiB:.1f} MiB, tarball {tarball / MiB:.1f} MiB,"
        f" .deb {deb / MiB:.1f} MiB"
    )
    assert tarball < 90 * MiB and deb < 90 * MiB
    assert unpacked_size < 200 * MiB  # the PySide6 wheels alone unpack to over 400 MiB
