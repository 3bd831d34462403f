"""Diary import and export: JSON v1 and CSV (DESIGN.md section 4). No Qt here.

Import is all or nothing: the whole file is read (up to ``MAX_FILE_BYTES``), parsed and validated
*before* the diary is touched, then written with one ``store.merge_import`` call. Any
problem raises ``ImportRejected`` with one sentence naming the night (JSON) or the line (CSV) and
the field, e.g. ``Night 2026-11-20, cramps[0].severity: must be from 1 to 10, not 11.``

Export is deterministic (nights by date, cramps in diary order, sessions by start time, fixed key
order, ``ensure_ascii=False``, ``indent=2``), so export -> import into an empty diary -> export is
byte-identical, for JSON and for CSV.

JSON v1 is the documented format plus three keys we write and read back (other readers ignore
them): ``restless_legs`` on nights, ``part_of_night`` on cramps, ``steps_done``/``steps_skipped``
on routine sessions. Every key of a night except ``night`` may be missing or null; unknown keys
are ignored. The personal experiment (DESIGN.md section 8) adds ``habit_done`` on nights and an
optional top-level ``experiments`` list (written only when there is one); an imported experiment
replaces the stored one with the same start. CSV carries ``habit_done`` but no experiments.

CSV layout (UTF-8, comma separated, CRLF line ends, one fixed header row, RFC 4180 quoting):

=====================  =======================================================================
column                 meaning
=====================  =======================================================================
record                 ``night`` (a night without cramps), ``cramp`` (one cramp; its night's
                       fields are repeated on every cramp row) or ``routine_session``
night                  the night's date, YYYY-MM-DD (on session rows: the session's night)
bed_time, wake_time    ISO 8601 date and time with UTC offset, or empty
sleep_quality          1-5 or empty
awakenings             0-50 or empty
morning_soreness       0-10 or empty
stretched              ``true`` / ``false`` / empty (unknown)
restless_legs          ``true`` / ``false`` / empty
habit_done             ``true`` / ``false`` / empty (the experiment's own habit, done or not)
factors, red_flags     lists joined with ``;`` (a ``;`` or ``\\`` inside a label is written
                       ``\\;`` / ``\\\\``)
notes                  free text (may hold line breaks)
cramp_at               ISO 8601 with offset, or empty
cramp_part_of_night    ``early`` / ``middle`` / ``late`` or empty
cramp_area             calf, foot_arch, toes, shin, thigh_front, thigh_back, or foot / thigh
                       when it was not said exactly where
cramp_side             left, right, both, or empty when it was not said
cramp_severity         1-10
cramp_duration_min     minutes, 0-180, decimals allowed, or empty
cramp_relief           list joined with ``;`` (stretch, massage, walk, heat, other)
routine                routine name (session rows)
started_at, ended_at   ISO 8601 with offset (session rows)
completed              ``true`` / ``false`` (session rows)
steps_done,            whole numbers 0-1000 (session rows)
steps_skipped
=====================  =======================================================================

All rows of one night must be next to each other. Cells that would start with ``= + - @``, a tab
or a carriage return (or with an apostrophe) are written with a leading apostrophe so a
spreadsheet never runs them as formulas; import removes that one apostrophe again. On import the
columns may come in any order, unknown columns are ignored and missing ones count as empty; when
there is no ``record`` column a row is a cramp if any ``cramp_*`` cell is filled. A row that fills
in nothing but the night's date (for instance a file whose other columns are all unknown) is
refused, naming its line: it would otherwise become an empty night that looks logged.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from companion.core.diary import (
    MAX_CRAMPS_PER_NIGHT,
    MAX_FACTOR_LABEL,
    MAX_NOTES,
    Cramp,
    Night,
    RoutineSession,
    ValidationError,
    night_of,
    validate_night,
    validate_routine_session,
)
from companion.core.errors import ImportRejected
from companion.core.experiment import Plan, PlanError, check_plan, check_question, plan_to_json
from companion.core.files import write_atomic
from companion.core.i18n import _, counted, number

FORMAT_NAME = "bedtime-companion-diary"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROUTINE_NAME = 200
MIN_YEAR, MAX_YEAR = 1900, 2999
MAX_TIME_TEXT = 64

CSV_COLUMNS: tuple[str, ...] = (
    "record",
    "night",
    "bed_time",
    "wake_time",
    "sleep_quality",
    "awakenings",
    "morning_soreness",
    "stretched",
    "restless_legs",
    "habit_done",
    "factors",
    "red_flags",
    "notes",
    "cramp_at",
    "cramp_part_of_night",
    "cramp_area",
    "cramp_side",
    "cramp_severity",
    "cramp_duration_min",
    "cramp_relief",
    "routine",
    "started_at",
    "ended_at",
    "completed",
    "steps_done",
    "steps_skipped",
)
NIGHT_COLUMNS = CSV_COLUMNS[1 : CSV_COLUMNS.index("cramp_at")]
CRAMP_COLUMNS = CSV_COLUMNS[CSV_COLUMNS.index("cramp_at") : CSV_COLUMNS.index("routine")]
SESSION_COLUMNS = CSV_COLUMNS[CSV_COLUMNS.index("routine") :]
RECORD_KINDS = ("night", "cramp", "routine_session")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_INT_RE = re.compile(r"[+-]?\d{1,9}", re.ASCII)
_NUMBER_RE = re.compile(r"\d{1,9}(\.\d{1,30})?([eE][-+]?\d{1,3})?", re.ASCII)


@dataclass(frozen=True)
class DiaryData:
    """A parsed, fully validated import file, ready to write."""

    nights: tuple[Night, ...]
    sessions: tuple[RoutineSession, ...]
    kind: str  # "json" or "csv"
    experiments: tuple[Plan, ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    """What an import will do: shown to the user before anything is written."""

    added: int
    replaced: int
    sessions: int
    experiments: int = 0

    @property
    def nights(self) -> int:
        return self.added + self.replaced


class _Bad(Exception):
    """A field-level problem; the caller adds where (night or line)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


# --------------------------------------------------------------------------------------------
# small helpers


def _show(value: object, limit: int = 40) -> str:
    """A short, single-line, printable rendering of a bad value for an error sentence."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _sentence(text: str) -> str:
    """One line, ending with a full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def _check_text(value: str, field: str) -> None:
    """Refuse characters that cannot be stored or shown: NUL and lone surrogates."""
    if "\x00" in value:
        raise _Bad(field, _("contains a NUL character"))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(field, _("contains an invalid character (a lone surrogate)")) from None


def _parse_night_date(value: object, field: str = "night") -> date:
    if not isinstance(value, str):
        raise _Bad(
            field, _("must be a date like 2026-11-20, not {value}").format(value=_show(value))
        )
    if not _DATE_RE.fullmatch(value):
        raise _Bad(
            field, _("must be a date like 2026-11-20, not {value}").format(value=_show(value))
        )
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _Bad(field, _("{value} is not a real date").format(value=_show(value))) from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise _Bad(
            field,
            _("must be a date between the years {first} and {last}").format(
                first=MIN_YEAR, last=MAX_YEAR
            ),
        )
    return day


def _parse_moment(value: object, field: str) -> datetime | None:
    """An ISO 8601 date and time that carries its UTC offset, or None for null/empty."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _Bad(
            field, f"must be a date and time like 2026-11-21T02:10:00+01:00, not {_show(value)}"
        )
    if len(value) > MAX_TIME_TEXT or not _DATE_RE.match(value):
        raise _Bad(
            field, f"must be a date and time like 2026-11-21T02:10:00+01:00, not {_show(value)}"
        )
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(
            field, _("{value} is not a real date and time").format(value=_show(value))
        ) from None
    if moment.utcoffset() is None:
        raise _Bad(field, _("must include its UTC offset, e.g. 2026-11-21T02:10:00+01:00"))
    if not MIN_YEAR <= moment.year <= MAX_YEAR:
        raise _Bad(
            field,
            _("must be between the years {first} and {last}").format(first=MIN_YEAR, last=MAX_YEAR),
        )
    return moment


def _string_list(value: object, field: str, limit: int | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Bad(field, _("must be a list, not {value}").format(value=_show(value)))
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise _Bad(f"{field}[{i}]", _("must be text, not {value}").format(value=_show(item)))
        _check_text(item, f"{field}[{i}]")
        if limit is not None and len(item) > limit:
            raise _Bad(f"{field}[{i}]", _("is longer than {n} characters").format(n=limit))
    return tuple(value)


def _from_validation(exc: ValidationError) -> _Bad:
    return _Bad(exc.field, exc.reason)


# --------------------------------------------------------------------------------------------
# reading files


def read_capped(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing (without reading it all) anything over ``limit``."""
    mb = limit // (1024 * 1024)
    try:
        with open(path, "rb") as handle:
            try:
                size = os.fstat(handle.fileno()).st_size
            except OSError:
                size = 0
            if size > limit:
                raise ImportRejected(
                    _("The file is {size} MB; a diary file can be at most {mb} MB.").format(
                        size=number(round(size / (1024 * 1024))), mb=mb
                    )
                )
            data = handle.read(limit + 1)
    except ImportRejected:
        raise
    except IsADirectoryError:
        raise ImportRejected(_("{path} is a folder, not a diary file.").format(path=path)) from None
    except FileNotFoundError:
        raise ImportRejected(_("There is no file at {path}.").format(path=path)) from None
    except PermissionError:
        raise ImportRejected(
            _("The file {path} cannot be read (permission denied).").format(path=path)
        ) from None
    except OSError as exc:
        raise ImportRejected(
            _("The file {path} cannot be read ({reason}).").format(
                path=path, reason=exc.strerror or type(exc).__name__
            )
        ) from None
    if len(data) > limit:
        raise ImportRejected(
            _("The file is larger than {mb} MB, too big to be a diary file.").format(mb=mb)
        )
    return data


def decode_text(data: bytes) -> str:
    """Strict UTF-8 (a BOM is allowed); invalid bytes are refused, never guessed at."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            _("The file is not valid UTF-8 text (a bad byte at position {n}).").format(n=exc.start)
        ) from None


def detect_kind(text: str) -> str:
    """``json`` when the content is a JSON object or array, ``csv`` for a diary CSV header."""
    stripped = text.lstrip()
    if not stripped:
        raise ImportRejected(_("The file is empty; there is nothing to import."))
    if stripped[0] in "{[":
        return "json"
    first_line = stripped.splitlines()[0]
    try:
        header = next(csv.reader([first_line]), [])
    except csv.Error:
        header = []
    if "night" in (cell.strip().lower() for cell in header):
        return "csv"
    raise ImportRejected(
        _(
            "The file is neither a Bedtime Companion JSON diary nor a diary CSV file "
            "(its first line should be the CSV header starting with record,night)."
        )
    )


def parse_bytes(data: bytes) -> DiaryData:
    """Parse and fully validate an import file; raise ImportRejected with one sentence."""
    text = decode_text(data)
    kind = detect_kind(text)
    return parse_json(text) if kind == "json" else parse_csv(text)


def load_file(path: str | os.PathLike[str]) -> DiaryData:
    """Read (capped), detect, parse and validate a JSON or CSV diary file."""
    return parse_bytes(read_capped(path))


# --------------------------------------------------------------------------------------------
# JSON


def parse_json(text: str) -> DiaryData:
    try:
        # NaN/Infinity parse as floats so the field that holds one is named when refusing it.
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            _(
                "The file is not complete, valid JSON ({reason}: line {line}, column {column})."
            ).format(reason=exc.msg, line=exc.lineno, column=exc.colno)
        ) from None
    except RecursionError:
        raise ImportRejected(_("The file is nested too deeply to be a diary file.")) from None
    except ValueError as exc:  # e.g. an integer too long to convert
        raise ImportRejected(
            _sentence(_("The file has a value that is not allowed ({reason})").format(reason=exc))
        ) from None
    if not isinstance(doc, dict):
        raise ImportRejected(
            _(
                "The file is JSON but not a Bedtime Companion diary (it should be one object "
                'with "format": "{format}").'
            ).format(format=FORMAT_NAME)
        )
    if doc.get("format") != FORMAT_NAME:
        raise ImportRejected(
            _(
                'The file is not a Bedtime Companion diary ("format" should be "{format}", '
                "not {value})."
            ).format(format=FORMAT_NAME, value=_show(doc.get("format")))
        )
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ImportRejected(
            _(
                'The diary file has no valid "version" (it should be {version}, not {value}).'
            ).format(version=FORMAT_VERSION, value=_show(version))
        )
    if version > FORMAT_VERSION:
        raise ImportRejected(
            _(
                "The diary file is format version {version}, from a newer Bedtime Companion; "
                "this version reads version {known}. Please update the app."
            ).format(version=version, known=FORMAT_VERSION)
        )
    raw_nights = doc.get("nights")
    if raw_nights is None:
        raw_nights = []
    if not isinstance(raw_nights, list):
        raise ImportRejected(
            _('The file\'s "nights" must be a list, not {value}.').format(value=_show(raw_nights))
        )
    raw_sessions = doc.get("routine_sessions")
    if raw_sessions is None:
        raw_sessions = []
    if not isinstance(raw_sessions, list):
        raise ImportRejected(
            _('The file\'s "routine_sessions" must be a list, not {value}.').format(
                value=_show(raw_sessions)
            )
        )

    nights: list[Night] = []
    seen: dict[date, int] = {}
    for i, raw in enumerate(raw_nights):
        if not isinstance(raw, dict):
            raise ImportRejected(
                _("Night #{n} in the file must be an object, not {value}.").format(
                    n=i + 1, value=_show(raw)
                )
            )
        try:
            day = _parse_night_date(raw.get("night"))
        except _Bad as bad:
            raise ImportRejected(
                _sentence(_("Night #{n} in the file, {bad}").format(n=i + 1, bad=bad))
            ) from None
        if day in seen:
            raise ImportRejected(
                _(
                    "Night {night} appears twice in the file (entries #{first} and #{second})."
                ).format(night=day.isoformat(), first=seen[day] + 1, second=i + 1)
            )
        seen[day] = i
        try:
            nights.append(_night_from_json(day, raw))
        except _Bad as bad:
            raise ImportRejected(
                _sentence(_("Night {night}, {bad}").format(night=day.isoformat(), bad=bad))
            ) from None

    sessions = _sessions_from_rows(
        (
            _("Routine session #{n} in the file").format(n=i + 1),
            # Translators: names the first of two repeated sessions: "(routine session #2)".
            _("routine session #{n}").format(n=i + 1),
            raw,
        )
        for i, raw in enumerate(raw_sessions)
    )
    return DiaryData(tuple(nights), tuple(sessions), "json", _experiments(doc.get("experiments")))


_EXPERIMENT_INTS = ("run_in_nights", "pairs", "block_nights", "washout_nights")


def _experiments(raw_list: object) -> tuple[Plan, ...]:
    """The optional ``experiments`` list; each must be a whole, valid plan (no guessing)."""
    if raw_list is None:
        return ()
    if not isinstance(raw_list, list):
        raise ImportRejected(
            _('The file\'s "experiments" must be a list, not {value}.').format(
                value=_show(raw_list)
            )
        )
    plans: list[Plan] = []
    seen: dict[date, int] = {}
    for i, raw in enumerate(raw_list):
        where = _("Experiment #{n} in the file").format(n=i + 1)
        try:
            plan = _experiment(raw)
        except _Bad as bad:
            raise ImportRejected(
                _sentence(_("{where}, {bad}").format(where=where, bad=bad))
            ) from None
        if plan.start in seen:
            raise ImportRejected(
                _(
                    "Two experiments in the file start on {night} (entries #{first} and #{second})."
                ).format(night=plan.start.isoformat(), first=seen[plan.start] + 1, second=i + 1)
            )
        seen[plan.start] = i
        plans.append(plan)
    return tuple(plans)


def _experiment(raw: object) -> Plan:
    if not isinstance(raw, dict):
        raise _Bad("experiment", _("must be an object, not {value}").format(value=_show(raw)))
    try:
        question = check_question(raw.get("question"))
    except PlanError as exc:
        raise _Bad("question", str(exc).rstrip(".")) from None
    label = raw.get("label")
    if not isinstance(label, str):
        raise _Bad("label", _("must be text, not {value}").format(value=_show(label)))
    _check_text(label, "label")
    numbers: dict[str, int] = {}
    for name in _EXPERIMENT_INTS:
        value = raw.get(name)
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Bad(name, _("must be a whole number, not {value}").format(value=_show(value)))
        numbers[name] = value
    order = raw.get("order")
    if not isinstance(order, list) or not all(item in ("on", "off") for item in order):
        raise _Bad("order", f'must be a list of "on" and "off", not {_show(order)}')
    stopped = raw.get("stopped_on")
    plan = Plan(
        question=question,
        label=label,
        start=_parse_night_date(raw.get("start"), "start"),
        order=tuple(order),
        stopped_on=None if stopped is None else _parse_night_date(stopped, "stopped_on"),
        **numbers,
    )
    try:
        check_plan(plan)
    except PlanError as exc:
        raise _Bad("plan", str(exc).rstrip(".")) from None
    return plan


def _night_from_json(day: date, raw: dict) -> Night:
    notes = raw.get("notes")
    if notes is None:
        notes = ""
    if not isinstance(notes, str):
        raise _Bad("notes", _("must be text, not {value}").format(value=_show(notes)))
    _check_text(notes, "notes")
    if len(notes) > MAX_NOTES:
        raise _Bad(
            "notes",
            _("are at most {n} characters, not {count}").format(
                n=number(MAX_NOTES), count=number(len(notes))
            ),
        )
    factors = _string_list(raw.get("factors"), "factors", MAX_FACTOR_LABEL)
    red_flags = _string_list(raw.get("red_flags"), "red_flags", 40)
    raw_cramps = raw.get("cramps")
    if raw_cramps is None:
        raw_cramps = []
    if not isinstance(raw_cramps, list):
        raise _Bad("cramps", _("must be a list, not {value}").format(value=_show(raw_cramps)))
    if len(raw_cramps) > MAX_CRAMPS_PER_NIGHT:  # refused before 150,000 cramps are parsed
        raise _Bad(
            "cramps",
            _("a night holds at most {most} cramps, not {n}").format(
                most=MAX_CRAMPS_PER_NIGHT, n=number(len(raw_cramps))
            ),
        )
    cramps = []
    for i, rc in enumerate(raw_cramps):
        prefix = f"cramps[{i}]"
        if not isinstance(rc, dict):
            raise _Bad(prefix, _("must be an object, not {value}").format(value=_show(rc)))
        cramps.append(
            _cramp(
                prefix,
                at=_parse_moment(rc.get("at"), f"{prefix}.at"),
                area=rc.get("area"),
                side=rc.get("side"),
                severity=rc.get("severity"),
                duration=rc.get("duration_min"),
                relief=_string_list(rc.get("relief"), f"{prefix}.relief", 40),
                part=rc.get("part_of_night"),
            )
        )
    night = Night(
        night=day,
        bed_time=_parse_moment(raw.get("bed_time"), "bed_time"),
        wake_time=_parse_moment(raw.get("wake_time"), "wake_time"),
        sleep_quality=raw.get("sleep_quality"),
        awakenings=raw.get("awakenings"),
        morning_soreness=raw.get("morning_soreness"),
        stretched=raw.get("stretched"),
        factors=factors,
        red_flags=red_flags,
        notes=notes,
        restless_legs=raw.get("restless_legs"),
        habit_done=raw.get("habit_done"),
        cramps=tuple(cramps),
    )
    _validate(night)
    return night


def _cramp(
    prefix: str,
    *,
    at: datetime | None,
    area: object,
    side: object,
    severity: object,
    duration: object,
    relief: tuple[str, ...],
    part: object,
) -> Cramp:
    """Type checks that diary.validate_cramp would report less precisely (it runs afterwards)."""
    if not isinstance(area, str):
        raise _Bad(f"{prefix}.area", _("is required (text), not {value}").format(value=_show(area)))
    if side is not None and not isinstance(side, str):
        raise _Bad(
            f"{prefix}.side",
            _("must be left, right, both or empty, not {value}").format(value=_show(side)),
        )
    if severity is None:
        raise _Bad(f"{prefix}.severity", _("is required (a whole number from 1 to 10)"))
    if part is not None and not isinstance(part, str):
        raise _Bad(
            f"{prefix}.part_of_night",
            _("must be early, middle or late, not {value}").format(value=_show(part)),
        )
    return Cramp(
        area=area,
        side=side,
        severity=severity,  # type: ignore[arg-type]  # any value: validate_cramp words the refusal
        at=at,
        duration_min=duration,  # type: ignore[arg-type]  # the same
        relief=relief,
        part_of_night=part,
    )


def _validate(night: Night) -> None:
    try:
        validate_night(night)
    except ValidationError as exc:
        raise _from_validation(exc) from None
    except (TypeError, OverflowError) as exc:  # belt and braces: never a traceback
        raise _Bad(
            "night", _("has a value of the wrong kind ({reason})").format(reason=exc)
        ) from None


def _sessions_from_rows(rows: Iterable[tuple[str, str, Any]]) -> list[RoutineSession]:
    """``rows`` are (where, where in short, raw): the place in the file in two forms, for the
    start of a sentence and for the brackets that point back at the first of two repeats."""
    sessions: list[RoutineSession] = []
    seen: dict[tuple[str, datetime, str], str] = {}
    for where, where_short, raw in rows:
        if not isinstance(raw, dict):
            raise ImportRejected(
                _sentence(
                    _("{where} must be an object, not {value}").format(
                        where=where, value=_show(raw)
                    )
                )
            )
        try:
            session = _session(raw)
        except _Bad as bad:
            raise ImportRejected(
                _sentence(_("{where}, {bad}").format(where=where, bad=bad))
            ) from None
        key = (session.routine, session.started_at, session.started_at.isoformat())
        if key in seen:
            raise ImportRejected(
                _sentence(
                    _("{where} repeats the session of {routine} started {start} ({first})").format(
                        where=where,
                        routine=_show(session.routine),
                        start=session.started_at.isoformat(),
                        first=seen[key],
                    )
                )
            )
        seen[key] = where_short
        sessions.append(session)
    return sessions


def _session(raw: dict) -> RoutineSession:
    routine = raw.get("routine")
    if not isinstance(routine, str) or not routine.strip():
        raise _Bad("routine", _("must be a routine name, not {value}").format(value=_show(routine)))
    _check_text(routine, "routine")
    if len(routine) > MAX_ROUTINE_NAME:
        raise _Bad("routine", _("is longer than {n} characters").format(n=MAX_ROUTINE_NAME))
    started = _parse_moment(raw.get("started_at"), "started_at")
    ended = _parse_moment(raw.get("ended_at"), "ended_at")
    if started is None:
        raise _Bad("started_at", _("is required"))
    if ended is None:
        raise _Bad("ended_at", _("is required"))
    completed = raw.get("completed")
    if not isinstance(completed, bool):
        raise _Bad(
            "completed", _("must be true or false, not {value}").format(value=_show(completed))
        )
    counts = {}
    for name in ("steps_done", "steps_skipped"):
        value = raw.get(name)
        counts[name] = 0 if value is None else value
    session = RoutineSession(
        routine=routine,
        started_at=started,
        ended_at=ended,
        completed=completed,
        steps_done=counts["steps_done"],
        steps_skipped=counts["steps_skipped"],
    )
    try:
        validate_routine_session(session)
    except ValidationError as exc:
        raise _from_validation(exc) from None
    except (TypeError, OverflowError) as exc:
        raise _Bad(
            "started_at", _("has a value of the wrong kind ({reason})").format(reason=exc)
        ) from None
    return session


# --------------------------------------------------------------------------------------------
# JSON export


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _number(value: float | int | None) -> float | int | None:
    """Whole minutes as integers so 3 and 3.0 export alike (stores may return either)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def night_to_json(night: Night) -> dict[str, Any]:
    return {
        "night": night.night.isoformat(),
        "bed_time": _moment(night.bed_time),
        "wake_time": _moment(night.wake_time),
        "sleep_quality": night.sleep_quality,
        "awakenings": night.awakenings,
        "morning_soreness": night.morning_soreness,
        "stretched": night.stretched,
        "restless_legs": night.restless_legs,
        "habit_done": night.habit_done,
        "factors": list(night.factors),
        "red_flags": list(night.red_flags),
        "notes": night.notes or "",
        "cramps": [
            {
                "at": _moment(c.at),
                "part_of_night": c.part_of_night,
                "area": c.area,
                "side": c.side,
                "severity": c.severity,
                "duration_min": _number(c.duration_min),
                "relief": list(c.relief),
            }
            for c in night.cramps
        ],
    }


def session_to_json(session: RoutineSession) -> dict[str, Any]:
    return {
        "routine": session.routine,
        "started_at": session.started_at.isoformat(),
        "ended_at": session.ended_at.isoformat(),
        "completed": session.completed,
        "steps_done": session.steps_done,
        "steps_skipped": session.steps_skipped,
    }


def _session_order(session: RoutineSession) -> tuple[datetime, str, str]:
    return (session.started_at, session.started_at.isoformat(), session.routine)


def export_json(
    nights: Sequence[Night], sessions: Sequence[RoutineSession], experiments: Sequence[Plan] = ()
) -> str:
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "nights": [night_to_json(n) for n in sorted(nights, key=lambda n: n.night)],
        "routine_sessions": [session_to_json(s) for s in sorted(sessions, key=_session_order)],
    }
    if experiments:
        doc["experiments"] = [plan_to_json(p) for p in sorted(experiments, key=lambda p: p.start)]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------------------------
# CSV


def _escape_cell(text: str) -> str:
    """A leading apostrophe keeps spreadsheets from running the cell as a formula."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _unescape_cell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _join(items: Iterable[str]) -> str:
    return ";".join(item.replace("\\", "\\\\").replace(";", "\\;") for item in items)


def _split(text: str, field: str) -> tuple[str, ...]:
    if text == "":
        return ()
    items, current, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text) or text[i + 1] not in "\\;":
                raise _Bad(field, _("has a backslash that is not followed by ; or \\"))
            current.append(text[i + 1])
            i += 2
            continue
        if ch == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    items.append("".join(current))
    return tuple(items)


def _bool_cell(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _num_cell(value: float | int | None) -> str:
    value = _number(value)
    return "" if value is None else repr(value)


def _night_cells(night: Night) -> dict[str, str]:
    return {
        "night": night.night.isoformat(),
        "bed_time": _moment(night.bed_time) or "",
        "wake_time": _moment(night.wake_time) or "",
        "sleep_quality": _num_cell(night.sleep_quality),
        "awakenings": _num_cell(night.awakenings),
        "morning_soreness": _num_cell(night.morning_soreness),
        "stretched": _bool_cell(night.stretched),
        "restless_legs": _bool_cell(night.restless_legs),
        "habit_done": _bool_cell(night.habit_done),
        "factors": _join(night.factors),
        "red_flags": _join(night.red_flags),
        "notes": night.notes or "",
    }


def export_csv(nights: Sequence[Night], sessions: Sequence[RoutineSession]) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def write(cells: dict[str, str]) -> None:
        writer.writerow([_escape_cell(cells.get(col, "")) for col in CSV_COLUMNS])

    for night in sorted(nights, key=lambda n: n.night):
        base = _night_cells(night)
        if not night.cramps:
            write({"record": "night", **base})
        for c in night.cramps:
            write(
                {
                    "record": "cramp",
                    **base,
                    "cramp_at": _moment(c.at) or "",
                    "cramp_part_of_night": c.part_of_night or "",
                    "cramp_area": c.area,
                    "cramp_side": c.side or "",
                    "cramp_severity": _num_cell(c.severity),
                    "cramp_duration_min": _num_cell(c.duration_min),
                    "cramp_relief": _join(c.relief),
                }
            )
    for s in sorted(sessions, key=_session_order):
        write(
            {
                "record": "routine_session",
                "night": s.night.isoformat(),
                "routine": s.routine,
                "started_at": s.started_at.isoformat(),
                "ended_at": s.ended_at.isoformat(),
                "completed": _bool_cell(s.completed),
                "steps_done": _num_cell(s.steps_done),
                "steps_skipped": _num_cell(s.steps_skipped),
            }
        )
    return out.getvalue()


def _csv_int(text: str, field: str) -> int | None:
    if text == "":
        return None
    if not _INT_RE.fullmatch(text.strip()):
        raise _Bad(field, _("must be a whole number, not {value}").format(value=_show(text)))
    return int(text.strip())


def _csv_number(text: str, field: str) -> float | int | None:
    if text == "":
        return None
    t = text.strip()
    if not _NUMBER_RE.fullmatch(t):
        raise _Bad(
            field, _("must be a number of minutes like 2.5, not {value}").format(value=_show(text))
        )
    if t.isascii() and t.isdigit():
        return int(t)
    value = float(t)
    if not math.isfinite(value):
        raise _Bad(
            field, _("must be a number of minutes like 2.5, not {value}").format(value=_show(text))
        )
    return value


def _csv_bool(text: str, field: str) -> bool | None:
    low = text.strip().lower()
    if low == "":
        return None
    if low == "true":
        return True
    if low == "false":
        return False
    raise _Bad(field, _("must be true, false or empty, not {value}").format(value=_show(text)))


def _night_key(cells: dict[str, str]) -> tuple[str, ...]:
    return tuple(cells.get(col, "") for col in NIGHT_COLUMNS)


def parse_csv(text: str) -> DiaryData:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header_row = next(reader)
    except StopIteration:
        raise ImportRejected(_("The file is empty; there is nothing to import.")) from None
    except csv.Error as exc:
        raise ImportRejected(
            _sentence(_("Line 1 of the CSV file cannot be read ({reason})").format(reason=exc))
        ) from None
    header = [_unescape_cell(h).strip().lower() for h in header_row]
    if "night" not in header:
        raise ImportRejected(_("The CSV file has no night column in its first line."))
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise ImportRejected(
            _sentence(
                _("The CSV header lists the column {duplicated_0} more than once").format(
                    duplicated_0=duplicated[0]
                )
            )
        )
    index = {name: i for i, name in enumerate(header) if name in CSV_COLUMNS}
    has_record = "record" in index

    # Each night: its cells (for the consistency check), first line, cramps, and a closed flag.
    groups: dict[date, dict[str, Any]] = {}
    order: list[date] = []
    session_rows: list[tuple[str, str, dict[str, Any]]] = []
    current: date | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ImportRejected(
                _sentence(
                    _("Line {line} of the CSV file cannot be read ({reason})").format(
                        line=reader.line_num, reason=exc
                    )
                )
            ) from None
        line = reader.line_num
        if not row or all(cell == "" for cell in row):
            continue  # blank lines are harmless
        if len(row) != len(header):
            # Translators: {header} is the header's number of columns.
            raise ImportRejected(
                counted(
                    len(row),
                    "Line {line} has {n} cell but the header has {header} columns "
                    "(is the file cut short, or a cell missing?).",
                    "Line {line} has {n} cells but the header has {header} columns "
                    "(is the file cut short, or a cell missing?).",
                    line=line,
                    header=number(len(header)),
                )
            )
        cells = {name: _unescape_cell(row[i]) if i < len(row) else "" for name, i in index.items()}
        try:
            for name, value in cells.items():
                _check_text(value, name)
            kind = _record_kind(cells, has_record)
            _check_unused(cells, kind)
        except _Bad as bad:
            raise ImportRejected(
                _sentence(_("Line {line}, {bad}").format(line=line, bad=bad))
            ) from None
        if kind == "routine_session":
            session_rows.append(
                (
                    _("Line {line}").format(line=line),
                    # Translators: names the first of two repeated rows: "(line 4)".
                    _("line {line}").format(line=line),
                    _session_cells(cells, line),
                )
            )
            continue
        if not any(value for name, value in cells.items() if name != "night"):
            raise ImportRejected(_empty_row_sentence(line, header))
        try:
            day = _parse_night_date(cells.get("night", ""))
        except _Bad as bad:
            raise ImportRejected(
                _sentence(_("Line {line}, {bad}").format(line=line, bad=bad))
            ) from None
        group = groups.get(day)
        if group is None:
            group = {"cells": cells, "line": line, "kind": kind, "cramps": []}
            groups[day] = group
            order.append(day)
        else:
            if current != day or group["kind"] == "night" or kind == "night":
                raise ImportRejected(
                    _(
                        "Line {line}: night {night} appears again (first on line {first}); all "
                        "rows of one night must be together, and a night row only for a night "
                        "without cramps."
                    ).format(line=line, night=day.isoformat(), first=group["line"])
                )
            first = group["cells"]
            for col in NIGHT_COLUMNS:
                if cells.get(col, "") != first.get(col, ""):
                    raise ImportRejected(
                        _(
                            "Line {line}, {column}: differs from line {first} for the same "
                            "night {night}."
                        ).format(line=line, column=col, first=group["line"], night=day.isoformat())
                    )
        current = day
        if kind == "cramp":
            if len(group["cramps"]) >= MAX_CRAMPS_PER_NIGHT:
                raise ImportRejected(
                    _(
                        "Line {line} (night {night}), cramps: a night holds at most {most} "
                        "cramps, and this is cramp {n} of that night."
                    ).format(
                        line=line,
                        night=day.isoformat(),
                        most=MAX_CRAMPS_PER_NIGHT,
                        n=len(group["cramps"]) + 1,
                    )
                )
            group["cramps"].append((line, cells))

    nights: list[Night] = []
    for day in order:
        group = groups[day]
        try:
            nights.append(_night_from_csv(day, group["cells"], group["cramps"]))
        except _LineBad as bad:
            raise ImportRejected(
                _sentence(
                    _("Line {line} (night {day}), {bad}").format(line=bad.line, day=day, bad=bad)
                )
            ) from None
        except _Bad as bad:
            raise ImportRejected(
                _sentence(
                    _("Line {line} (night {day}), {bad}").format(
                        line=group["line"], day=day, bad=bad
                    )
                )
            ) from None
    sessions = _sessions_from_rows(session_rows)
    return DiaryData(tuple(nights), tuple(sessions), "csv")


def _empty_row_sentence(line: int, header: list[str]) -> str:
    """A row with only a date would import as an empty night that looks logged: say why not."""
    unknown = [h for h in header if h and h not in CSV_COLUMNS]
    if unknown:
        names = ", ".join(_show(h, 20) for h in unknown[:3]) + (", …" if len(unknown) > 3 else "")
        # Translators: {names} lists the file's own column names, e.g. "mood, steps".
        return counted(
            len(unknown),
            "Line {line} has nothing to import: besides the night's date it fills in no diary "
            "column (the column {names} is not part of the diary), so nothing was imported.",
            "Line {line} has nothing to import: besides the night's date it fills in no diary "
            "column (the columns {names} are not part of the diary), so nothing was imported.",
            line=line,
            names=names,
        )
    return _(
        "Line {line} has nothing to import: besides the night's date it fills in no diary "
        "column, so nothing was imported."
    ).format(line=line)


def _record_kind(cells: dict[str, str], has_record: bool) -> str:
    if has_record:
        kind = cells.get("record", "").strip().lower()
        if kind not in RECORD_KINDS:
            raise _Bad(
                "record",
                _("must be night, cramp or routine_session, not {value}").format(value=_show(kind)),
            )
        return kind
    return "cramp" if any(cells.get(col, "") for col in CRAMP_COLUMNS) else "night"


_UNUSED = {
    "night": CRAMP_COLUMNS + SESSION_COLUMNS,
    "cramp": SESSION_COLUMNS,
    "routine_session": NIGHT_COLUMNS[1:] + CRAMP_COLUMNS,
}


def _check_unused(cells: dict[str, str], kind: str) -> None:
    """A value in a column this kind of row does not use would be lost: refuse it instead."""
    for col in _UNUSED[kind]:
        if cells.get(col, "") != "":
            raise _Bad(
                col,
                _("must be empty on a {kind} row").format(kind=kind.replace("_", " ")),
            )


def _session_cells(cells: dict[str, str], line: int) -> dict[str, Any]:
    """Convert a session row's text cells to the JSON-like values _session expects."""
    out: dict[str, Any] = {
        "routine": cells.get("routine", ""),
        "started_at": cells.get("started_at", "") or None,
        "ended_at": cells.get("ended_at", "") or None,
    }
    try:
        completed = cells.get("completed", "")
        if completed.strip().lower() not in ("true", "false"):
            raise _Bad(
                "completed", _("must be true or false, not {value}").format(value=_show(completed))
            )
        out["completed"] = completed.strip().lower() == "true"
        for name in ("steps_done", "steps_skipped"):
            out[name] = _csv_int(cells.get(name, ""), name)
        night_text = cells.get("night", "")
        if night_text:
            day = _parse_night_date(night_text)
            started = _parse_moment(out["started_at"], "started_at")
            if started is not None and night_of(started) != day:
                raise _Bad(
                    "night",
                    _("is {night} but the session began on another night").format(
                        night=day.isoformat()
                    ),
                )
    except _Bad as bad:
        raise ImportRejected(
            _sentence(_("Line {line}, {bad}").format(line=line, bad=bad))
        ) from None
    return out


class _LineBad(_Bad):
    def __init__(self, line: int, field: str, reason: str) -> None:
        super().__init__(field, reason)
        self.line = line


def _night_from_csv(day: date, cells: dict[str, str], cramp_rows: list) -> Night:
    notes = cells.get("notes", "")
    if len(notes) > MAX_NOTES:
        raise _Bad(
            "notes",
            _("are at most {n} characters, not {count}").format(
                n=number(MAX_NOTES), count=number(len(notes))
            ),
        )
    factors = _split(cells.get("factors", ""), "factors")
    for i, label in enumerate(factors):
        if len(label) > MAX_FACTOR_LABEL:
            raise _Bad(
                f"factors[{i}]", _("is longer than {n} characters").format(n=MAX_FACTOR_LABEL)
            )
    cramps: list[Cramp] = []
    for i, (line, rc) in enumerate(cramp_rows):
        try:
            cramps.append(
                _cramp(
                    f"cramps[{i}]",
                    at=_parse_moment(rc.get("cramp_at", ""), "cramp_at"),
                    area=rc.get("cramp_area", "") or None,
                    side=rc.get("cramp_side", "") or None,
                    severity=_csv_int(rc.get("cramp_severity", ""), "cramp_severity"),
                    duration=_csv_number(rc.get("cramp_duration_min", ""), "cramp_duration_min"),
                    relief=_split(rc.get("cramp_relief", ""), "cramp_relief"),
                    part=rc.get("cramp_part_of_night", "") or None,
                )
            )
        except _Bad as bad:
            raise _LineBad(line, _csv_field(bad.field), bad.reason) from None
    night = Night(
        night=day,
        bed_time=_parse_moment(cells.get("bed_time", ""), "bed_time"),
        wake_time=_parse_moment(cells.get("wake_time", ""), "wake_time"),
        sleep_quality=_csv_int(cells.get("sleep_quality", ""), "sleep_quality"),
        awakenings=_csv_int(cells.get("awakenings", ""), "awakenings"),
        morning_soreness=_csv_int(cells.get("morning_soreness", ""), "morning_soreness"),
        stretched=_csv_bool(cells.get("stretched", ""), "stretched"),
        factors=factors,
        red_flags=_split(cells.get("red_flags", ""), "red_flags"),
        notes=notes,
        restless_legs=_csv_bool(cells.get("restless_legs", ""), "restless_legs"),
        habit_done=_csv_bool(cells.get("habit_done", ""), "habit_done"),
        cramps=tuple(cramps),
    )
    try:
        _validate(night)
    except _Bad as bad:
        match = re.match(r"cramps\[(\d+)\]", bad.field)
        if match and int(match.group(1)) < len(cramp_rows):
            line = cramp_rows[int(match.group(1))][0]
            raise _LineBad(line, _csv_field(bad.field), bad.reason) from None
        raise
    return night


def _csv_field(field: str) -> str:
    """cramps[2].severity -> cramp_severity: CSV errors name the column."""
    match = re.fullmatch(r"cramps\[\d+\]\.(\w+)", field)
    if match:
        return "cramp_" + match.group(1).removeprefix("cramp_")
    return field


# --------------------------------------------------------------------------------------------
# store-facing operations


def export_store(store, fmt: str = "json") -> str:
    """The whole diary as JSON or CSV text."""
    nights = store.nights()
    sessions = store.routine_sessions()
    if fmt == "json":
        return export_json(nights, sessions, store.experiments())
    if fmt == "csv":
        return export_csv(nights, sessions)
    raise ValueError(f"unknown export format {fmt!r}")


def plan_import(store, data: DiaryData) -> ImportPlan:
    """Count the nights an import adds and replaces, without writing anything."""
    existing = {n.night for n in store.nights()} if data.nights else set()
    replaced = sum(1 for n in data.nights if n.night in existing)
    return ImportPlan(
        added=len(data.nights) - replaced,
        replaced=replaced,
        sessions=len(data.sessions),
        experiments=len(data.experiments),
    )


def import_data(store, data: DiaryData) -> ImportPlan:
    """Write a parsed file in one transaction; the store validates again and writes all or none."""
    plan = plan_import(store, data)
    try:
        if data.experiments:
            store.merge_import(list(data.nights), list(data.sessions), list(data.experiments))
        else:  # a file without experiments leaves the stored ones alone
            store.merge_import(list(data.nights), list(data.sessions))
    except ValidationError as exc:
        if exc.night is not None:
            text = _("Night {night}, {field}: {reason}").format(
                night=exc.night.isoformat(), field=exc.field, reason=exc.reason
            )
        else:
            text = _("{field}: {reason}").format(field=exc.field, reason=exc.reason)
        raise ImportRejected(_sentence(text)) from None
    return plan


def import_file(store, path: str | os.PathLike[str]) -> ImportPlan:
    return import_data(store, load_file(path))


def write_private_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Owner-only, crash-safe write of an export."""
    return write_atomic(path, data, 0o600)
