"""When to stop adding ABBA pairs of fresh processes to a comparison.

By default fwprof runs :attr:`PairPolicy.min_pairs` pairs of every configuration, then adds
one pair at a time to the configurations that still need one, until the ratio's interval is
within the margin (``precise``), a winner is clear even at 99 % (``clear``), the most pairs
were run (``max-repeats``) or the session's time budget ends (decided by the session). With
``min_pairs == max_pairs`` the number of pairs is fixed (``--repeats N``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fwprof.stats.decision import (
    ADAPTIVE_LEVEL,
    FIXED_LEVEL,
    MARGIN,
    MIN_PAIRS,
    clearly_decided,
    decide,
    precise_enough,
)

#: Why no more pairs were added to a configuration.
PRECISE, CLEAR, MAX_REPEATS, FIXED = "precise", "clear", "max-repeats", "fixed"
TIME_BUDGET, STOPPED = "time-budget", "stopped"
#: A configuration one of whose runs failed or was skipped gets no more pairs.
RUN_FAILED = "run-failed"
STOP_REASONS: dict[str, str] = {
    PRECISE: "the interval was within the margin",
    CLEAR: "the winner was clear",
    MAX_REPEATS: "the most pairs allowed were run (--max-repeats)",
    FIXED: "a fixed number of pairs was asked for (--repeats, --max-repeats)",
    TIME_BUDGET: "the time budget ended (--max-time)",
    STOPPED: "the session was stopped",
    RUN_FAILED: "a run failed or was skipped",
}


@dataclass(frozen=True)
class PairPolicy:
    """How many pairs a comparison may use and the margin it decides with."""

    min_pairs: int = MIN_PAIRS
    max_pairs: int = 10
    margin: float = MARGIN

    @property
    def adaptive(self) -> bool:
        return self.max_pairs > self.min_pairs

    @property
    def level(self) -> float:
        """The interval's confidence level (higher when pairs are added adaptively)."""
        return ADAPTIVE_LEVEL if self.adaptive else FIXED_LEVEL


def stop_reason(log_ratios: Sequence[float], pairs_run: int, policy: PairPolicy,
                noise_floor: float | None = None) -> str | None:
    """Why this comparison needs no more pairs, or None when another pair should run.

    ``log_ratios`` are the usable pairs' (both runs ok, no interference); ``pairs_run``
    counts every pair run, usable or not: a pair left out is replaced while pairs may be added.
    """
    if not policy.adaptive and pairs_run >= policy.min_pairs:
        return FIXED
    if pairs_run >= policy.max_pairs:
        return MAX_REPEATS
    if len(log_ratios) < max(policy.min_pairs, 2):
        return None
    decision = decide(log_ratios, policy.level, policy.margin, noise_floor)
    if precise_enough(decision.ratio, policy.margin):
        return PRECISE
    if clearly_decided(log_ratios, decision.threshold):
        return CLEAR
    return None
