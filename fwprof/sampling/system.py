"""Whole-machine CPU (total every tick, per core about once a second) and memory in use.

CPU % comes from deltas of CPU times kept by this object (``/proc/stat`` on Linux,
``psutil.cpu_times()`` elsewhere), not from ``psutil.cpu_percent()``, whose module-level state
would be shared with any other caller in the process. The total comes from the kernel's
all-cores line each tick. Per-core values (``sys_cpu_core{i}_percent``) are read on slow ticks,
at most every ``per_core_interval_s``, and cover the time since the previous per-core reading:
parsing the 17 lines of a 16-core host every tick cost ~105 µs there (~6 µs a line, measured;
so about 0.8 ms on a 128-core host, extrapolated), for series that only the exports show.
A first reading has nothing to compare with: its CPU values are NaN. Memory in use is total
less available.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import psutil

from fwprof.sampling import procfs
from fwprof.sampling.metrics import NA, MarkUnavailable

CpuTimes = tuple[float, float]  # (busy, total)
CoreTimes = list[tuple[int, float, float]]  # (core number, busy, total)


class SystemSampler:
    """Total and per-core CPU % (``sys_cpu_percent``, ``sys_cpu_core{i}_percent``), memory."""

    def __init__(self, mark: MarkUnavailable, use_procfs: bool = procfs.AVAILABLE,
                 per_core_interval_s: float = 1.0) -> None:
        self._mark = mark
        self._files: list[procfs.ProcFile] = []
        self._read_stat: Callable[[], bytes] = bytes
        self._read_total: Callable[[bytes], CpuTimes] = lambda _: _psutil_total_times()
        self._read_cores: Callable[[bytes], CoreTimes] = lambda _: _psutil_core_times()
        self._read_memory: Callable[[], float] = _psutil_memory_used
        if use_procfs:
            stat, meminfo = self._open("/proc/stat", 1 << 16), self._open("/proc/meminfo")
            self._read_stat = stat.read
            self._read_total, self._read_cores = procfs.parse_total_cpu_times, procfs.parse_cpu_times
            self._read_memory = lambda: procfs.parse_memory_used(meminfo.read())
        self._per_core_interval_s = per_core_interval_s
        self._next_per_core = -math.inf
        self._last_total: CpuTimes | None = None
        self._last_cores: CoreTimes = []
        self._names: dict[int, str] = {}

    def _open(self, path: str, size: int = 4096) -> procfs.ProcFile:
        file = procfs.ProcFile(path, size)
        self._files.append(file)
        return file

    def close(self) -> None:
        """Close the files kept open for sampling (idempotent)."""
        for file in self._files:
            file.close()

    def sample(self, t: float) -> dict[str, float]:
        """One reading at time ``t`` (per-core values only when their interval has passed)."""
        values = self._cpu(t)
        try:
            values["sys_mem_used_bytes"] = float(self._read_memory())
        except (OSError, ValueError, KeyError, psutil.Error) as exc:
            self._mark("sys_mem_used_bytes", f"memory: {exc!r}")
            values["sys_mem_used_bytes"] = NA
        return values

    def _cpu(self, t: float) -> dict[str, float]:
        try:
            data = self._read_stat()
            total = self._read_total(data)
            cores = self._read_cores(data) if t >= self._next_per_core else None
        except (OSError, ValueError, psutil.Error) as exc:
            self._mark("sys_cpu_percent", f"CPU times: {exc!r}")
            return {"sys_cpu_percent": NA}
        last, self._last_total = self._last_total, total
        values = {"sys_cpu_percent": _busy_percent(total, last) if last else NA}
        if cores is not None:
            self._next_per_core = t + self._per_core_interval_s
            self._per_core(cores, values)
        return values

    def _per_core(self, cores: CoreTimes, values: dict[str, float]) -> None:
        last, self._last_cores = self._last_cores, cores
        if len(last) != len(cores):  # the first reading, or a core went on- or offline
            return
        for (core, busy, total), (_, last_busy, last_total) in zip(cores, last, strict=True):
            name = self._names.get(core) or self._names.setdefault(
                core, f"sys_cpu_core{core}_percent")
            values[name] = _busy_percent((busy, total), (last_busy, last_total))


def _busy_percent(times: CpuTimes, last: CpuTimes) -> float:
    d_total = times[1] - last[1]
    d_busy = min(max(times[0] - last[0], 0.0), d_total)
    return 100.0 * d_busy / d_total if d_total > 0 else NA


def _busy_total(fields: dict[str, float]) -> CpuTimes:
    total = sum(fields.values()) - fields.get("guest", 0.0) - fields.get("guest_nice", 0.0)
    return total - fields["idle"] - fields.get("iowait", 0.0), total


def _psutil_total_times() -> CpuTimes:
    return _busy_total(psutil.cpu_times()._asdict())


def _psutil_core_times() -> CoreTimes:
    return [(core, *_busy_total(times._asdict()))
            for core, times in enumerate(psutil.cpu_times(percpu=True))]


def _psutil_memory_used() -> float:
    memory = psutil.virtual_memory()
    return float(memory.total - memory.available)
