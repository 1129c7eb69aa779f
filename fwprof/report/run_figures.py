"""The figures of one measured run that a verdict rests on.

Throughput is the batch over the median step (robust to a stalled step); the wall-clock
throughput over the whole measure phase is reported next to it, and a run where the two
differ by more than :data:`WALL_GAP_LIMIT` is flagged: its steps were not all alike (stalls,
other load, a clock that waits on something the median hides).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fwprof.report.interference import DEFAULT_SHARE, interference
from fwprof.results import RunResult

WALL_GAP_LIMIT = 0.10


@dataclass(frozen=True)
class RunFigures:
    """One ok run's throughput by median step and by wall clock, its interference and model."""

    throughput: float
    wall_throughput: float | None
    other_load_cores: float | None
    interfered: bool
    parameters: int | None

    @property
    def wall_gap(self) -> float | None:
        """Wall-clock over median-step throughput, minus one (None when not known)."""
        return None if self.wall_throughput is None else self.wall_throughput / self.throughput - 1

    @property
    def wall_flag(self) -> bool:
        gap = self.wall_gap
        return gap is not None and abs(gap) > WALL_GAP_LIMIT


def is_measured(run: RunResult) -> bool:
    """An ok run with measured steps."""
    return run.status == "ok" and run.step_durations.size > 0


def run_figures(run: RunResult, cores: int | None, share: float = DEFAULT_SHARE) -> RunFigures:
    """The figures of a measured run (see :func:`is_measured`)."""
    batch = run.run_spec.batch_size
    load = interference(run, cores, share)
    parameters = run.info.get("model_parameters")
    return RunFigures(
        throughput=float(batch / np.median(run.step_durations)),
        wall_throughput=_wall_throughput(run, batch),
        other_load_cores=None if load is None else load.cores,
        interfered=bool(load and load.interfered),
        parameters=parameters if isinstance(parameters, int) and not isinstance(parameters, bool) else None,
    )


def _wall_throughput(run: RunResult, batch: int) -> float | None:
    span = run.phase("measure")
    if span is None or span.duration is None or span.duration <= 0:
        return None
    return float(run.step_durations.size * batch / span.duration)
