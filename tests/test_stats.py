"""Step statistics, bootstrap intervals and verdicts on data with a known answer."""

from __future__ import annotations

import numpy as np

from fwprof.stats.bootstrap import Estimate, ratio_estimate, throughput_estimate
from fwprof.stats.steps import step_stats, throughput
from fwprof.stats.verdict import verdict


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


def test_throughput_ci_covers_truth_and_is_reproducible() -> None:
    runs = [_steps(0.01, 0.05, seed=s) for s in range(3)]
    first, second = throughput_estimate(runs, 100), throughput_estimate(runs, 100)
    assert first == second
    assert first.low < 10_000 < first.high
    assert first.high - first.low < 0.05 * 10_000


def test_ratio_finds_a_real_two_fold_difference() -> None:
    slow = [_steps(0.02, 0.05, seed=s) for s in range(3)]
    fast = [_steps(0.01, 0.05, seed=10 + s) for s in range(3)]
    ratio = ratio_estimate(slow, 32, fast, 32)
    assert 0.45 < ratio.low < ratio.value < ratio.high < 0.55
    assert verdict(ratio).startswith(("PyTorch 1.9", "PyTorch 2.0"))


def test_ratio_of_equal_speeds_is_no_clear_difference() -> None:
    a = [_steps(0.01, 0.05, seed=s) for s in range(3)]
    b = [_steps(0.01, 0.05, seed=20 + s) for s in range(3)]
    ratio = ratio_estimate(a, 32, b, 32)
    assert ratio.low < 1 < ratio.high
    assert verdict(ratio).startswith("no clear difference")


def test_verdict_wording_for_each_side() -> None:
    assert verdict(Estimate(1.6, 1.4, 1.8)) == "TensorFlow 1.60x faster (CI 1.40-1.80)"
    assert verdict(Estimate(0.5, 0.4, 0.625)) == "PyTorch 2.00x faster (CI 1.60-2.50)"
