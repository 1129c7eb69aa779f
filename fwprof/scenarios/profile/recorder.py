"""Child side of a script run: steps from any source, phases and notes, sent as events.

A step's duration is the time since the previous step of the same source ended; the first
step's duration is measured from the script's start (``started``), so it holds the imports,
the model building and any tracing or compilation before it, as the first step of a built-in
run does. Steps that arrive together (Keras ``steps_per_execution``, iterations read from an
optimizer) are spread evenly over the time since the previous step.

Sources: ``manual`` (``fwprof.step()``) and automatic ones (``torch``, ``keras``, ...). Once the
script calls ``fwprof.step()``, automatic sources are ignored; the parent drops the automatic
steps it already received (each block carries its source as ``src``).

Steps are buffered and sent every ``flush_s`` seconds by a daemon thread started with the
first step, so recording costs a lock and two list appends. Only the process that owns the
event pipe reports: after a fork (e.g. DataLoader workers) the child's copy stays silent. A
failed write (the parent is gone) silences the recorder instead of breaking the script.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from fwprof.child.emitter import EventEmitter
from fwprof.protocol import now

MANUAL = "manual"


class _SourceSteps:
    """Buffered steps of one source."""

    def __init__(self, last_end: float) -> None:
        self.last_end = last_end
        self.ends: list[float] = []
        self.durations: list[float] = []

    def add(self, count: int, end: float) -> None:
        span = max(end - self.last_end, 0.0) / count
        for index in range(1, count + 1):
            self.ends.append(self.last_end + span * index)
            self.durations.append(span)
        self.last_end = end


class ScriptRecorder:
    """Reports a script's steps, phases, framework info and notes over the event pipe."""

    def __init__(self, emitter: EventEmitter, started: float, flush_s: float = 0.25) -> None:
        self._emitter = emitter
        self._started = started
        self._flush_s = flush_s
        self._lock = threading.RLock()
        self._sources: dict[str, _SourceSteps] = {}
        self._manual = False
        self._active = True
        self._closed = False
        self._flusher: threading.Thread | None = None
        self._wake = threading.Event()
        self._pollers: list[Callable[[], None]] = []
        self._owner = os.getpid()
        os.register_at_fork(after_in_child=self._silence)

    @property
    def manual(self) -> bool:
        """True once the script called ``fwprof.step()``."""
        return self._manual

    def step(self, source: str, count: int = 1, end: float | None = None) -> None:
        """``count`` steps of ``source`` ended at ``end`` (default: now)."""
        if not self._active or count <= 0 or (self._manual and source != MANUAL):
            return
        t = now() if end is None else end
        with self._lock:
            if source == MANUAL and not self._manual:
                self._manual = True
                self._sources = {name: s for name, s in self._sources.items() if name == MANUAL}
            steps = self._sources.get(source)
            if steps is None:
                steps = self._sources[source] = _SourceSteps(self._started)
            steps.add(count, t)
            if self._closed:
                self._flush_locked()
        if self._flusher is None:
            self._start_flusher()

    def phase_start(self, name: str) -> None:
        self.emit("phase_start", phase=name)

    def phase_end(self, name: str) -> None:
        self.emit("phase_end", phase=name)

    def note(self, message: str) -> None:
        """A line for the run's log (shown with the results), e.g. a hook that failed."""
        self.emit("log", message=message)

    def add_poller(self, poll: Callable[[], None]) -> None:
        """Call ``poll`` before every flush (from the flusher thread) and when closing."""
        self._pollers.append(poll)
        if self._flusher is None:
            self._start_flusher()

    def emit(self, kind: str, **fields: Any) -> None:
        """Send one event now (steps recorded so far go first, to keep the order)."""
        if not self._active:
            return
        with self._lock:
            self._flush_locked()
            self._write(kind, **fields)

    def flush(self) -> None:
        """Send the buffered steps."""
        for poll in list(self._pollers):
            poll()
        with self._lock:
            self._flush_locked()

    def close(self, **done_fields: Any) -> None:
        """Final flush and the ``done`` event; steps recorded later are sent at once."""
        self._wake.set()
        self.flush()
        with self._lock:
            self._closed = True
        self.emit("done", **done_fields)

    def _flush_locked(self) -> None:
        for source, steps in self._sources.items():
            if steps.ends:
                self._write("steps", end=steps.ends, dur=steps.durations, src=source)
                steps.ends, steps.durations = [], []

    def _write(self, kind: str, **fields: Any) -> None:
        if not self._active:
            return
        try:
            self._emitter.emit(kind, **fields)
        except OSError:  # the parent is gone: stay out of the script's way
            self._active = False

    def _start_flusher(self) -> None:
        with self._lock:
            if self._flusher is not None or os.getpid() != self._owner:
                return
            self._flusher = threading.Thread(target=self._flush_loop, name="fwprof-steps",
                                             daemon=True)
            self._flusher.start()

    def _flush_loop(self) -> None:
        while not self._wake.wait(self._flush_s):
            self.flush()

    def _silence(self) -> None:
        self._active = False
