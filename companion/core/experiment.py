"""The personal experiment: a randomised N-of-1 test of whether a habit cuts *my* night cramps.

Comparing stretched with not-stretched nights is biased (people skip on bad days), so the plan
draws which block of each pair is an ``on`` block and which an ``off`` block, once, when it is
made, and never changes it. The analysis compares whole blocks within pairs (DESIGN.md section 8):
per-pair log rate ratios, an exact randomisation p-value over every sign vector, a t interval.

Everything here is a pure function of the plan, the diary's nights and "today's night", which
the caller passes in (by the night rule of :func:`companion.core.diary.night_of`), like
:mod:`companion.core.session` takes its clock: nothing reads the time, nothing drifts.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from companion.core import wording
from companion.core.diary import Night, night_of
from companion.core.i18n import N_, _, counted, number
from companion.core.plan_limits import (
    BLOCK_NIGHTS_RANGE,
    MAX_LABEL,
    MAX_QUESTION,
    PAIRS_RANGE,
    RUN_IN_RANGE,
    WASHOUT_MARGIN,
    WASHOUT_RANGE,
)

if TYPE_CHECKING:  # numpy loads only when figures are computed: the store is on the start-up path
    import numpy as np

ROUTINE = "routine"
#: Stored as the routine experiment's label; shown through ``question_words``.
ROUTINE_LABEL = N_("Does my bedtime routine reduce my night cramps?")
ON, OFF = "on", "off"

DEFAULT_RUN_IN = 14
DEFAULT_PAIRS = 8
DEFAULT_BLOCK_NIGHTS = 7
DEFAULT_WASHOUT = 2
MAX_START_AHEAD_DAYS = 365

MIN_ANALYSED_NIGHTS = 3  # per block, for its pair to count
MIN_PAIRS_FOR_RESULT = 2
MIN_PAIRS_FOR_VERDICT = 6  # below this no result can reach p <= 0.05
ALPHA = 0.05
P_TOLERANCE = 1e-9
NO_DIFFERENCE_BAND = (0.8, 1.25)
CONTINUITY = 0.5

POWER_RATE_RATIO = 0.6  # the planning check: a true 40 % drop in cramps
POWER_RUNS = 400
POWER_MIN_NIGHTS = 14
POWER_HISTORY_NIGHTS = 28
POWER_GOOD_ENOUGH = 0.5

Status = Literal["planned", "run_in", "running", "finished", "stopped"]
Verdict = Literal["too_early", "helps", "worse", "no_difference", "unclear"]
RUNNING_STATUSES: frozenset[str] = frozenset({"planned", "run_in", "running"})

CANNOT_KNOW = N_(
    "What this test cannot know: you know which weeks are routine weeks, so it cannot be "
    "blinded; an effect that builds up slowly over weeks is underestimated; and a flare can "
    "still mislead a short test."
)
ASK_DOCTOR_FIRST = N_(
    "This sounds like a medicine or supplement: please ask your doctor before testing it, and "
    "never stop a medicine for a test."
)
NEVER_STOP_MEDICINE = N_("The test never asks you to stop a medicine.")

# Words that suggest the question is about a medicine or supplement (whole words, any case).
_MEDICINE_WORDS = (
    "magnesium",
    "quinine",
    "potassium",
    "calcium",
    "vitamin",
    "vitamins",
    "supplement",
    "supplements",
    "tablet",
    "tablets",
    "pill",
    "pills",
    "capsule",
    "capsules",
    "medicine",
    "medicines",
    "medication",
    "medications",
    "drug",
    "drugs",
    "dose",
    "mg",
    "iron",
    "zinc",
    "b12",
    "melatonin",
    "tonic",
    "gabapentin",
    "pregabalin",
    "baclofen",
    "diltiazem",
    "verapamil",
    "painkiller",
    "painkillers",
    "ibuprofen",
    "paracetamol",
    "cbd",
)


@lru_cache(maxsize=1)
def _medicine_pattern() -> re.Pattern[str]:
    """Compiled on first use: this module is imported on the app's start-up path."""
    return re.compile(r"\b(" + "|".join(_MEDICINE_WORDS) + r")\b", re.IGNORECASE)


class PlanError(ValueError):
    """A plan the experiment refuses; the message is one plain sentence for the user."""


# --------------------------------------------------------------------------------------------
# The plan and its calendar


@dataclass(frozen=True)
class Plan:
    """One experiment as made: nothing here changes afterwards except ``stopped_on``."""

    question: str
    label: str
    start: date
    run_in_nights: int
    pairs: int
    block_nights: int
    washout_nights: int
    order: tuple[str, ...]  # one condition per block, in time order
    stopped_on: date | None = None

    @property
    def is_routine(self) -> bool:
        return self.question == ROUTINE

    @property
    def first_block_night(self) -> date:
        return self.start + timedelta(days=self.run_in_nights)

    @property
    def last_night(self) -> date:
        return self.start + timedelta(days=self.total_nights - 1)

    @property
    def total_nights(self) -> int:
        return self.run_in_nights + 2 * self.pairs * self.block_nights


@dataclass(frozen=True)
class Block:
    """One block of the schedule; ``index`` counts blocks from 0 in time order."""

    index: int
    pair: int  # from 1
    condition: str
    first_night: date
    last_night: date
    washout_nights: int

    @property
    def first_analysed(self) -> date:
        return self.first_night + timedelta(days=self.washout_nights)

    def analysed_dates(self) -> list[date]:
        count = (self.last_night - self.first_analysed).days + 1
        return [self.first_analysed + timedelta(days=i) for i in range(count)]

    def contains(self, night: date) -> bool:
        return self.first_night <= night <= self.last_night


@dataclass(frozen=True)
class BlockFigures:
    block: Block
    analysed_nights: int
    cramps: int
    adherence: float | None
    followed: int  # analysed nights whose habit matched the block


@dataclass(frozen=True)
class PairFigures:
    pair: int
    on: BlockFigures
    off: BlockFigures
    complete: bool
    d: float | None  # the log rate ratio of a complete pair


@dataclass(frozen=True)
class Result:
    pairs_used: int
    rate_ratio: float
    ci95: tuple[float, float]
    p_value: float
    chance_helps: float
    verdict: Verdict


@dataclass(frozen=True)
class Analysis:
    """Everything `show` reports about one experiment on one night."""

    plan: Plan
    status: Status
    blocks: tuple[BlockFigures, ...]
    pairs: tuple[PairFigures, ...]
    result: Result | None
    power_40: float | None

    @property
    def complete_pairs(self) -> int:
        return sum(1 for p in self.pairs if p.complete)


def label_for(question: str) -> str:
    """The question in words: the routine's fixed wording, or the user's own habit."""
    if question == ROUTINE:
        return ROUTINE_LABEL
    return f"Does \u201c{question}\u201d reduce my night cramps?"


def question_words(plan: Plan) -> str:
    """The experiment's question as shown, in the current language: the routine's question
    translated, a habit's question with the habit as the person typed it. (``label`` is stored
    as it was made, in English for the routine; show this instead.)"""
    if plan.is_routine:
        return _(ROUTINE_LABEL)
    return _("Does \u201c{question}\u201d reduce my night cramps?").format(question=plan.question)


def mentions_medicine(text: str) -> bool:
    """True when a custom question looks like a medicine or supplement (ask a doctor first)."""
    return bool(_medicine_pattern().search(text or ""))


def draw_order(pairs: int, seed: int | None = None) -> tuple[str, ...]:
    """Which block of each pair is ``on``: a fair coin per pair (SystemRandom unless seeded)."""
    rng: random.Random = random.SystemRandom() if seed is None else random.Random(seed)
    order: list[str] = []
    for _pair in range(pairs):
        order.extend((ON, OFF) if rng.random() < 0.5 else (OFF, ON))
    return tuple(order)


# The plan's numbers, each refused in one whole sentence: run-in, pairs, block, wash-out.
_PAIRS_WRONG = (
    N_("The run-in (nights) must be a whole number from {lo} to {hi}, not {value}."),
    N_("The number of pairs must be a whole number from {lo} to {hi}, not {value}."),
    N_("The nights per block must be a whole number from {lo} to {hi}, not {value}."),
    N_("The wash-out (nights) must be a whole number from {lo} to {hi}, not {value}."),
)


def _check_whole(value: object, lo: int, hi: int, message: str) -> int:
    """``message`` is the whole sentence (marked N_), with {lo}, {hi} and {value}."""
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise PlanError(_(message).format(lo=lo, hi=hi, value=value))
    return value


def check_question(question: object) -> str:
    """The question as stored: ``routine`` or the user's own habit (trimmed, kept as typed)."""
    if not isinstance(question, str) or not question.strip():
        raise PlanError(_("The question must be 'routine' or a short name of your own habit."))
    text = question.strip()
    if text.casefold() == ROUTINE:
        return ROUTINE
    if len(text) > MAX_QUESTION:
        raise PlanError(_("The habit's name can be at most {n} characters.").format(n=MAX_QUESTION))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PlanError(_("The habit's name contains characters that are not text.")) from None
    return text


def check_plan(plan: Plan) -> None:
    """Raise PlanError with one plain sentence when ``plan`` breaks a rule of section 8."""
    if check_question(plan.question) != plan.question:
        raise PlanError(_("The question must be 'routine' or a short name of your own habit."))
    if not isinstance(plan.label, str) or not plan.label.strip():
        raise PlanError(_("The experiment's label must be a non-empty sentence."))
    if len(plan.label) > MAX_LABEL:
        raise PlanError(
            _("The experiment's label can be at most {n} characters.").format(n=MAX_LABEL)
        )
    try:
        plan.label.encode("utf-8")
    except UnicodeEncodeError:
        raise PlanError(
            _("The experiment's label contains characters that are not text.")
        ) from None
    if not isinstance(plan.start, date) or isinstance(plan.start, datetime):
        raise PlanError(_("The start must be a night's date (YYYY-MM-DD)."))
    _check_whole(plan.run_in_nights, *RUN_IN_RANGE, _PAIRS_WRONG[0])
    _check_whole(plan.pairs, *PAIRS_RANGE, _PAIRS_WRONG[1])
    _check_whole(plan.block_nights, *BLOCK_NIGHTS_RANGE, _PAIRS_WRONG[2])
    _check_whole(plan.washout_nights, *WASHOUT_RANGE, _PAIRS_WRONG[3])
    if plan.washout_nights > plan.block_nights - WASHOUT_MARGIN:
        raise PlanError(
            _(
                "The wash-out can be at most {most} nights with {block}-night blocks "
                "(at least {margin} nights are analysed)."
            ).format(
                most=plan.block_nights - WASHOUT_MARGIN,
                block=plan.block_nights,
                margin=WASHOUT_MARGIN,
            )
        )
    if not isinstance(plan.order, tuple) or len(plan.order) != 2 * plan.pairs:
        raise PlanError(_("The order must name one condition for every block."))
    for i in range(plan.pairs):
        if sorted(plan.order[2 * i : 2 * i + 2]) != [OFF, ON]:
            raise PlanError(_("Pair {n} must have one 'on' and one 'off' block.").format(n=i + 1))
    if plan.stopped_on is not None and (
        not isinstance(plan.stopped_on, date) or isinstance(plan.stopped_on, datetime)
    ):
        raise PlanError(_("The stop must be a night's date (YYYY-MM-DD)."))


def make_plan(
    *,
    question: str = ROUTINE,
    start: date,
    run_in_nights: int = DEFAULT_RUN_IN,
    pairs: int = DEFAULT_PAIRS,
    block_nights: int = DEFAULT_BLOCK_NIGHTS,
    washout_nights: int = DEFAULT_WASHOUT,
    seed: int | None = None,
) -> Plan:
    """A checked plan with its order drawn now (SystemRandom, or ``seed`` for tests)."""
    text = check_question(question)
    _check_whole(pairs, *PAIRS_RANGE, _PAIRS_WRONG[1])
    plan = Plan(
        question=text,
        label=label_for(text),
        start=start,
        run_in_nights=run_in_nights,
        pairs=pairs,
        block_nights=block_nights,
        washout_nights=washout_nights,
        order=draw_order(pairs, seed),
    )
    check_plan(plan)
    return plan


def earliest_start(now: datetime) -> date:
    """The first night a new plan may start on: this evening's (a night already over is not)."""
    return now.date()


def check_new_plan(plan: Plan, existing: Iterable[Plan], today: date, now: datetime) -> None:
    """Refuse a start while another experiment runs, or a plan overlapping an earlier one."""
    first = earliest_start(now)
    if plan.start < first:
        raise PlanError(
            _("The start night {start} has already passed; choose {first} or later.").format(
                start=plan.start.isoformat(), first=first.isoformat()
            )
        )
    if plan.start > first + timedelta(days=MAX_START_AHEAD_DAYS):
        raise PlanError(
            _("The start night can be at most {n} days ahead.").format(n=MAX_START_AHEAD_DAYS)
        )
    for other in existing:
        if status(other, today) in RUNNING_STATUSES:
            raise PlanError(
                _(
                    "An experiment that started on {start} is still running; "
                    "stop it first with 'experiment stop'."
                ).format(start=other.start.isoformat())
            )
        end = (
            other.last_night
            if other.stopped_on is None
            else min(other.last_night, other.stopped_on)
        )
        if other.start <= plan.start <= end:
            raise PlanError(
                _(
                    "The start night {start} falls inside the experiment that started on "
                    "{other}; choose a later night."
                ).format(start=plan.start.isoformat(), other=other.start.isoformat())
            )


def schedule(plan: Plan) -> tuple[Block, ...]:
    """Every block in time order: consecutive nights after the run-in, ``K`` nights each."""
    k = plan.block_nights
    first = plan.first_block_night
    return tuple(
        Block(
            index=i,
            pair=i // 2 + 1,
            condition=plan.order[i],
            first_night=first + timedelta(days=i * k),
            last_night=first + timedelta(days=i * k + k - 1),
            washout_nights=plan.washout_nights,
        )
        for i in range(2 * plan.pairs)
    )


def run_in_dates(plan: Plan) -> list[date]:
    return [plan.start + timedelta(days=i) for i in range(plan.run_in_nights)]


def status(plan: Plan, today: date) -> Status:
    """Where the plan stands on ``today`` (the current night by the night rule)."""
    if plan.stopped_on is not None:
        return "stopped"
    if today < plan.start:
        return "planned"
    if today < plan.first_block_night:
        return "run_in"
    if today <= plan.last_night:
        return "running"
    return "finished"


def is_running(plan: Plan, today: date) -> bool:
    return status(plan, today) in RUNNING_STATUSES


def current_night(now: datetime) -> date:
    """Today's night for the experiment's calendar: the night rule of the diary."""
    return night_of(now)


def block_on(plan: Plan, night: date) -> Block | None:
    """The block ``night`` falls in, or None in the run-in or outside the plan."""
    if night < plan.first_block_night or night > plan.last_night:
        return None
    index = (night - plan.first_block_night).days // plan.block_nights
    return schedule(plan)[index]


def shown_plan(plans: Sequence[Plan], today: date) -> Plan | None:
    """The experiment `show` shows: the one that runs, else the most recent."""
    if not plans:
        return None
    for plan in plans:
        if is_running(plan, today):
            return plan
    return max(plans, key=lambda p: p.start)


def plan_seed(plan: Plan) -> int:
    """The planning check's seed, from the plan itself, so every `show` gives the same figure."""
    text = "|".join(
        (
            plan.question,
            plan.start.isoformat(),
            str(plan.run_in_nights),
            str(plan.pairs),
            str(plan.block_nights),
            str(plan.washout_nights),
            ",".join(plan.order),
        )
    )
    import hashlib

    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


# --------------------------------------------------------------------------------------------
# Per block and per pair


def habit_matches(plan: Plan, night: Night, condition: str) -> bool:
    """Did the night follow its block's assignment? Unknown never counts as following it."""
    done = night.stretched if plan.is_routine else night.habit_done
    if done is None:
        return False
    return done is (condition == ON)


def block_figures(
    plan: Plan, blocks: Sequence[Block], nights: Iterable[Night]
) -> tuple[BlockFigures, ...]:
    """Analysed nights (after the wash-out, with a record, not after a stop), cramps, adherence."""
    by_night = {n.night: n for n in nights}
    out: list[BlockFigures] = []
    for block in blocks:
        analysed = [
            by_night[d]
            for d in block.analysed_dates()
            if d in by_night and (plan.stopped_on is None or d <= plan.stopped_on)
        ]
        cramps = sum(len(n.cramps) for n in analysed)
        followed = sum(1 for n in analysed if habit_matches(plan, n, block.condition))
        adherence = followed / len(analysed) if analysed else None
        out.append(BlockFigures(block, len(analysed), cramps, adherence, followed))
    return tuple(out)


def log_rate_ratio(c_on: int, n_on: int, c_off: int, n_off: int) -> float:
    """d = ln((c_on + 0.5) / n_on) - ln((c_off + 0.5) / n_off)."""
    return math.log((c_on + CONTINUITY) / n_on) - math.log((c_off + CONTINUITY) / n_off)


def block_ended(plan: Plan, block: Block, today: date) -> bool:
    """A block has ended when its last night is before today's night (and before any stop)."""
    if block.last_night >= today:
        return False
    return plan.stopped_on is None or block.last_night < plan.stopped_on


def pair_figures(
    plan: Plan, figures: Sequence[BlockFigures], today: date
) -> tuple[PairFigures, ...]:
    out: list[PairFigures] = []
    for i in range(plan.pairs):
        a, b = figures[2 * i], figures[2 * i + 1]
        on, off = (a, b) if a.block.condition == ON else (b, a)
        complete = all(
            block_ended(plan, f.block, today) and f.analysed_nights >= MIN_ANALYSED_NIGHTS
            for f in (on, off)
        )
        d = (
            log_rate_ratio(on.cramps, on.analysed_nights, off.cramps, off.analysed_nights)
            if complete
            else None
        )
        out.append(PairFigures(i + 1, on, off, complete, d))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Student's t distribution, in pure Python (scipy is not a dependency)


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Lentz's continued fraction for the incomplete beta function (Numerical Recipes 6.4)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 400):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def regularized_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularised incomplete beta function."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """The Student t distribution function F_t(df)(t)."""
    if math.isinf(t):
        return 1.0 if t > 0 else 0.0
    tail = 0.5 * regularized_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


@lru_cache(maxsize=64)
def t_quantile(p: float, df: float) -> float:
    """The t value with F_t(df)(t) = p, by bisection on :func:`t_cdf` (0 < p < 1)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2.0
    for _step in range(200):
        mid = 0.5 * (lo + hi)
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13 * max(1.0, hi):
            break
    return 0.5 * (lo + hi)


# --------------------------------------------------------------------------------------------
# The result


@lru_cache(maxsize=16)
def _sign_vectors(k: int) -> np.ndarray:
    """All 2^k vectors of +1/-1, one per row."""
    import numpy as np

    bits = (np.arange(2**k)[:, None] >> np.arange(k)[None, :]) & 1
    return 1.0 - 2.0 * bits


def randomisation_p_value(d: Sequence[float]) -> float:
    """Exact two-sided: the share of all 2^k sign vectors e with |mean(e·d)| >= |mean(d)| - 1e-9."""
    import numpy as np

    values = np.asarray(d, dtype=float)
    k = len(values)
    observed = abs(float(np.mean(values)))
    means = np.abs(_sign_vectors(k) @ values) / k
    return int(np.count_nonzero(means >= observed - P_TOLERANCE)) / float(2**k)


def chance_helps(mean_d: float, s: float, k: int) -> float:
    """F_t(k-1)(-mean d / (s / sqrt k)); with s = 0, 1 or 0 by the sign of mean d (0.5 at 0)."""
    if s == 0.0:
        if mean_d < 0:
            return 1.0
        if mean_d > 0:
            return 0.0
        return 0.5
    return t_cdf(-mean_d / (s / math.sqrt(k)), k - 1)


def verdict_of(k: int, rate_ratio: float, ci95: tuple[float, float], p_value: float) -> Verdict:
    """The verdict rules of section 8, in their order."""
    if k < MIN_PAIRS_FOR_VERDICT:
        return "too_early"
    if p_value <= ALPHA and rate_ratio < 1:
        return "helps"
    if p_value <= ALPHA and rate_ratio > 1:
        return "worse"
    lo, hi = NO_DIFFERENCE_BAND
    if lo <= ci95[0] and ci95[1] <= hi:
        return "no_difference"
    return "unclear"


def result_of(d: Sequence[float]) -> Result | None:
    """The result over the complete pairs' d values; None with fewer than two."""
    k = len(d)
    if k < MIN_PAIRS_FOR_RESULT:
        return None
    values = [float(x) for x in d]
    mean_d = math.fsum(values) / k
    s = math.sqrt(math.fsum((x - mean_d) ** 2 for x in values) / (k - 1))
    half = t_quantile(0.975, k - 1) * s / math.sqrt(k)
    rate_ratio = math.exp(mean_d)
    ci95 = (math.exp(mean_d - half), math.exp(mean_d + half))
    p = randomisation_p_value(values)
    return Result(
        pairs_used=k,
        rate_ratio=rate_ratio,
        ci95=ci95,
        p_value=p,
        chance_helps=chance_helps(mean_d, s, k),
        verdict=verdict_of(k, rate_ratio, ci95, p),
    )


# --------------------------------------------------------------------------------------------
# The planning check


@dataclass(frozen=True)
class NightModel:
    """Cramps a night as a negative binomial (or Poisson) fitted by moments, and logging."""

    mean: float
    variance: float
    logged_share: float
    nights: int  # how many logged nights it was fitted to

    def draw(
        self, rng: np.random.Generator, rate_ratio: float, size: tuple[int, ...]
    ) -> np.ndarray:
        import numpy as np

        mean = self.mean * rate_ratio
        if mean <= 0:
            return np.zeros(size, dtype=np.int64)
        if self.variance > self.mean:
            # Same dispersion r on both arms; the mean scales by the rate ratio.
            r = self.mean**2 / (self.variance - self.mean)
            return rng.negative_binomial(r, r / (r + mean), size=size)
        return rng.poisson(mean, size=size)


def power_basis(plan: Plan, nights: Iterable[Night], today: date) -> NightModel | None:
    """The nights the planning check learns from; None while fewer than 14 are logged.

    With a run-in: its logged nights, and the share of its nights so far (before today, all of
    them once it is over) that have a record. Without one: the last 28 logged nights before the
    start, and the share of the nights they span that have a record.
    """
    records = sorted((n for n in nights), key=lambda n: n.night)
    if plan.run_in_nights > 0:
        window_end = plan.first_block_night - timedelta(days=1)
        basis = [n for n in records if plan.start <= n.night <= window_end]
        elapsed_end = min(window_end, today - timedelta(days=1))
        span = max((elapsed_end - plan.start).days + 1, len(basis), 1)
    else:
        basis = [n for n in records if n.night < plan.start][-POWER_HISTORY_NIGHTS:]
        span = (basis[-1].night - basis[0].night).days + 1 if basis else 1
    if len(basis) < POWER_MIN_NIGHTS:
        return None
    import numpy as np

    counts = np.array([len(n.cramps) for n in basis], dtype=float)
    return NightModel(
        mean=float(counts.mean()),
        variance=float(counts.var(ddof=1)),
        logged_share=min(1.0, len(basis) / span),
        nights=len(basis),
    )


def simulate_power(
    plan: Plan, model: NightModel, *, rate_ratio: float = POWER_RATE_RATIO, runs: int = POWER_RUNS
) -> float:
    """The share of ``runs`` simulated runs of this plan that end ``helps`` (seeded by the plan).

    Each run draws every analysed night of every block (wash-out nights are never analysed, so
    they are not drawn), drops nights as unlogged at the diary's rate, and is analysed exactly
    like a real experiment: complete pairs, d_i, :func:`result_of`.
    """
    import numpy as np

    rng = np.random.default_rng(plan_seed(plan))
    # Only the analysed nights are drawn: wash-out nights are never analysed. Within a pair the
    # time order of on and off does not change d, so each pair draws its on and off nights.
    shape = (runs, plan.pairs, plan.block_nights - plan.washout_nights)
    on_counts = model.draw(rng, rate_ratio, shape)
    off_counts = model.draw(rng, 1.0, shape)
    logged_on = rng.random(shape) < model.logged_share
    logged_off = rng.random(shape) < model.logged_share
    c_on = (on_counts * logged_on).sum(axis=2)
    n_on = logged_on.sum(axis=2)
    c_off = (off_counts * logged_off).sum(axis=2)
    n_off = logged_off.sum(axis=2)
    complete = (n_on >= MIN_ANALYSED_NIGHTS) & (n_off >= MIN_ANALYSED_NIGHTS)
    helps = 0
    for run in range(runs):
        keep = complete[run]
        d = [
            log_rate_ratio(int(a), int(b), int(c), int(e))
            for a, b, c, e in zip(
                c_on[run][keep], n_on[run][keep], c_off[run][keep], n_off[run][keep], strict=True
            )
        ]
        result = result_of(d)
        if result is not None and result.verdict == "helps":
            helps += 1
    return helps / runs


def power_40(plan: Plan, nights: Iterable[Night], today: date) -> float | None:
    """The planning check of section 8: how often this plan would spot a real 40 % drop."""
    model = power_basis(plan, nights, today)
    return None if model is None else simulate_power(plan, model)


def preview_power_40(plan: Plan, nights: Iterable[Night]) -> float | None:
    """The planning check before a run-in exists: learnt from the last 28 logged nights."""
    history = Plan(**{**plan.__dict__, "run_in_nights": 0})
    model = power_basis(history, nights, plan.start)
    return None if model is None else simulate_power(plan, model)


# --------------------------------------------------------------------------------------------
# Putting it together


def analyse(plan: Plan, nights: Sequence[Night], today: date) -> Analysis:
    """The whole picture on ``today``'s night: status, every block, the pairs, the result."""
    blocks = schedule(plan)
    figures = block_figures(plan, blocks, nights)
    pairs = pair_figures(plan, figures, today)
    result = result_of([p.d for p in pairs if p.complete and p.d is not None])
    return Analysis(
        plan=plan,
        status=status(plan, today),
        blocks=figures,
        pairs=pairs,
        result=result,
        power_40=power_40(plan, nights, today),
    )


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as the export's ``experiments`` entry (DESIGN.md section 8)."""
    return {
        "question": plan.question,
        "label": plan.label,
        "start": plan.start.isoformat(),
        "run_in_nights": plan.run_in_nights,
        "pairs": plan.pairs,
        "block_nights": plan.block_nights,
        "washout_nights": plan.washout_nights,
        "order": list(plan.order),
        "stopped_on": None if plan.stopped_on is None else plan.stopped_on.isoformat(),
    }


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    """`experiment show --json`'s ``experiment`` object; figures unrounded."""
    plan = analysis.plan
    result = analysis.result
    return {
        "question": plan.question,
        "label": plan.label,
        "status": analysis.status,
        "start": plan.start.isoformat(),
        "run_in_nights": plan.run_in_nights,
        "pairs": plan.pairs,
        "block_nights": plan.block_nights,
        "washout_nights": plan.washout_nights,
        "blocks": [
            {
                "pair": f.block.pair,
                "condition": f.block.condition,
                "first_night": f.block.first_night.isoformat(),
                "last_night": f.block.last_night.isoformat(),
                "analysed_nights": f.analysed_nights,
                "cramps": f.cramps,
                "adherence": f.adherence,
            }
            for f in analysis.blocks
        ],
        "result": None
        if result is None
        else {
            "pairs_used": result.pairs_used,
            "rate_ratio": result.rate_ratio,
            "ci95": [result.ci95[0], result.ci95[1]],
            "p_value": result.p_value,
            "chance_helps": result.chance_helps,
            "verdict": result.verdict,
        },
        "power_40": analysis.power_40,
    }


# --------------------------------------------------------------------------------------------
# Plain words: one home for the app, the report and the command line


def percent(share: float) -> str:
    """0.853 -> "85 %": the way every experiment figure is shown."""
    # Translators: an experiment's figure as a percentage, e.g. "85 %".
    return _("{value} %").format(value=number(round(share * 100)))


def block_noun(plan: Plan) -> str:
    """Blocks of 7 nights are weeks to the user; other lengths stay blocks (an id: the sentences
    below have a whole variant for each)."""
    return "week" if plan.block_nights == 7 else "block"


def _weeks(plan: Plan) -> bool:
    return plan.block_nights == 7


def habit_words(plan: Plan) -> str:
    """What is done on an ``on`` night, in the user's words."""
    if plan.is_routine:
        return _("your stretches")
    # Translators: {habit} is the habit as the person typed it, e.g. "warm bath".
    return _("your {habit}").format(habit=plan.question)


def plan_length_words(plan: Plan) -> str:
    """ "16-week plan": the blocks' length (the run-in comes on top)."""
    nights = 2 * plan.pairs * plan.block_nights
    weeks = nights / 7
    if weeks == int(weeks):
        return counted(int(weeks), "{n}-week plan", "{n}-week plan")
    return counted(
        round(weeks),
        "{nights}-night plan (about {n} week)",
        "{nights}-night plan (about {n} weeks)",
        nights=number(nights),
    )


def tonight_words(plan: Plan, night: date) -> tuple[str, str] | None:
    """What tonight is for the experiment: (kind, sentence), kind on/off/run_in/planned.

    None when the plan is over or stopped on ``night``. The sentence says what to do first.
    """
    if plan.stopped_on is not None and night > plan.stopped_on:
        return None
    if night < plan.start:
        return (
            "planned",
            _("Your experiment starts on {date}.").format(
                date=wording.date_words(plan.start, weekday=True)
            ),
        )
    if night < plan.first_block_night:
        return (
            "run_in",
            _(
                "Run-in (night {day} of {nights}): keep your usual evenings and log your nights; "
                "the test itself starts on {date}."
            ).format(
                day=number((night - plan.start).days + 1),
                nights=number(plan.run_in_nights),
                date=wording.date_words(plan.first_block_night, weekday=True),
            ),
        )
    block = block_on(plan, night)
    if block is None:
        return None
    fields = {
        "n": number(block.index + 1),
        "blocks": number(2 * plan.pairs),
        "habit": plan.question,
    }
    if block.condition == ON:
        if plan.is_routine and _weeks(plan):
            text = _("Routine week (week {n} of {blocks}): do your stretches tonight")
        elif plan.is_routine:
            text = _("Routine block (block {n} of {blocks}): do your stretches tonight")
        elif _weeks(plan):
            text = _("Habit week (week {n} of {blocks}): do your {habit} tonight")
        else:
            text = _("Habit block (block {n} of {blocks}): do your {habit} tonight")
        return ON, text.format(**fields)
    if plan.is_routine and _weeks(plan):
        text = _("Rest week: no stretches tonight \u2014 that is part of your test")
    elif plan.is_routine:
        text = _("Rest block: no stretches tonight \u2014 that is part of your test")
    elif _weeks(plan):
        text = _("Rest week: no {habit} tonight \u2014 that is part of your test")
    else:
        text = _("Rest block: no {habit} tonight \u2014 that is part of your test")
    return OFF, text.format(**fields)


def rest_reminder_words(plan: Plan) -> str:
    """The bedtime reminder on a rest night: a gentle note instead of "time to stretch"."""
    if plan.is_routine and _weeks(plan):
        text = _(
            "Rest week for your experiment: no stretching tonight. "
            "Log your night in the morning as usual."
        )
    elif plan.is_routine:
        text = _(
            "Rest block for your experiment: no stretching tonight. "
            "Log your night in the morning as usual."
        )
    elif _weeks(plan):
        text = _(
            "Rest week for your experiment: no {habit} tonight. "
            "Log your night in the morning as usual."
        )
    else:
        text = _(
            "Rest block for your experiment: no {habit} tonight. "
            "Log your night in the morning as usual."
        )
    return text.format(habit=plan.question)


def change_words(rate_ratio: float) -> str:
    """0.7 -> "30 % fewer", 1.15 -> "15 % more"."""
    change = round((rate_ratio - 1) * 100)
    if change < 0:
        # Translators: a change in cramps, e.g. "30 % fewer" (cramps).
        return _("{value} % fewer").format(value=number(-change))
    if change > 0:
        return _("{value} % more").format(value=number(change))
    return _("no fewer and no more")


def analysed_counts(analysis: Analysis) -> tuple[int, int]:
    """Analysed nights on on-blocks and off-blocks, over the complete pairs only."""
    on = sum(p.on.analysed_nights for p in analysis.pairs if p.complete)
    off = sum(p.off.analysed_nights for p in analysis.pairs if p.complete)
    return on, off


def chance_words(share: float) -> str:
    """A chance as shown: never "100 %" or "0 %", which a short test cannot claim."""
    if share > 0.99:
        return _("over 99 %")
    if share < 0.01:
        return _("under 1 %")
    return percent(share)


def result_words(analysis: Analysis) -> str:
    """The answer and the verdict in plain words (the command line shows them together)."""
    if analysis.result is None:
        return too_early_words(analysis)
    return f"{answer_words(analysis)} {verdict_words(analysis.result.verdict, analysis)}"


def _basis_words(analysis: Analysis) -> str:
    """'From 6 complete pairs: 30 nights on routine weeks and 31 on rest weeks analysed.'"""
    plan = analysis.plan
    on, off = analysed_counts(analysis)
    fields = {"on": number(on), "off": number(off), "habit": plan.question}
    k = analysis.complete_pairs
    if plan.is_routine and _weeks(plan):
        return counted(
            k,
            "From {n} complete pair: {on} nights on routine weeks and {off} on rest weeks "
            "analysed.",
            "From {n} complete pairs: {on} nights on routine weeks and {off} on rest weeks "
            "analysed.",
            **fields,
        )
    if plan.is_routine:
        return counted(
            k,
            "From {n} complete pair: {on} nights on routine blocks and {off} on rest blocks "
            "analysed.",
            "From {n} complete pairs: {on} nights on routine blocks and {off} on rest blocks "
            "analysed.",
            **fields,
        )
    if _weeks(plan):
        return counted(
            k,
            "From {n} complete pair: {on} nights on weeks with {habit} and {off} on rest weeks "
            "analysed.",
            "From {n} complete pairs: {on} nights on weeks with {habit} and {off} on rest weeks "
            "analysed.",
            **fields,
        )
    return counted(
        k,
        "From {n} complete pair: {on} nights on blocks with {habit} and {off} on rest blocks "
        "analysed.",
        "From {n} complete pairs: {on} nights on blocks with {habit} and {off} on rest blocks "
        "analysed.",
        **fields,
    )


def answer_words(analysis: Analysis) -> str:
    """The answer in plain words, always with its range, the pairs and the night counts."""
    plan = analysis.plan
    result = analysis.result
    if result is None:
        return too_early_words(analysis)
    lo, hi = result.ci95
    fields = {
        "change": change_words(result.rate_ratio),
        "low": change_words(lo),
        "high": change_words(hi),
        "chance": chance_words(result.chance_helps),
        "basis": _basis_words(analysis),
        "habit": plan.question,
    }
    # Translators: {change}, {low}, {high} are e.g. "30 % fewer"; {chance} e.g. "85 %";
    # {basis} is the sentence "From 6 complete pairs: ...".
    if plan.is_routine and _weeks(plan):
        text = _(
            "About {change} cramps on routine weeks, plausibly between {low} and {high}; "
            "chance that it helps you: {chance}. {basis}"
        )
    elif plan.is_routine:
        text = _(
            "About {change} cramps on routine blocks, plausibly between {low} and {high}; "
            "chance that it helps you: {chance}. {basis}"
        )
    elif _weeks(plan):
        text = _(
            "About {change} cramps on weeks with {habit}, plausibly between {low} and {high}; "
            "chance that it helps you: {chance}. {basis}"
        )
    else:
        text = _(
            "About {change} cramps on blocks with {habit}, plausibly between {low} and {high}; "
            "chance that it helps you: {chance}. {basis}"
        )
    return text.format(**fields)


def too_early_words(analysis: Analysis) -> str:
    return counted(
        analysis.complete_pairs,
        "Too early to tell: {n} of {pairs} pairs is complete. With fewer than {needed} complete "
        "pairs even a routine that always helped could not be told apart from chance, so the "
        "test waits for more pairs.",
        "Too early to tell: {n} of {pairs} pairs are complete. With fewer than {needed} complete "
        "pairs even a routine that always helped could not be told apart from chance, so the "
        "test waits for more pairs.",
        pairs=number(analysis.plan.pairs),
        needed=number(MIN_PAIRS_FOR_VERDICT),
    )


def verdict_words(verdict: str, analysis: Analysis) -> str:
    plan = analysis.plan
    if verdict == "too_early":
        return too_early_words(analysis)
    habit = {"habit": plan.question}
    if verdict == "helps":
        if plan.is_routine:
            return _("Verdict: your routine helps you \u2014 clearer than chance would make it.")
        return _(
            "Verdict: \u201c{habit}\u201d helps you \u2014 clearer than chance would make it."
        ).format(**habit)
    if verdict == "worse":
        if plan.is_routine:
            return _(
                "Verdict: you had more cramps with your routine, clearer than chance would make it."
            )
        return _(
            "Verdict: you had more cramps with \u201c{habit}\u201d, clearer than chance would "
            "make it."
        ).format(**habit)
    if verdict == "no_difference":
        if plan.is_routine:
            return _("Verdict: your routine makes little or no difference to your cramps.")
        return _(
            "Verdict: \u201c{habit}\u201d makes little or no difference to your cramps."
        ).format(**habit)
    return _("Verdict: unclear \u2014 the test cannot tell clearly whether it helps you.")


def power_words(plan: Plan, power: float | None) -> str:
    """The planning check said plainly, with the honest advice when it is low."""
    if power is None:
        if plan.run_in_nights:
            text = _(
                "The planning check needs at least {n} logged nights from the run-in before it "
                "can say how likely this plan is to give a clear answer."
            )
        else:
            text = _(
                "The planning check needs at least {n} logged nights from your diary before it "
                "can say how likely this plan is to give a clear answer."
            )
        return text.format(n=number(POWER_MIN_NIGHTS))
    # Translators: {plan} is e.g. "16-week plan"; {times} a number from 0 to 10.
    words = _(
        "With your cramps, this {plan} would spot a real 40 % drop about {times} times in 10."
    ).format(plan=plan_length_words(plan), times=number(round(power * 10)))
    if power < POWER_GOOD_ENOUGH:
        advice = _(
            "For a clear answer you would need a longer plan (more pairs) or a bigger effect; "
            "tests of night cramps take months, and a short one mostly answers \u201cunclear\u201d."
        )
        words = f"{words} {advice}"
    return words


def adherence_so_far(analysis: Analysis) -> float | None:
    """The share of analysed nights so far that followed their block (unknown does not)."""
    nights = sum(f.analysed_nights for f in analysis.blocks)
    if nights == 0:
        return None
    return sum(f.followed for f in analysis.blocks) / nights


#: Shown translated: ``status_words(status)`` (or ``_(STATUS_WORDS[status])``).
STATUS_WORDS = {
    "planned": N_("Planned"),
    "run_in": N_("Run-in"),
    "running": N_("Running"),
    "finished": N_("Finished"),
    "stopped": N_("Stopped early (not final)"),
}


def status_words(status: str) -> str:
    """An experiment's status in the current language: 'Running', 'Finished'."""
    return _(STATUS_WORDS[status])


def plan_for_night(plans: Iterable[Plan], night: date) -> Plan | None:
    """The experiment whose calendar holds ``night`` (run-in or block, not after a stop)."""
    for plan in plans:
        if plan.start <= night <= plan.last_night and (
            plan.stopped_on is None or night <= plan.stopped_on
        ):
            return plan
    return None


def condition_on(plans: Iterable[Plan], night: date) -> tuple[Plan, str] | None:
    """(plan, "on"/"off") when ``night`` falls in a block of an experiment; None otherwise."""
    plan = plan_for_night(plans, night)
    if plan is None:
        return None
    block = block_on(plan, night)
    return None if block is None else (plan, block.condition)


def bedtime_reminder_words(plans: Iterable[Plan], night: date, usual: str) -> tuple[str, bool]:
    """The bedtime reminder for ``night`` and whether it still invites the routine.

    On a rest night of a routine experiment it becomes a gentle rest note; for a habit of the
    user's own the routine reminder stays as it is and says what tonight is for the habit.
    ``usual`` is the reminder's own sentence (already translated); the experiment's sentence
    follows it as a sentence of its own.
    """
    found = condition_on(plans, night)
    if found is None:
        return usual, True
    plan, condition = found
    if plan.is_routine:
        if condition == OFF:
            return rest_reminder_words(plan), False
        if _weeks(plan):
            return f"{usual} {_('Routine week for your experiment.')}", True
        return f"{usual} {_('Routine block for your experiment.')}", True
    if condition == OFF:
        if _weeks(plan):
            extra = _("Your experiment: no {habit} tonight (rest week).")
        else:
            extra = _("Your experiment: no {habit} tonight (rest block).")
        return f"{usual} {extra.format(habit=plan.question)}", True
    extra = _("Your experiment: {habit} tonight.").format(habit=plan.question)
    return f"{usual} {extra}", True


def current_analysis(store: Any, today: date) -> Analysis | None:
    """The experiment the app, the report and `show` talk about (the running one, else the most
    recent), analysed over the whole diary; None when there is none. ``store`` is a Store."""
    plan = shown_plan(store.experiments(), today)
    return None if plan is None else analyse(plan, store.nights(), today)
