"""Do the two frameworks train alike? Their gaps compared with seed-to-seed variation.

Three checks, each against the spread the seeds of one framework show among themselves
(the pooled standard deviation over both frameworks' seeds):

- final accuracy: the gap between the frameworks' mean final accuracies must stay within
  3 pooled SDs (and at least 2 held-out images, the resolution of the measure);
- steps to the target: the gap between the mean steps to reach it must stay within 3 pooled
  SDs (at least two evaluation intervals); a framework reaching it in far fewer seeds fails;
- the whole curve: the mean absolute gap between the mean curves (after step 0) must stay
  within 3 times the mean pooled SD at those steps (at least 2 accuracy points).

Fewer than :data:`~fwprof.scenarios.converge.config.MIN_SEEDS` seeds per framework: inconclusive.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.scenarios.converge.config import MIN_SEEDS
from fwprof.scenarios.converge.curves import RunCurve

SD_FACTOR = 3.0
CURVE_FLOOR = 0.02


@dataclass(frozen=True)
class Parity:
    """The verdict (``parity``, ``diverged`` or ``inconclusive``), a sentence, and the figures."""

    verdict: str
    text: str
    reasons: list[str] = field(default_factory=list)
    figures: dict[str, float | None] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``parity`` of a ``converge`` entry of the summary."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Parity:
        """Read back :meth:`to_json` (missing keys: inconclusive, no reasons, no figures)."""
        return cls(data.get("verdict") or "inconclusive", data.get("text") or "",
                   list(data.get("reasons") or ()), dict(data.get("figures") or {}))


def judge_parity(a: list[RunCurve], b: list[RunCurve], target: float, eval_every: int,
                 test_size: int) -> Parity:
    """Compare framework ``a``'s seeds with framework ``b``'s (labels come from the curves)."""
    a, b = [c for c in a if c.points], [c for c in b if c.points]
    if not a or not b:
        return Parity("inconclusive", "inconclusive: a framework has no completed run")
    figures: dict[str, float | None] = {}
    reasons = _final_gap(a, b, test_size, figures) + _steps_gap(a, b, target, eval_every, figures)
    reasons += _curve_gap(a, b, figures)
    if min(len(a), len(b)) < MIN_SEEDS:
        return Parity("inconclusive", f"inconclusive: {len(a)} and {len(b)} seeds; parity needs "
                      f"at least {MIN_SEEDS} per framework", reasons, figures)
    if reasons:
        return Parity("diverged", "parity problem: " + "; ".join(reasons), reasons, figures)
    return Parity("parity", "parity: the curves agree within seed-to-seed variation", [], figures)


def pooled_sd(a: list[float], b: list[float]) -> float:
    """The pooled sample standard deviation of two groups (0 when neither has two values)."""
    dof = len(a) + len(b) - 2
    if dof <= 0:
        return 0.0
    squares = sum(float(np.var(g, ddof=1)) * (len(g) - 1) for g in (a, b) if len(g) > 1)
    return math.sqrt(squares / dof)


def _final_gap(a: list[RunCurve], b: list[RunCurve], test_size: int,
               figures: dict[str, float | None]) -> list[str]:
    fa, fb = [c.final_accuracy for c in a], [c.final_accuracy for c in b]
    gap = float(np.mean(fa) - np.mean(fb))
    tolerance = max(SD_FACTOR * pooled_sd(fa, fb), 2.0 / max(test_size, 1))
    figures.update(final_gap=gap, final_tolerance=tolerance)
    if abs(gap) <= tolerance:
        return []
    return [f"final accuracy differs by {abs(gap) * 100:.1f} points "
            f"({_name(a)} {np.mean(fa):.1%}, {_name(b)} {np.mean(fb):.1%}; "
            f"tolerance {tolerance * 100:.1f})"]


def _steps_gap(a: list[RunCurve], b: list[RunCurve], target: float, eval_every: int,
               figures: dict[str, float | None]) -> list[str]:
    sa = [p.step for c in a if (p := c.first_reaching(target)) is not None]
    sb = [p.step for c in b if (p := c.first_reaching(target)) is not None]
    share_a, share_b = len(sa) / len(a), len(sb) / len(b)
    figures.update(steps_gap=None, steps_tolerance=None)
    if abs(share_a - share_b) > 0.5:
        return [f"{_name(a)} reached {target:.0%} in {len(sa)}/{len(a)} seeds, "
                f"{_name(b)} in {len(sb)}/{len(b)}"]
    if not sa or not sb:
        return []
    gap = float(np.mean(sa) - np.mean(sb))
    tolerance = max(SD_FACTOR * pooled_sd([float(s) for s in sa], [float(s) for s in sb]),
                    2.0 * eval_every)
    figures.update(steps_gap=gap, steps_tolerance=tolerance)
    if abs(gap) <= tolerance:
        return []
    return [f"steps to {target:.0%} differ by {abs(gap):.0f} ({_name(a)} {np.mean(sa):.0f}, "
            f"{_name(b)} {np.mean(sb):.0f}; tolerance {tolerance:.0f})"]


def _curve_gap(a: list[RunCurve], b: list[RunCurve], figures: dict[str, float | None]) -> list[str]:
    common = sorted(set.intersection(*({p.step for p in c.points} for c in a + b)) - {0})
    figures.update(curve_gap=None, curve_tolerance=None)
    if not common:
        return []
    acc_a, acc_b = _matrix(a, common), _matrix(b, common)
    gap = float(np.mean(np.abs(acc_a.mean(axis=0) - acc_b.mean(axis=0))))
    spreads = [pooled_sd(acc_a[:, i].tolist(), acc_b[:, i].tolist()) for i in range(len(common))]
    tolerance = max(SD_FACTOR * float(np.mean(spreads)), CURVE_FLOOR)
    figures.update(curve_gap=gap, curve_tolerance=tolerance)
    if gap <= tolerance:
        return []
    return [f"the curves are {gap * 100:.1f} points apart on average (tolerance {tolerance * 100:.1f})"]


def _matrix(curves: list[RunCurve], steps: list[int]) -> np.ndarray:
    return np.array([[{p.step: p.accuracy for p in c.points}[s] for s in steps] for c in curves])


def _name(curves: list[RunCurve]) -> str:
    framework = curves[0].framework
    return FRAMEWORK_LABELS.get(framework, framework)
