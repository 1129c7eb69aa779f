"""Reading a recorded session as timelines: the session's origin, sampled series, steps.

Every exporter that draws or lists data over time uses these helpers, so the Chrome trace,
the CSV and the HTML charts agree on one clock: seconds since the session began (the earliest
run start, phase or sample seen), on the monotonic clock of the recording machine.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from fwprof.config import RunSpec
from fwprof.results import RunResult, SessionRecord

#: What :func:`run_framework` says for a run of a user's script.
SCRIPT = "script"

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Samples:
    """One store of sampled metrics: a time axis and one column per metric (NaN = missing)."""

    t: FloatArray
    columns: dict[str, FloatArray]
    units: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.t.size)

    def finite(self, name: str) -> tuple[FloatArray, FloatArray]:
        """Times and values of ``name`` where it was measured."""
        values = self.columns.get(name)
        if values is None:
            return np.empty(0), np.empty(0)
        keep = np.isfinite(values) & np.isfinite(self.t)
        return self.t[keep], values[keep]


EMPTY = Samples(np.empty(0), {})


def run_label(run: RunResult) -> str:
    """The run's human name, e.g. ``torch mlp train eager #1``."""
    label = getattr(run.spec, "label", None)
    return str(label) if label else run.run_id


def run_framework(run: RunResult) -> str:
    """``torch`` or ``tensorflow`` for a built-in run, :data:`SCRIPT` for a script run."""
    return run.spec.framework if isinstance(run.spec, RunSpec) else SCRIPT


def run_samples(run: RunResult) -> Samples:
    """The run-level series (process tree, system, GPU) recorded by the sampler."""
    return samples_from_store(_store_dict(run.series, "series"))


def process_samples(run: RunResult) -> Samples:
    """Per-process series (``pid{N}_cpu_percent``, ``pid{N}_rss_bytes``) of the run's tree."""
    return samples_from_store(_store_dict(run.series, "process_series"))


def samples_from_store(store: Mapping[str, Any] | None) -> Samples:
    """Columns from a ``TimeSeriesStore.to_dict()`` document; EMPTY for anything else."""
    if not store or not isinstance(store.get("columns"), Mapping):
        return EMPTY
    t = _floats(store.get("t", []))
    columns: dict[str, FloatArray] = {}
    for name, values in store["columns"].items():
        column = _floats(values)
        if column.size == t.size:
            columns[str(name)] = column
    meta = store.get("meta") if isinstance(store.get("meta"), Mapping) else {}
    assert isinstance(meta, Mapping)
    units = {str(k): str(v.get("unit", "")) for k, v in meta.items() if isinstance(v, Mapping)}
    labels = {str(k): str(v.get("label", k)) for k, v in meta.items() if isinstance(v, Mapping)}
    unavailable = store.get("unavailable") if isinstance(store.get("unavailable"), Mapping) else {}
    assert isinstance(unavailable, Mapping)
    return Samples(t, columns, units, labels, {str(k): str(v) for k, v in unavailable.items()})


def session_origin(record: SessionRecord) -> float:
    """The session's time zero: the earliest time any run recorded (0.0 when there is none)."""
    times = [t for run in record.runs for t in _run_times(run)]
    return min(times) if times else 0.0


def run_window(run: RunResult) -> tuple[float, float] | None:
    """First and last time the run recorded anything (monotonic seconds), or None."""
    times = list(_run_times(run))
    if run.ended_at is not None and math.isfinite(run.ended_at):
        times.append(run.ended_at)
    times += [p.end for p in run.phases if p.end is not None and math.isfinite(p.end)]
    ends = run.step_ends
    if ends.size:
        times.append(float(np.nanmax(ends)))
    samples = run_samples(run)
    if len(samples):
        times.append(float(np.nanmax(samples.t)))
    finite = [t for t in times if math.isfinite(t)]
    return (min(finite), max(finite)) if finite else None


def step_starts(run: RunResult) -> FloatArray:
    """Start time of every measured step (end minus duration)."""
    starts: FloatArray = run.step_ends - run.step_durations
    return starts


def windowed_throughput(run: RunResult, window_s: float) -> tuple[FloatArray, FloatArray]:
    """Samples/s over consecutive windows of the measured steps: (window mid-times, values).

    Each window's throughput is the batch size over the mean step duration of the steps that
    ended in it, so idle gaps between steps do not lower it. Script runs (no batch size) have none.
    """
    ends, durations = run.step_ends, run.step_durations
    batch = run.spec.batch_size if isinstance(run.spec, RunSpec) else 0
    if ends.size == 0 or batch <= 0 or window_s <= 0:
        return np.empty(0), np.empty(0)
    ids = np.floor((ends - ends[0]) / window_s).astype(np.int64)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    counts = np.diff(np.r_[starts, ids.size])
    mean_dur = np.add.reduceat(durations, starts) / counts
    mids = np.add.reduceat(ends, starts) / counts
    values: FloatArray = np.where(mean_dur > 0, batch / np.where(mean_dur > 0, mean_dur, 1), np.nan)
    return mids, values


def _run_times(run: RunResult) -> Iterable[float]:
    if run.started_at is not None and math.isfinite(run.started_at):
        yield run.started_at
    yield from (p.start for p in run.phases if math.isfinite(p.start))
    starts = step_starts(run)
    if starts.size and np.isfinite(starts).any():
        yield float(np.nanmin(starts))
    samples = run_samples(run)
    if len(samples) and np.isfinite(samples.t).any():
        yield float(np.nanmin(samples.t))


def _store_dict(series: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    """The store document under ``key`` of a run's sampler dict (or the dict itself)."""
    inner = series.get(key)
    if isinstance(inner, Mapping):
        return inner
    if key == "series" and isinstance(series.get("columns"), Mapping):
        return series
    return None


def _floats(values: Any) -> FloatArray:
    try:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)
    except (TypeError, ValueError):
        return np.empty(0)
