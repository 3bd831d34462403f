"""Issue 10, fault 15: the morning page shows notes and the user's own factor labels without
bidi control characters (they would reorder what is drawn)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QPushButton

from companion.core.diary import Night
from companion.core.store import Store
from companion.core.text import BIDI_CONTROLS
from companion.ui.context import AppContext
from companion.ui.diary_view import MorningPage, create_page

NIGHT = date(2026, 11, 20)
MORNING = datetime(2026, 11, 21, 7, 30)


@pytest.fixture
def now() -> datetime:
    return MORNING.astimezone()


def test_fault15_notes_and_own_factor_labels_are_shown_without_bidi_controls(
    qtbot, ctx: AppContext, store: Store
) -> None:
    label = "my\u202eown\u2067 one\u2069"
    store.save_night(Night(NIGHT, notes="abc\u202egnp.exe\u200f", factors=(label,)))
    page = create_page(ctx)
    assert isinstance(page, MorningPage)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert page.night == NIGHT
    assert page.notes_edit.toPlainText() == "abcgnp.exe"
    chips = [b for b in page.findChildren(QPushButton) if b.accessibleName().startswith("Factor:")]
    assert chips
    for chip in chips:
        assert not BIDI_CONTROLS & set(chip.text() + chip.accessibleName()), chip.text()
    own = [c for c in chips if "myown one" in c.text()]
    assert own and own[0].isChecked()
    assert own[0].accessibleName() == "Factor: myown one"
    # the night's factor is still the stored one: showing it changed nothing in the diary
    assert page.collect().factors == (label,)
    assert store.get_night(NIGHT).notes == "abc\u202egnp.exe\u200f"
