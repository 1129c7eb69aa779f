"""The median every summary uses."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def median(values: Iterable[float | None]) -> float | None:
    """The median of the values present (``None`` ones are skipped) as a float; ``None`` when
    there are none."""
    numbers = [float(v) for v in values if v is not None]
    return float(np.median(numbers)) if numbers else None
