"""ABBA pairs of one configuration: the PyTorch and TensorFlow processes of the same repeat.

A pair is usable when both of its runs measured steps and neither was interfered with; the
log of TensorFlow's throughput over PyTorch's is one observation of the ratio.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from fwprof.report.run_figures import RunFigures
from fwprof.results import ENDED_STATUSES, RunResult

FAILED, INTERFERENCE = "failed", "interference"


@dataclass(frozen=True)
class PairSet:
    """The usable pairs' log ratios (TF / PyTorch) and what happened to the others."""

    log_ratios: list[float] = field(default_factory=list)
    repeats: list[int] = field(default_factory=list)
    pairs_run: int = 0
    left_out: dict[str, int] = field(default_factory=dict)


def pair_runs(torch_runs: list[RunResult], tf_runs: list[RunResult],
              figures: Mapping[str, RunFigures]) -> PairSet:
    """Pairs by repeat index; ``figures`` has an entry for every measured run."""
    by_repeat = {run.run_spec.repeat: run for run in tf_runs}
    result = PairSet()
    for torch_run in sorted(torch_runs, key=lambda r: r.run_spec.repeat):
        tf_run = by_repeat.get(torch_run.run_spec.repeat)
        if tf_run is None or not {torch_run.status, tf_run.status} <= ENDED_STATUSES:
            continue
        result = _add(result, torch_run, tf_run, figures)
    return result


def _add(pairs: PairSet, torch_run: RunResult, tf_run: RunResult,
         figures: Mapping[str, RunFigures]) -> PairSet:
    torch_fig, tf_fig = figures.get(torch_run.run_id), figures.get(tf_run.run_id)
    reason = None
    if torch_fig is None or tf_fig is None:
        reason = FAILED
    elif torch_fig.interfered or tf_fig.interfered:
        reason = INTERFERENCE
    if reason is not None:
        left_out = {**pairs.left_out, reason: pairs.left_out.get(reason, 0) + 1}
        return PairSet(pairs.log_ratios, pairs.repeats, pairs.pairs_run + 1, left_out)
    assert torch_fig is not None and tf_fig is not None
    ratio = math.log(tf_fig.throughput / torch_fig.throughput)
    return PairSet([*pairs.log_ratios, ratio], [*pairs.repeats, torch_run.run_spec.repeat],
                   pairs.pairs_run + 1, pairs.left_out)
