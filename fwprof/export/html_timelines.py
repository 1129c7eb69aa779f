"""The session-wide charts of the HTML report: timelines of every run and its phase durations."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from fwprof.config import RunSpec
from fwprof.export.timeline import (
    FloatArray,
    run_framework,
    run_label,
    run_samples,
    run_window,
    session_origin,
    windowed_throughput,
)
from fwprof.protocol import PHASES
from fwprof.render.charts import OTHER_COLOR, PHASE_COLORS, Chart, framework_color
from fwprof.render.fmt import framework_label
from fwprof.render.svg import Band, Line, compact, line_chart, stacked_bars
from fwprof.results import RunResult, SessionRecord

#: Throughput timeline: about this many windows per run, each at least MIN_WINDOW_STEPS steps long.
WINDOWS_PER_RUN = 60
MIN_WINDOW_STEPS = 5


def timeline_charts(record: SessionRecord) -> list[Chart]:
    """Throughput (step rate for scripts), CPU %, RSS and GPU busy % of every run over time, and
    the SMs active (NVML GPM) where a GPU measured it."""
    origin = session_origin(record)
    windows = {run.run_id: w for run in record.runs if (w := run_window(run)) is not None}
    if not windows:
        return [Chart("Timelines", "", note="No run recorded any data.")]
    x_range = (0.0, max(1e-3, max(end for _, end in windows.values()) - origin))
    bands = [_band(run, windows[run.run_id], origin) for run in record.runs if run.run_id in windows]
    if any(isinstance(run.spec, RunSpec) for run in record.runs):
        rate = _timeline("Throughput", f"samples/s of the measured steps: batch size over the mean step "
                         f"time in about {WINDOWS_PER_RUN} windows per run", record, _throughput,
                         origin, bands, x_range, "samples/s")
    else:
        rate = _timeline("Step rate", f"steps per second of each script, counted in about "
                         f"{WINDOWS_PER_RUN} windows per run (the first step, startup, left out)",
                         record, _step_rate, origin, bands, x_range, "steps/s")
    charts = [
        rate,
        _timeline("CPU", "CPU % of the run's process tree (100 = one core busy)", record,
                  _metric("cpu_percent"), origin, bands, x_range, "CPU %"),
        _timeline("Memory", "resident memory (RSS) of the run's process tree", record,
                  _metric("rss_bytes", 1 / 2**20), origin, bands, x_range, "RSS MiB"),
        _timeline("GPU busy", "share of time a kernel ran on the GPU (mean over devices)", record,
                  _metric("gpu_busy_percent"), origin, bands, x_range, "GPU busy %",
                  empty_note=_gpu_reason(record)),
    ]
    sm_active = _timeline("GPU SMs active", "share of the SMs busy (NVML GPM, every 0.5 s, mean over "
                          "devices): a GPU reads 100 % busy while one small kernel keeps a few SMs "
                          "working", record, _readings("gpu_sm_active_percent"), origin, bands,
                          x_range, "SMs active %")
    return charts + ([sm_active] if sm_active.svg else [])  # only where a GPU had GPM


def phase_chart(record: SessionRecord) -> Chart:
    """Where each run's time went: import, build, first step, warm-up, measure."""
    rows = []
    for run in record.runs:
        durations = run.phase_durations()
        parts = [(name, float(durations.get(name) or 0.0), PHASE_COLORS.get(name, OTHER_COLOR))
                 for name in PHASES]
        if any(value > 0 for _, value, _ in parts):
            rows.append((f"{run.run_id} {run_label(run)}", parts))
    caption = "seconds per phase of each run; the first step includes tracing or compilation"
    if not rows:
        return Chart("Phases", caption, note="No run completed a phase.")
    return Chart("Phases", caption, svg=stacked_bars(rows, "seconds"))


def _timeline(title: str, caption: str, record: SessionRecord,
              series: Callable[[RunResult], tuple[FloatArray, FloatArray]], origin: float,
              bands: list[Band], x_range: tuple[float, float], y_label: str,
              empty_note: str = "") -> Chart:
    lines = []
    for run in record.runs:
        xs, ys = series(run)
        if np.isfinite(ys).any():
            lines.append(Line(xs - origin, ys, framework_color(run_framework(run)),
                              f"{run.run_id} {run_label(run)}"))
    if not lines:
        return Chart(title, caption, note=empty_note or f"{title}: no values were recorded.")
    return Chart(title, caption, svg=line_chart(lines, bands, x_range, y_label, compact))


def _throughput(run: RunResult) -> tuple[FloatArray, FloatArray]:
    ends, durations = run.step_ends, run.step_durations
    if ends.size == 0:
        return np.empty(0), np.empty(0)
    span = float(ends[-1] - ends[0])
    window = max(span / WINDOWS_PER_RUN, MIN_WINDOW_STEPS * float(np.median(durations)), 1e-6)
    return windowed_throughput(run, window)


def _step_rate(run: RunResult) -> tuple[FloatArray, FloatArray]:
    ends = run.step_ends[1:]
    if ends.size < 2 or ends[-1] <= ends[0]:
        return np.empty(0), np.empty(0)
    bins = min(WINDOWS_PER_RUN, ends.size - 1)
    counts, edges = np.histogram(ends, bins=np.linspace(float(ends[0]), float(ends[-1]), bins + 1))
    rates: FloatArray = counts / np.diff(edges)
    return (edges[:-1] + edges[1:]) / 2, rates


def _metric(name: str, scale: float = 1.0) -> Callable[[RunResult], tuple[FloatArray, FloatArray]]:
    def values(run: RunResult) -> tuple[FloatArray, FloatArray]:
        samples = run_samples(run)
        column = samples.columns.get(name)
        if column is None:
            return np.empty(0), np.empty(0)
        return samples.t, column * scale

    return values


def _readings(name: str) -> Callable[[RunResult], tuple[FloatArray, FloatArray]]:
    """A metric read on fewer ticks than the others (GPM): its readings only, joined up."""
    every_tick = _metric(name)

    def values(run: RunResult) -> tuple[FloatArray, FloatArray]:
        xs, ys = every_tick(run)
        keep = np.isfinite(ys)
        return xs[keep], ys[keep]

    return values


def _band(run: RunResult, window: tuple[float, float], origin: float) -> Band:
    title = f"{run.run_id} {run_label(run)}: {run.status}"
    framework = run_framework(run)
    if isinstance(run.spec, RunSpec):
        label = f"{run.run_id} {framework_label(framework)} #{run.spec.repeat + 1}"
    else:
        label = f"{run.run_id} {run_label(run)}"
    return Band(window[0] - origin, window[1] - origin, label, framework_color(framework),
                title, short_label=run.run_id)


def _gpu_reason(record: SessionRecord) -> str:
    gpu = record.environment.get("gpu")
    reason = gpu.get("reason") if isinstance(gpu, dict) else None
    for run in record.runs:
        reason = reason or run_samples(run).unavailable.get("gpu_busy_percent")
    return f"GPU busy % was not measured: {reason}" if reason else "GPU busy % was not measured."
