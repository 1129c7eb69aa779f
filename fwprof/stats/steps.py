"""Summary statistics of one run's step times."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Runs whose IQR / median exceeds this are flagged noisy (torch.utils.benchmark's threshold).
NOISE_THRESHOLD = 0.10


@dataclass(frozen=True)
class StepStats:
    """Step time percentiles in milliseconds, and throughput from the median step."""

    count: int
    mean_ms: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    iqr_ms: float
    noisy: bool

    @property
    def relative_iqr(self) -> float:
        return self.iqr_ms / self.p50_ms if self.p50_ms > 0 else float("nan")


def step_stats(durations_s: np.ndarray) -> StepStats | None:
    """Percentiles of step durations (seconds in, milliseconds out); None without steps."""
    if durations_s.size == 0:
        return None
    ms = durations_s * 1e3
    p25, p50, p75, p90, p99 = np.percentile(ms, [25, 50, 75, 90, 99])
    iqr = float(p75 - p25)
    return StepStats(
        count=int(ms.size), mean_ms=float(ms.mean()), p50_ms=float(p50), p90_ms=float(p90),
        p99_ms=float(p99), iqr_ms=iqr, noisy=bool(p50 > 0 and iqr / p50 > NOISE_THRESHOLD),
    )


def throughput(durations_s: np.ndarray, batch_size: int) -> float:
    """Samples per second at the median step time."""
    return float(batch_size / np.median(durations_s)) if durations_s.size else float("nan")
