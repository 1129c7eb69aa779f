"""Step statistics, intervals from fresh processes and decisions, on data with a known answer."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fwprof.stats.bootstrap import throughput_estimate
from fwprof.stats.decision import (
    BELOW_FLOOR,
    EQUIVALENT,
    FASTER,
    NOISE,
    TOO_FEW_PAIRS,
    UNDECIDED,
    clearly_decided,
    decide,
    precise_enough,
)
from fwprof.stats.noise_floor import pooled_spread
from fwprof.stats.pair_policy import CLEAR, FIXED, MAX_REPEATS, PRECISE, PairPolicy, stop_reason
from fwprof.stats.run_level import geometric_estimate
from fwprof.stats.steps import step_stats, throughput
from fwprof.stats.student_t import t_cdf, two_sided_quantile


def _steps(median_s: float, spread: float, n: int = 300, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return median_s * (1 + spread * rng.standard_normal(n))


def test_step_stats_percentiles_and_noise_flag() -> None:
    quiet = step_stats(np.linspace(0.0099, 0.0101, 1001))
    assert quiet is not None
    assert abs(quiet.p50_ms - 10.0) < 1e-6 and not quiet.noisy
    assert quiet.p99_ms > quiet.p90_ms > quiet.p50_ms
    noisy = step_stats(_steps(0.01, 0.2))
    assert noisy is not None and noisy.noisy
    assert step_stats(np.empty(0)) is None


def test_throughput_is_batch_over_median_step() -> None:
    assert throughput(np.array([0.01, 0.02, 0.5]), 64) == 64 / 0.02


def test_bootstrap_throughput_ci_covers_truth_and_is_reproducible() -> None:
    runs = [_steps(0.01, 0.05, seed=s) for s in range(3)]
    first, second = throughput_estimate(runs, 100), throughput_estimate(runs, 100)
    assert first == second
    assert first.low < 10_000 < first.high


@pytest.mark.parametrize(("df", "level", "expected"), [
    (1, 0.95, 12.706204736), (2, 0.95, 4.302652730), (4, 0.975, 3.495405933),
    (9, 0.95, 2.262157163), (30, 0.99, 2.749995654), (1000, 0.95, 1.962339081),
])
def test_t_quantiles_match_published_tables(df: int, level: float, expected: float) -> None:
    assert two_sided_quantile(level, df) == pytest.approx(expected, rel=1e-6)
    assert t_cdf(expected, df) == pytest.approx(0.5 + level / 2, abs=1e-8)


def test_geometric_estimate_of_processes() -> None:
    est = geometric_estimate([100.0, 110.0, 121.0], 0.95)
    assert est.value == pytest.approx(110.0)
    assert est.low is not None and est.high is not None
    assert est.low < 100 < 121 < est.high  # 2 degrees of freedom: a wide, honest interval
    assert est.spread == pytest.approx(math.log(1.1))
    single = geometric_estimate([100.0], 0.95)
    assert single.low is None and single.high is None and single.interval() is None
    with pytest.raises(ValueError):
        geometric_estimate([0.0, 1.0], 0.95)


def test_decide_calls_a_clear_winner_either_way() -> None:
    faster_tf = decide([math.log(r) for r in (1.50, 1.55, 1.45, 1.52)], 0.95)
    assert faster_tf.outcome == FASTER and faster_tf.faster == "numerator"
    faster_torch = decide([math.log(r) for r in (0.50, 0.52, 0.49)], 0.95)
    assert faster_torch.outcome == FASTER and faster_torch.faster == "denominator"


def test_decide_needs_three_pairs_for_any_winner() -> None:
    decision = decide([math.log(2.0), math.log(2.01)], 0.95)
    assert decision.outcome == UNDECIDED and decision.reason == TOO_FEW_PAIRS


def test_decide_equivalent_only_inside_the_margin() -> None:
    logs = [math.log(r) for r in (1.00, 1.01, 0.99, 1.005, 0.995, 1.0)]
    assert decide(logs, 0.95).outcome == EQUIVALENT
    assert decide(logs, 0.95, margin=0.001).outcome == UNDECIDED


def test_decide_says_noise_when_the_interval_spans_the_margin() -> None:
    logs = [math.log(r) for r in (0.8, 1.3, 1.0)]
    decision = decide(logs, 0.95)
    assert decision.outcome == UNDECIDED and decision.reason == NOISE


def test_noise_floor_blocks_a_difference_smaller_than_itself() -> None:
    logs = [math.log(r) for r in (1.10, 1.11, 1.09, 1.10)]
    assert decide(logs, 0.95).outcome == FASTER
    blocked = decide(logs, 0.95, noise_floor=0.12)
    assert blocked.outcome == UNDECIDED and blocked.reason == BELOW_FLOOR
    assert blocked.threshold == pytest.approx(math.expm1(0.12))


def test_pooled_spread_of_processes() -> None:
    floor = pooled_spread([[100.0, 100.0 * math.e ** 0.1], [50.0, 50.0 * math.e ** -0.1], [7.0]])
    assert floor is not None and floor.dof == 2
    assert floor.spread == pytest.approx(0.1 / math.sqrt(2))
    assert pooled_spread([[1.0], [2.0]]) is None


def test_pair_policy_stops_for_the_right_reason() -> None:
    adaptive = PairPolicy(min_pairs=3, max_pairs=6)
    assert adaptive.adaptive and adaptive.level > PairPolicy(3, 3).level
    tight = [math.log(r) for r in (1.001, 1.0, 0.999)]
    assert stop_reason(tight, 3, adaptive) == PRECISE
    clear = [math.log(r) for r in (3.0, 2.9, 3.1)]
    assert stop_reason(clear, 3, adaptive) == CLEAR
    wide = [math.log(r) for r in (0.8, 1.3, 1.0)]
    assert stop_reason(wide, 3, adaptive) is None
    assert stop_reason(wide[:2], 4, adaptive) is None  # a pair left out: one more
    assert stop_reason(wide, 6, adaptive) == MAX_REPEATS
    assert stop_reason(wide, 3, PairPolicy(3, 3)) == FIXED


def test_precision_and_clarity_rules() -> None:
    decision = decide([math.log(r) for r in (1.01, 1.0, 0.99, 1.0)], 0.975)
    assert precise_enough(decision.ratio)
    assert not clearly_decided([math.log(1.5)] * 2, 0.05)  # two pairs are never "clear"
