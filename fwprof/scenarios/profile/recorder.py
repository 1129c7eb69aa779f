"""Child side of a script run: steps from any source, phases and notes, sent as events.

Each step has a kind (``train``, ``eval``, ``predict``). A step's duration is the time since
the previous step ended, whatever its kind and source, so the time of evaluation batches
between two training steps is not in the second one (backward passes, which may be dropped,
keep a time line of their own); the first step's duration is
measured from the script's start (``started``), so it holds the imports, the model building and
any tracing or compilation before it, as the first step of a built-in run does. Steps that
arrive together (Keras ``steps_per_execution``, iterations read from an optimizer) are spread
evenly over the time since the previous step.

Sources: ``manual`` (``fwprof.step()``), automatic ones (``torch``, ``keras``, ...) and the
fallback ``torch-backward`` (backward passes, for loops without a ``torch.optim`` optimizer).
Once the script calls ``fwprof.step()``, automatic sources are ignored; once any other source
records a step, backward passes are ignored. The parent drops the steps it already received
from a source that is then ignored (each block carries its source as ``src``).

Steps are buffered and sent every ``flush_s`` seconds by a daemon thread started with the
first step, so recording costs a lock and two list appends. After a fork, the child's copy
starts afresh and reports the child's own steps, labelled with its pid, if its emitter can
(:mod:`~fwprof.scenarios.profile.workers`; DataLoader workers report nothing). A failed write
(the parent is gone) silences the recorder instead of breaking the script.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import Any

from fwprof.child.emitter import EventEmitter
from fwprof.protocol import STEP_KINDS, TRAIN, now
from fwprof.scenarios.profile.shared_pipe import SharedPipeEmitter

MANUAL = "manual"
#: Backward passes: steps only while no other source has recorded one (decided per run).
BACKWARD = "torch-backward"


class _Chain:
    """When the latest step of the sources sharing this time line ended."""

    def __init__(self, last_end: float) -> None:
        self.last_end = last_end


class _SourceSteps:
    """Buffered steps of one source, by kind, timed on a shared time line."""

    def __init__(self, chain: _Chain) -> None:
        self.chain = chain
        self.blocks: dict[str, tuple[list[float], list[float]]] = {}

    def add(self, count: int, end: float, kind: str) -> None:
        ends, durations = self.blocks.setdefault(kind, ([], []))
        last_end = self.chain.last_end
        span = max(end - last_end, 0.0) / count
        for index in range(1, count + 1):
            ends.append(last_end + span * index)
            durations.append(span)
        self.chain.last_end = max(end, last_end)

    def take(self) -> dict[str, tuple[list[float], list[float]]]:
        """The buffered blocks by kind; the buffer is empty afterwards."""
        blocks, self.blocks = self.blocks, {}
        return {kind: block for kind, block in blocks.items() if block[0]}


class ScriptRecorder:
    """Reports a script's steps, phases, framework info and notes over the event pipe."""

    def __init__(self, emitter: EventEmitter, started: float, flush_s: float = 0.25) -> None:
        self._emitter = emitter
        self._started = started
        self._flush_s = flush_s
        self._lock = threading.RLock()
        self._sources: dict[str, _SourceSteps] = {}
        self._chains = {"main": _Chain(started), BACKWARD: _Chain(started)}
        self._manual = False
        self._active = True
        self._closed = False
        self._flusher: threading.Thread | None = None
        self._wake = threading.Event()
        self._pollers: list[Callable[[], None]] = []
        self._owner = os.getpid()
        os.register_at_fork(after_in_child=self._after_fork)

    @property
    def manual(self) -> bool:
        """True once the script called ``fwprof.step()``."""
        return self._manual

    def step(self, source: str, count: int = 1, end: float | None = None,
             kind: str = TRAIN) -> None:
        """``count`` steps of ``kind`` from ``source`` ended at ``end`` (default: now)."""
        if not self._active or count <= 0 or (self._manual and source != MANUAL):
            return
        if kind not in STEP_KINDS:
            raise ValueError(f"unknown kind of step {kind!r}: use one of {', '.join(STEP_KINDS)}")
        t = now() if end is None else end
        with self._lock:
            if not self._admit(source):
                return
            steps = self._sources.get(source)
            if steps is None:
                chain = self._chains[BACKWARD if source == BACKWARD else "main"]
                steps = self._sources[source] = _SourceSteps(chain)
            steps.add(count, t, kind)
            if self._closed:
                self._flush_locked()
        if self._flusher is None:
            self._start_flusher()

    def _admit(self, source: str) -> bool:
        """Whether ``source`` counts now; drops the buffered steps of sources it replaces."""
        if source == BACKWARD:
            return set(self._sources) <= {BACKWARD}
        if source == MANUAL and not self._manual:
            self._manual = True
            self._sources = {name: s for name, s in self._sources.items() if name == MANUAL}
            self._chains["main"] = _Chain(self._started)  # its first step holds the start-up
        self._sources.pop(BACKWARD, None)
        return True

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
            for kind, (ends, durations) in steps.take().items():
                self._write("steps", end=ends, dur=durations, src=source, step_kind=kind)

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

    def _after_fork(self) -> None:
        """In a forked child: no lock held, no flusher, no steps of the parent's; a time line
        from now. Only an emitter shared by worker processes may go on reporting."""
        self._lock, self._wake = threading.RLock(), threading.Event()
        self._flusher, self._closed, self._owner = None, False, os.getpid()
        self._started = now()
        self._sources = {}
        self._chains = {"main": _Chain(self._started), BACKWARD: _Chain(self._started)}
        emitter = self._emitter
        self._active = self._active and isinstance(emitter, SharedPipeEmitter) and emitter.usable()
