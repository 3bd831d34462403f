"""import / export / seed-demo through the real command line.

Hostile files always end in exit 1, one sentence on stderr, and a diary whose files are
byte-for-byte what they were (sha256 of diary.sqlite3 and its -wal, store closed before hashing).
A sample runs as a real subprocess; the many run in-process through companion.cli.main.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.cli import main
from companion.core import exchange
from companion.core.demo import generate_demo
from companion.core.store import Store

GOOD = generate_demo(nights=10, seed=2, today=date(2026, 11, 21))
GOOD_JSON = exchange.export_json(GOOD.nights, GOOD.sessions)
GOOD_CSV = exchange.export_csv(GOOD.nights, GOOD.sessions)


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args], capture_output=True, timeout=120
    )


def fingerprint(data_dir: Path) -> tuple[str | None, str | None]:
    def sha(path: Path) -> str | None:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None

    return sha(data_dir / "diary.sqlite3"), sha(data_dir / "diary.sqlite3-wal")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding a small real diary (closed), shared by the hostile tests."""
    data_dir = tmp_path_factory.mktemp("seeded")
    store = Store.open(data_dir / "diary.sqlite3")
    try:
        store.merge_import(GOOD.nights[:5], GOOD.sessions[:3])
    finally:
        store.close()
    return data_dir


def hostile_files() -> list[tuple[str, bytes]]:
    body = json.loads(GOOD_JSON)
    wrong_type = json.loads(GOOD_JSON)
    wrong_type["nights"][3]["sleep_quality"] = "good"
    dup = json.loads(GOOD_JSON)
    dup["nights"].append(dup["nights"][0])
    impossible = json.loads(GOOD_JSON)
    impossible["nights"][2]["night"] = "2026-02-30"
    late_bad = json.loads(GOOD_JSON)
    late_bad["nights"][-1]["cramps"] = [{"area": "calf", "side": "up", "severity": 3}]
    return [
        ("truncated.json", GOOD_JSON.encode()[: len(GOOD_JSON) // 2]),
        ("wrong-type.json", json.dumps(wrong_type).encode()),
        ("duplicate.json", json.dumps(dup).encode()),
        ("impossible-date.json", json.dumps(impossible).encode()),
        ("last-night-bad.json", json.dumps(late_bad).encode()),
        ("invalid-utf8.csv", GOOD_CSV.encode().replace(b"2026", b"\xff\xfe", 1)),
        ("bad-cell.csv", GOOD_CSV.replace(",calf,", ",knee,", 1).encode()),
        ("no-format.json", json.dumps({**body, "format": None}).encode()),
        ("binary.bin", bytes(range(256)) * 4),
    ]


def assert_one_line(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("bedtime-companion: ") and "Traceback" not in stderr
    assert lines[0].endswith("Nothing was imported.")


def test_round_trip_through_the_command_line(tmp_path: Path) -> None:
    src, dst = tmp_path / "src", tmp_path / "dst"
    seeded = run_cli("--data-dir", str(src), "seed-demo", "--nights", "40", "--seed", "3")
    assert seeded.returncode == 0, seeded.stderr
    assert b"example nights" in seeded.stdout
    out = tmp_path / "export.json"
    exported = run_cli("export", "--data-dir", str(src), "--out", str(out))
    assert exported.returncode == 0 and out.exists()
    if os.name == "posix":
        assert (out.stat().st_mode & 0o777) == 0o600
    nights = len(json.loads(out.read_text())["nights"])
    imported = run_cli("--data-dir", str(dst), "import", str(out))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.decode().splitlines()[0] == f"Imported {nights} nights."
    again = run_cli("--data-dir", str(dst), "export")
    assert again.returncode == 0
    assert again.stdout == out.read_bytes()  # export -> import -> export is byte-identical
    csv_out = run_cli("--data-dir", str(dst), "export", "--format", "csv")
    assert csv_out.stdout.decode("utf-8").startswith("record,night,")


def test_seed_demo_refuses_a_diary_with_nights(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "seed-demo", "--nights", "20"]) == 0
    before = fingerprint(tmp_path)
    capsys.readouterr()
    assert main(["--data-dir", str(tmp_path), "seed-demo", "--nights", "20"]) == 1
    err = capsys.readouterr().err
    assert "already has nights" in err and len(err.strip().splitlines()) == 1
    assert fingerprint(tmp_path) == before


def test_seed_demo_is_reproducible(tmp_path: Path, capsys) -> None:
    outputs = []
    for name in ("a", "b"):
        folder = tmp_path / name
        assert main(["--data-dir", str(folder), "seed-demo", "--nights", "30", "--seed", "9"]) == 0
        capsys.readouterr()
        assert main(["--data-dir", str(folder), "export"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and '"nights": [' in outputs[0]


def test_export_of_a_missing_diary_is_empty_and_creates_nothing(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "none"), "export"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["nights"] == [] and body["format"] == "bedtime-companion-diary"
    assert not (tmp_path / "none" / "diary.sqlite3").exists()


def test_export_to_an_unwritable_place_is_one_sentence(tmp_path: Path, capsys) -> None:
    code = main(["--data-dir", str(tmp_path), "export", "--out", str(tmp_path / "no" / "x.json")])
    assert code == 1
    err = capsys.readouterr().err
    assert "could not be written" in err and len(err.strip().splitlines()) == 1


def test_import_of_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "import", str(tmp_path / "nope.json")]) == 1
    assert "There is no file" in capsys.readouterr().err
    assert not (tmp_path / "diary.sqlite3").exists()  # a refused import creates no diary


def test_hostile_sample_in_real_subprocesses(seeded: Path, tmp_path: Path) -> None:
    before = fingerprint(seeded)
    big = tmp_path / "fifty-mb.json"
    with open(big, "wb") as handle:
        handle.write(b'{"format": "bedtime-companion-diary", "version": 1, "nights": [')
        handle.truncate(50 * 1024 * 1024)
    samples = [big]
    for name, payload in hostile_files()[:4]:
        path = tmp_path / name
        path.write_bytes(payload)
        samples.append(path)
    for path in samples:
        result = run_cli("--data-dir", str(seeded), "import", str(path))
        assert result.returncode == 1, (path.name, result.stderr)
        assert_one_line(result.stderr.decode("utf-8"))
        assert result.stdout == b""
        assert fingerprint(seeded) == before, path.name
    result = run_cli("--data-dir", str(seeded), "import", str(big))
    assert "at most 20 MB" in result.stderr.decode()


@pytest.mark.parametrize(("name", "payload"), hostile_files())
def test_hostile_files_in_process(seeded: Path, tmp_path: Path, capsys, name, payload) -> None:
    before = fingerprint(seeded)
    path = tmp_path / name
    path.write_bytes(payload)
    assert main(["--data-dir", str(seeded), "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert_one_line(captured.err)
    assert captured.out == ""
    assert fingerprint(seeded) == before


def mutate(raw: bytes, data: st.DataObject) -> bytes:
    kinds = ["truncate", "flip", "splice", "huge"] + (
        [] if raw.startswith(b"record") else ["field"]
    )
    how = data.draw(st.sampled_from(kinds))
    if how == "truncate":
        return raw[: data.draw(st.integers(0, len(raw) - 3))]
    if how == "flip":
        buf = bytearray(raw)
        for _ in range(data.draw(st.integers(1, 6))):
            buf[data.draw(st.integers(0, len(buf) - 1))] = data.draw(st.integers(0, 255))
        return bytes(buf)
    if how == "splice":
        at = data.draw(st.integers(0, len(raw)))
        return raw[:at] + data.draw(st.binary(min_size=1, max_size=40)) + raw[at:]
    if how == "huge":
        return raw.replace(b'"notes": "', b'"notes": "' + b"x" * 10_001, 1)
    body = json.loads(raw)
    night = data.draw(st.sampled_from(body["nights"]))
    key = data.draw(st.sampled_from(sorted(night)))
    night[key] = data.draw(
        st.sampled_from([None, True, -1, 99, 2.5, "", "x" * 500, [], {}, ["heat"] * 2, "1-2-3"])
    )
    if key == "night" and night[key] is None:
        night[key] = "2026-13-45"
    return json.dumps(body).encode()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_mutated_files_never_crash_never_half_import(seeded: Path, tmp_path: Path, capsys, data):
    raw = data.draw(st.sampled_from([GOOD_JSON.encode(), GOOD_CSV.encode()]))
    payload = mutate(raw, data)
    path = tmp_path / "mutated"
    path.write_bytes(payload)
    before = fingerprint(seeded)
    try:
        parsed = exchange.load_file(path)
    except Exception:
        parsed = None
    if parsed is not None:
        return  # a harmless mutation (e.g. inside a note): a valid file, imported elsewhere
    capsys.readouterr()
    assert main(["--data-dir", str(seeded), "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert_one_line(captured.err)
    assert fingerprint(seeded) == before
