"""Hostile import files: whatever the bytes, the parser refuses in one sentence or accepts a
fully valid diary; it never raises anything else and never writes half a file."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from companion.core import exchange
from companion.core.demo import generate_demo
from companion.core.diary import validate_night, validate_routine_session
from companion.core.errors import ImportRejected
from companion.core.store import Store

BASE = generate_demo(nights=12, seed=5, today=date(2026, 11, 21))
BASE_JSON = exchange.export_json(BASE.nights, BASE.sessions)
BASE_CSV = exchange.export_csv(BASE.nights, BASE.sessions)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["2026-11-20", "2026-02-30", "2026-11-21T02:10:00", "calf", "", "1e999"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
NIGHT_KEYS = list(exchange.night_to_json(BASE.nights[0]))
CRAMP_KEYS = ["at", "part_of_night", "area", "side", "severity", "duration_min", "relief"]
SESSION_KEYS = list(exchange.session_to_json(BASE.sessions[0]))


def outcome(data: bytes) -> exchange.DiaryData | str:
    """The parse result, or the refusal sentence; any other exception fails the test."""
    try:
        parsed = exchange.parse_bytes(data)
    except ImportRejected as exc:
        message = str(exc)
        assert message and "\n" not in message and "\r" not in message
        assert message.endswith(".") and len(message) < 600
        assert "Traceback" not in message
        return message
    for night in parsed.nights:
        validate_night(night)  # whatever is accepted is a sound diary
    for session in parsed.sessions:
        validate_routine_session(session)
    assert len({n.night for n in parsed.nights}) == len(parsed.nights)
    return parsed


@FAST
@given(st.binary(max_size=400))
@example(b"\xff\xfe{")
@example(b"{" * 5000)
@example(b"\xef\xbb\xbf")
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    outcome(data)


@FAST
@given(st.binary(max_size=200))
def test_garbage_after_a_valid_prefix_never_crashes(tail: bytes) -> None:
    outcome(BASE_JSON.encode()[:200] + tail)
    outcome(BASE_CSV.encode()[:300] + tail)


@FAST
@given(
    night=st.integers(0, len(BASE.nights) - 1),
    key=st.sampled_from(NIGHT_KEYS + ["surprise"]),
    value=json_values,
    delete=st.booleans(),
)
def test_any_night_field_mutation_is_refused_by_night_or_accepted(night, key, value, delete):
    body = json.loads(BASE_JSON)
    target = body["nights"][night]
    if delete and key != "night":
        target.pop(key, None)
    else:
        target[key] = value
    result = outcome(json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    if isinstance(result, str):
        named = f"Night {BASE.nights[night].night.isoformat()}," in result
        # A night moved to another valid date is named by the date it now has (its bed time may
        # not fall within that night).
        renamed = key == "night" and isinstance(value, str) and f"Night {value}," in result
        assert (
            named
            or renamed
            or f"Night #{night + 1} in the file" in result
            or "appears twice" in result
        )


@FAST
@given(
    night=st.sampled_from([i for i, n in enumerate(BASE.nights) if n.cramps]),
    key=st.sampled_from(CRAMP_KEYS + ["surprise"]),
    value=json_values,
)
def test_any_cramp_field_mutation_names_the_night_and_cramp(night, key, value) -> None:
    body = json.loads(BASE_JSON)
    body["nights"][night]["cramps"][0][key] = value
    result = outcome(json.dumps(body).encode())
    if isinstance(result, str):
        assert result.startswith(f"Night {BASE.nights[night].night.isoformat()}, cramps[0]")


@FAST
@given(
    index=st.integers(0, len(BASE.sessions) - 1),
    key=st.sampled_from(SESSION_KEYS + ["surprise"]),
    value=json_values,
)
def test_any_session_field_mutation_names_the_session(index, key, value) -> None:
    body = json.loads(BASE_JSON)
    body["routine_sessions"][index][key] = value
    result = outcome(json.dumps(body).encode())
    if isinstance(result, str):
        assert f"Routine session #{index + 1}" in result


@FAST
@given(st.data())
def test_json_truncated_anywhere_is_refused(data: st.DataObject) -> None:
    raw = BASE_JSON.rstrip().encode("utf-8")
    cut = data.draw(st.integers(0, len(raw) - 1))
    assert isinstance(outcome(raw[:cut]), str)


@FAST
@given(st.data())
def test_csv_truncated_anywhere_is_refused_or_a_clean_prefix(data: st.DataObject) -> None:
    raw = BASE_CSV.encode("utf-8")
    cut = data.draw(st.integers(0, len(raw) - 1))
    result = outcome(raw[:cut])
    if not isinstance(result, str):
        # Only a cut between two whole rows can pass; then it is exactly those rows.
        whole = raw[:cut].decode("utf-8", "ignore")
        assert exchange.export_csv(result.nights, result.sessions).startswith(
            whole[: whole.rfind("\r\n") + 2] if "\r\n" in whole else ""
        )


@FAST
@given(st.data())
def test_flipped_bytes_never_crash(data: st.DataObject) -> None:
    for raw in (bytearray(BASE_JSON.encode()), bytearray(BASE_CSV.encode())):
        for _ in range(data.draw(st.integers(1, 4))):
            pos = data.draw(st.integers(0, len(raw) - 1))
            raw[pos] = data.draw(st.integers(0, 255))
        outcome(bytes(raw))


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (b'{"format": "bedtime-companion-diary", "version": ' + b"9" * 5000 + b"}", "not allowed"),
        (
            b'{"format": "bedtime-companion-diary", "version": 1, "nights": [' + b"[" * 50_000,
            "deep",
        ),
        (
            json.dumps(
                {
                    "format": "bedtime-companion-diary",
                    "version": 1,
                    "nights": [{"night": "2026-11-20", "notes": "x" * 3_000_000}],
                }
            ).encode(),
            "notes: are at most 10,000 characters, not 3,000,000",
        ),
        (
            json.dumps(
                {
                    "format": "bedtime-companion-diary",
                    "version": 1,
                    "nights": [{"night": "2026-11-20", "factors": ["y" * 1_000_000]}],
                }
            ).encode(),
            "factors[0]: is longer than 40 characters",
        ),
        (
            json.dumps(
                {
                    "format": "bedtime-companion-diary",
                    "version": 1,
                    "nights": [{"night": "2026-11-20", "bed_time": "2026-11-20T22:00" + "0" * 99}],
                }
            ).encode(),
            "bed_time: must be a date and time",
        ),
        (b"night,notes\r\n2026-11-20," + b"z" * 200_000 + b"\r\n", "cannot be read"),
        (b"night,notes\r\n2026-11-20,a\r\n2026-11-20,a\r\n", "appears again"),
        (b"night,notes\r\n2026-11-20,a\x00b\r\n", "Line 2, notes: contains a NUL"),
    ],
)
def test_huge_deep_and_odd_inputs_are_refused_clearly(payload: bytes, expected: str) -> None:
    result = outcome(payload)
    assert isinstance(result, str) and expected in result, result


def sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def test_one_bad_night_at_the_end_means_nothing_is_written(tmp_path: Path) -> None:
    diary = tmp_path / "diary.sqlite3"
    store = Store.open(diary)
    store.save_night(BASE.nights[0])
    store.close()
    before = (sha(diary), sha(tmp_path / "diary.sqlite3-wal"))

    body = json.loads(exchange.export_json(generate_demo(60, 9, date(2026, 1, 1)).nights, []))
    body["nights"][-1]["cramps"] = [{"area": "calf", "side": "left", "severity": 0}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(body))
    store = Store.open(diary)
    try:
        with pytest.raises(ImportRejected, match=r"cramps\[0\]\.severity"):
            exchange.import_file(store, bad)
        assert [n.night for n in store.nights()] == [BASE.nights[0].night]
    finally:
        store.close()
    assert (sha(diary), sha(tmp_path / "diary.sqlite3-wal")) == before
