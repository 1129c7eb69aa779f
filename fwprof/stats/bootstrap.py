"""Bootstrap confidence intervals for throughput, within a run and across repeats.

Used where step-level spread is what is asked (deploy latency, distributed ranks, snapshot
comparisons); the TensorFlow / PyTorch verdict uses :mod:`fwprof.stats.decision` instead.

Across repeats the bootstrap is hierarchical: each replicate resamples whole runs (fresh
processes differ more than steps within one process), then steps within each chosen run; the
statistic is the median over the chosen runs of their median step. Fixed seeds keep every
figure reproducible, so a snapshot shows the same table it printed when it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REPLICATES = 1000
MAX_STEPS_PER_RUN = 2000  # bootstrap a fixed random subsample of longer runs (bounded cost)
SEED = 20261126


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a 95 % confidence interval."""

    value: float
    low: float
    high: float


def run_median_replicates(
    durations: np.ndarray, rng: np.random.Generator, replicates: int = REPLICATES
) -> np.ndarray:
    """Bootstrap replicates of one run's median step duration."""
    if durations.size > MAX_STEPS_PER_RUN:
        durations = rng.choice(durations, MAX_STEPS_PER_RUN, replace=False)
    picks = rng.integers(0, durations.size, size=(replicates, durations.size))
    medians: np.ndarray = np.median(durations[picks], axis=1)
    return medians


def throughput_replicates(
    runs: list[np.ndarray], batch_size: int, replicates: int = REPLICATES, seed: int = SEED
) -> np.ndarray:
    """Replicates of throughput (samples/s) over repeats: resample runs, then steps."""
    rng = np.random.default_rng(seed)
    per_run = np.stack([run_median_replicates(r, rng, replicates) for r in runs])
    chosen = rng.integers(0, len(runs), size=(replicates, len(runs)))
    medians = np.median(per_run[chosen, np.arange(replicates)[:, None]], axis=1)
    replicates_out: np.ndarray = batch_size / medians
    return replicates_out


def point_throughput(runs: list[np.ndarray], batch_size: int) -> float:
    """Median over runs of each run's throughput at its median step."""
    return float(np.median([batch_size / np.median(r) for r in runs]))


def estimate(point: float, replicates: np.ndarray) -> Estimate:
    """Point value with the 2.5th-97.5th percentile interval of its replicates."""
    low, high = np.percentile(replicates, [2.5, 97.5])
    return Estimate(point, float(low), float(high))


def throughput_estimate(runs: list[np.ndarray], batch_size: int, seed: int = SEED) -> Estimate:
    """Throughput over repeats with its 95 % CI."""
    return estimate(point_throughput(runs, batch_size), throughput_replicates(runs, batch_size, seed=seed))
