"""Resource sampling of runs, Qt-free: process tree, system and NVIDIA GPUs.

- :mod:`~fwprof.sampling.process_tree`: CPU, memory, threads of a child and its descendants.
- :mod:`~fwprof.sampling.system`: per-core CPU and memory of the machine.
- :mod:`~fwprof.sampling.nvml` / :mod:`~fwprof.sampling.gpu`: the NVML session and per-tick
  GPU readings; :mod:`~fwprof.sampling.energy`: joules per run and per interval.
- :mod:`~fwprof.sampling.store`: bounded columnar storage; :mod:`~fwprof.sampling.summary`:
  per-run summaries; :mod:`~fwprof.sampling.metrics`: names, units, labels, the NA convention.
- :mod:`~fwprof.sampling.sampler`: :class:`RunSampler`, the thread that ties them together.
"""

from fwprof.sampling.metrics import NA, MetricInfo, describe
from fwprof.sampling.nvml import GpuContext, GpuDeviceInfo
from fwprof.sampling.sampler import RunSampler
from fwprof.sampling.store import ColumnStats, TimeSeriesStore

__all__ = [
    "NA",
    "ColumnStats",
    "GpuContext",
    "GpuDeviceInfo",
    "MetricInfo",
    "RunSampler",
    "TimeSeriesStore",
    "describe",
]
