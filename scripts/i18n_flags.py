"""After extraction: drop Babel's guessed ``python-format`` flag from texts that use brace fields.

Babel flags any text with something like a %-code as ``python-format``, so "{value} % fewer"
("% f") and "95 % interval" ("% i") get it, and msgfmt -c / pybabel compile then call their
German and Spanish translations broken. The app formats every text that has {fields} with
str.format; only argparse's own messages (no braces) use %-codes, and they keep the flag.

    python -m scripts.i18n_flags companion/locale/companion.pot
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def drop_guessed_percent_flags(path: Path) -> int:
    with path.open("rb") as fh:
        catalog = read_po(fh)
    changed = 0
    for message in catalog:
        if "python-brace-format" in message.flags and "python-format" in message.flags:
            message.flags.discard("python-format")
            changed += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=0, sort_by_file=True)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        drop_guessed_percent_flags(Path(name))
