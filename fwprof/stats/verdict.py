"""Plain-language verdicts from a TensorFlow / PyTorch throughput ratio."""

from __future__ import annotations

import math

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.stats.bootstrap import Estimate


def verdict(ratio: Estimate) -> str:
    """'PyTorch 1.6x faster (CI 1.4-1.8)', 'TensorFlow 1.2x faster (...)' or no clear difference.

    ``ratio`` is TensorFlow throughput / PyTorch throughput. A CI that contains 1 means the
    measurements cannot tell the two apart.
    """
    if not all(math.isfinite(x) and x > 0 for x in (ratio.value, ratio.low, ratio.high)):
        return f"no verdict: the throughput ratio {ratio.value:.3g} is not a measurement"
    if ratio.low <= 1.0 <= ratio.high:
        return (
            f"no clear difference (TF/PyTorch {ratio.value:.2f}, "
            f"CI {ratio.low:.2f}-{ratio.high:.2f})"
        )
    if ratio.value > 1.0:
        return f"{FRAMEWORK_LABELS['tensorflow']} {_times(ratio.value, ratio.low, ratio.high)}"
    return f"{FRAMEWORK_LABELS['torch']} {_times(1 / ratio.value, 1 / ratio.high, 1 / ratio.low)}"


def _times(value: float, low: float, high: float) -> str:
    return f"{value:.2f}x faster (CI {low:.2f}-{high:.2f})"
