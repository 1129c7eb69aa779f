"""Category labels under the bar charts that never overlap.

When every configuration's name fits its slot, the axis shows the names. Otherwise it shows
numbers (every one that fits: 1, 2, 3 ... or 1, 3, 5 ...) and a key under the charts says which
configuration each number is. No Qt: the caller measures text and slots in pixels.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

GAP_PX = 10  # free space between two neighbouring labels


@dataclass(frozen=True)
class FittedTicks:
    """What the axis shows, and the key (empty when the names themselves fit)."""

    ticks: list[tuple[int, str]]
    key: str


def fit_ticks(names: list[str], slot_px: float, width_of: Callable[[str], float]) -> FittedTicks:
    """Names if each fits ``slot_px``; else numbers, thinned to fit, with a key."""
    if not names:
        return FittedTicks([], "")
    if max(width_of(name) for name in names) + GAP_PX <= slot_px:
        return FittedTicks(list(enumerate(names)), "")
    number_px = width_of(str(len(names))) + GAP_PX
    step = max(1, math.ceil(number_px / max(slot_px, 1.0)))
    ticks = [(i, str(i + 1)) for i in range(0, len(names), step)]
    key = " · ".join(f"{i + 1} {name}" for i, name in enumerate(names))
    return FittedTicks(ticks, key)
