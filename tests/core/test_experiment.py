"""The personal experiment (DESIGN.md section 8): the schedule, the statistics, the verdict and
the planning check, each checked against an independent computation (hand-worked figures,
brute-force enumeration, numerical integration, published t tables) rather than against itself."""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core import experiment as ex
from companion.core.diary import Cramp, Night

settings.register_profile("experiment", max_examples=120, deadline=None)
settings.load_profile("experiment")

START = date(2026, 1, 5)


def night(day: date, cramps: int, *, stretched: bool | None = None, habit: bool | None = None):
    return Night(
        night=day,
        stretched=stretched,
        habit_done=habit,
        cramps=tuple(Cramp("calf", "left", 4) for _ in range(cramps)),
    )


def plan_with(order: tuple[str, ...], **kw) -> ex.Plan:
    values = dict(
        question=ex.ROUTINE,
        label=ex.ROUTINE_LABEL,
        start=START,
        run_in_nights=0,
        pairs=len(order) // 2,
        block_nights=5,
        washout_nights=0,
        order=order,
    )
    values.update(kw)
    plan = ex.Plan(**values)
    ex.check_plan(plan)
    return plan


plans = st.builds(
    lambda r, p, k, w_share, start, seed: ex.make_plan(
        start=start,
        run_in_nights=r,
        pairs=p,
        block_nights=k,
        washout_nights=min(3, k - 3, w_share),
        seed=seed,
    ),
    st.integers(*ex.RUN_IN_RANGE),
    st.integers(*ex.PAIRS_RANGE),
    st.integers(*ex.BLOCK_NIGHTS_RANGE),
    st.integers(0, 3),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 1, 1)),
    st.integers(0, 2**32),
)


# --------------------------------------------------------------------------------------------
# The schedule


@given(plans)
def test_every_pair_has_one_on_and_one_off_block(plan):
    blocks = ex.schedule(plan)
    assert len(blocks) == 2 * plan.pairs
    for pair in range(1, plan.pairs + 1):
        conditions = sorted(b.condition for b in blocks if b.pair == pair)
        assert conditions == ["off", "on"]


@given(plans)
def test_nights_are_consecutive_from_the_start(plan):
    blocks = ex.schedule(plan)
    every = ex.run_in_dates(plan) + [
        b.first_night + timedelta(days=i) for b in blocks for i in range(plan.block_nights)
    ]
    assert every[0] == plan.start
    assert all((b - a).days == 1 for a, b in itertools.pairwise(every))
    assert every[-1] == plan.last_night
    assert len(every) == plan.total_nights
    for block in blocks:
        assert (block.last_night - block.first_night).days == plan.block_nights - 1


@given(plans)
def test_the_washout_is_never_analysed(plan):
    for block in ex.schedule(plan):
        analysed = block.analysed_dates()
        assert len(analysed) == plan.block_nights - plan.washout_nights >= 3
        washout = {block.first_night + timedelta(days=i) for i in range(plan.washout_nights)}
        assert not washout & set(analysed)
        assert analysed[-1] == block.last_night


@given(plans, st.data())
def test_washout_nights_do_not_change_the_figures(plan, data):
    # Cramps on wash-out nights (however many) never reach a block's figures.
    blocks = ex.schedule(plan)
    base = [night(d, 1, stretched=True) for b in blocks for d in b.analysed_dates()]
    flood = [
        night(b.first_night + timedelta(days=i), data.draw(st.integers(0, 50)))
        for b in blocks
        for i in range(plan.washout_nights)
    ]
    assert ex.block_figures(plan, blocks, base) == ex.block_figures(plan, blocks, base + flood)


def test_a_seed_draws_the_same_order_and_the_system_draw_is_a_valid_one():
    assert ex.draw_order(8, seed=11) == ex.draw_order(8, seed=11)
    orders = {ex.draw_order(8) for _ in range(20)}
    assert len(orders) > 1  # SystemRandom, not a fixed order
    for order in orders:
        assert all(sorted(order[i : i + 2]) == ["off", "on"] for i in range(0, 16, 2))


def test_status_follows_todays_night():
    plan = ex.make_plan(start=START, run_in_nights=14, pairs=6, block_nights=7, seed=1)
    assert ex.status(plan, START - timedelta(days=1)) == "planned"
    assert ex.status(plan, START) == "run_in"
    assert ex.status(plan, START + timedelta(days=13)) == "run_in"
    assert ex.status(plan, START + timedelta(days=14)) == "running"
    assert ex.status(plan, plan.last_night) == "running"
    assert ex.status(plan, plan.last_night + timedelta(days=1)) == "finished"
    stopped = ex.Plan(**{**plan.__dict__, "stopped_on": START + timedelta(days=20)})
    assert ex.status(stopped, START + timedelta(days=21)) == "stopped"


def test_status_uses_the_night_rule_at_nine_in_the_morning():
    plan = ex.make_plan(start=START, run_in_nights=0, pairs=6, block_nights=7, seed=1)
    morning_after = datetime.combine(plan.last_night + timedelta(days=1), datetime.min.time())
    morning_after = morning_after.replace(hour=9, tzinfo=UTC)
    # 09:00 the morning after the last night still belongs to that night.
    assert ex.status(plan, ex.current_night(morning_after)) == "running"
    assert ex.status(plan, ex.current_night(morning_after.replace(hour=12))) == "finished"


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"pairs": 3}, "from 6 to 12"),
        ({"pairs": 13}, "from 6 to 12"),
        ({"block_nights": 4}, "from 5 to 14"),
        ({"run_in_nights": 29}, "from 0 to 28"),
        ({"washout_nights": 4, "block_nights": 14}, "from 0 to 3"),
        ({"washout_nights": 3, "block_nights": 5}, "at most 2 nights"),
        ({"question": "   "}, "own habit"),
        ({"question": "x" * 61}, "at most 60"),
    ],
)
def test_plans_out_of_range_are_refused_in_one_sentence(kwargs, words):
    with pytest.raises(ex.PlanError) as caught:
        ex.make_plan(start=START, **kwargs)
    assert words in str(caught.value)
    assert str(caught.value).endswith(".")


def test_a_start_while_one_runs_or_inside_an_earlier_one_is_refused():
    now = datetime(2026, 1, 10, 20, 0, tzinfo=UTC)
    today = ex.current_night(now)
    running = ex.make_plan(start=date(2026, 1, 5), seed=1)
    new = ex.make_plan(start=date(2026, 1, 11), seed=2)
    with pytest.raises(ex.PlanError, match="still running"):
        ex.check_new_plan(new, [running], today, now)
    stopped = ex.Plan(**{**running.__dict__, "stopped_on": date(2026, 1, 12)})
    with pytest.raises(ex.PlanError, match="falls inside"):
        ex.check_new_plan(new, [stopped], today, now)
    later = ex.make_plan(start=date(2026, 1, 13), seed=2)
    ex.check_new_plan(later, [stopped], today, now)
    with pytest.raises(ex.PlanError, match="already passed"):
        ex.check_new_plan(ex.make_plan(start=date(2026, 1, 9), seed=2), [], today, now)


def test_a_medicine_question_is_noticed_and_a_habit_is_not():
    assert ex.mentions_medicine("Magnesium tablets")
    assert ex.mentions_medicine("tonic water with quinine")
    assert not ex.mentions_medicine("warm foot soak")
    assert not ex.mentions_medicine("ironing board stretch")  # whole words only


# --------------------------------------------------------------------------------------------
# Student's t distribution


@pytest.mark.parametrize(
    ("p", "df", "table"),
    [
        # Two-sided 5 % and one-sided 5 % critical values from standard t tables.
        (0.975, 1, 12.706),
        (0.975, 2, 4.303),
        (0.975, 3, 3.182),
        (0.975, 5, 2.571),
        (0.975, 7, 2.365),
        (0.975, 10, 2.228),
        (0.975, 11, 2.201),
        (0.95, 5, 2.015),
        (0.95, 11, 1.796),
        (0.995, 4, 4.604),
    ],
)
def test_t_quantile_and_cdf_match_the_printed_tables(p, df, table):
    assert ex.t_quantile(p, df) == pytest.approx(table, abs=5e-4)
    assert ex.t_cdf(table, df) == pytest.approx(p, abs=2e-5 if df > 2 else 1e-4)


def _t_pdf(x: float, df: int) -> float:
    lg = math.lgamma((df + 1) / 2) - math.lgamma(df / 2)
    return math.exp(lg) / math.sqrt(df * math.pi) * (1 + x * x / df) ** (-(df + 1) / 2)


def _integrated_cdf(t: float, df: int) -> float:
    """0.5 + the integral of the density from 0 to t (composite Simpson, 4000 intervals)."""
    n = 4000
    h = t / n
    total = _t_pdf(0, df) + _t_pdf(t, df)
    total += sum((4 if i % 2 else 2) * _t_pdf(i * h, df) for i in range(1, n))
    return 0.5 + total * h / 3


@settings(max_examples=40)
@given(st.floats(-8, 8), st.integers(1, 30))
def test_t_cdf_agrees_with_numerical_integration(t, df):
    assert ex.t_cdf(t, df) == pytest.approx(_integrated_cdf(t, df), abs=1e-8)


@given(st.floats(-50, 50), st.integers(1, 40))
def test_t_cdf_is_symmetric(t, df):
    assert ex.t_cdf(t, df) + ex.t_cdf(-t, df) == pytest.approx(1.0, abs=1e-12)


def test_t_cdf_with_one_degree_is_the_cauchy_distribution():
    for t in (-3.0, -0.4, 0.0, 1.0, 7.5):
        assert ex.t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-12)


# --------------------------------------------------------------------------------------------
# The randomisation p-value, chance_helps and the verdict


def brute_force_p(d: list[float]) -> float:
    k = len(d)
    observed = abs(sum(d) / k)
    hits = 0
    for signs in itertools.product((1, -1), repeat=k):
        if abs(sum(e * x for e, x in zip(signs, d, strict=True)) / k) >= observed - 1e-9:
            hits += 1
    return hits / 2**k


d_lists = st.lists(st.floats(-3, 3, allow_nan=False), min_size=2, max_size=10)


@given(d_lists)
def test_p_value_is_the_exact_enumeration(d):
    assert ex.randomisation_p_value(d) == brute_force_p(d)


@given(d_lists, st.data())
def test_p_value_is_symmetric_under_sign_flips_and_reordering(d, data):
    p = ex.randomisation_p_value(d)
    assert ex.randomisation_p_value([-x for x in d]) == p
    assert ex.randomisation_p_value(data.draw(st.permutations(d))) == p
    # Flipping the sign of *every* pair is one of the 2^k vectors, so it is always counted.
    assert p >= 2 / 2 ** len(d)
    assert p * 2 ** len(d) == int(p * 2 ** len(d))


@given(st.lists(st.floats(-3, 3, allow_nan=False), min_size=2, max_size=12))
def test_chance_helps_is_the_t_distribution_at_the_mean(d):
    result = ex.result_of(d)
    k = len(d)
    mean = math.fsum(d) / k
    s = math.sqrt(math.fsum((x - mean) ** 2 for x in d) / (k - 1))
    if s > 1e-12:
        expected = _integrated_cdf(-mean / (s / math.sqrt(k)), k - 1)
        assert result.chance_helps == pytest.approx(expected, abs=1e-6)
    assert result.rate_ratio == pytest.approx(math.exp(mean))
    assert result.ci95[0] <= result.rate_ratio <= result.ci95[1]


def test_chance_helps_when_every_pair_agrees_exactly():
    assert ex.chance_helps(-0.3, 0.0, 6) == 1.0
    assert ex.chance_helps(0.3, 0.0, 6) == 0.0
    assert ex.chance_helps(0.0, 0.0, 6) == 0.5


@given(
    st.integers(2, 12),
    st.floats(0.05, 5),
    st.floats(0.05, 5),
    st.floats(0.05, 5),
    st.sampled_from([2 / 64, 0.05, 0.0625, 0.2, 1.0]),
)
def test_verdict_rules(k, rr, a, b, p):
    lo, hi = sorted((a, b))
    verdict = ex.verdict_of(k, rr, (lo, hi), p)
    if k < 6:
        assert verdict == "too_early"
    elif p <= 0.05 and rr < 1:
        assert verdict == "helps"
    elif p <= 0.05 and rr > 1:
        assert verdict == "worse"
    elif 0.8 <= lo and hi <= 1.25:
        assert verdict == "no_difference"
    else:
        assert verdict == "unclear"


def test_fewer_than_six_pairs_can_never_reach_five_percent():
    # Even five pairs all pointing the same way give p = 2/32.
    assert ex.randomisation_p_value([-1.0] * 5) == 2 / 32 > 0.05
    assert ex.randomisation_p_value([-1.0] * 6) == 2 / 64 <= 0.05


# --------------------------------------------------------------------------------------------
# A hand-worked case, end to end from nights


def _nights_for(plan: ex.Plan, counts: dict[int, tuple[int, int]]) -> list[Night]:
    """Per pair (on cramps, off cramps) spread over the analysed nights; wash-out nights noisy."""
    out = []
    for block in ex.schedule(plan):
        on_c, off_c = counts[block.pair]
        total = on_c if block.condition == "on" else off_c
        stretched = block.condition == "on"
        for i, d in enumerate(block.analysed_dates()):
            out.append(night(d, total if i == 0 else 0, stretched=stretched))
        for i in range(plan.washout_nights):
            out.append(night(block.first_night + timedelta(days=i), 9, stretched=None))
    return out


def test_hand_worked_six_pairs():
    # Six pairs of 7-night blocks, 2 wash-out nights: 5 analysed nights per block.
    # Pairs 1-4: 1 cramp on, 4 off: d = ln(1.5/5) - ln(4.5/5) = -ln 3. Pairs 5-6: 2 and 2: d = 0.
    order = ("off", "on", "on", "off", "on", "off", "off", "on", "on", "off", "off", "on")
    plan = plan_with(order, block_nights=7, washout_nights=2)
    counts = {1: (1, 4), 2: (1, 4), 3: (1, 4), 4: (1, 4), 5: (2, 2), 6: (2, 2)}
    analysis = ex.analyse(plan, _nights_for(plan, counts), plan.last_night + timedelta(days=1))
    a = math.log(3)
    assert [p.d for p in analysis.pairs] == pytest.approx([-a, -a, -a, -a, 0, 0])
    first = analysis.blocks[0]
    assert (first.analysed_nights, first.cramps, first.adherence) == (5, 4, 1.0)
    r = analysis.result
    # mean d = -2a/3; s = 2a/sqrt(15); t = (2a/3) / (s/sqrt 6) = sqrt(10).
    assert r.pairs_used == 6
    assert r.rate_ratio == pytest.approx(3 ** (-2 / 3))
    half = 2.570582 * (2 * a / math.sqrt(15)) / math.sqrt(6)
    assert r.ci95 == pytest.approx((math.exp(-2 * a / 3 - half), math.exp(-2 * a / 3 + half)))
    # Only the all-same signs of the four -ln 3 pairs reach |sum| = 4a: 2 of 16 (times 4 / 4).
    assert r.p_value == 0.125
    assert r.chance_helps == pytest.approx(_integrated_cdf(math.sqrt(10), 5), abs=1e-9)
    assert r.chance_helps == pytest.approx(0.98749, abs=5e-5)
    assert r.verdict == "unclear"


def test_hand_worked_six_pairs_all_helping():
    order = ("on", "off") * 6
    plan = plan_with(order)
    counts = dict.fromkeys(range(1, 7), (0, 3))
    r = ex.analyse(plan, _nights_for(plan, counts), plan.last_night + timedelta(days=1)).result
    # d = ln(0.5/5) - ln(3.5/5) = -ln 7 in every pair; s = 0.
    assert r.rate_ratio == pytest.approx(1 / 7)
    assert r.ci95 == pytest.approx((1 / 7, 1 / 7))
    assert r.p_value == 2 / 64
    assert r.chance_helps == 1.0
    assert r.verdict == "helps"


def test_a_pair_counts_only_when_both_blocks_ended_with_three_analysed_nights():
    order = ("on", "off") * 6
    plan = plan_with(order)
    blocks = ex.schedule(plan)
    nights = [night(d, 1, stretched=True) for b in blocks for d in b.analysed_dates()]
    # Pair 2's off block keeps only 2 nights; pair 6 has not ended yet (today is its last night).
    drop = set(blocks[3].analysed_dates()[2:])
    nights = [n for n in nights if n.night not in drop]
    analysis = ex.analyse(plan, nights, blocks[-1].last_night)
    assert [p.complete for p in analysis.pairs] == [True, False, True, True, True, False]
    assert analysis.result.pairs_used == 4
    assert analysis.result.verdict == "too_early"
    # Stopping on pair 4's last night leaves pairs 1 and 3 complete, and nights after it out.
    stopped = ex.Plan(**{**plan.__dict__, "stopped_on": blocks[7].last_night})
    later = ex.analyse(stopped, nights, blocks[-1].last_night + timedelta(days=9))
    assert [p.complete for p in later.pairs] == [True, False, True, False, False, False]
    assert later.blocks[9].analysed_nights == 0
    assert later.status == "stopped"


def test_one_complete_pair_gives_no_result():
    plan = plan_with(("on", "off") * 6)
    blocks = ex.schedule(plan)
    nights = [night(d, 1) for b in blocks[:2] for d in b.analysed_dates()]
    assert ex.analyse(plan, nights, blocks[2].first_night).result is None


def test_adherence_counts_unknown_as_not_following_and_uses_habit_done_for_a_habit():
    plan = plan_with(("on", "off") * 6, question="warm foot soak", label="Foot soak?")
    on_block, off_block = ex.schedule(plan)[:2]
    days_on, days_off = on_block.analysed_dates(), off_block.analysed_dates()
    nights = [
        night(days_on[0], 0, habit=True),
        night(days_on[1], 0, habit=False),
        night(days_on[2], 0, habit=None, stretched=True),  # stretching is not the habit
        night(days_off[0], 0, habit=False),
        night(days_off[1], 0, habit=True),
    ]
    figures = ex.block_figures(plan, (on_block, off_block), nights)
    assert figures[0].adherence == pytest.approx(1 / 3)
    assert figures[1].adherence == pytest.approx(1 / 2)
    assert ex.block_figures(plan, (on_block,), [])[0].adherence is None


# --------------------------------------------------------------------------------------------
# A routine that does nothing: how often does the test claim it helps?


def _flare_nights(rng: random.Random, days: list[date]) -> list[Night]:
    """Cramps with flare spells: a calm rate of 0.8 a night, 3.5 during flares that last days."""
    out = []
    flare = False
    for d in days:
        flare = rng.random() < (0.85 if flare else 0.06)
        rate = 3.5 if flare else 0.8
        count = 0
        limit = math.exp(-rate)
        product = rng.random()
        while product > limit:  # Poisson by multiplication (Knuth)
            count += 1
            product *= rng.random()
        if rng.random() < 0.9:  # one night in ten is not logged
            out.append(night(d, min(count, 50), stretched=rng.random() < 0.5))
    return out


def false_helps_rate(trials: int, seed: int) -> float:
    rng = random.Random(seed)
    helps = 0
    for i in range(trials):
        plan = ex.make_plan(start=START, run_in_nights=0, seed=seed * 100_000 + i)
        blocks = ex.schedule(plan)
        days = [b.first_night + timedelta(days=j) for b in blocks for j in range(7)]
        nights = _flare_nights(rng, days)
        figures = ex.block_figures(plan, blocks, nights)
        pairs = ex.pair_figures(plan, figures, plan.last_night + timedelta(days=1))
        result = ex.result_of([p.d for p in pairs if p.complete])
        helps += result is not None and result.verdict == "helps"
    return helps / trials


def test_a_useless_routine_is_called_helpful_at_most_five_percent_of_the_time():
    trials = 2000
    rate = false_helps_rate(trials, seed=7)
    noise = 3 * math.sqrt(0.05 * 0.95 / trials)
    print(f"false 'helps' rate over {trials} no-effect experiments with flare spells: {rate:.4f}")
    assert rate <= 0.05 + noise


# --------------------------------------------------------------------------------------------
# The planning check


def _history(days: int, rate_seed: int = 3) -> list[Night]:
    rng = random.Random(rate_seed)
    return [
        night(START - timedelta(days=days - i), rng.choice((0, 0, 1, 1, 2, 3))) for i in range(days)
    ]


def test_power_is_deterministic_for_a_plan_and_needs_fourteen_logged_nights():
    plan = ex.make_plan(start=START, run_in_nights=0, seed=4)
    history = _history(40)
    first = ex.power_40(plan, history, START)
    assert first is not None and 0.0 <= first <= 1.0
    assert ex.power_40(plan, history, START) == first
    assert ex.power_40(plan, history[-13:], START) is None
    assert ex.power_40(plan, history[-14:], START) is not None


def test_power_grows_with_a_longer_plan_and_is_none_without_cramps():
    history = _history(40)
    short = ex.make_plan(start=START, run_in_nights=0, pairs=6, seed=4)
    long = ex.make_plan(start=START, run_in_nights=0, pairs=12, block_nights=14, seed=4)
    assert ex.power_40(long, history, START) > ex.power_40(short, history, START)
    calm = [night(n.night, 0) for n in history]
    assert ex.power_40(short, calm, START) == 0.0  # no cramps: nothing to cut, never "helps"


def test_power_learns_from_the_run_in_once_it_has_fourteen_logged_nights():
    plan = ex.make_plan(start=START, run_in_nights=14, seed=4)
    busy = [night(START + timedelta(days=i), 3) for i in range(13)]
    assert ex.power_40(plan, _history(40) + busy, START + timedelta(days=13)) is None
    busy.append(night(START + timedelta(days=13), 4))
    assert ex.power_40(plan, busy, START + timedelta(days=14)) is not None
    # The preview before the start uses the last 28 nights instead.
    assert ex.preview_power_40(plan, _history(40)) is not None


def test_power_basis_fits_the_moments_and_the_logged_share():
    history = [night(START - timedelta(days=2 * i + 1), i % 3) for i in range(14)]
    model = ex.power_basis(ex.make_plan(start=START, run_in_nights=0, seed=1), history, START)
    counts = [i % 3 for i in range(14)]
    mean = sum(counts) / 14
    assert model.mean == pytest.approx(mean)
    assert model.variance == pytest.approx(sum((c - mean) ** 2 for c in counts) / 13)
    assert model.logged_share == pytest.approx(14 / 27)  # every other night over 27 nights


def test_power_is_near_one_when_the_effect_is_huge_and_nights_are_steady():
    plan = ex.make_plan(start=START, run_in_nights=0, pairs=8, seed=4)
    model = ex.NightModel(mean=4.0, variance=4.0, logged_share=1.0, nights=28)
    assert ex.simulate_power(plan, model, rate_ratio=0.2) >= 0.95
    assert ex.simulate_power(plan, model, rate_ratio=1.0) <= 0.06


def test_habit_done_is_true_false_or_unknown_on_a_night():
    from companion.core.diary import ValidationError, validate_night

    for value in (True, False, None):
        validate_night(Night(night=START, habit_done=value))
    with pytest.raises(ValidationError, match="habit_done"):
        validate_night(Night(night=START, habit_done="yes"))  # type: ignore[arg-type]


def test_a_habit_answer_alone_is_information_worth_saving():
    from companion.core.diary import night_has_information

    assert night_has_information(Night(night=START, habit_done=False))


# --------------------------------------------------------------------------------------------
# Plain words (one home for the app, the report and the command line)


def test_tonight_says_the_assignment_first_in_the_design_words():
    plan = plan_with(("off", "on") + ("on", "off") * 5, block_nights=7, run_in_nights=14)
    blocks = ex.schedule(plan)
    assert ex.tonight_words(plan, blocks[1].first_night) == (
        "on",
        "Routine week (week 2 of 12): do your stretches tonight",
    )
    assert ex.tonight_words(plan, blocks[0].last_night) == (
        "off",
        "Rest week: no stretches tonight \u2014 that is part of your test",
    )
    kind, words = ex.tonight_words(plan, START + timedelta(days=2))
    assert kind == "run_in" and words.startswith("Run-in (night 3 of 14)")
    assert ex.tonight_words(plan, plan.last_night + timedelta(days=1)) is None
    habit = plan_with(("on", "off") * 6, question="warm foot soak", label="x", block_nights=5)
    assert ex.tonight_words(habit, ex.schedule(habit)[1].first_night)[1] == (
        "Rest block: no warm foot soak tonight \u2014 that is part of your test"
    )


def test_result_words_carry_the_range_the_chance_and_the_counts():
    plan = plan_with(("on", "off") * 6)
    counts = dict.fromkeys(range(1, 7), (0, 3))
    analysis = ex.analyse(plan, _nights_for(plan, counts), plan.last_night + timedelta(days=1))
    words = ex.result_words(analysis)
    assert words.startswith("About 86 % fewer cramps on routine blocks, plausibly between")
    assert "chance that it helps you: over 99 %" in words
    assert "From 6 complete pairs: 30 nights on routine blocks and 30 on rest blocks" in words
    assert "helps you" in words
    early = ex.analyse(plan, [], plan.start)
    assert ex.result_words(early).startswith("Too early to tell: 0 of 6 pairs are complete.")


def test_power_words_say_when_a_longer_plan_is_needed():
    plan = ex.make_plan(start=START, run_in_nights=0, seed=1)
    assert "about 3 times in 10" in ex.power_words(plan, 0.3125)
    assert "longer plan" in ex.power_words(plan, 0.3125)
    assert "longer plan" not in ex.power_words(plan, 0.8)
    assert "16-week plan" in ex.power_words(plan, 0.8)
    assert "at least 14 logged nights" in ex.power_words(plan, None)


def test_the_store_does_not_load_numpy_on_the_start_up_path():
    import subprocess
    import sys

    code = "import sys, companion.core.store; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_bedtime_reminder_becomes_a_rest_note_only_on_routine_rest_nights():
    plan = plan_with(("off", "on") * 6)
    blocks = ex.schedule(plan)
    usual = "It's almost bedtime."
    text, invite = ex.bedtime_reminder_words([plan], blocks[0].first_night, usual)
    assert not invite and text.startswith("Rest block for your experiment: no stretching tonight")
    assert ex.bedtime_reminder_words([plan], blocks[1].first_night, usual)[1] is True
    assert ex.bedtime_reminder_words([plan], plan.last_night + timedelta(days=1), usual) == (
        usual,
        True,
    )
    stopped = ex.Plan(**{**plan.__dict__, "stopped_on": blocks[0].first_night})
    after_stop = blocks[0].first_night + timedelta(days=1)
    assert ex.bedtime_reminder_words([stopped], after_stop, usual) == (usual, True)
    habit = plan_with(("off", "on") * 6, question="warm foot soak", label="x")
    text, invite = ex.bedtime_reminder_words([habit], blocks[0].first_night, usual)
    assert invite and text.startswith(usual) and "no warm foot soak tonight" in text
