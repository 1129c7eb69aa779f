"""Writes protocol events from the child to its dedicated pipe."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fwprof import protocol


class EventEmitter:
    """Sends events to the parent over a file descriptor (a pipe's write end)."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def emit(self, kind: str, **fields: Any) -> None:
        data = protocol.encode(kind, **fields)
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Report the start and end of a phase around a block of code."""
        self.emit("phase_start", phase=name)
        yield
        self.emit("phase_end", phase=name)

    def emit_exception(self, exc: BaseException, prefix: str = "") -> None:
        """Report the exception being handled as an ``error`` event (message and traceback)."""
        import traceback

        self.emit("error", message=f"{prefix}{type(exc).__name__}: {exc}",
                  traceback=traceback.format_exc(limit=20))

    def close(self) -> None:
        os.close(self._fd)


class StepRecorder:
    """Collects step end times and durations and sends them in blocks.

    Blocks keep the cost per step to a list append; a block goes out every ``flush_s`` seconds
    or ``max_block`` steps, so a live view still sees steps within a fraction of a second. Each
    block wakes fwprof, and on a machine whose every core runs one of the run's threads each
    wake-up stalls them all: four a second is live enough. ``on_flush`` runs after each block
    went out (the allocator's reading, :mod:`fwprof.child.allocator`), outside every step.
    """

    def __init__(self, emitter: EventEmitter, flush_s: float = 0.25, max_block: int = 512,
                 on_flush: Callable[[], None] | None = None) -> None:
        self._emitter = emitter
        self._on_flush = on_flush
        self._flush_s = flush_s
        self._max_block = max_block
        self._ends: list[float] = []
        self._durations: list[float] = []
        self._last_flush = protocol.now()

    def record(self, start: float, end: float) -> None:
        self._ends.append(end)
        self._durations.append(end - start)
        if len(self._ends) >= self._max_block or end - self._last_flush >= self._flush_s:
            self.flush(end)

    def flush(self, now: float | None = None) -> None:
        if self._ends:
            self._emitter.emit("steps", end=self._ends, dur=self._durations)
            self._ends, self._durations = [], []
            if self._on_flush is not None:
                self._on_flush()
        self._last_flush = protocol.now() if now is None else now
