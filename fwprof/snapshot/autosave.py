"""Writing a session while it runs, every few seconds, without disturbing what it measures.

The autosave is an ordinary ``.fwprof`` snapshot (``load_snapshot`` reads it) built from several
gzip members, which gzip readers join: the header, then the runs, then the end. A run that has
ended never changes again, so its member is encoded and compressed once and reused; each
autosave encodes only the header, the run in progress and the runs not started yet.

The session's thread captures a :class:`SessionState` (copies, in microseconds to a few ms) and
hands it to :class:`AutosaveWriter`, whose background thread (niced on Linux) encodes it in
small pieces (:mod:`fwprof.snapshot.chunked`, so the GIL is never held for long), compresses it
(zlib releases the GIL) and replaces the file atomically. A state that arrives while one is
being written waits; a newer one replaces it (only the latest matters).
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fwprof.atomic import write_atomically
from fwprof.results import RunResult
from fwprof.snapshot.chunked import encode_chunked
from fwprof.snapshot.codec import run_to_dict
from fwprof.snapshot.io import SnapshotError
from fwprof.snapshot.redact import Redactor

logger = logging.getLogger(__name__)

SeriesSource = Callable[[], dict[str, Any]]
WRITER_NICE = 10
_END = b'],"summary":{}}'


@dataclass(frozen=True)
class SessionState:
    """One autosave's content, captured in the session's thread.

    ``header``: :func:`fwprof.snapshot.codec.document_header` (a fresh copy). ``runs``: ended
    runs as they are (``ended[i]`` True: they never change again), others as detached copies.
    ``live_series``: the sampled series of run ``live_index`` so far (a sampler's ``to_dict``,
    safe to call from another thread). ``durable``: fsync the file (after a run ends).
    """

    header: dict[str, Any]
    runs: tuple[RunResult, ...]
    ended: tuple[bool, ...]
    redactor: Redactor
    live_index: int | None = None
    live_series: SeriesSource | None = None
    durable: bool = False


@dataclass(frozen=True)
class WriteReport:
    """What one autosave wrote and what it cost."""

    state: SessionState
    size_bytes: int
    seconds: float
    cpu_seconds: float


class AutosaveWriter:
    """Writes :class:`SessionState` s to ``path`` from a background thread."""

    def __init__(self, path: Path, on_written: Callable[[WriteReport], None] | None = None) -> None:
        self.path = path
        self._on_written = on_written
        self._cond = threading.Condition()
        self._pending: SessionState | None = None
        self._busy = False
        self._closed = False
        self._cache: dict[int, tuple[RunResult, bytes]] = {}
        #: The last failure (e.g. no space left), None once a write succeeds again.
        self.error: str | None = None
        #: Every completed write, newest last (at most the last 100).
        self.reports: list[WriteReport] = []
        self._thread = threading.Thread(target=self._loop, name="fwprof-autosave", daemon=True)
        self._thread.start()

    def submit(self, state: SessionState) -> None:
        """Write ``state`` soon (replacing one that is still waiting); never blocks for long."""
        with self._cond:
            if self._closed:
                return
            self._pending = state
            self._cond.notify_all()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted is written; False if ``timeout`` passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def close(self, timeout: float | None = 60.0) -> None:
        """Write what is waiting, then stop the thread."""
        self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def encode(self, state: SessionState) -> bytes:
        """The whole file for ``state`` (ended runs from the cache)."""
        head = encode_chunked(state.header)[:-1] + b',"runs":['
        members, fresh = [], [head]
        for index, run in enumerate(state.runs):
            comma = b"," if index else b""
            if state.ended[index]:
                if fresh:
                    members.append(gzip.compress(b"".join(fresh), 1))
                members.append(self._ended_member(index, run, comma, state.redactor))
                fresh = []
            else:
                fresh.append(comma + encode_chunked(self._live_dict(index, run, state)))
        fresh.append(_END)
        members.append(gzip.compress(b"".join(fresh), 1))
        return b"".join(members)

    def _ended_member(self, index: int, run: RunResult, comma: bytes, redactor: Redactor) -> bytes:
        cached = self._cache.get(index)
        if cached is None or cached[0] is not run:
            cached = (run, gzip.compress(comma + encode_chunked(run_to_dict(run, redactor)), 6))
            self._cache[index] = cached
        return cached[1]

    @staticmethod
    def _live_dict(index: int, run: RunResult, state: SessionState) -> dict[str, Any]:
        data = run_to_dict(run, state.redactor)
        if index == state.live_index and state.live_series is not None:
            series = state.live_series()
            data["resources"] = series.pop("summary", {})
            data["series"] = series
        return data

    def _loop(self) -> None:
        _lower_priority()
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None or self._closed)
                state, self._pending = self._pending, None
                if state is None:
                    return
                self._busy = True
            try:
                self._write(state)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _write(self, state: SessionState) -> None:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            data = self.encode(state)
            write_atomically(self.path, data, SnapshotError, fsync=state.durable)
        except SnapshotError as exc:
            self.error = str(exc)
            logger.warning("fwprof: autosave failed: %s", exc)
            return
        except Exception as exc:  # a bug must not end the session: keep the last good file
            self.error = f"autosave failed: {type(exc).__name__}: {exc}"
            logger.exception("fwprof: autosave failed")
            return
        self.error = None
        report = WriteReport(state, len(data), time.perf_counter() - started, time.thread_time() - cpu)
        self.reports = [*self.reports[-99:], report]
        if self._on_written is not None:
            self._on_written(report)


def _lower_priority() -> None:
    """Nice this thread (Linux threads have their own nice value): the runs come first."""
    with contextlib.suppress(OSError, AttributeError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WRITER_NICE)
