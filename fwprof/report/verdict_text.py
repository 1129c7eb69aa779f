"""The verdict of one comparison in words: who is faster and how sure, or why undecided."""

from __future__ import annotations

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.report.pairs import INTERFERENCE, PairSet
from fwprof.stats.decision import (
    BELOW_FLOOR,
    EQUIVALENT,
    FASTER,
    MIN_PAIRS,
    NOISE,
    TOO_FEW_PAIRS,
    Decision,
)

TF, TORCH = FRAMEWORK_LABELS["tensorflow"], FRAMEWORK_LABELS["torch"]
#: (numerator, denominator) of the throughput ratio, as named in the words.
Names = tuple[str, str]


def verdict_text(decision: Decision, pairs: PairSet, noise_floor: float | None,
                 names: Names = (TF, TORCH)) -> str:
    """'PyTorch 1.32x faster (95% CI 1.21-1.44)', 'no meaningful difference (...)' or
    'not decided: <reason> (...)', plus pairs left out for interference. ``names``: the
    ratio's sides (two scripts compared name theirs)."""
    text = {FASTER: _faster, EQUIVALENT: _equivalent}.get(decision.outcome, _undecided)(
        decision, pairs, noise_floor, names)
    left = pairs.left_out.get(INTERFERENCE, 0)
    if left and not text.startswith("not decided: other processes"):
        text += f"; {left} pair(s) left out: other processes were busy"
    return text


def ratio_text(decision: Decision, names: Names = ("TF", TORCH)) -> str:
    """'TF/PyTorch 1.08, 95% CI 0.93-1.26' (no CI with one pair)."""
    ratio = decision.ratio
    interval = "" if ratio.low is None else f", 95% CI {ratio.low:.2f}-{ratio.high:.2f}"
    return f"{names[0]}/{names[1]} {ratio.value:.2f}{interval}"


def _faster(decision: Decision, pairs: PairSet, noise_floor: float | None, names: Names) -> str:
    ratio = decision.ratio
    assert ratio.low is not None and ratio.high is not None
    if decision.faster == "numerator":
        return f"{names[0]} {ratio.value:.2f}x faster (95% CI {ratio.low:.2f}-{ratio.high:.2f})"
    return (f"{names[1]} {1 / ratio.value:.2f}x faster "
            f"(95% CI {1 / ratio.high:.2f}-{1 / ratio.low:.2f})")


def _equivalent(decision: Decision, pairs: PairSet, noise_floor: float | None, names: Names) -> str:
    return f"no meaningful difference ({_ratio(decision, names)}, within ±{decision.margin:.0%})"


def _undecided(decision: Decision, pairs: PairSet, noise_floor: float | None, names: Names) -> str:
    usable = len(pairs.log_ratios)
    if decision.reason == TOO_FEW_PAIRS:
        interfered = pairs.left_out.get(INTERFERENCE, 0)
        if interfered:
            return (f"not decided: other processes were busy during {interfered} of "
                    f"{pairs.pairs_run} pair(s) (interference); {usable} usable, {MIN_PAIRS} needed"
                    f" ({_ratio(decision, names)})")
        return (f"not decided: too few fresh processes ({usable} usable pair(s), {MIN_PAIRS} "
                f"needed; {_ratio(decision, names)})")
    if decision.reason == BELOW_FLOOR:
        floor = f"±{noise_floor:.0%}" if noise_floor is not None else "its noise"
        return (f"not decided: the difference is within this machine's run-to-run noise "
                f"({floor}; {_ratio(decision, names)})")
    assert decision.reason == NOISE
    return (f"not decided: too noisy for {usable} pairs ({_ratio(decision, names)} reaches past "
            f"±{decision.margin:.0%})")


def _ratio(decision: Decision, names: Names) -> str:
    """The ratio's words, 'TF/PyTorch' for the frameworks as before."""
    return ratio_text(decision, ("TF", TORCH) if names == (TF, TORCH) else names)
