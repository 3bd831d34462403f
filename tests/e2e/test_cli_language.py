"""The command line speaks the system's language: real processes under LANGUAGE=pseudo.

The pseudo-locale stands in for Spanish and German until their catalogs come: every marked text
reads like ``⟦Šáṽé~~⟧``, so any plain English word left is text nobody marked. What is not
language (exit codes, ``stats --json``, the exported JSON and CSV) must not change at all.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.cli import main
from companion.core.i18n import (
    PSEUDO_CLOSE,
    PSEUDO_OPEN,
    _,
    current_language,
    pseudo,
    set_language,
)

SUBCOMMANDS = (
    "import",
    "export",
    "stats",
    "report",
    "seed-demo",
    "routines",
    "experiment",
    "install-desktop",
)
EXPERIMENT_ACTIONS = ("start", "show", "stop")
#: Words that stay English on purpose: the command's and actions' names, the id "routine" that
#: --question takes, and the choices' ids (json, csv, system).
KEPT_WORDS = frozenset({*SUBCOMMANDS, *EXPERIMENT_ACTIONS, "routine", "json", "csv", "system"})
_OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
_WORD = re.compile(r"[A-Za-z]{3,}")


def run(data_dir: Path, *args: str, language: str = "pseudo") -> subprocess.CompletedProcess[bytes]:
    """``python -m companion --data-dir DATA ARGS`` with only LANGUAGE naming a language (the
    other locale variables removed, so the machine's own setting cannot leak in) and no
    display (the report picks Qt's offscreen platform itself)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG", "DISPLAY", "WAYLAND_DISPLAY")
    }
    env.pop("QT_QPA_PLATFORM", None)
    env["LANGUAGE"] = language
    cmd = [sys.executable, "-m", "companion", "--data-dir", str(data_dir), *args]
    return subprocess.run(cmd, capture_output=True, timeout=120, env=env)


def outside_pseudo(text: str) -> str:
    """The text with every pseudo-locale span taken out (spans nest when a marked text is
    filled with another)."""
    kept: list[str] = []
    depth = 0
    for ch in text:
        if ch == PSEUDO_OPEN:
            depth += 1
        elif ch == PSEUDO_CLOSE and depth:
            depth -= 1
        elif not depth:
            kept.append(ch)
    return " ".join("".join(kept).split())


def english_left(text: str, *also_kept: str) -> list[str]:
    """Plain English words (ASCII letters, 3 or more) outside the pseudo spans, apart from option
    names, the program's name, ``{a,b}`` choice lists and the words that stay on purpose."""
    rest = outside_pseudo(text)
    for kept in (*also_kept, "bedtime-companion", "Bedtime Companion", *SUBCOMMANDS):
        rest = rest.replace(kept, " ")
    rest = re.sub(r"\{[\w,-]+\}", " ", rest)
    rest = _OPTION.sub(" ", rest)
    return [w for w in _WORD.findall(rest) if w not in KEPT_WORDS]


def marked(english: str) -> str:
    """How the pseudo-locale writes ``english`` inside a longer text (without its brackets and
    padding), to look for a sentence of ours filled with other text."""
    return pseudo(english)[len(PSEUDO_OPEN) :].rstrip(PSEUDO_CLOSE).rstrip("~ ")


@pytest.fixture(scope="module")
def diary(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder with 40 example nights, made once for the module."""
    data = tmp_path_factory.mktemp("language") / "data"
    done = run(data, "seed-demo", "--nights", "40", "--seed", "3", language="en")
    assert done.returncode == 0, done.stderr
    return data


# ---- (a) every --help is in the system's language ---------------------------------------------


HELP_COMMANDS = (
    (),
    *((name,) for name in SUBCOMMANDS),
    *(("experiment", action) for action in EXPERIMENT_ACTIONS),
)


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_every_help_is_in_the_pseudo_locale(command: tuple[str, ...], tmp_path: Path) -> None:
    shown = run(tmp_path, *command, "--help")
    assert shown.returncode == 0, shown.stderr
    text = shown.stdout.decode("utf-8")
    assert PSEUDO_OPEN in text
    # argparse's own words come through our catalog too.
    assert marked("usage: ").strip() in text and marked("options") in text
    assert english_left(text) == [], text


# ---- (b) failures say it in the system's language, with the same exit codes -------------------


def test_a_usage_error_is_pseudo_with_exit_2(tmp_path: Path) -> None:
    english = run(tmp_path, "stats", "--from", "2026-13-01", language="en")
    shown = run(tmp_path, "stats", "--from", "2026-13-01")
    assert english.returncode == shown.returncode == 2
    err = shown.stderr.decode("utf-8")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert english_left(err, "2026-13-01") == [], err
    # argparse's own "the following arguments are required" goes through the catalog too.
    missing = run(tmp_path, "report")
    assert missing.returncode == 2
    assert english_left(missing.stderr.decode("utf-8")) == [], missing.stderr


def test_a_bad_import_is_pseudo_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    english = run(tmp_path / "data", "import", str(bad), language="en")
    shown = run(tmp_path / "data", "import", str(bad))
    assert english.returncode == shown.returncode == 1
    assert "Nothing was imported." in english.stderr.decode("utf-8")
    err = shown.stderr.decode("utf-8")
    assert marked("Nothing was imported.") in err
    assert "Nothing was imported" not in err
    assert not (tmp_path / "data" / "diary.sqlite3").exists()


def test_a_refused_out_is_pseudo_with_exit_1(diary: Path, tmp_path: Path) -> None:
    target = diary / "diary.sqlite3"
    before = target.read_bytes()
    english = run(diary, "export", "--out", str(target), language="en")
    shown = run(diary, "export", "--out", str(target))
    assert english.returncode == shown.returncode == 1
    err = shown.stderr.decode("utf-8")
    assert english_left(err, str(target), str(diary)) == [], err
    report = run(diary, "report", "--out", str(diary / "backups" / "x.pdf"))
    assert report.returncode == 1
    assert (
        english_left(report.stderr.decode("utf-8"), str(diary / "backups" / "x.pdf"), str(diary))
        == []
    )
    assert target.read_bytes() == before


# ---- (c) what is not language stays byte for byte ---------------------------------------------


def test_stats_json_and_export_are_the_same_bytes_in_any_language(
    diary: Path, tmp_path: Path
) -> None:
    # The pseudo-locale is really in use: the readable summary is in it ...
    readable = run(diary, "stats").stdout.decode("utf-8")
    assert marked("Nights logged: {count}").split("{")[0] in readable
    # ... and the JSON, the exports and the exit codes are exactly the English ones.
    for args in (
        ("stats", "--json"),
        ("export", "--format", "json"),
        ("export", "--format", "csv"),
    ):
        english, shown = run(diary, *args, language="en"), run(diary, *args)
        assert english.returncode == shown.returncode == 0
        assert shown.stdout == english.stdout and shown.stdout, args
    out_en, out_pseudo = tmp_path / "en.json", tmp_path / "pseudo.json"
    told_en = run(diary, "export", "--out", str(out_en), language="en")
    told = run(diary, "export", "--out", str(out_pseudo))
    assert out_pseudo.read_bytes() == out_en.read_bytes()
    assert told_en.stdout.decode("utf-8").startswith("Exported 40 nights to ")
    assert marked("Exported {n} nights to {path}.")[:8] in told.stdout.decode("utf-8")


# ---- (d) the report in the language asked for ------------------------------------------------


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed for this test"
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())


def test_report_language_offers_the_app_languages_only(diary: Path, tmp_path: Path) -> None:
    refused = run(diary, "report", "--language", "pseudo", "--out", str(tmp_path / "p.pdf"))
    assert refused.returncode == 2 and not (tmp_path / "p.pdf").exists()
    err = refused.stderr.decode("utf-8")
    assert "{system,en,es,de}" not in err and "'system', 'en', 'es', 'de'" in err
    assert english_left(err, "'pseudo'", "'system', 'en', 'es', 'de'") == [], err


def test_report_in_english_while_the_system_speaks_another(diary: Path, tmp_path: Path) -> None:
    english_pdf = tmp_path / "en.pdf"
    made = run(diary, "report", "--all", "--language", "en", "--out", str(english_pdf))
    assert made.returncode == 0, made.stderr
    # The command itself still speaks the system's language; the report speaks English.
    assert marked("Report saved to {path}.")[:8] in made.stdout.decode("utf-8")
    text = pdf_text(english_pdf)
    assert "Nights logged" in text and "Night leg cramps" in text
    assert PSEUDO_OPEN not in text
    # Without --language the report speaks the system's language, as the command does.
    own_pdf = tmp_path / "own.pdf"
    made = run(diary, "report", "--all", "--out", str(own_pdf))
    assert made.returncode == 0, made.stderr
    own = pdf_text(own_pdf)
    assert PSEUDO_OPEN in own and "Nights logged" not in own


@pytest.fixture
def system_speaks_pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """LANGUAGE=pseudo for an in-process run of the command line; English again afterwards
    (cli.main sets the language for the whole process)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANGUAGE", "pseudo")
    try:
        yield
    finally:
        set_language("en")


def test_the_report_is_made_in_the_language_asked_for(
    diary: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    system_speaks_pseudo: None,
    qapp: object,
) -> None:
    """Whatever the renderer marks, it runs in --language's language (the system's by
    default), and the command goes back to its own language afterwards. (``qapp``: the command
    paints with the test run's one QApplication instead of leaving a bare QGuiApplication
    behind for the widget tests that follow.)"""
    import companion.ui.report as ui_report

    seen: list[tuple[str, str]] = []
    real = ui_report.report_pdf_bytes

    def spy(*args: object, **kwargs: object) -> bytes:
        seen.append((current_language(), _("Nights logged")))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ui_report, "report_pdf_bytes", spy)
    base = ["--data-dir", str(diary), "report", "--all", "--out"]
    assert main([*base, str(tmp_path / "own.pdf")]) == 0
    assert current_language() == "pseudo"
    assert main([*base, str(tmp_path / "en.pdf"), "--language", "en"]) == 0
    assert current_language() == "pseudo"
    assert seen == [("pseudo", pseudo("Nights logged")), ("en", "Nights logged")]


def test_argparse_words_are_spelled_as_argparse_asks_for_them() -> None:
    """A newer Python that rewords a message would silently drop it from our catalog."""
    import argparse

    from companion.argparse_words import MESSAGES

    source = Path(argparse.__file__).read_text(encoding="utf-8")
    missing = [m for m in MESSAGES if repr(m) not in source]
    assert missing == []
    assert "ngettext('expected %s argument',\n" in source


def test_argparse_plurals_come_from_our_catalog(system_speaks_pseudo: None) -> None:
    """The one counted argparse message reads in the language in use, in both forms."""
    from companion.argparse_words import counted_messages

    set_language("pseudo")
    assert counted_messages(1) == [pseudo("expected %s argument")]
    assert counted_messages(3) == [pseudo("expected %s arguments")]
