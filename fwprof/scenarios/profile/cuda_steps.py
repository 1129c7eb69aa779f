"""GPU-honest step times of a PyTorch script on CUDA: one timing event per step, read later.

``optimizer.step()`` returns as soon as its kernels are queued, so the time between two
returns measures the launch queue: while the GPU keeps up the host races ahead and most steps
look short, then one waits for a full queue and looks long (p50 12 ms, p99 224 ms on an H200
at a steady rate). Here each step records a CUDA event on the current stream of the
parameters' device at the optimizer step; an event completes when the GPU has finished all
work queued before it, so the time between two consecutive events is the step's time on the
GPU. Events are never waited for: a poller (the recorder's flush thread, every 0.25 s) reads
the events that have completed (``query()``), sends their durations as a ``gpu_steps`` event
and reuses them. Cost per step on the host: one ``Event.record()`` (a few microseconds) and a
lock; nothing synchronises the script's stream.

Step counts and their host end times stay as they were, so throughput over time is exact;
only the per-step durations get a GPU clock. ``FWPROF_CUDA_STEP_TIMES=0`` turns it off.

Limits: the first step has no GPU time (no event before it), nor do the steps still queued on
the GPU when the script ends (the report gives how many steps were timed); the event is
recorded on the current stream of the first parameter's device, so work on other streams or
GPUs counts only as far as that stream waits for it; steps marked with ``fwprof.step()`` or by
backward passes are not timed this way (their step times are labelled host-side).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from fwprof.scenarios.profile.recorder import ScriptRecorder

#: Set to ``0`` to keep host-side step times on CUDA runs.
ENV = "FWPROF_CUDA_STEP_TIMES"
#: The event kind that carries GPU step durations (``dur``, seconds).
GPU_STEPS = "gpu_steps"
#: ``info.step_times`` of a run whose step durations come from CUDA events.
CUDA_EVENTS = "cuda-events"


class TimingEvent(Protocol):
    """What is used of ``torch.cuda.Event(enable_timing=True)``."""

    def record(self, stream: Any = None) -> None: ...

    def query(self) -> bool: ...

    def elapsed_time(self, end_event: Any) -> float: ...


class CudaStepTimer:
    """Records one event per step (:meth:`mark`); :meth:`drain` returns finished steps' GPU times.

    ``make_event`` makes a timing event; ``stream`` (called at each mark) names the stream to
    record on (None: the current one). Events are pooled, so a long run makes only as many as
    are in flight at once.
    """

    def __init__(self, make_event: Callable[[], TimingEvent],
                 stream: Callable[[], Any] | None = None) -> None:
        self._make_event = make_event
        self._stream = stream
        self._pending: deque[TimingEvent] = deque()
        self._pool: list[TimingEvent] = []
        self._lock = threading.Lock()
        self.marks = 0

    def mark(self) -> None:
        """One step ended here (on the host): record an event behind its queued work."""
        with self._lock:
            event = self._pool.pop() if self._pool else self._make_event()
        event.record(None if self._stream is None else self._stream())
        with self._lock:
            self._pending.append(event)
            self.marks += 1

    def drain(self) -> list[float]:
        """Seconds between consecutive completed events (oldest first), without waiting."""
        done: list[float] = []
        with self._lock:
            while len(self._pending) >= 2 and self._pending[0].query() and self._pending[1].query():
                first = self._pending.popleft()
                done.append(first.elapsed_time(self._pending[0]) / 1e3)
                self._pool.append(first)
        return done

    @property
    def in_flight(self) -> int:
        """Events recorded and not yet read (the last one always waits for a next step)."""
        with self._lock:
            return len(self._pending)


def enabled() -> bool:
    """False when the user turned CUDA step times off (``FWPROF_CUDA_STEP_TIMES=0``)."""
    return os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "no", "off")


def cuda_device_of(optimizer: Any) -> Any | None:
    """The CUDA device of the optimizer's first parameter, or None (CPU, no parameters)."""
    for group in getattr(optimizer, "param_groups", []):
        for param in group.get("params", []):
            return param.device if getattr(param, "is_cuda", False) else None
    return None


def torch_step_timer(torch: Any, device: Any) -> CudaStepTimer:
    """A timer recording ``torch.cuda.Event`` on ``device``'s current stream."""
    return CudaStepTimer(lambda: torch.cuda.Event(enable_timing=True),
                         lambda: torch.cuda.current_stream(device))


class OptimizerStepTiming:
    """Decides at the first optimizer step whether to time steps on the GPU, then marks each.

    ``send(durations)`` is called from the poller with each batch of GPU step times;
    ``on_start()`` once, when timing starts; ``on_error(message)`` once if timing fails (it is
    then off for the rest of the run: the script never sees the error). Steps inside a CUDA
    graph capture are not marked (nothing runs then).
    """

    def __init__(self, torch: Any, send: Callable[[list[float]], None],
                 make_timer: Callable[[Any, Any], CudaStepTimer] = torch_step_timer,
                 on_start: Callable[[], None] | None = None,
                 on_error: Callable[[str], None] | None = None) -> None:
        self._torch = torch
        self._send = send
        self._on_start = on_start
        self._on_error = on_error
        self._make_timer = make_timer
        self._decided = False
        self.timer: CudaStepTimer | None = None

    def step(self, optimizer: Any) -> None:
        """At a counted optimizer step (from the step post-hook)."""
        if not self._decided:
            self._start(optimizer)
        if self.timer is not None and not self._capturing():
            self._guarded(self.timer.mark)

    def poll(self) -> None:
        """Send the GPU times of the steps finished since the last poll."""
        timer = self.timer
        if timer is not None:
            durations = self._guarded(timer.drain)
            if durations:
                self._send(durations)

    def _start(self, optimizer: Any) -> None:
        self._decided = True
        device = cuda_device_of(optimizer) if enabled() else None
        if device is not None:
            self.timer = self._make_timer(self._torch, device)
            if self._on_start is not None:
                self._on_start()

    def _capturing(self) -> bool:
        cuda = getattr(self._torch, "cuda", None)
        check = getattr(cuda, "is_current_stream_capturing", None)
        return bool(check()) if callable(check) else False

    def _guarded(self, call: Callable[[], Any]) -> Any:
        try:
            return call()
        except Exception as exc:  # timing must never break the script
            self.timer = None
            if self._on_error is not None:
                self._on_error(f"CUDA step timing stopped ({type(exc).__name__}: {exc}); "
                               "step times are host-side from here on")
            return None


def install_cuda_step_timing(torch: Any, recorder: ScriptRecorder) -> OptimizerStepTiming:
    """GPU step times for the optimizer steps ``recorder`` counts as source ``torch``: once
    timing starts, ``info.step_times`` says ``cuda-events`` and the recorder's poller sends
    batches as :data:`GPU_STEPS` events (CPU runs get no poller, no event, no thread)."""
    def send(durations: list[float]) -> None:
        recorder.emit(GPU_STEPS, dur=durations, src="torch")

    def started() -> None:
        recorder.emit("info", info={"step_times": CUDA_EVENTS})
        recorder.add_poller(timing.poll)

    timing = OptimizerStepTiming(torch, send, on_start=started, on_error=recorder.note)
    return timing
