"""Text the user typed, made safe to show: bidirectional control characters taken out.

A note or a factor label is the user's own text, but it may have come from an imported file. The
Unicode embedding, override and isolate controls (U+202A to U+202E, U+2066 to U+2069) and the
direction marks (U+200E, U+200F, U+061C) are invisible, yet they reorder what is drawn after
them: ``abc\\u202egnp.exe`` is drawn as ``abcexe.png``. Every place that shows such text (the
report, the morning page, Trends through ``stats.factor_label``) passes it through
``without_bidi_controls``; the letters themselves, right-to-left scripts included, are kept and
still run in their natural direction.
"""

from __future__ import annotations

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
)
_DROP = dict.fromkeys(map(ord, BIDI_CONTROLS))


def without_bidi_controls(text: str) -> str:
    """``text`` with every bidirectional control character removed, nothing else changed."""
    return text.translate(_DROP)
