"""The learning rate of each step, computed once here and set in both frameworks' optimizers."""

from __future__ import annotations

import math


def learning_rate(schedule: str, base: float, step: int, total_steps: int) -> float:
    """The rate for step ``step`` (0-based) of ``total_steps``: ``constant`` or ``cosine`` decay.

    ``cosine`` goes from ``base`` at the first step towards 0 at the end:
    ``base * (1 + cos(pi * step / total_steps)) / 2``.
    """
    if schedule == "constant":
        return base
    if schedule == "cosine":
        return base * 0.5 * (1.0 + math.cos(math.pi * step / max(total_steps, 1)))
    raise ValueError(f"unknown learning-rate schedule {schedule!r}")
