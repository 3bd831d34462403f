"""Test set-up shared by every suite: offscreen Qt, and no test ever touches the real user folders."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia*=false;qt.speech*=false")
# The suite speaks English whatever the machine's language (LANGUAGE outranks LC_ALL and LANG);
# tests of other languages ask for one explicitly.
os.environ["LANGUAGE"] = "en"

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _english_again_after_each_test() -> object:
    """A test that switches the language (or fails inside i18n.using) never leaks it."""
    from companion.core import i18n

    yield
    if i18n.current_language() != "en":
        i18n.set_language("en")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every per-user folder at a temp dir so tests never read or write real settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.delenv("BEDTIME_COMPANION_HOME", raising=False)
    yield home
