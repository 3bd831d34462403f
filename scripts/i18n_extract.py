"""Babel extractor for the built-in routines (``assets/routines/*.json``).

The files keep their English text and stable ids; what is shown is translated with
``companion.core.i18n`` where the routine is drawn, so this lists the texts the catalogs need.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

#: The routine fields people read (ids, kinds and timings are not words).
ROUTINE_TEXT_FIELDS = ("name", "description")
STEP_TEXT_FIELDS = ("name", "instruction")


def extract_routine_json(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    raw = json.loads(fileobj.read().decode("utf-8"))
    for field in ROUTINE_TEXT_FIELDS:
        if raw.get(field):
            yield 1, None, raw[field], [f"Built-in routine {field}."]
    for step in raw.get("steps", []):
        for field in STEP_TEXT_FIELDS:
            if step.get(field):
                yield 1, None, step[field], [f"Step '{step['id']}', {field}."]
