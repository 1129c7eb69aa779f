"""Deciding between two frameworks from the throughput ratios of ABBA pairs of fresh processes.

Each pair (one process of each framework, run back to back, their order alternating) gives one
ratio; the interval of the ratio is a Student-t interval over pairs on the log scale, so drift
that hits both processes of a pair cancels and the spread between processes is what counts.

The decision uses an equivalence margin (5 % unless set):

- **faster**: the interval lies wholly beyond the threshold on one side, where the threshold
  is the margin or this configuration's noise floor, whichever is larger (a difference smaller
  than the processes' own spread is never called);
- **equivalent** ("no meaningful difference"): the interval lies inside +-margin;
- **undecided**: anything else, with the reason: too few pairs, too much noise for the pairs
  there are, or a difference below the noise floor.

When fwprof adds pairs until the interval is narrow (the default), the interval is computed at
:data:`ADAPTIVE_LEVEL`: stopping when an interval happens to be narrow favours intervals that
are too narrow, and the simulation (:mod:`fwprof.stats.simulate`, docs/deciding.md) shows that
a 97.5 % interval under that rule covers the true ratio about 95 % of the time (a 95 % one as
little as 90 %).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from fwprof.stats.run_level import RunLevelEstimate, estimate_from_logs, log_mean_interval

#: The default equivalence margin: differences within 5 % are "no meaningful difference".
MARGIN = 0.05
#: No "faster" verdict rests on fewer pairs than this.
MIN_PAIRS = 3
#: Interval level with a fixed number of pairs (``--repeats N``).
FIXED_LEVEL = 0.95
#: Interval level when pairs are added until it is narrow (calibrated to cover >= 95 %).
ADAPTIVE_LEVEL = 0.975
#: Adding pairs also stops early once an interval at this level already calls a winner.
CLEAR_LEVEL = 0.99

FASTER, EQUIVALENT, UNDECIDED = "faster", "equivalent", "undecided"
#: Why a comparison is undecided.
TOO_FEW_PAIRS, NOISE, BELOW_FLOOR = "too-few-pairs", "noise", "below-noise-floor"


@dataclass(frozen=True)
class Decision:
    """The outcome for a numerator/denominator throughput ratio (TensorFlow / PyTorch).

    ``faster`` is ``"numerator"`` or ``"denominator"`` when one side is faster; ``threshold``
    is the smallest relative difference that could be called (margin or noise floor).
    """

    outcome: str
    faster: str | None
    ratio: RunLevelEstimate
    margin: float
    threshold: float
    reason: str | None


def decide(log_ratios: Sequence[float], level: float, margin: float = MARGIN,
           noise_floor: float | None = None, min_pairs: int = MIN_PAIRS) -> Decision:
    """The decision from per-pair log ratios (at least one)."""
    ratio = estimate_from_logs(log_ratios, level)
    threshold = max(margin, _relative(noise_floor))
    limit, equal = math.log1p(threshold), math.log1p(margin)
    low, high = _log_bounds(ratio)
    if len(log_ratios) < min_pairs:
        return Decision(UNDECIDED, None, ratio, margin, threshold, TOO_FEW_PAIRS)
    if low > limit or high < -limit:
        return Decision(FASTER, "numerator" if low > 0 else "denominator", ratio, margin,
                        threshold, None)
    if -equal <= low and high <= equal:
        return Decision(EQUIVALENT, None, ratio, margin, threshold, None)
    beyond_margin = low > equal or high < -equal
    return Decision(UNDECIDED, None, ratio, margin, threshold, BELOW_FLOOR if beyond_margin else NOISE)


def precise_enough(ratio: RunLevelEstimate, margin: float = MARGIN) -> bool:
    """True when the interval is at most +-margin wide: more pairs are not needed."""
    return ratio.log_half_width <= math.log1p(margin)


def clearly_decided(log_ratios: Sequence[float], threshold: float,
                    min_pairs: int = MIN_PAIRS) -> bool:
    """True when even a :data:`CLEAR_LEVEL` interval lies beyond the threshold."""
    if len(log_ratios) < max(min_pairs, 2):
        return False
    _, low, high, _ = log_mean_interval(log_ratios, CLEAR_LEVEL)
    limit = math.log1p(threshold)
    return low > limit or high < -limit


def _log_bounds(ratio: RunLevelEstimate) -> tuple[float, float]:
    if ratio.low is None or ratio.high is None:
        return -math.inf, math.inf
    return math.log(ratio.low), math.log(ratio.high)


def _relative(spread: float | None) -> float:
    """A log-scale spread as a relative difference (0 when unknown)."""
    return math.expm1(spread) if spread is not None and spread > 0 else 0.0
