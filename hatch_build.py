"""Compiles the translation catalogs (.po -> .mo) into every wheel, sdist and editable install.

Babel is a build requirement only (pyproject.toml [build-system]); the installed app reads the
.mo files with the standard library's gettext. The compiling itself is scripts/i18n_compile.py,
shared with ./dev and packaging/build.py.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))  # the PEP 517 back end runs elsewhere: make scripts/ importable

from scripts.i18n_compile import compile_catalogs  # noqa: E402


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        compile_catalogs(Path(self.root))
