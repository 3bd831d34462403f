"""`experiment start | show [--json] | stop` through the real command line (DESIGN.md section 8).

The figures of `show --json` are recomputed here from the same nights with nothing but the
standard library: the schedule by date arithmetic, the p-value by listing every sign vector, the
t distribution by numerical integration and the t quantiles from a printed table. None of it
calls companion.core.experiment.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from companion.cli import main

START = date(2025, 1, 6)
RUN_IN, PAIRS, K, W = 14, 7, 7, 2
ORDER = ["on", "off", "off", "on", "on", "off", "off", "on", "on", "off", "on", "off", "off", "on"]
# t(0.975, df) for df = 1 .. 11 (standard tables, to 12 digits).
T975 = {
    1: 12.7062047362,
    2: 4.30265272975,
    3: 3.18244630528,
    4: 2.77644510520,
    5: 2.57058183564,
    6: 2.44691185114,
    7: 2.36462425159,
    8: 2.30600413520,
    9: 2.26215716285,
    10: 2.22813885199,
    11: 2.20098516008,
}


def make_nights() -> list[dict]:
    """Every night of the plan, some unlogged, with cramps that drop on routine weeks."""
    rng = random.Random(20250106)
    out = []
    for i in range(RUN_IN + 2 * PAIRS * K):
        day = START + timedelta(days=i)
        if rng.random() < 0.12 and i >= RUN_IN:
            continue  # not logged (the run-in is complete, so the planning check has 14 nights)
        block = (i - RUN_IN) // K if i >= RUN_IN else None
        on = block is not None and ORDER[block] == "on"
        mean = 0.9 if on else 1.6
        count = sum(1 for _ in range(8) if rng.random() < mean / 8)
        stretched = (
            rng.choice([True, True, True, False, None])
            if on
            else rng.choice([False] * 4 + [True, None])
        )
        cramps = [
            {
                "at": f"{(day + timedelta(days=1)).isoformat()}T02:{10 + c:02d}:00+01:00",
                "area": "calf",
                "side": "left",
                "severity": 5,
            }
            for c in range(count)
        ]
        out.append({"night": day.isoformat(), "stretched": stretched, "cramps": cramps})
    # A night in the wash-out with many cramps must not count anywhere.
    washout_night = (START + timedelta(days=RUN_IN)).isoformat()
    out = [n for n in out if n["night"] != washout_night]
    out.append(
        {
            "night": washout_night,
            "stretched": True,
            "cramps": [{"area": "calf", "side": "left", "severity": 5} for _ in range(20)],
        }
    )
    return sorted(out, key=lambda n: n["night"])


def diary_file(tmp_path: Path, nights: list[dict]) -> Path:
    body = {
        "format": "bedtime-companion-diary",
        "version": 1,
        "nights": nights,
        "experiments": [
            {
                "question": "routine",
                "label": "Does my bedtime routine reduce my night cramps?",
                "start": START.isoformat(),
                "run_in_nights": RUN_IN,
                "pairs": PAIRS,
                "block_nights": K,
                "washout_nights": W,
                "order": ORDER,
                "stopped_on": None,
            }
        ],
    }
    path = tmp_path / "diary.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def cli(capsys, data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def t_cdf_by_integration(t: float, df: int) -> float:
    def pdf(x: float) -> float:
        c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)
        return c * (1 + x * x / df) ** (-(df + 1) / 2)

    n = 20000
    h = t / n
    total = pdf(0) + pdf(t) + sum((4 if i % 2 else 2) * pdf(i * h) for i in range(1, n))
    return 0.5 + total * h / 3


def independent_figures(nights: list[dict]) -> dict:
    by_night = {date.fromisoformat(n["night"]): n for n in nights}
    blocks = []
    for b in range(2 * PAIRS):
        first = START + timedelta(days=RUN_IN + b * K)
        analysed = [
            by_night[first + timedelta(days=j)]
            for j in range(W, K)
            if first + timedelta(days=j) in by_night
        ]
        wanted = ORDER[b] == "on"
        matched = sum(1 for n in analysed if n["stretched"] is wanted)
        blocks.append(
            {
                "pair": b // 2 + 1,
                "condition": ORDER[b],
                "first_night": first.isoformat(),
                "last_night": (first + timedelta(days=K - 1)).isoformat(),
                "analysed_nights": len(analysed),
                "cramps": sum(len(n["cramps"]) for n in analysed),
                "adherence": matched / len(analysed) if analysed else None,
            }
        )
    d = []
    for p in range(PAIRS):
        pair = {blocks[2 * p + i]["condition"]: blocks[2 * p + i] for i in (0, 1)}
        on, off = pair["on"], pair["off"]
        if on["analysed_nights"] >= 3 and off["analysed_nights"] >= 3:
            d.append(
                math.log((on["cramps"] + 0.5) / on["analysed_nights"])
                - math.log((off["cramps"] + 0.5) / off["analysed_nights"])
            )
    k = len(d)
    mean = sum(d) / k
    s = math.sqrt(sum((x - mean) ** 2 for x in d) / (k - 1))
    half = T975[k - 1] * s / math.sqrt(k)
    hits = sum(
        1
        for signs in itertools.product((1, -1), repeat=k)
        if abs(sum(e * x for e, x in zip(signs, d, strict=True)) / k) >= abs(mean) - 1e-9
    )
    return {
        "blocks": blocks,
        "pairs_used": k,
        "rate_ratio": math.exp(mean),
        "ci95": [math.exp(mean - half), math.exp(mean + half)],
        "p_value": hits / 2**k,
        "chance_helps": t_cdf_by_integration(-mean / (s / math.sqrt(k)), k - 1),
    }


def test_show_json_reproduces_figures_computed_independently(capsys, tmp_path: Path) -> None:
    nights = make_nights()
    data_dir = tmp_path / "data"
    code, out, err = cli(capsys, data_dir, "import", str(diary_file(tmp_path, nights)))
    assert code == 0, err
    assert "1 experiment" in out
    code, out, _ = cli(capsys, data_dir, "experiment", "show", "--json")
    assert code == 0
    shown = json.loads(out)["experiment"]
    expected = independent_figures(nights)

    assert shown["status"] == "finished"
    assert (shown["question"], shown["start"], shown["pairs"]) == ("routine", "2025-01-06", PAIRS)
    assert (shown["run_in_nights"], shown["block_nights"], shown["washout_nights"]) == (
        RUN_IN,
        K,
        W,
    )
    assert shown["label"] == "Does my bedtime routine reduce my night cramps?"
    assert len(shown["blocks"]) == 2 * PAIRS
    for got, want in zip(shown["blocks"], expected["blocks"], strict=True):
        assert set(got) == set(want)
        for key in ("pair", "condition", "first_night", "last_night", "analysed_nights", "cramps"):
            assert got[key] == want[key], key
        assert got["adherence"] == pytest.approx(want["adherence"], abs=1e-12)
    result = shown["result"]
    assert set(result) == {"pairs_used", "rate_ratio", "ci95", "p_value", "chance_helps", "verdict"}
    # One pair keeps fewer than 3 analysed nights in a block, so it is left out.
    assert result["pairs_used"] == expected["pairs_used"] == PAIRS - 1
    assert result["rate_ratio"] == pytest.approx(expected["rate_ratio"], rel=1e-12)
    assert result["ci95"] == pytest.approx(expected["ci95"], rel=1e-9)
    assert result["p_value"] == expected["p_value"]
    assert result["chance_helps"] == pytest.approx(expected["chance_helps"], abs=1e-7)
    p, rr, (lo, hi) = expected["p_value"], expected["rate_ratio"], expected["ci95"]
    verdict = (
        "helps"
        if p <= 0.05 and rr < 1
        else "worse"
        if p <= 0.05 and rr > 1
        else "no_difference"
        if 0.8 <= lo and hi <= 1.25
        else "unclear"
    )
    assert result["verdict"] == verdict
    assert 0.0 <= shown["power_40"] <= 1.0
    # The planning check is seeded by the plan: the same figure every time.
    code, again, _ = cli(capsys, data_dir, "experiment", "show", "--json")
    assert json.loads(again)["experiment"]["power_40"] == shown["power_40"]
    # And the readable form says it in words, with the caveats.
    code, text, _ = cli(capsys, data_dir, "experiment", "show")
    assert code == 0 and f"From {PAIRS - 1} complete pairs" in text
    assert "cannot be blinded" in text and "Status: Finished" in text


def test_show_with_no_experiment_is_a_sentence_or_null(capsys, tmp_path: Path) -> None:
    code, out, _ = cli(capsys, tmp_path, "experiment", "show", "--json")
    assert (code, json.loads(out)) == (0, {"experiment": None})
    code, out, _ = cli(capsys, tmp_path, "experiment", "show")
    assert code == 0 and out.startswith("No experiment yet.")
    assert list(tmp_path.iterdir()) == []  # showing created nothing


def test_start_show_stop_and_the_refusals(capsys, tmp_path: Path) -> None:
    later = (datetime.now().astimezone().date() + timedelta(days=30)).isoformat()
    code, _, err = cli(capsys, tmp_path, "experiment", "start", "--pairs", "3")
    assert code == 1 and "--pairs must be from 6 to 12, not 3" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = cli(
        capsys, tmp_path, "experiment", "start", "--block-nights", "5", "--washout", "3"
    )
    assert code == 1 and "--washout can be at most 2" in err
    code, _, err = cli(capsys, tmp_path, "experiment", "start", "--start", "2020-01-01")
    assert code == 1 and "already passed" in err
    code, _, err = cli(capsys, tmp_path, "experiment", "stop")
    assert code == 1 and "No experiment is running" in err

    code, out, err = cli(
        capsys,
        tmp_path,
        "experiment",
        "start",
        "--start",
        later,
        "--pairs",
        "6",
        "--seed",
        "9",
        "--question",
        "magnesium tablets",
    )
    assert code == 0, err
    assert "ask your doctor" in out
    code, out, _ = cli(capsys, tmp_path, "experiment", "show", "--json")
    shown = json.loads(out)["experiment"]
    assert shown["status"] == "planned" and shown["start"] == later
    assert shown["question"] == "magnesium tablets" and len(shown["blocks"]) == 12
    assert all(b["analysed_nights"] == 0 and b["adherence"] is None for b in shown["blocks"])
    assert shown["result"] is None and shown["power_40"] is None

    code, _, err = cli(capsys, tmp_path, "experiment", "start", "--start", later)
    assert code == 1 and "still running" in err
    code, out, _ = cli(capsys, tmp_path, "experiment", "stop")
    assert code == 0 and "Stopped" in out
    code, out, _ = cli(capsys, tmp_path, "experiment", "show", "--json")
    assert json.loads(out)["experiment"]["status"] == "stopped"
    code, out, _ = cli(capsys, tmp_path, "export")
    (exported,) = json.loads(out)["experiments"]
    assert exported["start"] == later and exported["stopped_on"] is not None


def test_the_real_command_line_exits_with_the_documented_codes(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "companion", "--data-dir", str(tmp_path), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert run("experiment", "show", "--json").stdout.strip() == '{"experiment": null}'
    bad = run("experiment", "start", "--pairs", "3")
    assert bad.returncode == 1 and "from 6 to 12" in bad.stderr and "Traceback" not in bad.stderr
    usage = run("experiment", "start", "--pairs", "three")
    assert usage.returncode == 2
    (tmp_path / "diary.sqlite3").write_bytes(b"not a diary" * 100)
    broken = run("experiment", "show")
    assert broken.returncode == 3 and "Traceback" not in broken.stderr
