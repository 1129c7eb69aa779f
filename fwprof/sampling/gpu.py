"""Per-tick GPU readings through an open :class:`~fwprof.sampling.nvml.GpuContext`.

Per visible device ``gpu{i}_``, every tick: ``busy_percent`` (share of a recent window in
which a kernel ran, as NVML's "utilization" means; above ~6 Hz it repeats values),
``mem_used_bytes`` (as nvidia-smi shows it: NVML v2, without driver-reserved memory),
``power_w``.

Every tick too: ``energy_j`` (cumulative) and ``interval_energy_j``, power integrated over
time; the run's total energy uses the energy counter where supported, read at the first tick
and by :meth:`GpuSampler.finish` (:mod:`fwprof.sampling.energy`).

On slow ticks, at most every ``slow_interval_s`` seconds: ``temp_c`` and ``sm_clock_mhz``
(they move over seconds, and each NVML call is a driver round trip) and ``proc_mem_bytes``
(memory of the run's processes, from ``nvmlDeviceGetComputeRunningProcesses``).

Every ``GPM_INTERVAL_S`` where the GPU has NVML GPM (Hopper and newer): ``sm_active_percent``,
``sm_occupancy_percent``, ``tensor_active_percent`` and ``dram_bw_percent``
(:mod:`fwprof.sampling.gpm`); marked unavailable, with the reason, elsewhere.

Totals over devices: ``gpu_busy_percent`` and the GPM metrics (means), ``gpu_mem_used_bytes``,
``gpu_proc_mem_bytes``, ``gpu_power_w`` and ``gpu_energy_j`` (sums; NaN if any device's is).

Every NVML error becomes NaN plus a reason; "not supported" and missing functions are
remembered so the call is not repeated every tick.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from fwprof.sampling.energy import EnergyMeter
from fwprof.sampling.gpm import GPM_METRICS, GpmReader
from fwprof.sampling.metrics import NA, MarkUnavailable
from fwprof.sampling.nvml import GpuContext, GpuDeviceInfo

_NOT_SUPPORTED = 3
_FUNCTION_NOT_FOUND = 13
#: Device memory in use above which an empty process list means "not visible", not "none".
_INVISIBLE_USE_BYTES = 64 * 2**20
_TEMPERATURE_GPU = 0
_CLOCK_SM = 1
_TOTALS = ("gpu_busy_percent", "gpu_mem_used_bytes", "gpu_proc_mem_bytes", "gpu_power_w",
           "gpu_energy_j", *(f"gpu_{name}" for name in GPM_METRICS))


class GpuSampler:
    """Reads every visible device of a context once per tick."""

    def __init__(self, gpu: GpuContext | None, mark: MarkUnavailable,
                 slow_interval_s: float = 1.0) -> None:
        self.reason = _why_unavailable(gpu)
        self._devices = [_Device(gpu, d, mark) for d in gpu.devices] if gpu and gpu.available else []
        self._slow_interval_s = slow_interval_s
        self._next_slow = -math.inf
        if self.reason:
            for name in _TOTALS:
                mark(name, self.reason)
        gpm_reasons = [d.gpm.reason for d in self._devices if d.gpm.reason]
        if gpm_reasons and len(gpm_reasons) == len(self._devices):  # no device has GPM
            for name in GPM_METRICS:
                mark("gpu_" + name, gpm_reasons[0])

    @property
    def energy(self) -> dict[int, EnergyMeter]:
        """Each device's energy meter, by NVML index."""
        return {d.index: d.energy for d in self._devices}

    def finish(self) -> None:
        """Read the energy counters once more and free GPM's samples: the end of the run (call
        when sampling stops)."""
        for device in self._devices:
            device.read_energy_counter()
            device.gpm.close()

    def sample(self, t: float, pids: set[int]) -> dict[str, float]:
        """One reading of every device; ``pids`` are the run's processes."""
        if not self._devices:
            return {}
        slow = t >= self._next_slow
        if slow:
            self._next_slow = t + self._slow_interval_s
        values: dict[str, float] = {}
        for device in self._devices:
            values.update(device.sample(t, pids if slow else None))
        values.update(_totals(values, [d.prefix for d in self._devices]))
        return values


class _Device:
    """One device's readers, with the metrics found unsupported."""

    def __init__(self, gpu: GpuContext, info: GpuDeviceInfo, mark: MarkUnavailable) -> None:
        self.nvml: Any = gpu.nvml
        self.index = info.index
        self.handle = gpu.handle(info.index)
        self.prefix = f"gpu{info.index}_"
        self.energy = EnergyMeter()
        self._first_tick = True
        self._mark = mark
        self._disabled: set[str] = set()
        self._memory_v2 = True
        self.gpm = GpmReader(gpu.nvml, self.handle, self.prefix, mark)

    def sample(self, t: float, pids: set[int] | None) -> dict[str, float]:
        """Every-tick readings; ``pids`` is given on slow ticks only."""
        nvml, handle, p = self.nvml, self.handle, self.prefix
        values = {
            p + "busy_percent": self._read(
                p + "busy_percent", lambda: nvml.nvmlDeviceGetUtilizationRates(handle).gpu),
            p + "mem_used_bytes": self._read(p + "mem_used_bytes", self._memory_used),
            p + "power_w": self._read(
                p + "power_w", lambda: nvml.nvmlDeviceGetPowerUsage(handle) / 1000.0),
        }
        if pids is not None:
            values[p + "temp_c"] = self._read(
                p + "temp_c", lambda: nvml.nvmlDeviceGetTemperature(handle, _TEMPERATURE_GPU))
            values[p + "sm_clock_mhz"] = self._read(
                p + "sm_clock_mhz", lambda: nvml.nvmlDeviceGetClockInfo(handle, _CLOCK_SM))
            values[p + "proc_mem_bytes"] = self._proc_mem(pids, values[p + "mem_used_bytes"])
        if self._first_tick:
            self._first_tick = False
            self.read_energy_counter()
        values.update(self.gpm.sample(t))
        interval_j, total_j = self.energy.add_power(t, values[p + "power_w"])
        if math.isnan(total_j):
            self._mark(p + "energy_j", "no power reading to integrate")
        values[p + "energy_j"], values[p + "interval_energy_j"] = total_j, interval_j
        return values

    def _memory_used(self) -> int:
        """Memory used as nvidia-smi shows it: NVML's v2 reading, which leaves out what the
        driver reserves (v1 counted ~600 MiB more on an H200); v1 where v2 is missing."""
        if self._memory_v2:
            try:
                return int(self.nvml.nvmlDeviceGetMemoryInfo(
                    self.handle, version=self.nvml.nvmlMemory_v2).used)
            except (AttributeError, TypeError):  # a pynvml without v2
                self._memory_v2 = False
            except self.nvml.NVMLError as exc:
                if getattr(exc, "value", None) not in (_NOT_SUPPORTED, _FUNCTION_NOT_FOUND):
                    raise
                self._memory_v2 = False
            self._mark(self.prefix + "mem_reserved_included",
                       "NVML's v2 memory info is not available: memory used includes what the "
                       "driver reserves")
        return int(self.nvml.nvmlDeviceGetMemoryInfo(self.handle).used)

    def read_energy_counter(self) -> None:
        """Feed the meter one energy-counter reading (skipped where unsupported)."""
        counter = self._read(self.prefix + "energy_counter", lambda: self.nvml.
                             nvmlDeviceGetTotalEnergyConsumption(self.handle), mark=False)
        if not math.isnan(counter):
            self.energy.add_counter(counter)

    def _read(self, metric: str, get: Callable[[], Any], mark: bool = True) -> float:
        result = self._call(metric, get, mark)
        return NA if result is None else float(result)

    def _call(self, metric: str, get: Callable[[], Any], mark: bool = True) -> Any:
        """``get()``, or None after recording why it failed."""
        if metric in self._disabled:
            return None
        try:
            return get()
        except self.nvml.NVMLError as exc:
            self._failed(metric, f"NVML: {exc}", getattr(exc, "value", None), mark)
        except AttributeError as exc:  # this pynvml lacks the function
            self._failed(metric, f"pynvml: {exc}", _FUNCTION_NOT_FOUND, mark)
        return None

    def _failed(self, metric: str, reason: str, code: int | None, mark: bool) -> None:
        if code in (_NOT_SUPPORTED, _FUNCTION_NOT_FOUND):
            self._disabled.add(metric)
            reason += " (not supported; no longer polled)"
        if mark:
            self._mark(metric, reason)

    def _proc_mem(self, pids: set[int], device_used: float) -> float:
        metric = self.prefix + "proc_mem_bytes"
        procs = self._call(metric, lambda: self.nvml.nvmlDeviceGetComputeRunningProcesses(
            self.handle))
        if procs is None:
            return NA
        if not procs and device_used >= _INVISIBLE_USE_BYTES:
            # Inside a container NVML lists no process at all (another pid namespace): a zero
            # here would hide the run's memory, as it did on the H200 machine.
            self._mark(metric, f"NVML lists no process while {device_used / 2**20:,.0f} MiB "
                               "are in use: processes are not visible here (a container?)")
            return NA
        mine = [p.usedGpuMemory for p in procs if p.pid in pids]
        if procs and not mine:
            self._mark(metric, f"NVML lists {len(procs)} processes, none of the run's pids "
                               "(another user's, or pids of another pid namespace)")
            return NA
        if any(m is None for m in mine):
            self._mark(metric, "NVML does not report per-process memory here")
            return NA
        return float(sum(mine))


def _totals(values: dict[str, float], prefixes: list[str]) -> dict[str, float]:
    busy = [values[p + "busy_percent"] for p in prefixes]
    finite_busy = [b for b in busy if not math.isnan(b)]
    totals = {"gpu_busy_percent": sum(finite_busy) / len(finite_busy) if finite_busy else NA}
    totals.update(_gpm_means(values, prefixes))
    for metric in ("mem_used_bytes", "power_w", "energy_j", "proc_mem_bytes"):
        per_device = [values.get(p + metric) for p in prefixes]
        if None not in per_device:  # every device has it this tick
            totals["gpu_" + metric] = sum(v for v in per_device if v is not None)  # NaN stays
    return totals


def _gpm_means(values: dict[str, float], prefixes: list[str]) -> dict[str, float]:
    """Mean of each GPM metric over the devices that read it this tick (none: not this tick)."""
    means: dict[str, float] = {}
    for name in GPM_METRICS:
        read = [values[p + name] for p in prefixes if p + name in values]
        finite = [v for v in read if not math.isnan(v)]
        if read:
            means["gpu_" + name] = sum(finite) / len(finite) if finite else NA
    return means


def _why_unavailable(gpu: GpuContext | None) -> str | None:
    if gpu is None:
        return "GPU sampling was not requested"
    if not gpu.available:
        return gpu.reason or "no GPU"
    return None
