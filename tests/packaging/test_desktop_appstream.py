"""The .desktop file and the AppStream metainfo pass the validators Debian 12 ships."""

from __future__ import annotations

import configparser
import subprocess
import xml.etree.ElementTree as ET

from bundle_support import ROOT, VERSION, require_tool

from companion import APP_ID

DESKTOP = ROOT / "assets" / f"{APP_ID}.desktop"
METAINFO = ROOT / "assets" / f"{APP_ID}.metainfo.xml"


def test_desktop_file_passes_desktop_file_validate() -> None:
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True)
    # It prints errors and warnings but exits 0 on warnings: any output is a finding.
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_desktop_file_names_a_version_every_supported_validator_knows() -> None:
    """desktop-file-utils 0.26 (Debian 12) knows Version 1.0 to 1.4, not 1.5."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Version"] in {"1.0", "1.1", "1.2", "1.3", "1.4"}
    assert "SingleMainWindow" not in entry  # a 1.5 key: the validator calls it unknown


def test_metainfo_passes_appstreamcli_validate() -> None:
    tool = require_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", "--no-color", str(METAINFO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Only the pedantic note about the capitals in the reverse-DNS id, which must match the
    # .desktop file's name, is accepted.
    findings = [line for line in result.stdout.splitlines() if line[:2] in ("E:", "W:", "I:", "P:")]
    assert all(line.startswith("P:") and "cid-contains-uppercase" in line for line in findings), (
        result.stdout
    )


def test_metainfo_matches_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == DESKTOP.name
    assert root.find("launchable").get("type") == "desktop-id"
    assert root.find("provides/binary").text == "bedtime-companion"
    assert root.findtext("project_license") == "MIT"
    assert root.find("content_rating").get("type") == "oars-1.1"
    releases = [r.get("version") for r in root.findall("releases/release")]
    assert releases and releases[0] == VERSION, "the newest release comes first and is this one"
    assert root.findtext("summary").strip()
    assert root.find("description/p") is not None


def test_license_file_is_the_mit_licence_pyproject_names() -> None:
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT"
    assert meta["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "WITHOUT WARRANTY OF ANY KIND" in text
    assert not any(key in meta for key in ("urls",)), "no invented project URLs"
