"""Issue 12 (logging): no error is swallowed without a trace. A handler that catches everything
(bare ``except``, ``Exception`` or ``BaseException``) must do something, at least log; a body of
only ``pass`` (or ``...``) is what made ``log.exception`` calls and real failures vanish."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "companion"
CATCH_ALL = {"Exception", "BaseException"}


def _catches_everything(handler: ast.ExceptHandler) -> bool:
    kinds = handler.type
    if kinds is None:
        return True
    names = kinds.elts if isinstance(kinds, ast.Tuple) else [kinds]
    return any(isinstance(n, ast.Name) and n.id in CATCH_ALL for n in names)


def _does_nothing(handler: ast.ExceptHandler) -> bool:
    return all(
        isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
        for s in handler.body
    )


def test_issue12_no_catch_all_handler_only_passes() -> None:
    silent = []
    for source in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(source.read_text(encoding="utf-8"), filename=str(source))
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and _catches_everything(node):
                if _does_nothing(node):
                    silent.append(f"{source.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert silent == [], "catch-all handlers that swallow errors: " + ", ".join(silent)
