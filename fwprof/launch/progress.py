"""Live progress of a session on stderr: which run, which phase, CPU, memory and GPU."""

from __future__ import annotations

import os
import shutil
import sys
import threading
from typing import TextIO

from fwprof.launch.observer import SessionObserver
from fwprof.protocol import Event, now
from fwprof.results import RunResult, SessionRecord


class ProgressPrinter(SessionObserver):
    """One line per run; on a terminal the line updates in place with live figures."""

    def __init__(self, stream: TextIO = sys.stderr, refresh_s: float = 0.5) -> None:
        self._stream = stream
        self._live = stream.isatty()
        self._refresh_s = refresh_s
        self._total = 0
        self._index = 0
        self._phase = ""
        self._latest: dict[str, float] = {}
        self._last_draw = 0.0
        self._lock = threading.Lock()

    def session_started(self, record: SessionRecord) -> None:
        self._total = len(record.runs)
        self._write(f"fwprof: {self._total} runs planned\n")

    def runs_added(self, runs: list[RunResult]) -> None:
        self._total += len(runs)
        configs = ", ".join(dict.fromkeys(run.spec.label.rsplit(" #", 1)[0].split(" ", 1)[1]
                                          for run in runs))
        self._write(f"fwprof: {len(runs)} more runs: another pair for {configs} "
                    "(not decided yet)\n")

    def run_started(self, run: RunResult) -> None:
        self._index += 1
        self._phase, self._latest = "start", {}
        self._draw(run)

    def run_event(self, run: RunResult, event: Event) -> None:
        if event["k"] == "phase_start":
            self._phase = str(event.get("phase"))
            self._draw(run)

    def run_sample(self, run: RunResult, t: float, values: dict[str, float]) -> None:
        with self._lock:
            self._latest = values
        if self._live and now() - self._last_draw >= self._refresh_s:
            self._draw(run)

    def run_finished(self, run: RunResult) -> None:
        if run.status == "skipped":
            self._index += 1
        outcome = run.status if run.status != "ok" else f"ok, {len(run.steps)} steps"
        detail = f" ({run.error})" if run.error else ""
        self._write("\r\x1b[K" if self._live else "")
        self._write(f"[{self._index}/{self._total}] {run.spec.label}: {outcome}{detail}\n")

    def _draw(self, run: RunResult) -> None:
        if not self._live:
            return
        self._last_draw = now()
        line = f"[{self._index}/{self._total}] {run.spec.label}: {self._phase} {self._figures()}"
        self._write(f"\r\x1b[K{line[:line_width(self._stream)]}")

    def _figures(self) -> str:
        with self._lock:
            values = dict(self._latest)
        parts = []
        if (cpu := values.get("cpu_percent")) is not None and cpu == cpu:
            parts.append(f"CPU {cpu:.0f}%")
        if (rss := values.get("rss_bytes")) is not None and rss == rss:
            parts.append(f"RSS {rss / 2**20:.0f} MiB")
        if (gpu := values.get("gpu0_busy_percent")) is not None and gpu == gpu:
            parts.append(f"GPU {gpu:.0f}%")
        return " | ".join(parts)

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()


def line_width(stream: TextIO) -> int:
    """Characters a live line may take on the terminal ``stream`` writes to: its width (or
    ``$COLUMNS``) less one, so the cursor never wraps to a new line that ``\\r`` cannot clear."""
    columns = 0
    if not os.environ.get("COLUMNS", "").isdigit():
        try:
            columns = os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):  # not a terminal, or no file descriptor
            columns = 0
    columns = columns or shutil.get_terminal_size().columns
    return max(columns - 1, 20)
