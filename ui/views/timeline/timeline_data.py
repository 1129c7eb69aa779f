"""The numbers behind the timelines, kept per framework; no Qt here.

Every sampled metric and the step throughput are stored as one growing x/y series per
(framework, metric). Runs of one framework follow each other in time, so a single series holds
all of them with a NaN point between runs (drawn as a gap). Times are seconds since the session
started; memory is in MiB.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ui.base.run_info import is_script_key
from ui.views.timeline.live_buffer import LiveBatch, PhaseMark, RunMark, SampleBlock

THROUGHPUT = "throughput"
MIB = 1.0 / 2**20
#: Sampled metrics the timelines draw, with the factor applied to their values.
SAMPLED_METRICS: dict[str, float] = {
    "cpu_percent": 1.0, "rss_bytes": MIB, "gpu_busy_percent": 1.0,
    "gpu_mem_used_bytes": MIB, "gpu_power_w": 1.0,
}
#: Steps are grouped into chunks at least this long before computing throughput.
THROUGHPUT_CHUNK_S = 0.25


class GrowableSeries:
    """x/y arrays that grow by doubling; :attr:`x` and :attr:`y` are views of the filled part."""

    def __init__(self, capacity: int = 256) -> None:
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self._n = 0
        self.last_run: str | None = None

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]

    def __len__(self) -> int:
        return self._n

    def extend(self, run_id: str, x: np.ndarray, y: np.ndarray) -> None:
        """Append points of ``run_id``; a NaN point separates them from another run's."""
        if x.size == 0:
            return
        if self.last_run is not None and self.last_run != run_id:
            self._append(x[:1], np.array([math.nan]))
        self.last_run = run_id
        self._append(x, y)

    def _append(self, x: np.ndarray, y: np.ndarray) -> None:
        needed = self._n + x.size
        if needed > self._x.size:
            capacity = max(needed, 2 * self._x.size)
            self._x = np.resize(self._x, capacity)
            self._y = np.resize(self._y, capacity)
        self._x[self._n : needed] = x
        self._y[self._n : needed] = y
        self._n = needed


@dataclass
class RunSpan:
    """A run on the session's time axis (``end`` None while it runs)."""

    run_id: str
    framework: str
    label: str
    batch_size: int
    start: float
    end: float | None = None


def throughput_segments(ends: np.ndarray, durations: np.ndarray, batch_size: int,
                        chunk_s: float = THROUGHPUT_CHUNK_S) -> tuple[np.ndarray, np.ndarray]:
    """Samples/s over chunks of consecutive steps, as flat segments (two points per chunk)."""
    if ends.size == 0:
        return np.empty(0), np.empty(0)
    ids = np.floor((ends - ends[0]) / chunk_s)
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    counts = np.diff(np.r_[starts, ends.size])
    total = np.add.reduceat(durations, starts)
    rate = batch_size * counts / np.maximum(total, 1e-12)
    chunk_start = ends[starts] - durations[starts]
    chunk_end = ends[starts + counts - 1]
    x = np.column_stack((chunk_start, chunk_end)).ravel()
    return x, np.repeat(rate, 2)


class TimelineData:
    """Accumulates :class:`LiveBatch` es into per-framework series, runs and phases."""

    def __init__(self) -> None:
        self.clear()

    def clear(self, origin: float | None = None) -> None:
        """Forget everything; a new session starts at ``origin`` (monotonic seconds)."""
        self.origin: float | None = origin
        self.series: dict[tuple[str, str], GrowableSeries] = {}
        self.runs: dict[str, RunSpan] = {}
        self.phases: dict[tuple[str, str], list[float | None]] = {}
        self.latest = 0.0  # the latest time seen, seconds since origin
        self._open_steps: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # chunk being filled
        self._first_seen: set[str] = set()  # script runs whose first step was seen
        self.changed: set[tuple[str, str]] = set()
        self.cleared = True  # views rebuild their items when they see this

    def ingest(self, batch: LiveBatch) -> bool:
        """Add a batch; returns True when anything changed."""
        if batch.reset:
            self.clear(batch.origin)
        if self.origin is None:
            self.origin = batch.origin if batch.origin is not None else self._first_time(batch)
        for mark in batch.runs:
            self._add_run(mark)
        for phase in batch.phases:
            self._add_phase(phase)
        self._add_samples(batch)
        for run_id, ends, durations in batch.steps:
            self._add_steps(run_id, ends, durations)
        for run_id, end in batch.run_ends:
            self._end_run(run_id, end)
        return not batch.is_empty()

    def frameworks(self) -> list[str]:
        """Frameworks that have runs, in order of first appearance."""
        return list(dict.fromkeys(span.framework for span in self.runs.values()))

    def has_values(self, metric: str) -> bool:
        """True when some framework has a finite value of ``metric``."""
        return any(np.isfinite(s.y).any() for (_, m), s in self.series.items() if m == metric)

    def phase_spans(self, live: bool) -> list[tuple[float, float, str]]:
        """(start, end, phase) on the session axis; open phases reach the latest time if live."""
        spans = []
        for (run_id, name), (start, end) in self.phases.items():
            if start is None:
                continue
            if end is None:
                run = self.runs.get(run_id)
                end = self.latest if live else (run.end if run and run.end else start)
            spans.append((start, end, name))
        return spans

    def run_at(self, x: float) -> RunSpan | None:
        """The run whose span contains ``x`` (the latest one if spans overlap)."""
        found = None
        for span in self.runs.values():
            end = span.end if span.end is not None else self.latest
            if span.start <= x <= end:
                found = span
        return found

    def phase_at(self, run_id: str, x: float) -> str | None:
        """The phase of ``run_id`` at ``x``."""
        for (rid, name), (start, end) in self.phases.items():
            upper = self.latest if end is None else end
            if rid == run_id and start is not None and start <= x <= upper:
                return name
        return None

    def value_at(self, framework: str, metric: str, x: float, within: float = 1.0) -> float:
        """The value of the point nearest to ``x`` (NaN if none within ``within`` seconds)."""
        series = self.series.get((framework, metric))
        if series is None or not len(series):
            return math.nan
        xs = series.x
        index = int(np.searchsorted(xs, x))
        candidates = [i for i in (index - 1, index) if 0 <= i < len(xs)]
        best = min(candidates, key=lambda i: abs(xs[i] - x))
        return float(series.y[best]) if abs(xs[best] - x) <= within else math.nan

    def _first_time(self, batch: LiveBatch) -> float | None:
        times = [m.start for m in batch.runs] + [t for _, t, _ in batch.samples]
        return min(times) if times else None

    def _rel(self, t: float) -> float:
        return t - (self.origin or 0.0)

    def _add_run(self, mark: RunMark) -> None:
        start = self._rel(mark.start)
        self.runs[mark.run_id] = RunSpan(mark.run_id, mark.framework, mark.label,
                                         mark.batch_size, start)
        self.latest = max(self.latest, start)

    def _add_phase(self, mark: PhaseMark) -> None:
        key = (mark.run_id, mark.name)
        span = self.phases.setdefault(key, [None, None])
        if span[0] is None or mark.end is None:
            span[0] = self._rel(mark.start)
        if mark.end is not None:
            span[1] = self._rel(mark.end)
        self.latest = max(self.latest, self._rel(mark.end or mark.start))

    def _add_samples(self, batch: LiveBatch) -> None:
        blocks = list(batch.sample_blocks)
        blocks += _rows_to_blocks(batch.samples)
        for block in blocks:
            run = self.runs.get(block.run_id)
            if run is None or block.t.size == 0:
                continue
            x = block.t - (self.origin or 0.0)
            for metric, scale in SAMPLED_METRICS.items():
                values = block.columns.get(metric)
                if values is not None:
                    self._extend(run.framework, metric, block.run_id, x, values * scale)
            self.latest = max(self.latest, float(np.nanmax(x)))

    def _add_steps(self, run_id: str, ends: np.ndarray, durations: np.ndarray) -> None:
        """Steps join the run's open chunk; chunks that are complete become throughput."""
        run = self.runs.get(run_id)
        if run is not None and is_script_key(run.framework) and run_id not in self._first_seen:
            self._first_seen.add(run_id)  # a script's first step (trace/compile) is a phase of
            ends, durations = ends[1:], durations[1:]  # its own, not throughput
        if run is None or ends.size == 0:
            return
        open_ends, open_durations = self._open_steps.pop(run_id, (np.empty(0), np.empty(0)))
        ends = np.concatenate((open_ends, ends - (self.origin or 0.0)))
        durations = np.concatenate((open_durations, durations))
        ids = np.floor((ends - ends[0]) / THROUGHPUT_CHUNK_S)
        cut = int(np.searchsorted(ids, ids[-1]))  # the last chunk may still grow
        self._open_steps[run_id] = (ends[cut:], durations[cut:])
        self._emit_throughput(run, ends[:cut], durations[:cut])
        self.latest = max(self.latest, float(ends[-1]))

    def _flush_steps(self, run_id: str) -> None:
        run = self.runs.get(run_id)
        ends, durations = self._open_steps.pop(run_id, (np.empty(0), np.empty(0)))
        if run is not None:
            self._emit_throughput(run, ends, durations)

    def _emit_throughput(self, run: RunSpan, ends: np.ndarray, durations: np.ndarray) -> None:
        # A script's samples per step are unknown: its throughput is steps/s (batch of 1).
        per_step = run.batch_size if run.batch_size > 0 else int(is_script_key(run.framework))
        if ends.size and per_step > 0:
            x, y = throughput_segments(ends, durations, per_step)
            self._extend(run.framework, THROUGHPUT, run.run_id, x, y)

    def _extend(self, framework: str, metric: str, run_id: str, x: np.ndarray,
                y: np.ndarray) -> None:
        key = (framework, metric)
        self.series.setdefault(key, GrowableSeries()).extend(run_id, x, np.asarray(y, float))
        self.changed.add(key)

    def _end_run(self, run_id: str, end: float) -> None:
        run = self.runs.get(run_id)
        if run is None:
            return
        run.end = self._rel(end)
        self._flush_steps(run_id)
        self.latest = max(self.latest, run.end)
        for (rid, _), span in self.phases.items():
            if rid == run_id and span[1] is None:
                span[1] = run.end


def _rows_to_blocks(rows: list[tuple[str, float, dict[str, float]]]) -> list[SampleBlock]:
    """Consecutive sample rows of the same run as blocks."""
    blocks: list[SampleBlock] = []
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index][0] != rows[start][0]:
            chunk = rows[start:index]
            t = np.array([row[1] for row in chunk])
            columns = {m: np.array([row[2].get(m, math.nan) for row in chunk], dtype=float)
                       for m in SAMPLED_METRICS}
            blocks.append(SampleBlock(chunk[0][0], t, columns))
            start = index
    return blocks
