"""Compiles the translation catalogs, companion/locale/<lang>/LC_MESSAGES/companion.po -> .mo.

The one implementation behind `./dev` (run, test, package, i18n compile), packaging/build.py and
the wheel's build hook (hatch_build.py). Babel is a development and build tool only; the app reads
the .mo files with the standard library's gettext. Fuzzy entries are left out, so a translation a
translator has not checked never reaches a user (English shows instead).

    python -m scripts.i18n_compile [--statistics]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def catalogs(root: Path = ROOT) -> list[Path]:
    return sorted((root / "companion" / "locale").glob("*/LC_MESSAGES/companion.po"))


def compile_catalogs(root: Path = ROOT, *, statistics: bool = False) -> list[Path]:
    """Writes each .mo next to its .po when the .po is newer (or the .mo is missing)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po_path in catalogs(root):
        mo_path = po_path.with_suffix(".mo")
        if (
            not statistics
            and mo_path.exists()
            and mo_path.stat().st_mtime_ns >= po_path.stat().st_mtime_ns
        ):
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name)
        tmp = mo_path.with_suffix(".mo.tmp")
        with tmp.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        tmp.replace(mo_path)
        written.append(mo_path)
        if statistics:
            entries = [m for m in catalog if m.id]
            done = sum(1 for m in entries if m.string and all(m.string) and not m.fuzzy)
            print(f"{po_path.parent.parent.name}: {done} of {len(entries)} translated")
    return written


if __name__ == "__main__":
    compile_catalogs(statistics="--statistics" in sys.argv[1:])
