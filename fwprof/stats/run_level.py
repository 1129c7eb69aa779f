"""Intervals whose unit of evidence is the fresh process.

Steps inside one process vary by a few per cent; the same loop in fresh processes varies by
up to +-25 % on a small VM (memory layout, thread placement, caches, other load). So every
interval here treats one process (or one pair of processes) as one observation: the mean of
the log values with a Student-t interval, which stays honest with 2-10 observations where a
bootstrap of so few values is far too narrow. Values are positive rates or ratios, so they are
averaged on the log scale and reported as geometric means.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fwprof.stats.student_t import two_sided_quantile


@dataclass(frozen=True)
class RunLevelEstimate:
    """A geometric mean over processes with its interval (None with fewer than 2 values).

    ``spread`` is the standard deviation of the log values: about the relative spread of one
    process's value (0.05: processes differ by about 5 %).
    """

    value: float
    low: float | None
    high: float | None
    n: int
    level: float
    spread: float | None

    @property
    def log_half_width(self) -> float:
        """Half the interval's width on the log scale (inf without an interval)."""
        if self.low is None or self.high is None:
            return math.inf
        return (math.log(self.high) - math.log(self.low)) / 2.0

    def interval(self) -> list[float] | None:
        """[low, high], or None without an interval."""
        return None if self.low is None or self.high is None else [self.low, self.high]


def log_mean_interval(logs: Sequence[float], level: float) -> tuple[float, float, float, float | None]:
    """(mean, low, high, sd) of log values; low/high are -inf/inf with fewer than 2 values."""
    n = len(logs)
    if n == 0:
        raise ValueError("no values")
    mean = math.fsum(logs) / n
    if n < 2:
        return mean, -math.inf, math.inf, None
    sd = math.sqrt(math.fsum((x - mean) ** 2 for x in logs) / (n - 1))
    half = two_sided_quantile(level, n - 1) * sd / math.sqrt(n)
    return mean, mean - half, mean + half, sd


def geometric_estimate(values: Sequence[float], level: float) -> RunLevelEstimate:
    """Geometric mean of positive per-process values with a t interval on the log scale."""
    if not values or any(not (v > 0 and math.isfinite(v)) for v in values):
        raise ValueError(f"values must be positive and finite, got {list(values)}")
    return estimate_from_logs([math.log(v) for v in values], level)


def estimate_from_logs(logs: Sequence[float], level: float) -> RunLevelEstimate:
    """The same, from log values already taken (e.g. log ratios of pairs)."""
    mean, low, high, sd = log_mean_interval(logs, level)
    bounded = math.isfinite(low)
    return RunLevelEstimate(
        value=math.exp(mean), low=math.exp(low) if bounded else None,
        high=math.exp(high) if bounded else None, n=len(logs), level=level, spread=sd,
    )
