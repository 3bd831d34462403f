"""Custom routines on disk: atomic, owner-only, built-ins protected, a bad file never fatal."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from companion.core import routine as routine_mod
from companion.core.routine import (
    BUILTIN_NAMES,
    Routine,
    RoutineError,
    RoutineLibrary,
    Step,
    routine_to_dict,
)


def mine(name: str = "My evening", hold: int = 10) -> Routine:
    steps = (
        Step("calf", "stretch", "Calf", "Lean in.", illustration="standing-calf", hold_s=hold),
        Step("card", "card", "Card", "Pillow between your knees."),
    )
    return Routine(name=name, description="Short one.", steps=steps)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "routines.json"


def test_empty_library_is_the_builtins(path: Path) -> None:
    lib = RoutineLibrary(path)
    assert [r.name for r in lib.all()] == list(BUILTIN_NAMES)
    assert lib.warnings == [] and lib.custom() == []
    assert not path.exists()  # listing never creates files


def test_save_reload_private_and_atomic(path: Path) -> None:
    lib = RoutineLibrary(path)
    lib.save_custom(mine())
    assert path.exists()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["routines.json"]  # no temp files left
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == "bedtime-companion-routines" and raw["version"] == 1
    again = RoutineLibrary(path)
    assert [r.name for r in again.all()] == [*BUILTIN_NAMES, "My evening"]
    assert again.get("my evening") == mine()
    assert again.get("My evening").builtin is False  # type: ignore[union-attr]
    assert again.warnings == []


def test_steps_given_as_a_list_are_stored_as_a_tuple(path: Path) -> None:
    lib = RoutineLibrary(path)
    lib.save_custom(Routine(name="Listed", description="", steps=list(mine().steps)))  # type: ignore[arg-type]
    assert RoutineLibrary(path).get("Listed").steps == mine().steps  # type: ignore[union-attr]


def test_save_same_name_replaces_in_place(path: Path) -> None:
    lib = RoutineLibrary(path)
    lib.save_custom(mine("A"))
    lib.save_custom(mine("B"))
    lib.save_custom(mine("a", hold=20))
    names = [r.name for r in RoutineLibrary(path).custom()]
    assert names == ["a", "B"]
    assert RoutineLibrary(path).get("a").steps[0].hold_s == 20  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["Standard wind-down", "foot focus", " Gentle — flare day "])
def test_builtins_cannot_be_overwritten_or_deleted(path: Path, name: str) -> None:
    lib = RoutineLibrary(path)
    with pytest.raises(RoutineError) as info:
        lib.save_custom(mine(name))
    assert info.value.field == "name" and "built-in" in str(info.value)
    with pytest.raises(RoutineError):
        lib.delete_custom(name)
    assert not path.exists()
    assert [r.name for r in lib.all()] == list(BUILTIN_NAMES)


def test_invalid_routine_is_refused_and_nothing_written(path: Path) -> None:
    lib = RoutineLibrary(path)
    with pytest.raises(RoutineError) as info:
        lib.save_custom(mine(hold=1))
    assert info.value.field == "steps[0].hold_s"
    assert not path.exists()


def test_delete_and_duplicate(path: Path) -> None:
    lib = RoutineLibrary(path)
    copy = lib.duplicate("Standard wind-down", "  My wind-down ")
    assert copy.name == "My wind-down" and not copy.builtin
    assert copy.steps == lib.get("Standard wind-down").steps  # type: ignore[union-attr]
    with pytest.raises(RoutineError):
        lib.duplicate("Standard wind-down", "my wind-down")  # name taken
    with pytest.raises(RoutineError):
        lib.duplicate("No such routine", "X")
    with pytest.raises(RoutineError):
        lib.duplicate("Foot focus", "   ")
    assert [r.name for r in RoutineLibrary(path).custom()] == ["My wind-down"]
    lib.delete_custom("my wind-down")
    lib.delete_custom("never existed")  # nothing to do, no error
    assert RoutineLibrary(path).custom() == []


def test_a_failed_write_leaves_the_previous_file(path: Path, monkeypatch) -> None:
    lib = RoutineLibrary(path)
    lib.save_custom(mine("Kept"))
    before = path.read_bytes()

    def broken_replace(src: str, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(routine_mod.os, "replace", broken_replace)
    with pytest.raises(OSError):
        lib.save_custom(mine("Lost"))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["routines.json"]
    assert [r.name for r in lib.custom()] == ["Kept"]  # memory matches disk


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"[]",
        b'{"format": "something-else", "version": 1, "routines": []}',
        b'{"format": "bedtime-companion-routines", "version": 99, "routines": []}',
        b'{"format": "bedtime-companion-routines", "version": 1}',
    ],
)
def test_corrupt_file_is_kept_as_bad_with_a_warning(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    lib = RoutineLibrary(path)
    assert [r.name for r in lib.all()] == list(BUILTIN_NAMES)
    assert len(lib.warnings) == 1
    bad = path.with_name("routines.json.bad")
    assert str(bad) in lib.warnings[0] and "could not be read" in lib.warnings[0]
    assert bad.read_bytes() == content
    assert not path.exists()
    lib.save_custom(mine())  # the app carries on and can save again
    assert [r.name for r in RoutineLibrary(path).custom()] == ["My evening"]
    assert bad.read_bytes() == content


def test_a_second_corrupt_file_does_not_overwrite_the_first_bad_copy(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("first", encoding="utf-8")
    RoutineLibrary(path)
    path.write_text("second", encoding="utf-8")
    lib = RoutineLibrary(path)
    assert path.with_name("routines.json.bad").read_text(encoding="utf-8") == "first"
    assert path.with_name("routines.json.bad.2").read_text(encoding="utf-8") == "second"
    assert "routines.json.bad.2" in lib.warnings[0]


def test_one_bad_routine_is_left_out_and_the_rest_kept(path: Path) -> None:
    good = routine_to_dict(mine("Good"))
    bad = routine_to_dict(mine("Broken"))
    bad["steps"][0]["reps"] = 99
    clash = routine_to_dict(mine("Foot focus"))
    payload = {"format": "bedtime-companion-routines", "version": 1}
    payload["routines"] = [good, bad, clash, "nonsense"]  # type: ignore[assignment]
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(payload), encoding="utf-8")
    original = path.read_bytes()
    lib = RoutineLibrary(path)
    assert [r.name for r in lib.custom()] == ["Good"]
    assert lib.get("Foot focus").builtin  # type: ignore[union-attr]
    warning = lib.warnings[0]
    assert "'Broken'" in warning and "steps[0].reps" in warning
    assert "'Foot focus'" in warning and "number 4" in warning
    assert path.with_name("routines.json.bad").read_bytes() == original
    assert path.read_bytes() == original  # untouched until the user saves


def test_unreadable_file_is_not_fatal(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("{}", encoding="utf-8")
    real_read = Path.read_text

    def denied(self: Path, *args: object, **kwargs: object) -> str:
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_read(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "read_text", denied)
    lib = RoutineLibrary(path)
    assert [r.name for r in lib.all()] == list(BUILTIN_NAMES)
    assert "could not be opened (Permission denied)" in lib.warnings[0]


# ---- unique names and the rename: core operations, one write each -------------------------


def test_check_name_refuses_another_routine_s_name_ignoring_case(path: Path) -> None:
    lib = RoutineLibrary(path)
    lib.save_custom(mine("Mine"))
    with pytest.raises(RoutineError, match="already exists"):
        lib.check_name(" mine ")
    with pytest.raises(RoutineError, match="already exists"):
        lib.check_name(BUILTIN_NAMES[0].upper(), keeping="Mine")
    lib.check_name("MINE", keeping="Mine")  # a routine may keep (or re-case) its own name
    lib.check_name("Something new")


def test_rename_keeps_the_place_and_writes_once(path: Path, monkeypatch) -> None:
    lib = RoutineLibrary(path)
    for name in ("A", "B", "C"):
        lib.save_custom(mine(name))
    writes: list[list[str]] = []
    real = lib._write
    monkeypatch.setattr(
        lib, "_write", lambda custom: (writes.append([r.name for r in custom]), real(custom))
    )
    lib.rename_custom("B", mine("Bee", hold=20))
    assert writes == [["A", "Bee", "C"]]  # never both names, never neither
    again = RoutineLibrary(path)
    assert [r.name for r in again.custom()] == ["A", "Bee", "C"]
    assert again.get("Bee").steps[0].hold_s == 20


def test_rename_changing_only_the_case_keeps_the_routine(path: Path) -> None:
    lib = RoutineLibrary(path)
    lib.save_custom(mine("my evening"))
    lib.rename_custom("my evening", mine("My Evening"))
    assert [r.name for r in RoutineLibrary(path).custom()] == ["My Evening"]


def test_rename_onto_a_taken_name_changes_nothing(path: Path) -> None:
    lib = RoutineLibrary(path)
    lib.save_custom(mine("A"))
    lib.save_custom(mine("B"))
    before = path.read_bytes()
    with pytest.raises(RoutineError, match="already exists"):
        lib.rename_custom("A", mine("b"))
    with pytest.raises(RoutineError):
        lib.rename_custom("A", mine("", hold=20))
    assert path.read_bytes() == before
    assert [r.name for r in lib.custom()] == ["A", "B"]
