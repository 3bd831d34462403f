"""Issue 10, fault 15: bidi control characters in the user's text are taken out before display."""

from __future__ import annotations

from companion.core import stats
from companion.core.text import BIDI_CONTROLS, without_bidi_controls

LISTED = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)]


def test_fault15_every_bidi_control_is_removed_and_nothing_else() -> None:
    assert set(LISTED) == BIDI_CONTROLS
    assert without_bidi_controls("abc\u202egnp.exe") == "abcgnp.exe"
    assert without_bidi_controls("".join(LISTED) + "x" + "".join(LISTED)) == "x"
    # letters, right-to-left scripts, emoji with joiners, tabs and new lines are the user's text
    kept = "שלום עולם · مرحبا · 👩‍👩‍👧 · tab\there\nnew line · café"
    assert without_bidi_controls(kept) == kept


def test_fault15_custom_factor_labels_come_out_without_bidi_controls() -> None:
    assert stats.factor_label("my\u202eown\u2066 one\u2069") == "myown one"
    assert stats.factor_label("caffeine_late") == "Caffeine late"  # built-in labels unchanged
