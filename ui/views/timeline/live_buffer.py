"""What the live view draws, collected from any thread and drained by the GUI timer.

:class:`LiveBuffer` is a :class:`SessionObserver`: the session thread and the sampler thread
append to it under a lock, at whatever rate they produce data, and the GUI drains everything
new in one :class:`LiveBatch` per timer tick, so there is no Qt signal per sample.
:func:`batch_from_record` gives a whole finished session (a snapshot) in the same shape.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from fwprof.launch.observer import SessionObserver
from fwprof.protocol import TRAIN, Event, now, step_kind
from fwprof.results import RunResult, SessionRecord
from ui.base.run_info import batch_size_of, framework_of


@dataclass(frozen=True)
class RunMark:
    """A run began: who it is and when (monotonic seconds)."""

    run_id: str
    framework: str
    label: str
    batch_size: int
    start: float


@dataclass(frozen=True)
class PhaseMark:
    """A phase of a run started (``end`` None) or is known to span ``start``-``end``."""

    run_id: str
    name: str
    start: float
    end: float | None = None


@dataclass(frozen=True)
class SampleBlock:
    """Many samples of one run at once: times and one array per metric."""

    run_id: str
    t: np.ndarray
    columns: dict[str, np.ndarray]


@dataclass
class LiveBatch:
    """Everything that arrived since the previous drain. ``reset``: a new session began."""

    reset: bool = False
    origin: float | None = None
    runs: list[RunMark] = field(default_factory=list)
    run_ends: list[tuple[str, float]] = field(default_factory=list)
    phases: list[PhaseMark] = field(default_factory=list)
    samples: list[tuple[str, float, dict[str, float]]] = field(default_factory=list)
    sample_blocks: list[SampleBlock] = field(default_factory=list)
    steps: list[tuple[str, np.ndarray, np.ndarray]] = field(default_factory=list)

    def is_empty(self) -> bool:
        """True when nothing arrived."""
        return not (self.reset or self.runs or self.run_ends or self.phases
                    or self.samples or self.sample_blocks or self.steps)


class TimelineSource(Protocol):
    """Where a timeline gets its data: anything with ``drain()``."""

    def drain(self) -> LiveBatch:
        """Everything new since the last call."""
        ...


class LiveBuffer(SessionObserver):
    """Thread-safe collector of live session data (see module docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending = LiveBatch()
        self._steps_done: dict[str, int] = {}
        self._phase: dict[str, str] = {}

    def drain(self) -> LiveBatch:
        """Take everything collected so far."""
        with self._lock:
            batch, self._pending = self._pending, LiveBatch()
        return batch

    def steps_done(self, run_id: str) -> int:
        """Measured steps reported so far by a run."""
        with self._lock:
            return self._steps_done.get(run_id, 0)

    def current_phase(self, run_id: str) -> str | None:
        """The phase a run is in (None before its first phase)."""
        with self._lock:
            return self._phase.get(run_id)

    def session_started(self, record: SessionRecord) -> None:
        with self._lock:
            self._pending = LiveBatch(reset=True, origin=now())
            self._steps_done.clear()
            self._phase.clear()

    def run_started(self, run: RunResult) -> None:
        mark = _run_mark(run, run.started_at if run.started_at is not None else now())
        with self._lock:
            self._pending.runs.append(mark)

    def run_event(self, run: RunResult, event: Event) -> None:
        kind, t = event.get("k"), float(event.get("t", now()))
        with self._lock:
            if kind == "steps" and step_kind(event) == TRAIN:  # eval/predict steps: not the rate
                ends = np.asarray(event.get("end", []), dtype=float)
                durations = np.asarray(event.get("dur", []), dtype=float)
                self._pending.steps.append((run.run_id, ends, durations))
                self._steps_done[run.run_id] = self._steps_done.get(run.run_id, 0) + ends.size
            elif kind == "phase_start":
                phase = str(event.get("phase"))
                self._pending.phases.append(PhaseMark(run.run_id, phase, t))
                self._phase[run.run_id] = phase
            elif kind == "phase_end":
                self._pending.phases.append(PhaseMark(run.run_id, str(event.get("phase")), t, t))

    def run_sample(self, run: RunResult, t: float, values: dict[str, float]) -> None:
        with self._lock:
            self._pending.samples.append((run.run_id, t, dict(values)))

    def run_finished(self, run: RunResult) -> None:
        end = run.ended_at if run.ended_at is not None else now()
        with self._lock:
            self._pending.run_ends.append((run.run_id, end))


class StaticSource:
    """A source that yields one prepared batch, then nothing (a loaded snapshot, a test)."""

    def __init__(self, batch: LiveBatch) -> None:
        self._batch: LiveBatch | None = batch

    def drain(self) -> LiveBatch:
        """The prepared batch the first time, an empty one afterwards."""
        batch, self._batch = self._batch, None
        return batch if batch is not None else LiveBatch()


def batch_from_record(record: SessionRecord) -> LiveBatch:
    """A finished session as one batch: runs, phases, steps and sampled series."""
    batch = LiveBatch(reset=True, origin=session_origin(record))
    for run in record.runs:
        if run.started_at is None:
            continue
        batch.runs.append(_run_mark(run, run.started_at))
        batch.phases += [PhaseMark(run.run_id, p.name, p.start, p.end) for p in run.phases]
        if len(run.steps):
            batch.steps.append((run.run_id, run.step_ends, run.step_durations))
        block = _series_block(run)
        if block is not None:
            batch.sample_blocks.append(block)
        batch.run_ends.append((run.run_id, run.ended_at or run.started_at))
    return batch


def session_origin(record: SessionRecord) -> float:
    """Time zero of a recorded session: the earliest run start (monotonic seconds)."""
    starts = [run.started_at for run in record.runs if run.started_at is not None]
    return min(starts) if starts else 0.0


def _run_mark(run: RunResult, start: float) -> RunMark:
    return RunMark(run.run_id, framework_of(run), run.spec.label, batch_size_of(run), start)


def _series_block(run: RunResult) -> SampleBlock | None:
    """A run's stored series: ``RunSampler.to_dict`` (the store under ``series``), a bare
    ``TimeSeriesStore.to_dict``, or a flat ``{"t": [...], name: [...]}``."""
    series = run.series
    if isinstance(series.get("series"), dict):
        series = series["series"]
    times = series.get("t")
    if not isinstance(times, list) or not times:
        return None
    columns = series.get("columns")
    if not isinstance(columns, dict):
        columns = {k: v for k, v in series.items() if isinstance(v, list) and k != "t"}
    t = np.array(times, dtype=float)
    arrays = {name: _column(values, t.size) for name, values in columns.items()}
    return SampleBlock(run.run_id, t, arrays)


def _column(values: list[float | None], size: int) -> np.ndarray:
    column = np.full(size, np.nan)
    data = np.array(values[:size], dtype=float)
    column[: data.size] = data
    return column
