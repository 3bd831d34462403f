"""companion/core must stay plain Python: no PySide6, no pyqtgraph, no companion.ui."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "companion" / "core"
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "companion.ui")


def forbidden_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            names = [a.value for a in node.args if isinstance(a, ast.Constant)]
        for name in names:
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                found.append(name)
    return found


def test_detector_catches_a_qt_import() -> None:
    assert forbidden_imports("from PySide6.QtCore import QTimer") == ["PySide6.QtCore"]
    assert forbidden_imports("import pyqtgraph as pg") == ["pyqtgraph"]
    assert forbidden_imports("from companion.ui import theme") == ["companion.ui"]
    assert forbidden_imports("import json") == []


def test_no_core_module_imports_qt_statically() -> None:
    offenders = {
        str(path.relative_to(CORE)): hits
        for path in sorted(CORE.rglob("*.py"))
        if (hits := forbidden_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_importing_all_of_core_loads_no_qt() -> None:
    """Also catches indirect imports (a core module importing a helper that imports Qt)."""
    modules = [
        f"companion.core.{p.stem}" for p in sorted(CORE.glob("*.py")) if p.stem != "__init__"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN[:3]!r} "
        "or m.startswith('companion.ui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=CORE.parents[1],
    )
    assert out.stdout.strip() == ""
