"""The command line in the two languages the app ships, as issue 15 asks: a German report,
Spanish help, and exit codes and JSON that do not depend on the language.

These use the compiled catalogs (./dev compiles them before the tests), not the pseudo-locale.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_cli_language import run

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@pytest.fixture(scope="module")
def demo_diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("diary")
    assert run(data, "seed-demo", language="en").returncode == 0
    return data


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_language_de_gives_a_german_report(demo_diary: Path, tmp_path: Path) -> None:
    result = run(demo_diary, "report", "--out", str(tmp_path / "x.pdf"), language="de")
    assert result.returncode == 0, result.stderr
    assert "Bericht gespeichert" in result.stdout.decode()
    text = pdf_text(tmp_path / "x.pdf")
    for german in ("Eingetragene Nächte", "Krämpfe pro Nacht", "Seite 1 von"):
        assert german in text
    for english in ("Nights logged", "Cramps per night", "Page 1 of"):
        assert english not in text


def test_report_language_overrides_the_system(demo_diary: Path, tmp_path: Path) -> None:
    result = run(
        demo_diary, "report", "--language", "es", "--out", str(tmp_path / "x.pdf"), language="de"
    )
    assert result.returncode == 0, result.stderr
    assert "Bericht gespeichert" in result.stdout.decode()  # the command speaks the system's
    text = pdf_text(tmp_path / "x.pdf")  # the report the one asked for
    assert "Noches anotadas" in text and "Calambres por noche" in text
    assert "Eingetragene Nächte" not in text


def test_language_es_gives_spanish_help_with_the_same_exit_code(tmp_path: Path) -> None:
    spanish = run(tmp_path, "--help", language="es")
    english = run(tmp_path, "--help", language="en")
    assert spanish.returncode == english.returncode == 0
    text = spanish.stdout.decode()
    assert text.startswith("uso: ")
    assert "argumentos posicionales" in text and "importa un archivo de diario" in text
    assert "show this help message" not in text and "usage:" not in text


def test_errors_keep_their_exit_codes_in_every_language(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    for language in ("en", "es", "de"):
        usage = run(tmp_path / "d", "report", "--bogus", language=language)
        refused = run(tmp_path / "d", "import", str(bad), language=language)
        assert (usage.returncode, refused.returncode) == (2, 1), language
        assert b"Traceback" not in usage.stderr + refused.stderr


def test_json_is_the_same_in_every_language(demo_diary: Path) -> None:
    outputs = {
        language: (
            run(demo_diary, "stats", "--json", language=language).stdout,
            run(demo_diary, "export", "--format", "json", language=language).stdout,
            run(demo_diary, "experiment", "show", "--json", language=language).stdout,
        )
        for language in ("en", "es", "de")
    }
    assert outputs["en"] == outputs["es"] == outputs["de"]
    json.loads(outputs["de"][0])
