"""Bootstrap CIs of the relative change of step statistics between two sets of runs.

Each side is resampled the way :mod:`fwprof.stats.bootstrap` does for throughput: whole runs
first (fresh processes differ more than steps within one), then steps within each chosen
run; the statistic of a side is the median over its chosen runs of each run's statistic.
The two sides are resampled independently with fixed seeds, so figures are reproducible.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from fwprof.stats.bootstrap import (
    MAX_STEPS_PER_RUN,
    REPLICATES,
    SEED,
    point_throughput,
    throughput_replicates,
)

FloatArray = npt.NDArray[np.float64]
#: Reduces a (replicates, steps) array of durations to one value per replicate.
RowStatistic = Callable[[FloatArray], FloatArray]


def median_rows(values: FloatArray) -> FloatArray:
    """Median of each row."""
    result: FloatArray = np.median(values, axis=1)
    return result


def p99_rows(values: FloatArray) -> FloatArray:
    """99th percentile of each row."""
    result: FloatArray = np.percentile(values, 99, axis=1)
    return result


def statistic_replicates(runs: list[FloatArray], statistic: RowStatistic,
                         replicates: int = REPLICATES, seed: int = SEED) -> FloatArray:
    """Hierarchical bootstrap replicates of the median over runs of ``statistic`` per run."""
    rng = np.random.default_rng(seed)
    per_run = []
    for durations in runs:
        if durations.size > MAX_STEPS_PER_RUN:
            durations = rng.choice(durations, MAX_STEPS_PER_RUN, replace=False)
        picks = rng.integers(0, durations.size, size=(replicates, durations.size))
        per_run.append(statistic(durations[picks]))
    stacked = np.stack(per_run)
    chosen = rng.integers(0, len(runs), size=(replicates, len(runs)))
    result: FloatArray = np.median(stacked[chosen, np.arange(replicates)[:, None]], axis=1)
    return result


def point_statistic(runs: list[FloatArray], statistic: RowStatistic) -> float:
    """Median over runs of each run's statistic (no resampling)."""
    return float(np.median([statistic(run[None, :])[0] for run in runs]))


def relative_change_ci(base: FloatArray, new: FloatArray) -> tuple[float, float]:
    """2.5th and 97.5th percentiles of ``new / base - 1`` over paired replicates."""
    with np.errstate(divide="ignore", invalid="ignore"):
        change = new / base - 1.0
    change = change[np.isfinite(change)]
    if change.size == 0:
        return float("nan"), float("nan")
    low, high = np.percentile(change, [2.5, 97.5])
    return float(low), float(high)


def throughput_change(base: list[FloatArray], base_batch: int, new: list[FloatArray],
                      new_batch: int) -> tuple[float, float, tuple[float, float]]:
    """(base samples/s, new samples/s, CI of the relative change) from step durations."""
    base_reps = throughput_replicates(base, base_batch, seed=SEED)
    new_reps = throughput_replicates(new, new_batch, seed=SEED + 1)
    return (point_throughput(base, base_batch), point_throughput(new, new_batch),
            relative_change_ci(base_reps, new_reps))


def step_statistic_change(base: list[FloatArray], new: list[FloatArray], statistic: RowStatistic,
                          seed: int) -> tuple[float, float, tuple[float, float]]:
    """(base value, new value, CI of the relative change) of a step-time statistic, in seconds."""
    base_reps = statistic_replicates(base, statistic, seed=seed)
    new_reps = statistic_replicates(new, statistic, seed=seed + 1)
    return (point_statistic(base, statistic), point_statistic(new, statistic),
            relative_change_ci(base_reps, new_reps))
