"""Routines as plain data: steps, validation, the built-in routines and the user's own routines.

A routine is a list of steps. A *stretch* is held and relaxed a number of times (on each side when
``per_side``), an *activity* is one timed block (e.g. rolling the arch over a ball), and a *card*
is something to read and confirm (no timer). The built-ins live as JSON in ``assets/routines/``
so they can be read and reviewed without reading code; the user's own routines are one JSON file
in the data folder, written atomically and readable by the owner only.

The timing layout of a step (get-ready, holds, relaxes between holds, switch-sides) is defined
once here, in ``step_phases``; the session engine plays exactly that layout, so the planned length
shown to the user is the length the engine runs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeGuard

from companion.core.files import write_atomic
from companion.core.i18n import N_, _, number
from companion.paths import asset, make_private_dir

STEP_KINDS = ("stretch", "activity", "card")
SIDES = ("left", "right")
LIMBS = ("leg", "foot")

# Illustration stems the UI draws (assets/illustrations/<stem>.svg).
ILLUSTRATIONS = (
    "settle",
    "heat",
    "standing-calf",
    "standing-hamstring",
    "seated-toe-pull",
    "arch-roll",
    "ankle-circles",
    "water",
    "sleep-position",
    "towel-calf",
    "seated-hamstring",
)

BUILTIN_NAMES = ("Standard wind-down", "Gentle — flare day", "Foot focus")
BUILTIN_FILES = ("standard-wind-down.json", "gentle-flare-day.json", "foot-focus.json")

# Default transition phases; the session engine uses the same defaults.
GET_READY_S = 5.0
SWITCH_S = 5.0

# Validation limits (inclusive).
HOLD_RANGE = (3, 300)
RELAX_RANGE = (0, 300)
REPS_RANGE = (1, 10)
DURATION_RANGE = (5, 1800)
TOTAL_RANGE_S = (60, 3600)
MAX_STEPS = 40
MAX_NAME = 60
MAX_STEP_NAME = 80
MAX_TEXT = 400

CUSTOM_FORMAT = "bedtime-companion-routines"
CUSTOM_VERSION = 1

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")
# "About 10 minutes, 15 with the warm-up." as descriptions once stated it; the app now shows a
# length derived from the steps, so a stated one is dropped rather than left to go stale.
_LENGTH_SENTENCE = re.compile(
    r"\s*\bAbout \d+(?:[–-]\d+)? minutes?(?:,[^.]*?\bwith\b[^.]*)?\.", re.IGNORECASE
)


class RoutineError(ValueError):
    """A routine value is out of range; ``field`` names it, e.g. ``steps[2].hold_s``."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    name: str
    instruction: str
    illustration: str | None = None
    hold_s: int = 10
    relax_s: int = 10
    reps: int = 3
    per_side: bool = True
    first_side: str = "left"
    duration_s: int = 0
    limb: str = "leg"
    optional: bool = False

    def sides(self) -> tuple[str | None, ...]:
        """The sides in the order they are done; ``(None,)`` for a one-round step."""
        if self.kind == "card" or not self.per_side:
            return (None,)
        second = "right" if self.first_side == "left" else "left"
        return (self.first_side, second)


@dataclass(frozen=True)
class Routine:
    name: str
    description: str
    steps: tuple[Step, ...] = field(default_factory=tuple)
    builtin: bool = False

    def planned_seconds(
        self,
        get_ready_s: float = GET_READY_S,
        switch_s: float = SWITCH_S,
        *,
        include_optional: bool = True,
    ) -> float:
        """Sum of all timed phases (get-ready and switch-sides included; cards count 0)."""
        return sum(
            step_seconds(s, get_ready_s, switch_s)
            for s in self.steps
            if include_optional or not s.optional
        )


# --------------------------------------------------------------------------- timing layout


@dataclass(frozen=True)
class PhasePlan:
    """One timed (or card) phase of a step, as the engine will play it."""

    phase: str  # "get_ready" | "hold" | "relax" | "switch_sides" | "activity" | "card"
    side: str | None
    rep: int  # 1-based rep for hold/relax (and the rep a get-ready/switch leads into); else 0
    seconds: float  # 0 for a card


def step_phases(
    step: Step, get_ready_s: float = GET_READY_S, switch_s: float = SWITCH_S
) -> list[PhasePlan]:
    """The phases of one step in order.

    Stretch: get-ready, then per side: hold, relax, hold, ... hold (relax only *between* holds),
    with a switch-sides phase between the sides. Activity: one block per side with a switch
    between. Card: one untimed phase. Phases of zero length are left out.
    """
    out: list[PhasePlan] = []
    if step.kind == "card":
        return [PhasePlan("card", None, 0, 0.0)]
    sides = step.sides()
    if step.kind == "stretch":
        if get_ready_s > 0:
            out.append(PhasePlan("get_ready", sides[0], 1, float(get_ready_s)))
        for i, side in enumerate(sides):
            if i > 0 and switch_s > 0:
                out.append(PhasePlan("switch_sides", side, 1, float(switch_s)))
            for rep in range(1, step.reps + 1):
                out.append(PhasePlan("hold", side, rep, float(step.hold_s)))
                if rep < step.reps and step.relax_s > 0:
                    out.append(PhasePlan("relax", side, rep, float(step.relax_s)))
        return out
    for i, side in enumerate(sides):
        if i > 0 and switch_s > 0:
            out.append(PhasePlan("switch_sides", side, 0, float(switch_s)))
        out.append(PhasePlan("activity", side, 0, float(step.duration_s)))
    return out


def step_seconds(step: Step, get_ready_s: float = GET_READY_S, switch_s: float = SWITCH_S) -> float:
    return sum(p.seconds for p in step_phases(step, get_ready_s, switch_s))


#: Each side of each limb as one whole phrase (adjectives agree with the noun in Spanish:
#: "pierna izquierda", "pie izquierdo"), keyed by (side, limb).
_SIDE_LABELS: dict[tuple[str, str], str] = {
    ("left", "leg"): N_("Left leg"),
    ("right", "leg"): N_("Right leg"),
    ("left", "foot"): N_("Left foot"),
    ("right", "foot"): N_("Right foot"),
}


def side_label(side: str | None, limb: str) -> str | None:
    """'Left leg' / 'Right foot' in the current language; None when the step is not done per
    side."""
    if side is None:
        return None
    return _(_SIDE_LABELS[(side, limb)])


def shown(routine: Routine) -> Routine:
    """The routine as the person reads it: a built-in's description and step texts in the
    current language (its ``name`` stays the English key, because settings and the diary store
    routines by name); a routine the user made comes back as typed."""
    if not routine.builtin:
        return routine
    return replace(
        routine,
        description=_(routine.description),
        steps=tuple(
            replace(step, name=_(step.name), instruction=_(step.instruction))
            for step in routine.steps
        ),
    )


def routine_title(routine: Routine) -> str:
    """The name to show: a built-in's in the current language, the user's own as typed."""
    return _(routine.name) if routine.builtin else routine.name


def description_without_length(description: str) -> str:
    """A routine's description with any stated length left out (lengths come from the steps)."""
    return " ".join(_LENGTH_SENTENCE.sub("", description).split())


# --------------------------------------------------------------------------- validation


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: object, where: str, max_len: int, *, required: bool = True) -> None:
    if not isinstance(value, str):
        raise RoutineError(where, _("must be text"))
    if required and not value.strip():
        raise RoutineError(where, _("must not be empty"))
    if len(value) > max_len:
        raise RoutineError(where, _("must be at most {n} characters").format(n=max_len))


def _int_range(value: object, where: str, lo: int, hi: int, unit: str) -> None:
    if not _is_int(value) or not lo <= value <= hi:
        shown = repr(value)
        if unit == "seconds":
            # Translators: a step's timing refused, e.g. "must be 3–300 seconds, not 0".
            message = _("must be {lo}–{hi} seconds, not {value}")
        else:
            message = _("must be {lo}–{hi}, not {value}")
        raise RoutineError(where, message.format(lo=lo, hi=hi, value=shown))


def _validate_step(step: object, where: str) -> None:
    if not isinstance(step, Step):
        raise RoutineError(where, _("must be a step"))
    if not isinstance(step.id, str) or not _SLUG.match(step.id):
        raise RoutineError(f"{where}.id", _("must be a short slug like 'standing-calf'"))
    if step.kind not in STEP_KINDS:
        raise RoutineError(
            f"{where}.kind", _("must be one of {values}").format(values=", ".join(STEP_KINDS))
        )
    _text(step.name, f"{where}.name", MAX_STEP_NAME)
    _text(step.instruction, f"{where}.instruction", MAX_TEXT)
    if step.illustration is not None and (
        not isinstance(step.illustration, str) or not _SLUG.match(step.illustration)
    ):
        raise RoutineError(f"{where}.illustration", _("must be an illustration name or empty"))
    for name in ("per_side", "optional"):
        if not isinstance(getattr(step, name), bool):
            raise RoutineError(f"{where}.{name}", _("must be true or false"))
    if step.first_side not in SIDES:
        raise RoutineError(f"{where}.first_side", _("must be 'left' or 'right'"))
    if step.limb not in LIMBS:
        raise RoutineError(f"{where}.limb", _("must be 'leg' or 'foot'"))
    if step.kind == "stretch":
        _int_range(step.hold_s, f"{where}.hold_s", *HOLD_RANGE, "seconds")
        _int_range(step.relax_s, f"{where}.relax_s", *RELAX_RANGE, "seconds")
        _int_range(step.reps, f"{where}.reps", *REPS_RANGE, "")
    elif step.kind == "activity":
        _int_range(step.duration_s, f"{where}.duration_s", *DURATION_RANGE, "seconds")


def validate_routine(routine: Routine) -> None:
    """Raise RoutineError naming the first bad field; a routine that passes can be played."""
    if not isinstance(routine, Routine):
        raise RoutineError("routine", _("must be a routine"))
    _text(routine.name, "name", MAX_NAME)
    _text(routine.description, "description", MAX_TEXT, required=False)
    if not isinstance(routine.steps, (tuple, list)):
        raise RoutineError("steps", _("must be a list of steps"))
    if not routine.steps:
        raise RoutineError("steps", _("a routine needs at least one step"))
    if len(routine.steps) > MAX_STEPS:
        raise RoutineError("steps", _("a routine can have at most {n} steps").format(n=MAX_STEPS))
    for i, step in enumerate(routine.steps):
        _validate_step(step, f"steps[{i}]")
    total = routine.planned_seconds()
    lo, hi = TOTAL_RANGE_S
    if not lo <= total <= hi:
        raise RoutineError(
            "steps",
            _("the routine must last 1–60 minutes in all, not {minutes} minutes").format(
                minutes=number(total / 60, 1)
            ),
        )


# --------------------------------------------------------------------------- JSON shape

_STEP_FIELDS = tuple(f.name for f in fields(Step))
_STEP_DEFAULTS = {f.name: f.default for f in fields(Step)}


def step_to_dict(step: Step) -> dict[str, Any]:
    return {name: getattr(step, name) for name in _STEP_FIELDS}


def routine_to_dict(routine: Routine) -> dict[str, Any]:
    """The JSON shape of assets/routines/*.json (``builtin`` is not stored: it is where it lives)."""
    return {
        "name": routine.name,
        "description": routine.description,
        "steps": [step_to_dict(s) for s in routine.steps],
    }


def _step_from_dict(raw: object, where: str) -> Step:
    if not isinstance(raw, dict):
        raise RoutineError(where, _("must be an object"))
    values: dict[str, Any] = {}
    for name in _STEP_FIELDS:
        if name in raw:
            values[name] = raw[name]
        elif name in ("id", "kind", "name", "instruction"):
            raise RoutineError(f"{where}.{name}", _("is missing"))
        else:
            values[name] = _STEP_DEFAULTS[name]
    if values["illustration"] == "":
        values["illustration"] = None
    step = Step(**values)
    _validate_step(step, where)
    return step


def routine_from_dict(raw: object, *, builtin: bool = False) -> Routine:
    """Build and validate a routine; unknown keys are ignored, a bad value raises RoutineError."""
    if not isinstance(raw, dict):
        raise RoutineError("routine", _("must be a JSON object"))
    name = raw.get("name")
    _text(name, "name", MAX_NAME)
    assert isinstance(name, str)  # _text refused anything else
    description = raw.get("description", "")
    if description is None:
        description = ""
    steps_raw = raw.get("steps")
    if not isinstance(steps_raw, list):
        raise RoutineError("steps", _("must be a list of steps"))
    steps = tuple(_step_from_dict(s, f"steps[{i}]") for i, s in enumerate(steps_raw))
    routine = Routine(name=name.strip(), description=description, steps=steps, builtin=builtin)
    validate_routine(routine)
    return routine


def builtin_routines() -> list[Routine]:
    """The three built-ins, in their fixed order, from assets/routines/."""
    out = []
    for file_name in BUILTIN_FILES:
        path = asset("routines", file_name)
        with open(path, encoding="utf-8") as fh:
            out.append(routine_from_dict(json.load(fh), builtin=True))
    return out


# --------------------------------------------------------------------------- custom routines


def _key(name: str) -> str:
    return name.strip().casefold()


def _free_path(path: Path) -> Path:
    """``path`` if unused, else path.2, path.3, ... so an older kept copy is never overwritten."""
    if not path.exists():
        return path
    n = 2
    while Path(f"{path}.{n}").exists():
        n += 1
    return Path(f"{path}.{n}")


def _write_private_atomic(path: Path, text: str) -> None:
    make_private_dir(path.parent)
    write_atomic(path, text, 0o600)


class RoutineLibrary:
    """Built-in routines plus the user's own, saved in ``custom_path``.

    A file that cannot be read is never fatal: it is moved aside to ``<file>.bad`` (a readable file
    with one bad routine is copied there instead, and the good routines kept) and a plain warning
    is added to ``warnings`` for the app to show.
    """

    def __init__(self, custom_path: Path) -> None:
        self.custom_path = Path(custom_path)
        self.warnings: list[str] = []
        self._builtins = builtin_routines()
        self._custom: list[Routine] = self._load()

    # -- reading

    def _warn(self, text: str) -> None:
        self.warnings.append(text)

    def _load(self) -> list[Routine]:
        path = self.custom_path
        if not path.exists():
            return []
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != CUSTOM_FORMAT:
                raise ValueError(_("it is not a Bedtime Companion routines file"))
            version = raw.get("version")
            if not _is_int(version) or version > CUSTOM_VERSION:
                raise ValueError(
                    _("it has an unknown version ({version})").format(version=repr(version))
                )
            items = raw.get("routines")
            if not isinstance(items, list):
                raise ValueError(_("its routine list is missing"))
        except UnicodeDecodeError:
            self._set_aside(move=True, reason=_("it is not a text file"))
            return []
        except OSError as exc:
            self._set_aside(
                move=True,
                reason=_("the file could not be opened ({reason})").format(reason=exc.strerror),
            )
            return []
        except ValueError as exc:
            reason = (
                _("it is not valid JSON (line {line})").format(line=exc.lineno)
                if isinstance(exc, json.JSONDecodeError)
                else str(exc)
            )
            self._set_aside(move=True, reason=reason)
            return []
        routines: list[Routine] = []
        problems: list[str] = []
        taken = {_key(r.name) for r in self._builtins}
        for i, item in enumerate(items):
            label = item.get("name") if isinstance(item, dict) else None
            named = isinstance(label, str) and bool(label.strip())
            try:
                routine = routine_from_dict(item)
            except RoutineError as exc:
                if named:
                    problem = _("routine '{name}' ({reason})").format(name=label, reason=exc)
                else:
                    problem = _("routine number {n} ({reason})").format(n=i + 1, reason=exc)
                problems.append(problem)
                continue
            if _key(routine.name) in taken:
                if named:
                    problem = _("routine '{name}' (its name is already used)").format(name=label)
                else:
                    problem = _("routine number {n} (its name is already used)").format(n=i + 1)
                problems.append(problem)
                continue
            taken.add(_key(routine.name))
            routines.append(routine)
        if problems:
            self._set_aside(move=False, reason="; ".join(problems), partial=True)
        return routines

    def _set_aside(self, *, move: bool, reason: str, partial: bool = False) -> None:
        bad = _free_path(self.custom_path.with_name(self.custom_path.name + ".bad"))
        try:
            if move:
                os.replace(self.custom_path, bad)
            else:
                shutil.copy2(self.custom_path, bad)
            kept = _("A copy was kept as {path}.").format(path=bad)
        except OSError as exc:
            kept = _("It could not be set aside either ({reason}).").format(
                reason=exc.strerror or exc
            )
        if partial:
            self._warn(
                _(
                    "Some of your own routines could not be read and were left out: {reason}. "
                    "{kept}"
                ).format(reason=reason, kept=kept)
            )
        else:
            self._warn(
                _(
                    "Your own routines could not be read: {reason}. {kept} "
                    "The built-in routines are ready to use."
                ).format(reason=reason, kept=kept)
            )

    # -- queries

    def all(self) -> list[Routine]:
        """Built-ins first (fixed order), then the user's own in the order they were saved."""
        return [*self._builtins, *self._custom]

    def builtins(self) -> list[Routine]:
        return list(self._builtins)

    def custom(self) -> list[Routine]:
        return list(self._custom)

    def get(self, name: str) -> Routine | None:
        for routine in self.all():
            if routine.name == name:
                return routine
        key = _key(name)
        for routine in self.all():
            if _key(routine.name) == key:
                return routine
        return None

    def __iter__(self) -> Iterator[Routine]:
        return iter(self.all())

    # -- changes

    def save_custom(self, routine: Routine) -> None:
        """Add or replace (same name) one of the user's routines; a built-in's name is refused."""
        routine = replace(
            routine,
            name=routine.name.strip() if isinstance(routine.name, str) else routine.name,
            steps=tuple(routine.steps) if isinstance(routine.steps, list) else routine.steps,
            builtin=False,
        )
        validate_routine(routine)
        key = _key(routine.name)
        if any(_key(b.name) == key for b in self._builtins):
            raise RoutineError(
                "name",
                _("'{name}' is a built-in routine; choose another name for yours").format(
                    name=routine.name
                ),
            )
        custom = [r for r in self._custom if _key(r.name) != key]
        index = next((i for i, r in enumerate(self._custom) if _key(r.name) == key), len(custom))
        custom.insert(index, routine)
        self._write(custom)
        self._custom = custom

    def check_name(self, name: str, *, keeping: str | None = None) -> None:
        """Refuse a name another routine already has, ignoring case (names are unique);
        ``keeping`` is the routine's own current name, which a rename may keep."""
        other = self.get(name.strip())
        if other is not None and (keeping is None or _key(other.name) != _key(keeping)):
            raise RoutineError(
                "name", _("a routine called “{name}” already exists").format(name=other.name)
            )

    def rename_custom(self, old_name: str, routine: Routine) -> None:
        """Save ``routine`` in place of the user's routine ``old_name``, under its new name, in
        one write: the diary of routines never holds both names, nor neither."""
        self.check_name(routine.name, keeping=old_name)
        routine = replace(
            routine,
            name=routine.name.strip(),
            steps=tuple(routine.steps) if isinstance(routine.steps, list) else routine.steps,
            builtin=False,
        )
        validate_routine(routine)
        old_key = _key(old_name)
        index = next((i for i, r in enumerate(self._custom) if _key(r.name) == old_key), None)
        if index is None:
            raise RoutineError(
                "name", _("there is no routine of yours called '{name}'").format(name=old_name)
            )
        custom = list(self._custom)
        custom[index] = routine
        self._write(custom)
        self._custom = custom

    def delete_custom(self, name: str) -> None:
        """Remove one of the user's routines; built-ins cannot be deleted; unknown names do nothing."""
        key = _key(name)
        if any(_key(b.name) == key for b in self._builtins):
            raise RoutineError(
                "name", _("'{name}' is a built-in routine and cannot be deleted").format(name=name)
            )
        custom = [r for r in self._custom if _key(r.name) != key]
        if len(custom) == len(self._custom):
            return
        self._write(custom)
        self._custom = custom

    def duplicate(self, name: str, new_name: str) -> Routine:
        """A custom copy of any routine (the way to edit a built-in)."""
        source = self.get(name)
        if source is None:
            raise RoutineError("name", _("there is no routine called '{name}'").format(name=name))
        if not isinstance(new_name, str) or not new_name.strip():
            raise RoutineError("name", _("must not be empty"))
        self.check_name(new_name)
        copy = replace(
            source,
            name=new_name.strip(),
            description=description_without_length(source.description),
            builtin=False,
        )
        self.save_custom(copy)
        return copy

    def _write(self, custom: list[Routine]) -> None:
        payload = {
            "format": CUSTOM_FORMAT,
            "version": CUSTOM_VERSION,
            "routines": [routine_to_dict(r) for r in custom],
        }
        text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
        _write_private_atomic(self.custom_path, text)
