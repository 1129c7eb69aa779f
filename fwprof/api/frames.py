"""Step times and samples of runs as pandas DataFrames (pandas is imported only here).

Times are seconds since the session began (the earliest time any run recorded), the clock of
the HTML report's charts and of the CSV and trace exports.

Steps (:func:`steps_frame`), one row per measured step, columns :data:`STEP_COLUMNS`:

- ``run_id``, ``framework``, ``label``: which run (``framework`` is ``script`` for scripts);
- ``kind``: ``train`` (the steps a run's headline figures come from), ``eval`` or ``predict``
  (evaluation and prediction batches, counted apart; scripts only); a run's training steps
  come first, then each other kind;
- ``step``: 0-based index of the step among its run's steps of that kind;
- ``start_s``, ``end_s``: when it started and ended; ``duration_s``: its duration in seconds.

Samples (:func:`samples_frame`), one row per sample of a run's process tree, the system and the
GPUs: ``run_id``, ``framework``, ``label``, ``time_s``, then one float column per metric, sorted
by name (``cpu_percent``, ``rss_bytes``, ``sys_cpu_percent``, ``gpu0_busy_percent``, ...; see
:mod:`fwprof.sampling.metrics`). NaN means "not measured in that row" (slow metrics such as
``uss_bytes`` are read about once a second; GPU metrics without a GPU are all NaN).
``frame.attrs`` holds ``units`` and ``labels`` (``{metric: text}``) and ``unavailable``
(``{run_id: {metric: reason}}``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from fwprof.export.timeline import run_samples
from fwprof.protocol import STEP_KINDS, TRAIN
from fwprof.results import StepLog

if TYPE_CHECKING:
    import pandas as pd

    from fwprof.api.model import Run

#: Columns of :func:`steps_frame`, in order.
STEP_COLUMNS: tuple[str, ...] = ("run_id", "framework", "label", "kind", "step", "start_s",
                                 "end_s", "duration_s")
#: The first columns of :func:`samples_frame`; metric columns follow.
SAMPLE_KEY_COLUMNS: tuple[str, ...] = ("run_id", "framework", "label", "time_s")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # the optional extra is missing
        raise ImportError("fwprof's DataFrames need pandas: pip install 'fwprof[api]'") from exc
    return pandas


def steps_frame(runs: Iterable[Run]) -> pd.DataFrame:
    """The measured steps of ``runs``, one row each (see the module docstring)."""
    pandas = _pandas()
    parts = [_kind_steps(pandas, run, kind, log) for run in runs for kind, log in _step_logs(run)]
    parts = [part for part in parts if len(part)]
    if not parts:
        return pandas.DataFrame({name: [] for name in STEP_COLUMNS}).astype(
            {"step": "int64", "start_s": float, "end_s": float, "duration_s": float})
    return pandas.concat(parts, ignore_index=True)


def _step_logs(run: Run) -> list[tuple[str, StepLog]]:
    """The run's step logs by kind: training steps first, then the others in protocol order."""
    others = run.result.other_steps
    return [(TRAIN, run.result.steps), *((kind, others[kind]) for kind in STEP_KINDS if kind in others)]


def _kind_steps(pandas: Any, run: Run, kind: str, log: StepLog) -> pd.DataFrame:
    ends = log.ends - run.origin
    durations = log.durations
    return pandas.DataFrame({
        "run_id": run.run_id, "framework": run.framework, "label": run.label, "kind": kind,
        "step": np.arange(ends.size, dtype=np.int64), "start_s": ends - durations,
        "end_s": ends, "duration_s": durations,
    }, columns=list(STEP_COLUMNS))


def samples_frame(runs: Sequence[Run]) -> pd.DataFrame:
    """The sampled resources of ``runs``, one row per sample (see the module docstring)."""
    pandas = _pandas()
    units: dict[str, str] = {}
    labels: dict[str, str] = {}
    unavailable: dict[str, dict[str, str]] = {}
    parts = []
    for run in runs:
        samples = run_samples(run.result)
        units.update(samples.units)
        labels.update(samples.labels)
        if samples.unavailable:
            unavailable[run.run_id] = dict(samples.unavailable)
        if len(samples):
            parts.append(pandas.DataFrame({
                "run_id": run.run_id, "framework": run.framework, "label": run.label,
                "time_s": samples.t - run.origin, **dict(sorted(samples.columns.items())),
            }))
    frame = _joined_samples(pandas, parts)
    frame.attrs.update(units=units, labels=labels, unavailable=unavailable)
    return frame


def _joined_samples(pandas: Any, parts: list[pd.DataFrame]) -> pd.DataFrame:
    if not parts:
        return pandas.DataFrame({name: [] for name in SAMPLE_KEY_COLUMNS}).astype({"time_s": float})
    frame = pandas.concat(parts, ignore_index=True)
    metrics = sorted(set(frame.columns) - set(SAMPLE_KEY_COLUMNS))
    return frame[[*SAMPLE_KEY_COLUMNS, *metrics]]
