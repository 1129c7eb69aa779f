"""CPU, memory and threads of a run's process tree (the child and all its descendants).

Descendants are re-discovered about once a second (from the tree's ``/proc`` children files on
Linux, else psutil's ``children(recursive=True)``, which reads every process on the machine);
between refreshes the cached processes are read, keyed by ``(pid, create_time)`` so that
a recycled pid is never mistaken for a known process. Each cached process keeps its previous
CPU-time reading: CPU % is the CPU time used since the previous tick over the wall time between
them (as psutil's ``cpu_percent``; 100 = one core). A process seen for the first time has no
previous reading, so its CPU % is NaN in that tick, never 0. Processes that live shorter than a
refresh interval may be missed; zombies count as exited.

Per-tick counters come from one ``/proc/<pid>/stat`` read on Linux (:mod:`.procfs`, 6x cheaper
than psutil; the file is kept open for up to :data:`MAX_OPEN_FILES` processes), from psutil
elsewhere. USS (``memory_full_info``, which reads ``smaps_rollup``: the kernel walks the page
tables of every process, ~0.3 ms for a small Python process and more for a big one) is measured
at most every ``uss_interval_s`` seconds, and less often when it is costly: the interval grows
so that USS readings take no more than :data:`USS_CPU_BUDGET` of a core. A process that
vanishes or denies access is skipped and noted (:attr:`ProcessTree.notes`); nothing here raises.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections import deque
from dataclasses import dataclass
from typing import NamedTuple

import psutil

from fwprof.config import available_cores
from fwprof.sampling import procfs
from fwprof.sampling.metrics import NA, MarkUnavailable

Key = tuple[int, float]
#: Processes whose ``stat`` file is kept open between ticks (others are opened each tick).
MAX_OPEN_FILES = 256
#: The share of one core that USS readings may take (they set their own interval to fit).
USS_CPU_BUDGET = 0.001


class _Counters(NamedTuple):
    cpu_s: float
    rss: float
    threads: float


class _Reading(NamedTuple):
    cpu: float
    rss: float
    threads: float
    uss: float


@dataclass
class _Tracked:
    """A cached process and its previous CPU-time reading."""

    proc: psutil.Process
    start_ticks: int  # from /proc/<pid>/stat: tells a recycled pid apart (-1 without procfs)
    stat_file: procfs.ProcFile | None = None  # /proc/<pid>/stat kept open
    cpu_s: float = NA
    t: float = NA


@dataclass
class ProcessStat:
    """Latest values of one process of the tree."""

    pid: int
    name: str
    cpu_percent: float = NA
    rss_bytes: float = NA
    alive: bool = True

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON (NaN as None)."""
        return {"pid": self.pid, "name": self.name, "alive": self.alive,
                "cpu_percent": _json(self.cpu_percent), "rss_bytes": _json(self.rss_bytes)}


@dataclass
class TreeSample:
    """One tick: tree totals (``values``) and ``pid{N}_cpu_percent`` / ``_rss_bytes`` series."""

    values: dict[str, float]
    per_process: dict[str, float]


class ProcessTree:
    """Samples a root process and its descendants; see the module docstring.

    ``use_procfs``: read ``/proc/<pid>/stat`` directly (default: where available).
    """

    def __init__(self, pid: int, mark: MarkUnavailable, refresh_s: float = 1.0,
                 uss_interval_s: float = 1.0, max_notes: int = 200,
                 use_procfs: bool = procfs.AVAILABLE) -> None:
        self.pid = pid
        self.refresh_s = refresh_s
        self.uss_interval_s = uss_interval_s
        #: Latest values per pid, including processes that have exited (``alive`` False).
        self.processes: dict[int, ProcessStat] = {}
        #: Human-readable events: processes that exited, access denied, ...
        self.notes: deque[str] = deque(maxlen=max_notes)
        self._mark = mark
        self._use_procfs = use_procfs
        self._noted: set[str] = set()
        self._cache: dict[Key, _Tracked] = {}
        self._next_refresh = -math.inf
        self._next_uss = -math.inf
        self._root = self._open_root(pid)
        self.cores = self._cores()

    def close(self) -> None:
        """Close the files kept open for sampling (idempotent; sampling may go on, slower)."""
        for tracked in self._cache.values():
            if tracked.stat_file is not None:
                tracked.stat_file.close()
                tracked.stat_file = None

    def pids(self) -> set[int]:
        """Pids of the live processes currently known in the tree."""
        return {pid for pid, _ in self._cache}

    def sample(self, t: float) -> TreeSample:
        """Read every cached process (refreshing the tree first when due)."""
        if t >= self._next_refresh:
            self._next_refresh = t + self.refresh_s
            self._refresh()
        want_uss = t >= self._next_uss
        uss_cpu_start = time.thread_time() if want_uss else 0.0
        readings: list[_Reading] = []
        per_process: dict[str, float] = {}
        for key, tracked in list(self._cache.items()):
            reading = self._read(key, tracked, t, want_uss)
            if reading is not None:
                readings.append(reading)
                per_process[f"pid{key[0]}_cpu_percent"] = reading.cpu
                per_process[f"pid{key[0]}_rss_bytes"] = reading.rss
        if want_uss:  # the whole tick's cost, USS included: a bound on what USS took
            cost = time.thread_time() - uss_cpu_start
            self._next_uss = t + max(self.uss_interval_s, cost / USS_CPU_BUDGET)
        return TreeSample(self._totals(readings, want_uss), per_process)

    def _open_root(self, pid: int) -> psutil.Process | None:
        try:
            return psutil.Process(pid)
        except (psutil.Error, ValueError) as exc:
            self._note(f"run process {pid} not readable: {type(exc).__name__}")
            return None

    def _cores(self) -> int:
        try:
            return len(self._root.cpu_affinity()) if self._root else available_cores()
        except (psutil.Error, AttributeError):
            return available_cores()

    def _refresh(self) -> None:
        if self._root is None:
            return
        try:
            found = [self._root, *self._descendants(self._root)]
        except psutil.NoSuchProcess:
            found = []
        except psutil.AccessDenied:
            self._note(f"children of {self.pid}: access denied")
            return
        for proc in found:
            self._adopt(proc)

    def _descendants(self, root: psutil.Process) -> list[psutil.Process]:
        """New descendants (procfs: pids not cached yet) or all of them (psutil)."""
        if not (self._use_procfs and procfs.CHILDREN_AVAILABLE):
            return list(root.children(recursive=True))
        try:
            pids = procfs.descendants(root.pid)
        except OSError:
            raise psutil.NoSuchProcess(root.pid) from None
        known = self.pids()
        new = []
        for pid in pids:
            if pid not in known:
                with contextlib.suppress(psutil.Error):  # gone already
                    new.append(psutil.Process(pid))
        return new

    def _adopt(self, proc: psutil.Process) -> None:
        try:
            key = (proc.pid, proc.create_time())
            if key not in self._cache:
                tracked = self._track(proc)
                self._cache[key] = tracked
                self.processes[proc.pid] = ProcessStat(proc.pid, proc.name())
        except (psutil.Error, OSError):
            pass  # gone or unreadable before it could be adopted; the next refresh retries

    def _track(self, proc: psutil.Process) -> _Tracked:
        if not self._use_procfs:
            return _Tracked(proc, -1)
        if len(self._cache) >= MAX_OPEN_FILES:
            return _Tracked(proc, procfs.read_pid_stat(proc.pid).start_ticks)
        stat_file = procfs.ProcFile(f"/proc/{proc.pid}/stat")
        try:
            start_ticks = procfs.parse_pid_stat(stat_file.read()).start_ticks
        except OSError:
            stat_file.close()
            raise
        return _Tracked(proc, start_ticks, stat_file)

    def _read(self, key: Key, tracked: _Tracked, t: float, want_uss: bool) -> _Reading | None:
        try:
            counters = self._counters(tracked)
        except psutil.NoSuchProcess:
            self._forget(key)
            return None
        except psutil.AccessDenied:
            self._note(f"pid {key[0]}: access denied")
            return None
        cpu = _percent(counters.cpu_s - tracked.cpu_s, t - tracked.t)
        tracked.cpu_s, tracked.t = counters.cpu_s, t
        stat = self.processes[key[0]]
        stat.cpu_percent, stat.rss_bytes = cpu, counters.rss
        uss = self._uss(key[0], tracked.proc) if want_uss else NA
        return _Reading(cpu, counters.rss, counters.threads, uss)

    def _counters(self, tracked: _Tracked) -> _Counters:
        """CPU seconds, RSS, threads; psutil.NoSuchProcess if the process is gone or a zombie."""
        pid = tracked.proc.pid
        if not self._use_procfs:
            return _psutil_counters(tracked.proc)
        try:
            stat = procfs.parse_pid_stat(tracked.stat_file.read()) if tracked.stat_file else (
                procfs.read_pid_stat(pid))
        except (FileNotFoundError, ProcessLookupError):
            raise psutil.NoSuchProcess(pid) from None
        except PermissionError:
            raise psutil.AccessDenied(pid) from None
        if stat.start_ticks != tracked.start_ticks or stat.state in ("Z", "X"):
            raise psutil.NoSuchProcess(pid)
        return _Counters(stat.cpu_s, float(stat.rss_bytes), float(stat.threads))

    def _uss(self, pid: int, proc: psutil.Process) -> float:
        try:
            return float(proc.memory_full_info().uss)
        except psutil.AccessDenied:
            self._mark("uss_bytes", f"memory_full_info of pid {pid}: access denied")
        except psutil.NoSuchProcess:
            pass  # seen at the next read
        return NA

    def _forget(self, key: Key) -> None:
        tracked = self._cache.pop(key, None)
        if tracked is not None and tracked.stat_file is not None:
            tracked.stat_file.close()
        stat = self.processes.get(key[0])
        if stat is not None:
            stat.alive = False
            self._note(f"pid {key[0]} ({stat.name}) exited")

    def _totals(self, readings: list[_Reading], want_uss: bool) -> dict[str, float]:
        cpu = _finite_sum([r.cpu for r in readings])
        values = {
            "cpu_percent": cpu,
            "cpu_share_percent": cpu / self.cores,
            "rss_bytes": _finite_sum([r.rss for r in readings]),
            "threads": _finite_sum([r.threads for r in readings]),
        }
        if want_uss:
            values["uss_bytes"] = _finite_sum([r.uss for r in readings])
        return values

    def _note(self, text: str) -> None:
        if text not in self._noted:
            self._noted.add(text)
            self.notes.append(text)


def _psutil_counters(proc: psutil.Process) -> _Counters:
    with proc.oneshot():
        if proc.status() == psutil.STATUS_ZOMBIE:
            raise psutil.NoSuchProcess(proc.pid)
        times = proc.cpu_times()
        return _Counters(times.user + times.system, float(proc.memory_info().rss),
                         float(proc.num_threads()))


def _percent(cpu_s: float, wall_s: float) -> float:
    """CPU % over an interval; NaN without a previous reading."""
    return 100.0 * cpu_s / wall_s if wall_s > 0 else NA


def _finite_sum(values: list[float]) -> float:
    """Sum of the finite values; NaN when there are none (nothing measured is not zero)."""
    finite = [v for v in values if v == v]
    return math.fsum(finite) if finite else NA


def _json(value: float) -> float | None:
    return None if value != value else value
