"""The per-run resource summary: CPU, memory, GPU, energy and the sampler's own cost.

Means and peaks come from :meth:`TimeSeriesStore.stats`, which is exact even after old rows
were downsampled. Every value is JSON-friendly; a value that was never measured is None.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from fwprof.sampling.energy import EnergyMeter
from fwprof.sampling.gpm import GPM_METRICS
from fwprof.sampling.store import FloatArray, TimeSeriesStore


@dataclass(frozen=True)
class SamplerTiming:
    """How the sampler itself ran: requested rate, tick times, misses and cost."""

    rate_hz: float
    first_t: float
    last_t: float
    missed_ticks: int
    thread_cpu_s: float
    costs_us: FloatArray


@dataclass(frozen=True)
class GpuSetup:
    """The GPUs a run was sampled on: energy meters by NVML index, or why there are none."""

    energy: dict[int, EnergyMeter]
    reason: str | None


def summarize(store: TimeSeriesStore, timing: SamplerTiming, gpu: GpuSetup) -> dict[str, Any]:
    """The summary of one run (see the module docstring)."""
    return {
        **_timing(timing),
        **_cpu(store),
        "gpu": _gpu(store, gpu),
        "unavailable": dict(store.unavailable),
    }


def _timing(timing: SamplerTiming) -> dict[str, Any]:
    ticks = int(timing.costs_us.size)
    duration = timing.last_t - timing.first_t if ticks else math.nan
    costs = timing.costs_us
    return {
        "samples": ticks,
        "duration_s": _clean(duration),
        "rate_hz": timing.rate_hz,
        "achieved_rate_hz": _clean((ticks - 1) / duration if ticks > 1 and duration > 0 else math.nan),
        "missed_ticks": timing.missed_ticks,
        "tick_cost_us_mean": _clean(float(costs.mean()) if ticks else math.nan),
        "tick_cost_us_median": _clean(float(np.median(costs)) if ticks else math.nan),
        "tick_cost_us_p99": _clean(float(np.percentile(costs, 99)) if ticks else math.nan),
        "sampler_cpu_percent": _clean(
            100.0 * timing.thread_cpu_s / duration if duration > 0 else math.nan),
    }


def _cpu(store: TimeSeriesStore) -> dict[str, Any]:
    return {
        "cpu_percent_mean": _mean(store, "cpu_percent"),
        "cpu_percent_peak": _peak(store, "cpu_percent"),
        "cpu_share_percent_mean": _mean(store, "cpu_share_percent"),
        "rss_bytes_peak": _peak(store, "rss_bytes"),
        "uss_bytes_peak": _peak(store, "uss_bytes"),
        "threads_peak": _peak(store, "threads"),
        "sys_cpu_percent_mean": _mean(store, "sys_cpu_percent"),
        "sys_mem_used_bytes_peak": _peak(store, "sys_mem_used_bytes"),
    }


def _gpu(store: TimeSeriesStore, gpu: GpuSetup) -> dict[str, Any]:
    devices = [_gpu_device(store, index, meter) for index, meter in gpu.energy.items()]
    energies = [d["energy_j"] for d in devices]
    return {
        "available": gpu.reason is None,
        "reason": gpu.reason,
        "busy_percent_mean": _mean(store, "gpu_busy_percent"),
        "mem_used_bytes_peak": _peak(store, "gpu_mem_used_bytes"),
        "proc_mem_bytes_peak": _peak(store, "gpu_proc_mem_bytes"),
        "energy_j": sum(energies) if devices and None not in energies else None,
        **_gpm(store, "gpu_"),
        "devices": devices,
    }


def _gpu_device(store: TimeSeriesStore, index: int, meter: EnergyMeter) -> dict[str, Any]:
    p = f"gpu{index}_"
    return {
        "index": index,
        "busy_percent_mean": _mean(store, p + "busy_percent"),
        "mem_used_bytes_peak": _peak(store, p + "mem_used_bytes"),
        "proc_mem_bytes_peak": _peak(store, p + "proc_mem_bytes"),
        "power_w_mean": _mean(store, p + "power_w"),
        "power_w_peak": _peak(store, p + "power_w"),
        "temp_c_peak": _peak(store, p + "temp_c"),
        "energy_j": _clean(meter.run_j),
        "energy_method": meter.method,
        "energy_j_trapezoid": _clean(store.last(p + "energy_j")),
        **_gpm(store, p),
    }


def _gpm(store: TimeSeriesStore, prefix: str) -> dict[str, Any]:
    """Mean and peak of each NVML GPM metric (None where not measured: see ``unavailable``)."""
    figures: dict[str, Any] = {}
    for name in GPM_METRICS:
        figures[name + "_mean"] = _mean(store, prefix + name)
        figures[name + "_peak"] = _peak(store, prefix + name)
    return figures


def _mean(store: TimeSeriesStore, name: str) -> float | None:
    return _clean(store.stats(name).mean)


def _peak(store: TimeSeriesStore, name: str) -> float | None:
    return _clean(store.stats(name).peak)


def _clean(value: float) -> float | None:
    return None if math.isnan(value) else value
