"""Whole-machine CPU (per core and total) and memory in use.

CPU % comes from deltas of per-core CPU times kept by this object (``/proc/stat`` on Linux,
``psutil.cpu_times(percpu=True)`` elsewhere), not from ``psutil.cpu_percent()``, whose
module-level state would be shared with any other caller in the process. The first tick has
no previous reading: its CPU values are NaN. Memory in use is total less available.
"""

from __future__ import annotations

from collections.abc import Callable

import psutil

from fwprof.sampling import procfs
from fwprof.sampling.metrics import NA, MarkUnavailable

CoreTimes = list[tuple[int, float, float]]  # (core number, busy, total)


class SystemSampler:
    """Per-core and total CPU % (``sys_cpu_core{i}_percent``, ``sys_cpu_percent``), memory."""

    def __init__(self, mark: MarkUnavailable, use_procfs: bool = procfs.AVAILABLE) -> None:
        self._mark = mark
        self._files: list[procfs.ProcFile] = []
        self._read_cores: Callable[[], CoreTimes] = _psutil_core_times
        self._read_memory: Callable[[], float] = _psutil_memory_used
        if use_procfs:
            stat, meminfo = self._open("/proc/stat", 1 << 16), self._open("/proc/meminfo")
            self._read_cores = lambda: procfs.parse_cpu_times(stat.read())
            self._read_memory = lambda: procfs.parse_memory_used(meminfo.read())
        self._last: CoreTimes = []

    def _open(self, path: str, size: int = 4096) -> procfs.ProcFile:
        file = procfs.ProcFile(path, size)
        self._files.append(file)
        return file

    def close(self) -> None:
        """Close the files kept open for sampling (idempotent)."""
        for file in self._files:
            file.close()

    def sample(self) -> dict[str, float]:
        """One reading of every system metric."""
        values = self._cpu()
        try:
            values["sys_mem_used_bytes"] = float(self._read_memory())
        except (OSError, ValueError, KeyError, psutil.Error) as exc:
            self._mark("sys_mem_used_bytes", f"memory: {exc!r}")
            values["sys_mem_used_bytes"] = NA
        return values

    def _cpu(self) -> dict[str, float]:
        try:
            cores = self._read_cores()
        except (OSError, ValueError, psutil.Error) as exc:
            self._mark("sys_cpu_percent", f"CPU times: {exc!r}")
            return {"sys_cpu_percent": NA}
        last, self._last = self._last, cores
        if len(last) != len(cores):
            return {"sys_cpu_percent": NA}
        values: dict[str, float] = {}
        all_busy = all_total = 0.0
        for (core, busy, total), (_, last_busy, last_total) in zip(cores, last, strict=True):
            d_total = total - last_total
            d_busy = min(max(busy - last_busy, 0), d_total)
            values[f"sys_cpu_core{core}_percent"] = 100.0 * d_busy / d_total if d_total else NA
            all_busy += d_busy
            all_total += d_total
        values["sys_cpu_percent"] = 100.0 * all_busy / all_total if all_total else NA
        return values


def _psutil_core_times() -> CoreTimes:
    cores: CoreTimes = []
    for core, times in enumerate(psutil.cpu_times(percpu=True)):
        fields = times._asdict()
        total = sum(fields.values()) - fields.get("guest", 0.0) - fields.get("guest_nice", 0.0)
        cores.append((core, total - fields["idle"] - fields.get("iowait", 0.0), total))
    return cores


def _psutil_memory_used() -> float:
    memory = psutil.virtual_memory()
    return float(memory.total - memory.available)
