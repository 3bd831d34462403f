"""JSON v1 and CSV exchange: the documented format, exact round trips, clear one-line refusals."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.core import exchange
from companion.core.diary import (
    AREAS,
    BUILTIN_FACTORS,
    PARTS_OF_NIGHT,
    RED_FLAGS,
    RELIEFS,
    SIDES,
    Cramp,
    Night,
    RoutineSession,
    ValidationError,
)
from companion.core.errors import ImportRejected
from companion.core.experiment import Plan, make_plan
from companion.core.store import Store

CET = timezone(timedelta(hours=1))

DESIGN_EXAMPLE = """{
  "format": "bedtime-companion-diary",
  "version": 1,
  "nights": [
    {
      "night": "2026-11-20",
      "bed_time": "2026-11-20T22:40:00+01:00",
      "wake_time": "2026-11-21T06:55:00+01:00",
      "sleep_quality": 3,
      "awakenings": 2,
      "morning_soreness": 4,
      "stretched": true,
      "factors": ["heat", "caffeine_late"],
      "red_flags": [],
      "notes": "free text, any Unicode",
      "cramps": [
        {"at": "2026-11-21T02:10:00+01:00", "area": "calf", "side": "left",
         "severity": 7, "duration_min": 3, "relief": ["stretch", "walk"]}
      ]
    }
  ],
  "routine_sessions": [
    {"routine": "Standard wind-down", "started_at": "2026-11-20T22:05:00+01:00",
     "ended_at": "2026-11-20T22:17:30+01:00", "completed": true}
  ]
}"""


def doc(*nights: dict, sessions: list | None = None) -> bytes:
    body = {"format": "bedtime-companion-diary", "version": 1, "nights": list(nights)}
    if sessions is not None:
        body["routine_sessions"] = sessions
    return json.dumps(body).encode()


def rejected(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    with pytest.raises(ImportRejected) as info:
        exchange.parse_bytes(data)
    message = str(info.value)
    assert "\n" not in message and message.endswith(".")
    return message


# --------------------------------------------------------------------------------------------
# strategies: any valid diary


def _aware(night: date, minutes: int, offset_q: int, second: int) -> datetime:
    tz = timezone(timedelta(minutes=15 * offset_q))
    base = datetime(night.year, night.month, night.day, 12, 0, tzinfo=tz)
    return base + timedelta(minutes=minutes, seconds=second)


label_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
labels = st.text(label_chars, min_size=1, max_size=40).filter(lambda s: s.strip() != "")
tricky_text = st.text(label_chars, max_size=120) | st.sampled_from(
    ["=1+1", "+x", "-2", "@SUM(A1)", "\tx", "\rx", "'quoted", "a;b\\c", 'say "hi"', "l1\nl2\r\n"]
)


@st.composite
def nights(draw) -> Night:
    day = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
    offset_q = draw(st.integers(-48, 56))
    moment = st.builds(
        lambda m, s: _aware(day, m, offset_q, s), st.integers(0, 1439), st.integers(0, 59)
    )
    bed = draw(st.none() | moment)
    wake = None
    if draw(st.booleans()):
        low = 0 if bed is None else int((bed - _aware(day, 0, offset_q, 0)).total_seconds()) + 1
        wake = _aware(day, 0, offset_q, 0) + timedelta(
            seconds=draw(st.integers(low, (24 + 6) * 3600 - 1))
        )
    cramps = draw(
        st.lists(
            st.builds(
                Cramp,
                area=st.sampled_from(AREAS),
                side=st.none() | st.sampled_from(SIDES),
                severity=st.integers(1, 10),
                at=st.none() | moment,
                duration_min=st.none()
                | st.integers(0, 180)
                | st.floats(0, 180, allow_nan=False, allow_infinity=False),
                relief=st.lists(st.sampled_from(RELIEFS), unique=True).map(tuple),
                part_of_night=st.none() | st.sampled_from(PARTS_OF_NIGHT),
            ),
            max_size=4,
        )
    )
    factors = draw(
        st.lists(st.sampled_from(BUILTIN_FACTORS) | labels, unique=True, max_size=4).map(tuple)
    )
    return Night(
        night=day,
        bed_time=bed,
        wake_time=wake,
        sleep_quality=draw(st.none() | st.integers(1, 5)),
        awakenings=draw(st.none() | st.integers(0, 50)),
        morning_soreness=draw(st.none() | st.integers(0, 10)),
        stretched=draw(st.none() | st.booleans()),
        factors=factors,
        red_flags=draw(st.lists(st.sampled_from(RED_FLAGS), unique=True).map(tuple)),
        notes=draw(tricky_text),
        restless_legs=draw(st.none() | st.booleans()),
        habit_done=draw(st.none() | st.booleans()),
        cramps=tuple(cramps),
    )


@st.composite
def sessions(draw) -> RoutineSession:
    start = draw(
        st.datetimes(
            min_value=datetime(2000, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(CET)
        )
    )
    return RoutineSession(
        routine=draw(labels | st.sampled_from(["Standard wind-down", "Gentle — flare day"])),
        started_at=start,
        ended_at=start + timedelta(seconds=draw(st.integers(0, 7200))),
        completed=draw(st.booleans()),
        steps_done=draw(st.integers(0, 1000)),
        steps_skipped=draw(st.integers(0, 1000)),
    )


diaries = st.tuples(
    st.lists(nights(), max_size=6, unique_by=lambda n: n.night),
    st.lists(sessions(), max_size=4, unique_by=lambda s: (s.routine, s.started_at.isoformat())),
)


# --------------------------------------------------------------------------------------------
# the documented format


def test_design_example_parses_with_every_field() -> None:
    data = exchange.parse_bytes(DESIGN_EXAMPLE.encode())
    assert data.kind == "json"
    (night,) = data.nights
    assert night.night == date(2026, 11, 20)
    assert night.bed_time == datetime(2026, 11, 20, 22, 40, tzinfo=CET)
    assert (night.sleep_quality, night.awakenings, night.morning_soreness) == (3, 2, 4)
    assert night.stretched is True and night.factors == ("heat", "caffeine_late")
    (cramp,) = night.cramps
    assert cramp == Cramp(
        "calf", "left", 7, datetime(2026, 11, 21, 2, 10, tzinfo=CET), 3, ("stretch", "walk")
    )
    (session,) = data.sessions
    assert session.routine == "Standard wind-down" and session.completed is True
    assert session.ended_at - session.started_at == timedelta(minutes=12, seconds=30)


def test_every_key_but_night_may_be_missing_or_null_and_unknown_keys_are_ignored() -> None:
    nulls = {
        k: None
        for k in (
            "bed_time wake_time sleep_quality awakenings morning_soreness stretched factors "
            "red_flags notes cramps restless_legs"
        ).split()
    }
    data = exchange.parse_bytes(
        doc({"night": "2026-11-20"}, {"night": "2026-11-21", **nulls, "mood": {"x": [1]}})
    )
    assert data.nights == (Night(date(2026, 11, 20)), Night(date(2026, 11, 21)))
    assert data.sessions == ()
    extra = json.loads(DESIGN_EXAMPLE)
    extra["exported_by"] = "something else"
    extra["nights"][0]["cramps"][0]["colour"] = "red"
    assert exchange.parse_bytes(json.dumps(extra).encode()).nights[0].cramps[0].area == "calf"


def test_our_extra_keys_are_written_and_read_back() -> None:
    night = Night(
        date(2026, 11, 20),
        restless_legs=True,
        cramps=(Cramp("toes", "both", 2, part_of_night="late"),),
    )
    session = RoutineSession(
        "Foot focus",
        datetime(2026, 11, 20, 22, 0, tzinfo=CET),
        datetime(2026, 11, 20, 22, 7, tzinfo=CET),
        False,
        steps_done=3,
        steps_skipped=2,
    )
    text = exchange.export_json([night], [session])
    body = json.loads(text)
    assert body["nights"][0]["restless_legs"] is True
    assert body["nights"][0]["cramps"][0]["part_of_night"] == "late"
    assert body["routine_sessions"][0]["steps_skipped"] == 2
    back = exchange.parse_bytes(text.encode())
    assert back.nights == (night,) and back.sessions == (session,)


def test_export_is_sorted_stable_and_keeps_unicode() -> None:
    a = Night(date(2026, 11, 21), notes="Schmerz im Fuß — ça va 🙂")
    b = Night(date(2026, 11, 20))
    text = exchange.export_json([a, b], [])
    assert text == exchange.export_json([b, a], [])
    assert "Fuß — ça va 🙂" in text and text.endswith("}\n")
    body = json.loads(text)
    assert [n["night"] for n in body["nights"]] == ["2026-11-20", "2026-11-21"]
    assert list(body) == ["format", "version", "nights", "routine_sessions"]
    assert text.startswith('{\n  "format": "bedtime-companion-diary",\n  "version": 1,')


def test_whole_minutes_export_alike_whether_int_or_float() -> None:
    n1 = Night(date(2026, 11, 20), cramps=(Cramp("calf", "left", 3, duration_min=3.0),))
    n2 = Night(date(2026, 11, 20), cramps=(Cramp("calf", "left", 3, duration_min=3),))
    assert exchange.export_json([n1], []) == exchange.export_json([n2], [])
    assert exchange.export_csv([n1], []) == exchange.export_csv([n2], [])


# --------------------------------------------------------------------------------------------
# CSV


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_one_row_per_cramp_and_one_per_quiet_night_plus_sessions() -> None:
    data = exchange.parse_bytes(DESIGN_EXAMPLE.encode())
    quiet = Night(date(2026, 11, 22), sleep_quality=5)
    two = Night(
        date(2026, 11, 23),
        factors=("hard_day", "long; walk\\"),
        cramps=(Cramp("calf", "left", 4), Cramp("toes", "right", 6, relief=("massage", "heat"))),
    )
    text = exchange.export_csv([*data.nights, quiet, two], data.sessions)
    assert text.splitlines()[0] == ",".join(exchange.CSV_COLUMNS)
    assert "\r\n" in text
    rows = csv_rows(text)
    assert [r["record"] for r in rows] == ["cramp", "night", "cramp", "cramp", "routine_session"]
    assert rows[2]["factors"] == rows[3]["factors"] == "hard_day;long\\; walk\\\\"
    assert rows[3]["cramp_relief"] == "massage;heat"
    assert rows[4]["night"] == "2026-11-20" and rows[4]["cramp_area"] == ""
    back = exchange.parse_bytes(text.encode())
    assert back.kind == "csv"
    assert back.nights == (*data.nights, quiet, two) and back.sessions == data.sessions


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r", "'"])
def test_csv_cells_that_could_be_formulas_are_escaped_and_restored(start: str) -> None:
    notes = f'{start}HYPERLINK("http://x")'
    night = Night(date(2026, 11, 20), notes=notes, factors=(f"{start}cmd",))
    text = exchange.export_csv([night], [])
    row = csv_rows(text)[0]
    assert row["notes"] == "'" + notes and row["factors"] == f"'{start}cmd"
    for cell in row.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert exchange.parse_bytes(text.encode()).nights == (night,)


def test_csv_columns_may_come_in_any_order_without_record_column() -> None:
    text = (
        "notes,night,cramp_area,cramp_side,cramp_severity,ignored\r\n"
        "quiet,2026-11-19,,,,x\r\n"
        "a,2026-11-20,calf,left,5,y\r\n"
        "a,2026-11-20,foot_arch,right,3,z\r\n"
    )
    data = exchange.parse_bytes(text.encode())
    assert data.nights == (
        Night(date(2026, 11, 19), notes="quiet"),
        Night(
            date(2026, 11, 20),
            notes="a",
            cramps=(Cramp("calf", "left", 5), Cramp("foot_arch", "right", 3)),
        ),
    )


def test_csv_with_bom_and_quoted_header_is_detected() -> None:
    text = '\ufeff"record","night"\r\n"night","2026-11-20"\r\n'
    assert exchange.parse_bytes(text.encode()).nights == (Night(date(2026, 11, 20)),)


# --------------------------------------------------------------------------------------------
# refusals name the night (JSON) or the line (CSV) and the field


def test_the_design_error_sentence() -> None:
    body = json.loads(DESIGN_EXAMPLE)
    body["nights"][0]["cramps"][0]["severity"] = 11
    assert (
        rejected(json.dumps(body))
        == "Night 2026-11-20, cramps[0].severity: must be from 1 to 10, not 11."
    )


@pytest.mark.parametrize(
    ("night", "expected"),
    [
        ({"night": "2026-11-20", "sleep_quality": True}, "Night 2026-11-20, sleep_quality:"),
        ({"night": "2026-11-20", "sleep_quality": 3.0}, "sleep_quality: must be a whole number"),
        ({"night": "2026-11-20", "awakenings": "2"}, "awakenings: must be a whole number"),
        ({"night": "2026-11-20", "stretched": "yes"}, "stretched: must be true, false or empty"),
        ({"night": "2026-11-20", "factors": "heat"}, "factors: must be a list"),
        ({"night": "2026-11-20", "factors": ["heat", "heat"]}, "factors: lists the same"),
        ({"night": "2026-11-20", "factors": ["x" * 41]}, "factors[0]: is longer than 40"),
        ({"night": "2026-11-20", "factors": [3]}, "factors[0]: must be text"),
        ({"night": "2026-11-20", "red_flags": ["itchy"]}, "red_flags: must be among"),
        ({"night": "2026-11-20", "notes": "x" * 10_001}, "notes: are at most 10,000"),
        ({"night": "2026-11-20", "notes": 5}, "notes: must be text"),
        ({"night": "2026-11-20", "notes": "a\x00b"}, "notes: contains a NUL"),
        ({"night": "2026-11-20", "notes": "\ud800"}, "notes: contains an invalid character"),
        ({"night": "2026-11-20", "cramps": {}}, "cramps: must be a list"),
        ({"night": "2026-11-20", "cramps": [7]}, "cramps[0]: must be an object"),
        ({"night": "2026-11-20", "cramps": [{"side": "left", "severity": 2}]}, "cramps[0].area"),
        (
            {"night": "2026-11-20", "cramps": [{"area": "calf", "side": "left"}]},
            "cramps[0].severity: is required",
        ),
        (
            {"night": "2026-11-20", "cramps": [{"area": "knee", "side": "left", "severity": 2}]},
            "cramps[0].area: must be one of calf",
        ),
        (
            {
                "night": "2026-11-20",
                "cramps": [{"area": "calf", "side": "left", "severity": 2, "duration_min": 181}],
            },
            "cramps[0].duration_min: must be from 0 to 180",
        ),
        (
            {
                "night": "2026-11-20",
                "cramps": [{"area": "calf", "side": "left", "severity": 2, "relief": "walk"}],
            },
            "cramps[0].relief: must be a list",
        ),
        (
            {
                "night": "2026-11-20",
                "cramps": [
                    {"area": "calf", "side": "left", "severity": 2, "at": "2026-11-21T02:10:00"}
                ],
            },
            "cramps[0].at: must include its UTC offset",
        ),
        (
            {
                "night": "2026-11-20",
                "cramps": [
                    {
                        "area": "calf",
                        "side": "left",
                        "severity": 2,
                        "at": "2026-11-22T02:10:00+01:00",
                    }
                ],
            },
            "cramps[0].at: must fall within the night",
        ),
        ({"night": "2026-11-20", "bed_time": "2026-11-31T22:00:00+01:00"}, "is not a real date"),
        ({"night": "2026-11-20", "bed_time": 1700000000}, "bed_time: must be a date and time"),
        (
            {
                "night": "2026-11-20",
                "wake_time": "2026-11-20T13:00:00+01:00",
                "bed_time": "2026-11-20T22:00:00+01:00",
            },
            "wake_time: must be after the bed time",
        ),
        ({"night": "2026-02-30"}, 'Night #1 in the file, night: "2026-02-30" is not a real date'),
        ({"night": "20261120"}, "Night #1 in the file, night: must be a date like 2026-11-20"),
        ({"night": "٢٠٢٦-١١-٢٠"}, "Night #1 in the file, night: must be a date like 2026-11-20"),
        ({"night": None}, "Night #1 in the file, night: must be a date like"),
        ({"night": "9999-12-31"}, "must be a date between the years 1900 and 2999"),
    ],
)
def test_json_refusals_name_the_night_and_field(night: dict, expected: str) -> None:
    assert expected in rejected(doc(night))


def test_json_file_level_refusals() -> None:
    assert "not a Bedtime Companion diary" in rejected('{"format": "other", "version": 1}')
    assert "newer Bedtime Companion" in rejected(
        '{"format": "bedtime-companion-diary", "version": 2}'
    )
    assert "version" in rejected('{"format": "bedtime-companion-diary", "version": true}')
    assert "not a Bedtime Companion diary" in rejected("[1, 2]")
    assert "not complete, valid JSON" in rejected(DESIGN_EXAMPLE[:-40])
    assert "Night 2026-11-20, cramps[0].duration_min: must be a number" in rejected(
        doc({"night": "2026-11-20", "cramps": [{"area": "calf", "side": "left", "severity": 2}]})
        .decode()
        .replace('"severity": 2', '"severity": 2, "duration_min": NaN')
    )
    assert "sleep_quality" in rejected(doc({"night": "2026-11-20", "sleep_quality": float("inf")}))
    assert '"nights" must be a list' in rejected(
        '{"format": "bedtime-companion-diary", "version": 1, "nights": {}}'
    )
    assert "appears twice" in rejected(doc({"night": "2026-11-20"}, {"night": "2026-11-20"}))
    assert "nested too deeply" in rejected("[" * 100_000)
    assert "is empty" in rejected("  \n")
    assert "not valid UTF-8" in rejected(b'{"notes": "\xff"}')


def test_session_refusals_name_the_session_and_field() -> None:
    good = json.loads(DESIGN_EXAMPLE)["routine_sessions"][0]
    for change, expected in [
        ({"completed": "yes"}, "Routine session #1 in the file, completed: must be true or false"),
        ({"routine": ""}, "routine: must be a routine name"),
        ({"routine": "x" * 201}, "routine: is longer than 200"),
        ({"started_at": None}, "started_at: is required"),
        ({"ended_at": "2026-11-20T21:00:00+01:00"}, "ended_at: must not be before started_at"),
        ({"steps_done": -1}, "steps_done: must be from 0 to 1000"),
    ]:
        assert expected in rejected(doc(sessions=[{**good, **change}]))
    assert "repeats the session" in rejected(doc(sessions=[good, dict(good)]))


def test_csv_refusals_name_the_line_and_column() -> None:
    data = exchange.parse_bytes(DESIGN_EXAMPLE.encode())
    quiet = Night(date(2026, 11, 22))
    text = exchange.export_csv([*data.nights, quiet], data.sessions)
    lines = text.split("\r\n")
    assert lines[1].startswith("cramp,2026-11-20")

    def with_line(i: int, old: str, new: str) -> str:
        changed = list(lines)
        assert old in changed[i]
        changed[i] = changed[i].replace(old, new, 1)
        return "\r\n".join(changed)

    assert rejected(with_line(1, ",calf,left,7,", ",calf,left,11,")) == (
        "Line 2 (night 2026-11-20), cramp_severity: must be from 1 to 10, not 11."
    )
    assert "Line 2 (night 2026-11-20), cramp_severity: must be a whole number" in rejected(
        with_line(1, ",calf,left,7,", ",calf,left,seven,")
    )
    assert "Line 3, record: must be night, cramp or routine_session" in rejected(
        with_line(2, "night,", "nite,")
    )
    assert "Line 3, night:" in rejected(with_line(2, "2026-11-22", "2026-11-32"))
    assert "Line 2 (night 2026-11-20), stretched: must be true, false or empty" in rejected(
        with_line(1, ",true,", ",yes,")
    )
    assert "Line 4, completed: must be true or false" in rejected(with_line(3, ",true,", ",maybe,"))
    assert "is the file cut short" in rejected("\r\n".join(lines[:2] + [lines[2][:-3]]))
    # a night appearing again later, or a night row for a night that has cramp rows
    assert "appears again (first on line 2)" in rejected(
        "\r\n".join([lines[0], lines[1], lines[2], lines[1]])
    )
    # rows of one night that disagree on the night's own fields
    second = lines[1].replace("2026-11-21T02:10:00+01:00", "2026-11-21T03:10:00+01:00")
    assert "Line 3, notes: differs from line 2" in rejected(
        "\r\n".join([lines[0], lines[1], second.replace("free text", "other text")])
    )
    assert "Line 3, cramp_area: must be empty on a night row" in rejected(
        with_line(2, "night,2026-11-22,,,,,,,,,,,,,,", "night,2026-11-22,,,,,,,,,,,,,,calf")
    )
    assert "Line 4, notes: must be empty on a routine session row" in rejected(
        with_line(3, "2026-11-20,,,,,,,,,,,", "2026-11-20,,,,,,,,,,,note")
    )
    assert "more than once" in rejected("night,night\r\n2026-11-20,2026-11-20\r\n")
    assert "neither" in rejected("hello,world\r\n1,2\r\n")
    assert "Line 2 (night 2026-11-20), factors: has a backslash" in rejected(
        "night,factors\r\n2026-11-20,a\\b\r\n"
    )
    assert "cannot be read" in rejected('night,notes\r\n2026-11-20,"unterminated')


def test_read_capped_refuses_big_files_without_reading_them(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:  # sparse: 50 MB on paper, no time to write
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ImportRejected, match="50 MB; a diary file can be at most 20 MB"):
        exchange.load_file(big)
    with pytest.raises(ImportRejected, match="There is no file"):
        exchange.load_file(tmp_path / "missing.json")
    with pytest.raises(ImportRejected, match="is a folder"):
        exchange.load_file(tmp_path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_read_capped_stops_at_the_cap_when_the_size_is_unknown() -> None:
    with pytest.raises(ImportRejected, match="larger than 1 MB"):
        exchange.read_capped("/dev/zero", limit=1024 * 1024)


# --------------------------------------------------------------------------------------------
# round trips


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diaries)
def test_json_round_trip_is_exact(diary: tuple[list[Night], list[RoutineSession]]) -> None:
    night_list, session_list = diary
    text = exchange.export_json(night_list, session_list)
    back = exchange.parse_bytes(text.encode("utf-8"))
    assert back.nights == tuple(sorted(night_list, key=lambda n: n.night))
    assert set(back.sessions) == set(session_list)
    assert exchange.export_json(back.nights, back.sessions) == text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diaries)
def test_csv_round_trip_is_exact(diary: tuple[list[Night], list[RoutineSession]]) -> None:
    night_list, session_list = diary
    text = exchange.export_csv(night_list, session_list)
    back = exchange.parse_bytes(text.encode("utf-8"))
    assert back.nights == tuple(sorted(night_list, key=lambda n: n.night))
    assert set(back.sessions) == set(session_list)
    assert exchange.export_csv(back.nights, back.sessions) == text
    assert exchange.export_json(back.nights, back.sessions) == exchange.export_json(
        night_list, session_list
    )


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diary=diaries, fmt=st.sampled_from(["json", "csv"]))
def test_export_import_into_an_empty_diary_export_is_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, diary, fmt: str
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    first = Store.open(folder / "a.sqlite3")
    try:
        exchange.import_data(first, exchange.DiaryData(tuple(diary[0]), tuple(diary[1]), fmt))
        exported = exchange.export_store(first, fmt)
    finally:
        first.close()
    second = Store.open(folder / "b.sqlite3")
    try:
        plan = exchange.import_data(second, exchange.parse_bytes(exported.encode("utf-8")))
        assert plan.replaced == 0 and plan.added == len(diary[0])
        assert exchange.export_store(second, fmt) == exported
    finally:
        second.close()


def test_import_replaces_existing_nights_and_keeps_others(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "diary.sqlite3")
    try:
        store.save_night(Night(date(2026, 11, 19), notes="keep me"))
        store.save_night(Night(date(2026, 11, 20), notes="old", sleep_quality=1))
        data = exchange.parse_bytes(DESIGN_EXAMPLE.encode())
        assert exchange.plan_import(store, data) == exchange.ImportPlan(0, 1, 1)
        exchange.import_data(store, data)
        assert store.get_night(date(2026, 11, 19)).notes == "keep me"
        replaced = store.get_night(date(2026, 11, 20))
        assert replaced.notes == "free text, any Unicode" and len(replaced.cramps) == 1
        exchange.import_data(store, data)  # the same sessions again are not duplicated
        assert len(store.routine_sessions()) == 1
    finally:
        store.close()


def test_a_store_refusal_becomes_one_calm_sentence() -> None:
    class Refusing:
        def nights(self) -> list[Night]:
            return []

        def merge_import(self, nights, sessions) -> None:
            raise ValidationError("notes", "are not allowed today", date(2026, 11, 20))

    data = exchange.parse_bytes(DESIGN_EXAMPLE.encode())
    with pytest.raises(ImportRejected, match=r"^Night 2026-11-20, notes: are not allowed today\.$"):
        exchange.import_data(Refusing(), data)


def test_write_private_atomic_is_owner_only_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    exchange.write_private_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    if os.name == "posix":
        assert (target.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temp file left behind


def test_a_csv_row_with_no_diary_field_is_refused_naming_the_line(tmp_path: Path) -> None:
    # Only unknown columns besides the date: this imported as an empty, "logged" night.
    message = rejected("night,foo\r\n2026-11-20,bar\r\n")
    assert message == (
        "Line 2 has nothing to import: besides the night's date it fills in no diary column "
        '(the column "foo" is not part of the diary), so nothing was imported.'
    )
    # one such row among good ones refuses the whole file, naming that row's line
    assert rejected(
        "night,sleep_quality,mood\r\n2026-11-19,3,ok\r\n2026-11-20,,tired\r\n"
    ).startswith("Line 3 has nothing to import")
    assert "Line 2 has nothing to import" in rejected("night\r\n2026-11-20\r\n")
    store = Store.open(tmp_path / "diary.sqlite3")
    try:
        with pytest.raises(ImportRejected):
            exchange.import_data(store, exchange.parse_bytes(b"night,foo\r\n2026-11-20,bar\r\n"))
        assert store.nights() == []
    finally:
        store.close()
    # a row that fills in any diary column is still a night, as before
    assert exchange.parse_bytes(b"night,notes,foo\r\n2026-11-20,quiet,x\r\n").nights == (
        Night(date(2026, 11, 20), notes="quiet"),
    )


# --------------------------------------------------------------------------------------------
# the personal experiment: habit_done on nights and the optional "experiments" list


@st.composite
def experiment_plans(draw) -> Plan:
    block_nights = draw(st.integers(5, 14))
    plan = make_plan(
        question=draw(
            st.just("routine")
            | labels.filter(lambda t: t.strip().casefold() != "routine")
            .map(str.strip)
            .filter(lambda t: 0 < len(t) <= 60)
        ),
        start=draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))),
        run_in_nights=draw(st.integers(0, 28)),
        pairs=draw(st.integers(6, 12)),
        block_nights=block_nights,
        washout_nights=draw(st.integers(0, min(3, block_nights - 3))),
        seed=draw(st.integers(0, 2**31)),
    )
    stopped = draw(st.none() | st.integers(0, 200))
    if stopped is None:
        return plan
    return Plan(**{**plan.__dict__, "stopped_on": plan.start + timedelta(days=stopped)})


experiment_lists = st.lists(experiment_plans(), max_size=3, unique_by=lambda p: p.start)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diaries, experiment_lists)
def test_json_round_trip_with_experiments_is_exact(diary, plans) -> None:
    text = exchange.export_json(diary[0], diary[1], plans)
    back = exchange.parse_bytes(text.encode("utf-8"))
    assert back.experiments == tuple(sorted(plans, key=lambda p: p.start))
    assert back.nights == tuple(sorted(diary[0], key=lambda n: n.night))
    assert exchange.export_json(back.nights, back.sessions, back.experiments) == text


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diary=diaries, plans=experiment_lists)
def test_experiments_survive_export_and_import_through_the_store(
    tmp_path_factory: pytest.TempPathFactory, diary, plans
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    data = exchange.DiaryData(tuple(diary[0]), tuple(diary[1]), "json", tuple(plans))
    with Store.open(folder / "a.sqlite3") as first:
        assert exchange.import_data(first, data).experiments == len(plans)
        exported = exchange.export_store(first, "json")
    with Store.open(folder / "b.sqlite3") as second:
        exchange.import_data(second, exchange.parse_bytes(exported.encode("utf-8")))
        assert second.experiments() == sorted(plans, key=lambda p: p.start)
        assert exchange.export_store(second, "json") == exported


def test_habit_done_is_a_json_key_and_a_csv_column() -> None:
    night = Night(date(2026, 11, 20), habit_done=False)
    assert json.loads(exchange.export_json([night], []))["nights"][0]["habit_done"] is False
    text = exchange.export_csv([night], [])
    assert csv_rows(text)[0]["habit_done"] == "false"
    assert exchange.parse_bytes(text.encode()).nights == (night,)
    assert "habit_done: must be true, false or empty" in rejected(
        "night,habit_done\r\n2026-11-20,often\r\n"
    )


def _with_experiments(*entries: object) -> bytes:
    body = json.loads(DESIGN_EXAMPLE)
    body["experiments"] = list(entries)
    return json.dumps(body).encode()


GOOD_EXPERIMENT = {
    "question": "routine",
    "label": "Does my bedtime routine reduce my night cramps?",
    "start": "2026-01-05",
    "run_in_nights": 14,
    "pairs": 6,
    "block_nights": 7,
    "washout_nights": 2,
    "order": ["on", "off", "off", "on", "on", "off", "off", "on", "on", "off", "on", "off"],
    "stopped_on": None,
}


def test_an_experiment_with_the_same_start_replaces_the_old_one(tmp_path: Path) -> None:
    with Store.open(tmp_path / "diary.sqlite3") as store:
        exchange.import_data(store, exchange.parse_bytes(_with_experiments(GOOD_EXPERIMENT)))
        stopped = {**GOOD_EXPERIMENT, "stopped_on": "2026-02-01", "pairs": 7}
        stopped["order"] = GOOD_EXPERIMENT["order"] + ["off", "on"]
        exchange.import_data(store, exchange.parse_bytes(_with_experiments(stopped)))
        (only,) = store.experiments()
        assert only.pairs == 7 and only.stopped_on == date(2026, 2, 1)
        # A file without experiments leaves the stored one alone.
        exchange.import_data(store, exchange.parse_bytes(DESIGN_EXAMPLE.encode()))
        assert store.experiments() == [only]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"pairs": 3},
            "Experiment #1 in the file, plan: The number of pairs must be a whole number from 6 to 12",
        ),
        ({"order": ["on", "on"] * 6}, "Pair 1 must have one 'on' and one 'off' block"),
        ({"order": "on,off"}, 'order: must be a list of "on" and "off"'),
        ({"start": "2026-02-30"}, 'start: "2026-02-30" is not a real date'),
        ({"washout_nights": 3, "block_nights": 5}, "wash-out can be at most 2 nights"),
        ({"label": 7}, "label: must be text"),
        ({"run_in_nights": True}, "run_in_nights: must be a whole number"),
        ({"question": ""}, "question: The question must be"),
    ],
)
def test_a_bad_experiment_is_refused_and_nothing_is_imported(
    tmp_path: Path, change: dict, expected: str
) -> None:
    message = rejected(_with_experiments({**GOOD_EXPERIMENT, **change}))
    assert expected in message


def test_two_experiments_with_one_start_and_a_non_list_are_refused() -> None:
    assert "Two experiments in the file start on 2026-01-05" in rejected(
        _with_experiments(GOOD_EXPERIMENT, GOOD_EXPERIMENT)
    )
    body = json.loads(DESIGN_EXAMPLE)
    body["experiments"] = {"start": "2026-01-05"}
    assert '"experiments" must be a list' in rejected(json.dumps(body))
