"""The sampler thread: one run's process tree, the system and the GPUs, at a fixed rate.

Ticks are scheduled on absolute deadlines ``start + k / rate_hz`` so the rate does not drift;
a tick that falls behind by a whole period skips the missed deadlines (counted in
``missed_ticks``) instead of bursting. Each tick is stamped with :func:`fwprof.protocol.now`,
the clock of the child's events, and its own cost (µs, from stamping to storing) is kept.

Subscribers (``on_sample`` and :meth:`RunSampler.subscribe`) are called **from the sampler
thread** after every tick with ``(t, values)``; ``values`` holds the metrics measured in that
tick (slow ones such as ``uss_bytes`` appear about once a second). Callbacks must return
quickly (hand the data to another thread or queue); one that raises is logged and removed.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from fwprof.protocol import now
from fwprof.sampling.gpu import GpuSampler
from fwprof.sampling.nvml import GpuContext
from fwprof.sampling.process_tree import ProcessTree
from fwprof.sampling.store import FloatArray, TimeSeriesStore
from fwprof.sampling.summary import GpuSetup, SamplerTiming, summarize
from fwprof.sampling.system import SystemSampler
from fwprof.sampling.wakeup import Wakeup

logger = logging.getLogger(__name__)

Subscriber = Callable[[float, dict[str, float]], None]
MIN_RATE_HZ, MAX_RATE_HZ = 1.0, 100.0


class RunSampler:
    """Samples one run (a child pid and its descendants) in a daemon thread.

    ``full_res_s``: how long the store keeps full resolution; ``slow_interval_s``: the period of
    the costly readings (USS, per-core CPU, GPU per-process memory, temperature and clock).
    """

    def __init__(self, pid: int, rate_hz: float = 10.0, gpu: GpuContext | None = None,
                 on_sample: Subscriber | None = None, full_res_s: float = 600.0,
                 slow_interval_s: float = 1.0) -> None:
        if not MIN_RATE_HZ <= rate_hz <= MAX_RATE_HZ:
            raise ValueError(f"sample rate {rate_hz} Hz is outside 1-100 Hz")
        self.pid = pid
        self.rate_hz = rate_hz
        #: Run-level metrics (tree, system, GPU).
        self.store = TimeSeriesStore(full_res_s=full_res_s)
        #: Per-process series ``pid{N}_cpu_percent`` and ``pid{N}_rss_bytes``.
        self.process_store = TimeSeriesStore(full_res_s=full_res_s)
        mark = self.store.mark_unavailable
        self.tree = ProcessTree(pid, mark, uss_interval_s=slow_interval_s)
        self._system = SystemSampler(mark, per_core_interval_s=slow_interval_s)
        self._gpu = GpuSampler(gpu, mark, slow_interval_s=slow_interval_s)
        self._subscribers: list[Subscriber] = [on_sample] if on_sample else []
        self._latest: dict[str, float] = {}
        self._costs = _GrowingArray()
        self._first_t = self._last_t = math.nan
        self.missed_ticks = 0
        self.thread_cpu_s = 0.0
        self._stop = threading.Event()
        self._period = 1.0 / rate_hz
        self._rate_changed = False
        self._wakeup: Wakeup | None = None
        self._stopped = False
        self._thread: threading.Thread | None = None

    def set_rate(self, rate_hz: float) -> None:
        """Sample at ``rate_hz`` from now on (any thread): the next tick comes one new period
        after the last one, or at once if that has passed. :attr:`rate_hz` stays the rate the
        sampler was started with, the one the run asked for."""
        if not MIN_RATE_HZ <= rate_hz <= MAX_RATE_HZ:
            raise ValueError(f"sample rate {rate_hz} Hz is outside 1-100 Hz")
        self._period = 1.0 / rate_hz
        self._rate_changed = True
        if self._wakeup is not None:
            self._wakeup.wake()

    def subscribe(self, callback: Subscriber) -> None:
        """Call ``callback(t, values)`` from the sampler thread after every tick."""
        self._subscribers = [*self._subscribers, callback]

    def unsubscribe(self, callback: Subscriber) -> None:
        """Stop calling ``callback`` (no error if it was not subscribed)."""
        self._subscribers = [s for s in self._subscribers if s is not callback]

    def start(self) -> None:
        """Start the sampler thread (once)."""
        if self._thread is not None:
            raise RuntimeError("a RunSampler can be started only once")
        self._wakeup = Wakeup()
        self._thread = threading.Thread(target=self._run, name=f"fwprof-sampler-{self.pid}",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop sampling, join the thread and read the GPU energy counters (idempotent)."""
        if self._stopped:
            return
        self._stopped = True
        self._stop.set()
        if self._wakeup is not None:
            self._wakeup.wake()
        if self._thread is not None:
            self._thread.join()
        if self._wakeup is not None:
            self._wakeup.close()
        self._gpu.finish()
        self.tree.close()
        self._system.close()

    @property
    def running(self) -> bool:
        """True while the sampler thread is alive."""
        return self._thread is not None and self._thread.is_alive()

    def sample_once(self) -> None:
        """Take one sample now (what each tick of the thread does)."""
        t = now()
        started = time.perf_counter()
        tree = self.tree.sample(t)
        values = {**tree.values, **self._system.sample(t), **self._gpu.sample(t, self.tree.pids())}
        self.store.append(t, values)
        self.process_store.append(t, tree.per_process)
        self._costs.append((time.perf_counter() - started) * 1e6)
        self._latest = {**self._latest, **values}
        self._first_t = t if math.isnan(self._first_t) else self._first_t
        self._last_t = t
        self._notify(t, values)

    def latest(self) -> dict[str, float]:
        """The most recent value of every metric (slow metrics: their last reading)."""
        return dict(self._latest)

    @property
    def tick_costs_us(self) -> FloatArray:
        """The cost of every tick so far, in µs (a copy)."""
        return self._costs.values()

    def summary(self) -> dict[str, Any]:
        """The run's resource summary (JSON-friendly; see :mod:`fwprof.sampling.summary`)."""
        timing = SamplerTiming(self.rate_hz, self._first_t, self._last_t, self.missed_ticks,
                               self.thread_cpu_s, self._costs.values())
        gpu = GpuSetup(self._gpu.energy, self._gpu.reason)
        return summarize(self.store, timing, gpu)

    def to_dict(self) -> dict[str, Any]:
        """Everything sampled, as plain data for the snapshot file."""
        return {
            "pid": self.pid,
            "rate_hz": self.rate_hz,
            "series": self.store.to_dict(),
            "processes": [stat.to_dict() for stat in list(self.tree.processes.values())],
            "process_series": self.process_store.to_dict(),
            "notes": list(self.tree.notes),
            "summary": self.summary(),
        }

    def _run(self) -> None:
        cpu_start = time.thread_time()
        deadline = now()
        failures = 0
        while not self._stop.is_set():
            failures = self._guarded_tick(failures)
            self.thread_cpu_s = time.thread_time() - cpu_start
            deadline = self._next_deadline(deadline, self._period)
            while (woke := self._sleep_until(deadline)) == "rate":
                # A new rate counts from the last tick: a tick right after another would
                # measure CPU % over a few ms, finer than the kernel's 10 ms CPU-time ticks.
                deadline = max(self._last_t + self._period, now())
            if woke == "stop":
                break

    def _sleep_until(self, deadline: float) -> str:
        """Wait for ``deadline``; "time", or sooner "rate" (a new rate) or "stop"."""
        assert self._wakeup is not None
        while not self._stop.is_set():
            if self._rate_changed:
                self._rate_changed = False
                return "rate"
            left = deadline - now()
            if left <= 0:
                return "time"
            self._wakeup.wait(left)
        return "stop"

    def _guarded_tick(self, failures: int) -> int:
        try:
            self.sample_once()
        except Exception:  # a bug must not end sampling: log the first, count the rest
            if failures == 0:
                logger.exception("sampler tick failed for pid %s", self.pid)
            return failures + 1
        return failures

    def _next_deadline(self, deadline: float, period: float) -> float:
        deadline += period
        late = now() - deadline
        if late > 0:
            skipped = math.floor(late / period) + 1
            self.missed_ticks += skipped
            deadline += skipped * period
        return deadline

    def _notify(self, t: float, values: dict[str, float]) -> None:
        for callback in self._subscribers:
            try:
                callback(t, values)
            except Exception:
                logger.exception("sample subscriber %r failed; unsubscribed", callback)
                self.unsubscribe(callback)


class _GrowingArray:
    """An append-only float32 array (4 bytes a tick: a day at 10 Hz is 3.5 MB)."""

    def __init__(self) -> None:
        self._data = np.empty(1024, dtype=np.float32)
        self._n = 0

    def append(self, value: float) -> None:
        if self._n == self._data.size:
            self._data = np.concatenate((self._data, np.empty_like(self._data)))
        self._data[self._n] = value
        self._n += 1

    def values(self) -> FloatArray:
        return self._data[: self._n].astype(np.float64)
