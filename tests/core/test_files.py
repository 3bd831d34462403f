from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from companion.core.files import write_atomic


def test_writes_text_and_bytes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    write_atomic(target, "first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]  # no temp file left behind


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_mode_is_owner_only_by_default_and_can_be_chosen(tmp_path: Path) -> None:
    private, public = tmp_path / "p", tmp_path / "q"
    write_atomic(private, "x")
    write_atomic(public, "x", 0o644)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(public.stat().st_mode) == 0o644


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
