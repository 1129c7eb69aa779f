"""Resource figures inside one phase of a run (the measure phase is what the verdict is about).

Whole-run means mix in import and compilation; a GPU that is busy 60 % of the measured steps
but idle while TensorFlow imports would otherwise look half as busy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fwprof.results import RunResult
from fwprof.sampling.store import TimeSeriesStore

#: Metrics averaged over the measure phase, by the name they get in the summary.
MEASURE_METRICS: dict[str, str] = {
    "cpu_percent": "cpu_percent_mean",
    "sys_cpu_percent": "sys_cpu_percent_mean",
    "gpu_busy_percent": "gpu_busy_percent_mean",
    "gpu_power_w": "gpu_power_w_mean",
}


#: A run sampled slower while measured (:mod:`fwprof.launch.pacing`) gets a sample as soon as
#: fwprof hears that the measure phase ended, a few ms after it did; that sample's CPU % covers
#: the time since the previous one, the measure phase, so it counts as inside. Without it a
#: measure phase shorter than the slow period (1 s) would have no sample at all.
PACED_END_GRACE_S = 0.05
#: GPU busy % over fewer samples than this is "too few samples", not a figure.
MIN_BUSY_SAMPLES = 5


def measure_window(run: RunResult) -> tuple[float, float, TimeSeriesStore] | None:
    """The measure phase's start and end with the run's sampled series (None when the run has
    no finished measure phase or no readable series)."""
    span = run.phase("measure")
    series = run.series.get("series") if isinstance(run.series, dict) else None
    if span is None or span.end is None or not isinstance(series, dict):
        return None
    try:
        return span.start, span.end, TimeSeriesStore.from_dict(series)
    except (KeyError, TypeError, ValueError):
        return None


def measure_resources(run: RunResult) -> dict[str, Any]:
    """Means over the measure phase ({} when the run has no samples or no measure phase)."""
    window = measure_window(run)
    if window is None:
        return {}
    start, end, store = window
    end = end + (PACED_END_GRACE_S if run.info.get("measure_sample_rate_hz") else 0.0)
    figures: dict[str, Any] = {"samples": 0}
    for metric, label in MEASURE_METRICS.items():
        t, values = store.series(metric)
        inside = values[(t >= start) & (t <= end) & ~np.isnan(values)]
        figures["samples"] = max(figures["samples"], int(inside.size))
        figures[label] = float(inside.mean()) if inside.size else None
        if metric == "gpu_busy_percent" and 0 < inside.size < MIN_BUSY_SAMPLES:
            # A mean of 1-4 readings of NVML's 1/6-1 s window says little: not a figure.
            figures[label] = None
            figures["gpu_busy_too_few_samples"] = int(inside.size)
    return figures
