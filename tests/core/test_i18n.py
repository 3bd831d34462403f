"""The translation mechanism itself (companion/core/i18n.py): choosing, plurals, numbers, pseudo."""

from __future__ import annotations

import pytest

from companion.core import i18n


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "es_MX.UTF-8"}, "es"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:es", "LANG": "de_DE.UTF-8"}, "es"),  # LANGUAGE is a list, in order
        ({"LANGUAGE": "fr", "LANG": "de_DE.UTF-8"}, "de"),  # none of LANGUAGE's: go on
        ({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL wins over LANG
        ({"LC_MESSAGES": "de_AT.UTF-8@euro", "LANG": "en_GB.UTF-8"}, "de"),
    ],
)
def test_system_language_follows_gnu_order(environ: dict[str, str], expected: str) -> None:
    assert i18n.system_language(environ) == expected


def test_a_setting_wins_over_the_system_and_system_follows_it() -> None:
    env = {"LANG": "es_ES.UTF-8"}
    assert i18n.resolve_language("de", env) == "de"
    assert i18n.resolve_language("system", env) == "es"
    assert i18n.resolve_language("klingon", env) == "es"


def test_pseudo_keeps_placeholders_and_markup_and_grows() -> None:
    text = "Saved {n} nights to %s at <b>{when:%H:%M}</b> &amp; %(count)d more"
    out = i18n.pseudo(text)
    for kept in ("{n}", "%s", "<b>", "{when:%H:%M}", "</b>", "&amp;", "%(count)d"):
        assert kept in out
    assert "Saved" not in out and "nights" not in out
    assert out.startswith(i18n.PSEUDO_OPEN) and out.endswith(i18n.PSEUDO_CLOSE)
    assert len(out) >= 1.4 * len(text)
    assert "3" in i18n.pseudo("{n} nights").format(n=3)


def test_pseudo_locale_translates_everything_but_number_formats() -> None:
    with i18n.using("pseudo") as code:
        assert code == "pseudo"
        assert i18n._("Save") != "Save"
        assert i18n.counted(3, "{n} night", "{n} nights").startswith("⟦3 ")
        assert i18n.number(1204.5, 1) == "1,204.5"
    assert i18n._("Save") == "Save"  # back to English after the block


def test_counted_picks_the_form_and_formats_the_number() -> None:
    assert i18n.counted(1, "{n} night", "{n} nights") == "1 night"
    assert i18n.counted(0, "{n} night", "{n} nights") == "0 nights"
    assert i18n.counted(1204, "{n} night", "{n} nights") == "1,204 nights"
    assert i18n.counted(1.5, "{n} cramp", "{n} cramps") == "1.5 cramps"
    assert i18n.counted(2.0, "{n} cramp", "{n} cramps") == "2 cramps"


def test_empty_text_stays_empty_not_the_catalog_header() -> None:
    with i18n.using("pseudo"):
        assert i18n._("") == ""


def test_a_missing_catalog_falls_back_to_english(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    assert i18n.set_language("de") == "en"
    assert i18n._("Save") == "Save"
