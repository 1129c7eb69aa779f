"""A script run's steps by kind: the training rate without evaluation time, and the others apart.

Training steps (``run.steps``) make the headline. Their rate is the steps after the first over
the time from the first to the last training step, less the time of evaluation and prediction
steps in between (a step's duration is the time since the previous step of any kind, so
Keras validation batches between two epochs do not slow the training rate down). Evaluation
and prediction steps (``run.other_steps``) get their count, rate (steps over the sum of their
durations) and step times; as for training, each kind's first step (which holds its tracing,
e.g. Keras' first validation batch) is reported on its own and left out of its rate and times.
"""

from __future__ import annotations

from fwprof.results import RunResult, StepLog
from fwprof.scenarios.profile.section import KindSteps, StepPercentiles
from fwprof.stats.steps import step_stats

#: What one training step is, by the run's ``step_source`` (absent: detected automatically).
MARKERS = {"manual": "fwprof.step() calls", "backward": "backward passes"}


def train_rate(run: RunResult) -> float | None:
    """Training steps per second, evaluation and prediction time excluded."""
    ends = run.step_ends
    if ends.size < 2 or ends[-1] <= ends[0]:
        return None
    span = float(ends[-1] - ends[0]) - _other_time_between(run, float(ends[0]), float(ends[-1]))
    if span <= 0:
        span = float(ends[-1] - ends[0])
    return float((ends.size - 1) / span)


def other_kinds(run: RunResult) -> dict[str, KindSteps]:
    """The steps, first step, rate and step times of each kind other than training, by kind."""
    return {kind: _kind_figures(log) for kind, log in sorted(run.other_steps.items()) if len(log)}


def step_marker(run: RunResult) -> str | None:
    """What one training step is when it is not what fwprof detects by default, else None."""
    return MARKERS.get(str(run.info.get("step_source")))


def _kind_figures(log: StepLog) -> KindSteps:
    durations = log.durations[1:]
    total = float(durations.sum())
    stats = step_stats(durations)
    return KindSteps(
        steps=len(log),
        first_step_s=float(log.durations[0]),
        steps_per_s=float(durations.size / total) if durations.size and total > 0 else None,
        step_ms=None if stats is None else StepPercentiles(stats.p50_ms, stats.p90_ms,
                                                           stats.p99_ms, stats.mean_ms),
    )


def _other_time_between(run: RunResult, start: float, end: float) -> float:
    total = 0.0
    for log in run.other_steps.values():
        inside = (log.ends > start) & (log.ends <= end)
        total += float(log.durations[inside].sum())
    return total
