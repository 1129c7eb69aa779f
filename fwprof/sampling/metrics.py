"""Names, units and labels of every sampled metric, and the "not available" convention.

Metric names are flat strings (``cpu_percent``, ``gpu0_power_w``, ``pid123_rss_bytes``).
:func:`describe` maps a name to its :class:`MetricInfo`; names with an index (cores, GPUs,
process ids) are matched by pattern.

A value that could not be measured is :data:`NA` (NaN) in every array and dict; the reason is
kept next to the data in an ``unavailable`` map ``{metric: reason}``. A missing value is never
reported as zero.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

#: The value of a metric that could not be measured.
NA = math.nan

#: How the store combines the rows of one bucket when it downsamples old data.
AGGREGATIONS: tuple[str, ...] = ("mean", "last", "sum")


@dataclass(frozen=True)
class MetricInfo:
    """What a metric measures: ``unit``, a human ``label`` and its downsampling ``agg``."""

    unit: str
    label: str
    agg: str = "mean"

    def to_dict(self) -> dict[str, str]:
        """Plain data for JSON."""
        return {"unit": self.unit, "label": self.label, "agg": self.agg}


# (pattern, unit, label template, aggregation); the template may use the pattern's groups.
_PATTERNS: tuple[tuple[str, str, str, str], ...] = (
    (r"cpu_percent", "%", "CPU % of the run's processes (100 = one core)", "mean"),
    (r"cpu_share_percent", "%", "CPU share of the run's available cores", "mean"),
    (r"rss_bytes", "B", "Resident memory (RSS) of the run's processes", "mean"),
    (r"uss_bytes", "B", "Unique memory (USS) of the run's processes (≤1 Hz)", "mean"),
    (r"threads", "", "Threads of the run's processes", "mean"),
    (r"sys_cpu_percent", "%", "System CPU % (all cores, 100 = all busy)", "mean"),
    (r"sys_cpu_core(\d+)_percent", "%", "System CPU % core {0}", "mean"),
    (r"sys_mem_used_bytes", "B", "System memory in use (total − available)", "mean"),
    (r"gpu_busy_percent", "%", "GPU busy % (mean over devices)", "mean"),
    (r"gpu_mem_used_bytes", "B", "GPU memory used (all devices)", "mean"),
    (r"gpu_proc_mem_bytes", "B", "GPU memory of the run's processes (all devices)", "mean"),
    (r"gpu_power_w", "W", "GPU power (all devices)", "mean"),
    (r"gpu_energy_j", "J", "GPU energy since sampling began (all devices)", "last"),
    (r"gpu_sm_active_percent", "%", "SMs active % (NVML GPM, mean over devices)", "mean"),
    (r"gpu_sm_occupancy_percent", "%", "SM occupancy % (NVML GPM, mean over devices)", "mean"),
    (r"gpu_tensor_active_percent", "%", "Tensor cores active % (NVML GPM, mean over devices)", "mean"),
    (r"gpu_dram_bw_percent", "%", "DRAM bandwidth used % (NVML GPM, mean over devices)", "mean"),
    (r"gpu(\d+)_sm_active_percent", "%", "GPU {0} SMs active % (NVML GPM)", "mean"),
    (r"gpu(\d+)_sm_occupancy_percent", "%", "GPU {0} SM occupancy % (active warps, NVML GPM)", "mean"),
    (r"gpu(\d+)_tensor_active_percent", "%", "GPU {0} tensor cores active % (NVML GPM)", "mean"),
    (r"gpu(\d+)_dram_bw_percent", "%", "GPU {0} DRAM bandwidth used % (NVML GPM)", "mean"),
    (r"gpu(\d+)_busy_percent", "%",
     "GPU {0} busy % (share of time a kernel ran)", "mean"),
    (r"gpu(\d+)_mem_used_bytes", "B", "GPU {0} memory used", "mean"),
    (r"gpu(\d+)_power_w", "W", "GPU {0} power", "mean"),
    (r"gpu(\d+)_temp_c", "°C", "GPU {0} temperature", "mean"),
    (r"gpu(\d+)_sm_clock_mhz", "MHz", "GPU {0} SM clock", "mean"),
    (r"gpu(\d+)_proc_mem_bytes", "B", "GPU {0} memory of the run's processes (≤1 Hz)", "mean"),
    (r"gpu(\d+)_energy_j", "J", "GPU {0} energy since sampling began", "last"),
    (r"gpu(\d+)_interval_energy_j", "J", "GPU {0} energy in the sample interval", "sum"),
    (r"pid(\d+)_cpu_percent", "%", "CPU % of process {0}", "mean"),
    (r"pid(\d+)_rss_bytes", "B", "RSS of process {0}", "mean"),
)
_COMPILED = tuple((re.compile(p), unit, label, agg) for p, unit, label, agg in _PATTERNS)


def describe(name: str) -> MetricInfo:
    """The unit, label and aggregation of a metric name (a generic entry for unknown names)."""
    for pattern, unit, label, agg in _COMPILED:
        match = pattern.fullmatch(name)
        if match:
            return MetricInfo(unit, label.format(*match.groups()), agg)
    return MetricInfo("", name)


#: Records that a metric could not be measured: ``mark(metric, reason)``.
MarkUnavailable = Callable[[str, str], None]
