"""The stacked plots of the timelines: which metric each draws and how it is labelled."""

from __future__ import annotations

from dataclasses import dataclass

from ui.base.run_info import SAMPLES_PER_S
from ui.views.timeline.timeline_data import THROUGHPUT


@dataclass(frozen=True)
class PlotSpec:
    """One stacked plot: the metric it draws and how it is labelled."""

    metric: str
    title: str
    unit: str
    gpu: bool = False


PLOTS: tuple[PlotSpec, ...] = (
    PlotSpec(THROUGHPUT, "Throughput", SAMPLES_PER_S),  # steps/s for scripts (_update_keys)
    PlotSpec("cpu_percent", "CPU", "% (100 = 1 core)"),
    PlotSpec("rss_bytes", "Memory (RSS)", "MiB"),
    PlotSpec("gpu_busy_percent", "GPU busy", "%", gpu=True),
    PlotSpec("gpu_mem_used_bytes", "GPU memory", "MiB", gpu=True),
    PlotSpec("gpu_power_w", "GPU power", "W", gpu=True),
)
