"""This machine's noise floor: how much the same configuration varies from process to process.

Pooled over configurations, each of which ran in several fresh processes: the standard
deviation of log throughput around each configuration's own mean, pooled by degrees of
freedom. 0.06 means one fresh process's throughput lands about 6 % from another's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class NoiseFloor:
    """Run-to-run spread (sd of log throughput) and the degrees of freedom behind it."""

    spread: float
    dof: int

    def to_dict(self) -> dict[str, float | int]:
        return {"spread": self.spread, "dof": self.dof}


def pooled_spread(groups: Iterable[Sequence[float]]) -> NoiseFloor | None:
    """Pooled run-to-run spread of positive values (throughputs), one sequence per
    configuration; None when no configuration ran twice."""
    squares, dof = 0.0, 0
    for values in groups:
        if len(values) < 2:
            continue
        logs = [math.log(v) for v in values]
        mean = math.fsum(logs) / len(logs)
        squares += math.fsum((x - mean) ** 2 for x in logs)
        dof += len(logs) - 1
    return NoiseFloor(math.sqrt(squares / dof), dof) if dof else None
