"""Chrome Trace Event JSON that Perfetto (ui.perfetto.dev) and chrome://tracing open.

Layout, one process track per run (``pid`` 1, 2, ... in run order, named after the run):

- thread 1 ``phases``: a slice for the whole run, with the phases (import, build, first_step,
  warmup, measure) nested inside it, and instant events for errors the child reported;
- thread 2 ``steps``: one slice per measured step. Above a session-wide budget of
  :data:`STEP_SLICE_BUDGET` slices, shared equally among the runs, a run's steps are grouped
  into consecutive blocks (``steps 1-40``) whose args hold count, mean, min and max;
- counter tracks for the sampled metrics (bytes as MiB). A counter value holds until the
  next one, so a sample equal to the previous one of the same track is left out.

Timestamps are microseconds since the session began; times are rounded to whole nanoseconds
before they are written, and children are clamped into their parent, so a slice never
crosses its parent's end and siblings never overlap.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from fwprof.export.base import write_text
from fwprof.export.timeline import (
    Samples,
    process_samples,
    run_label,
    run_samples,
    run_window,
    session_origin,
)
from fwprof.results import RunResult, SessionRecord
from fwprof.version import __version__

#: Most per-step slices in one trace; runs beyond their share get per-block slices.
STEP_SLICE_BUDGET = 20_000
MIN_STEP_SLICES_PER_RUN = 500
PHASES_TID, STEPS_TID = 1, 2
Event = dict[str, Any]
_PER_CORE = re.compile(r"sys_cpu_core(\d+)_percent")
_UNIT_SUFFIXES = (("_percent", "%", 1.0), ("_bytes", "MiB", 1.0 / 2**20), ("_w", "W", 1.0),
                  ("_j", "J", 1.0), ("_c", "°C", 1.0), ("_mhz", "MHz", 1.0))


def write_chrome_trace(record: SessionRecord, path: Path) -> list[Path]:
    """Write the trace as JSON (gzip-compressed if ``path`` ends in ``.gz``)."""
    return [write_text(path, json.dumps(build_trace(record), separators=(",", ":")))]


def build_trace(record: SessionRecord) -> dict[str, Any]:
    """The whole trace document: ``traceEvents`` plus session metadata in ``otherData``."""
    origin = session_origin(record)
    with_steps = sum(1 for run in record.runs if run.step_ends.size)
    cap = max(MIN_STEP_SLICES_PER_RUN, STEP_SLICE_BUDGET // max(with_steps, 1))
    events: list[Event] = []
    for index, run in enumerate(record.runs):
        events += run_events(run, index + 1, origin, cap)
    return {
        "traceEvents": events,
        "displayTimeUnit": "ms",
        "otherData": {
            "producer": f"fwprof {__version__}", "created": record.created,
            "status": record.status, "cpu_model": str(record.environment.get("cpu_model", "")),
            "step_slices_per_run_max": cap,
        },
    }


def run_events(run: RunResult, pid: int, origin: float, step_cap: int) -> list[Event]:
    """Metadata, slices, instants and counters of one run's process track."""
    clock = _Clock(origin)
    events = _metadata(run, pid)
    window = run_window(run)
    if window is None:
        return events
    start, end = clock.ns(window[0]), clock.ns(window[1])
    events.append(_slice(pid, PHASES_TID, "run", run_label(run), start, end, _run_args(run)))
    events += _phase_slices(run, pid, clock, start, end)
    events += _error_instants(run, pid, clock, start, end)
    events += _step_slices(run, pid, clock, step_cap)
    events += _counters(run_samples(run), pid, clock)
    events += _counters(process_samples(run), pid, clock)
    return events


class _Clock:
    """Monotonic seconds -> whole nanoseconds since the session began."""

    def __init__(self, origin: float) -> None:
        self.origin = origin

    def ns(self, t: float) -> int:
        """Nanoseconds since the origin."""
        return round((t - self.origin) * 1e9)

    def ns_array(self, t: np.ndarray) -> np.ndarray:
        """Nanoseconds since the origin, element-wise (int64)."""
        return np.round((t - self.origin) * 1e9).astype(np.int64)


def _us(ns: int) -> float:
    return ns / 1000


def _metadata(run: RunResult, pid: int) -> list[Event]:
    def meta(name: str, tid: int, args: dict[str, Any]) -> Event:
        return {"ph": "M", "pid": pid, "tid": tid, "name": name, "args": args}

    return [
        meta("process_name", 0, {"name": run_label(run)}),
        meta("process_labels", 0, {"labels": f"{run.run_id} {run.status}"}),
        meta("process_sort_index", 0, {"sort_index": pid}),
        meta("thread_name", PHASES_TID, {"name": "phases"}),
        meta("thread_sort_index", PHASES_TID, {"sort_index": PHASES_TID}),
        meta("thread_name", STEPS_TID, {"name": "steps"}),
        meta("thread_sort_index", STEPS_TID, {"sort_index": STEPS_TID}),
    ]


def _slice(pid: int, tid: int, cat: str, name: str, start_ns: int, end_ns: int,
           args: dict[str, Any] | None = None) -> Event:
    event: Event = {"ph": "X", "pid": pid, "tid": tid, "ts": _us(start_ns),
                    "dur": _us(max(0, end_ns - start_ns)), "name": name, "cat": cat}
    if args:
        event["args"] = args
    return event


def _run_args(run: RunResult) -> dict[str, Any]:
    args: dict[str, Any] = {"run_id": run.run_id, "status": run.status, "steps": len(run.steps)}
    for key in ("error", "exit_code", "pid"):
        if getattr(run, key) is not None:
            args[key] = getattr(run, key)
    spec = run.spec.to_dict()
    args.update({k: v for k, v in spec.items() if isinstance(v, (str, int, float, bool)) and k != "env"})
    argv = getattr(run.spec, "argv", None)
    if argv:
        args["argv"] = " ".join(str(a) for a in argv)
    if run.step_durations.size:
        args["median_step_ms"] = round(float(np.median(run.step_durations)) * 1e3, 6)
    return args


def _phase_slices(run: RunResult, pid: int, clock: _Clock, lo: int, hi: int) -> list[Event]:
    """Phases in order, clamped into the run slice and after the previous phase."""
    events: list[Event] = []
    cursor = lo
    for phase in sorted(run.phases, key=lambda p: p.start):
        end_t = phase.end if phase.end is not None and math.isfinite(phase.end) else None
        start = min(max(clock.ns(phase.start), cursor), hi)
        end = hi if end_t is None else min(max(clock.ns(end_t), start), hi)
        args = {"open": True} if end_t is None else None
        events.append(_slice(pid, PHASES_TID, "phase", phase.name, start, end, args))
        cursor = end
    return events


def _error_instants(run: RunResult, pid: int, clock: _Clock, lo: int, hi: int) -> list[Event]:
    events: list[Event] = []
    for event in run.events:
        if event.get("k") not in ("error", "log") or not isinstance(event.get("t"), (int, float)):
            continue
        message = str(event.get("message", event.get("text", "")))
        ts = min(max(clock.ns(float(event["t"])), lo), hi)
        events.append({"ph": "i", "s": "t", "pid": pid, "tid": PHASES_TID, "ts": _us(ts),
                       "name": str(event["k"]), "cat": "event", "args": {"message": message}})
    return events


def _step_slices(run: RunResult, pid: int, clock: _Clock, cap: int) -> list[Event]:
    ends, durations = run.step_ends, run.step_durations
    keep = np.isfinite(ends) & np.isfinite(durations)
    ends, durations = ends[keep], durations[keep]
    if ends.size == 0:
        return []
    end_ns = clock.ns_array(ends)
    start_ns = clock.ns_array(ends - np.maximum(durations, 0.0))
    start_ns = np.maximum(start_ns, np.r_[np.iinfo(np.int64).min, np.maximum.accumulate(end_ns)[:-1]])
    start_ns = np.minimum(start_ns, end_ns)
    if ends.size <= cap:
        return [_slice(pid, STEPS_TID, "step", "step", int(s), int(e), {"i": i + 1})
                for i, (s, e) in enumerate(zip(start_ns.tolist(), end_ns.tolist(), strict=True))]
    return list(_step_blocks(pid, start_ns, end_ns, durations, cap))


def _step_blocks(pid: int, start_ns: np.ndarray, end_ns: np.ndarray, durations: np.ndarray,
                 cap: int) -> Iterator[Event]:
    size = math.ceil(start_ns.size / cap)
    for first in range(0, start_ns.size, size):
        last = min(first + size, start_ns.size)
        block_ms = durations[first:last] * 1e3
        args = {"steps": last - first, "mean_ms": round(float(block_ms.mean()), 6),
                "min_ms": round(float(block_ms.min()), 6), "max_ms": round(float(block_ms.max()), 6)}
        name = f"steps {first + 1}-{last}"
        yield _slice(pid, STEPS_TID, "steps", name, int(start_ns[first]), int(end_ns[last - 1]), args)


def counter_track(metric: str) -> tuple[str, str, float]:
    """(track name, series key, scale) for a metric; Perfetto shows ``name key``."""
    core = _PER_CORE.fullmatch(metric)
    if core:
        return "sys_cpu_core %", core.group(1), 1.0
    for suffix, unit, scale in _UNIT_SUFFIXES:
        if metric.endswith(suffix):
            return metric[: -len(suffix)], unit, scale
    return metric, "value", 1.0


def _counters(samples: Samples, pid: int, clock: _Clock) -> list[Event]:
    """Counter events per sample row, leaving out rows equal to the track's previous one."""
    if not len(samples):
        return []
    ts_us = np.round((samples.t - clock.origin) * 1e6).astype(np.int64).tolist()
    tracks: dict[str, dict[str, list[float | None]]] = {}
    for metric in sorted(samples.columns):
        values = samples.columns[metric]
        if not np.isfinite(values).any():
            continue
        name, key, scale = counter_track(metric)
        rounded = np.round(values * scale, 0 if _PER_CORE.fullmatch(metric) else 3)
        tracks.setdefault(name, {})[key] = [None if v != v else v for v in rounded.tolist()]
    events: list[Event] = []
    for name, series in tracks.items():
        events += _track_events(pid, name, series, ts_us)
    return events


def _track_events(pid: int, name: str, series: dict[str, list[float | None]],
                  ts_us: list[int]) -> list[Event]:
    events: list[Event] = []
    previous: dict[str, float | None] = {}
    for row, ts in enumerate(ts_us):
        args = {key: values[row] for key, values in series.items() if values[row] is not None}
        if any(value != previous.get(key) for key, value in args.items()):
            previous.update(args)  # a multi-series track repeats every series (chrome://tracing stacks them)
            events.append({"ph": "C", "pid": pid, "tid": 0, "ts": ts, "name": name, "args": args})
    return events
