"""How long runs took on this machine, per configuration: the time estimate's memory.

Every successful run leaves its measured start-up cost (process start, import, build, first
step, warm-up: the wall time outside the measured steps) and its median step time under a key
of what changes them: framework, workload with its size, task, mode, device, batch size,
threads and precision. The next estimate of a run with the same key uses the median of the
last :data:`KEEP` of them instead of the built-in rates, so a loaded or slow machine gets
estimates that match it. Stored as JSON beside the app's settings; Qt-free.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from fwprof.atomic import write_atomically
from fwprof.config import RunSpec
from fwprof.results import RunResult

FILE_NAME = "run-durations.json"
KEEP = 5  # the last runs of a configuration that count
SCHEMA = "fwprof.durations/1"


@dataclass(frozen=True)
class Measured:
    """What runs of one configuration took: start-up outside the steps, and per step."""

    overhead_s: float
    step_s: float

    def run_seconds(self, spec: RunSpec) -> float:
        """The wall time of a run of ``spec``: its steps, or its minimum measuring time."""
        return self.overhead_s + max(spec.steps * self.step_s, spec.min_time_s)


def duration_key(spec: RunSpec) -> str:
    """What a run's duration depends on, as one string."""
    resolved = spec.resolved()
    return "|".join((resolved.framework, resolved.workload_label, resolved.task, resolved.mode,
                     resolved.device, f"bs{resolved.batch_size}", f"t{resolved.threads}",
                     resolved.precision))


def measured_from(run: RunResult) -> Measured | None:
    """A successful run's start-up cost and median step time (None if it has none)."""
    steps = np.asarray(run.step_durations, dtype=np.float64)
    if run.status != "ok" or not steps.size or run.started_at is None or run.ended_at is None:
        return None
    wall = run.ended_at - run.started_at
    return Measured(max(0.0, wall - float(steps.sum())), float(np.median(steps)))


class LearnedDurations:
    """The per-configuration history in a JSON file (``path`` None: in memory only)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._runs: dict[str, list[list[float]]] = self._load()

    def record(self, run: RunResult) -> bool:
        """Remember a finished built-in run; False if it teaches nothing (failed, script)."""
        measured = measured_from(run) if isinstance(run.spec, RunSpec) else None
        if measured is None or not isinstance(run.spec, RunSpec):
            return False
        history = self._runs.setdefault(duration_key(run.spec), [])
        history.append([measured.overhead_s, measured.step_s])
        del history[:-KEEP]
        self._save()
        return True

    def measured(self, spec: RunSpec) -> Measured | None:
        """The median of this configuration's last runs here (None: never run here)."""
        history = self._runs.get(duration_key(spec))
        if not history:
            return None
        return Measured(statistics.median(h[0] for h in history),
                        statistics.median(h[1] for h in history))

    def _load(self) -> dict[str, list[list[float]]]:
        if self.path is None:
            return {}
        try:
            document: Any = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(key): [[float(h[0]), float(h[1])] for h in history][-KEEP:]
                    for key, history in document["runs"].items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return {}  # none yet, or unreadable: start again (it is only a cache)

    def _save(self) -> None:
        if self.path is None:
            return
        data = json.dumps({"schema": SCHEMA, "runs": self._runs}, indent=1).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, data, OSError)
        except OSError:
            pass  # a read-only settings folder costs the estimates their memory, nothing more
