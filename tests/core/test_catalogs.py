"""The Spanish and German catalogs are complete and safe to use (issue 15).

For each language: the .po file parses; no entry is untranslated or fuzzy (a fuzzy header would
stop compiling altogether); every text a fresh extraction of the code finds is in it, so a new
string without its translation fails here and not in front of a user; every translation has
exactly the placeholders of its English original ({name}, {n}, %s, %(x)s), in every plural form,
so that ``.format`` can neither raise nor drop a number; plural entries have as many forms as
the catalog's Plural-Forms header says; and ``--help`` really comes out in the language.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "companion" / "locale"
LANGUAGES = ("es", "de")

# {name}, {n}, {value:,}, {count!r}; %s, %d, %(name)s. A doubled brace is a literal brace.
_PLACEHOLDER = re.compile(
    r"(?<!\{)\{[A-Za-z_][A-Za-z0-9_]*(?:[!:][^{}]*)?\}"
    r"|%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0+]*\d*(?:\.\d+)?[sdifgrx]"
)


def placeholders(text: str) -> set[str]:
    """The fields a text is formatted with, named as written (a format spec counts too)."""
    return set(_PLACEHOLDER.findall(text.replace("{{", "").replace("}}", "")))


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "companion.po"


@cache
def catalog(lang: str) -> Catalog:
    with po_path(lang).open("rb") as fh:
        return read_po(fh, locale=lang)


def _dev_keywords() -> list[str]:
    """The very keyword options ``./dev i18n extract`` passes (read from ./dev, not copied)."""
    text = (ROOT / "dev").read_text(encoding="utf-8")
    line = re.search(r"^I18N_KEYWORDS=\((.*)\)$", text, re.MULTILINE)
    assert line, "./dev has no I18N_KEYWORDS list"
    options: list[str] = []
    for spec in re.findall(r'-k\s+"?([^"\s]+)"?', line.group(1)):
        options += ["-k", spec]
    return options


@cache
def extracted() -> Catalog:
    """A fresh extraction of the code as it is now, with babel.cfg and ./dev's keywords."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "companion.pot"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "babel.messages.frontend",
                "extract",
                "-F",
                "babel.cfg",
                *_dev_keywords(),
                "-o",
                str(out),
                ".",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        with out.open("rb") as fh:
            return read_po(fh)


def _entries(cat: Catalog) -> list[Message]:
    return [m for m in cat if m.id]


def _name(message: Message) -> str:
    first = message.id[0] if isinstance(message.id, tuple) else message.id
    where = f" [{message.context}]" if message.context else ""
    return f"{first[:70]!r}{where}"


def _forms(message: Message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalog_exists_and_parses(lang: str) -> None:
    assert po_path(lang).is_file(), f"no catalog at {po_path(lang).relative_to(ROOT)}"
    cat = catalog(lang)
    assert str(cat.locale) == lang, cat.locale
    assert len(_entries(cat)) > 100, len(_entries(cat))
    assert not cat.fuzzy, "the header is marked fuzzy: pybabel compile would refuse the catalog"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nothing_is_left_untranslated_or_fuzzy(lang: str) -> None:
    cat = catalog(lang)
    untranslated = [_name(m) for m in _entries(cat) if not all(_forms(m))]
    fuzzy = [_name(m) for m in _entries(cat) if m.fuzzy]
    assert untranslated == [], f"{len(untranslated)} untranslated:\n" + "\n".join(untranslated)
    assert fuzzy == [], f"{len(fuzzy)} fuzzy:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_in_the_code_is_in_the_catalog(lang: str) -> None:
    """A text added or changed since the catalog was updated has no translation yet."""
    cat = catalog(lang)
    missing: list[str] = []
    for message in _entries(extracted()):
        found = cat.get(message.id, context=message.context)
        if found is None or not found.id:
            missing.append(_name(message))
        elif isinstance(message.id, tuple) and found.id != message.id:
            missing.append(f"{_name(message)}: plural differs ({found.id!r})")
    assert missing == [], (
        f"{len(missing)} texts of the code are not in {lang} (run ./dev i18n extract and "
        "./dev i18n update, then translate):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_translation_has_the_placeholders_of_its_english(lang: str) -> None:
    """An extra field raises KeyError at .format(); a missing one silently drops a number."""
    faults: list[str] = []
    for message in _entries(catalog(lang)):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for index, form in enumerate(_forms(message)):
            if not form:
                continue  # reported as untranslated
            english = ids[0] if index == 0 or len(ids) == 1 else ids[1]
            want, got = placeholders(english), placeholders(form)
            if want != got:
                faults.append(
                    f"{_name(message)} form {index}: {sorted(got)} instead of {sorted(want)}"
                )
    assert faults == [], "\n".join(faults)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_entries_have_the_number_of_forms_the_header_says(lang: str) -> None:
    cat = catalog(lang)
    header = cat.plural_forms  # e.g. "nplurals=2; plural=(n != 1);"
    assert re.search(r"nplurals=\s*\d+\s*;\s*plural=", header), header
    wanted = cat.num_plurals
    wrong = [
        f"{_name(m)}: {len(_forms(m))} forms"
        for m in _entries(cat)
        if isinstance(m.id, tuple) and len(_forms(m)) != wanted
    ]
    singular_with_forms = [
        _name(m) for m in _entries(cat) if not isinstance(m.id, tuple) and len(_forms(m)) != 1
    ]
    assert wrong == [], f"the header says {wanted} forms:\n" + "\n".join(wrong)
    assert singular_with_forms == []
    assert any(isinstance(m.id, tuple) for m in _entries(cat)), "no plural entries at all?"


def _help(lang: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    }
    env.update(LANGUAGE=lang, LANG="C.UTF-8", COLUMNS="100", PYTHONIOENCODING="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "companion", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())  # argparse wraps lines where the language needs


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_comes_out_in_the_language(lang: str) -> None:
    """LANGUAGE=es/de bedtime-companion --help: the catalog's help texts, not the English."""
    from scripts.i18n_compile import compile_catalogs

    compile_catalogs()  # the .mo the app reads, built as ./dev builds it (only when stale)
    english = _help("en")
    translated = _help(lang)
    assert translated != english
    shown = [
        m
        for m in _entries(catalog(lang))
        if isinstance(m.id, str)
        and len(m.id.split()) >= 3
        and not m.context
        and " ".join(m.id.split()) in english
    ]
    assert len(shown) >= 5, [m.id for m in shown]  # the parser's description, option helps...
    still_english = [m.id for m in shown if " ".join(m.id.split()) in translated]
    not_there = [m.string for m in shown if " ".join(str(m.string).split()) not in translated]
    assert still_english == [], still_english
    assert not_there == [], not_there


def test_placeholders_are_read_as_python_and_printf_write_them() -> None:
    assert placeholders("Saved {count} nights to {path}.") == {"{count}", "{path}"}
    assert placeholders("{value:,} and {n!r}") == {"{value:,}", "{n!r}"}
    assert placeholders("%s of %(total)d, 40%") == {"%s", "%(total)d"}
    assert placeholders("{{literal}} braces") == set()
    assert placeholders("{n} Nacht") != placeholders("eine Nacht")
    assert placeholders("a real 40 % drop") == placeholders("un 40 % de descenso") == set()
