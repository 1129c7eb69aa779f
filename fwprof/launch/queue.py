"""Running a session's runs one after another: the loop, stopping, sampling and observers.

:class:`RunQueue` is shared by built-in comparisons (:class:`fwprof.launch.session.Session`)
and script runs (:class:`fwprof.script.session.ScriptSession`); a subclass says how one run
starts (:meth:`RunQueue._run_one`), usually through :meth:`RunQueue._run_child`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timezone
from typing import Any

from fwprof import protocol
from fwprof.environment import capture_host
from fwprof.launch.child_process import ChildProcess
from fwprof.launch.observer import SessionObserver
from fwprof.launch.outcome import apply_outcome
from fwprof.results import PhaseSpan, RunResult, SessionRecord
from fwprof.sampling.nvml import GpuContext
from fwprof.sampling.sampler import RunSampler


class RunQueue:
    """Runs ``record.runs`` in order, sampling each; observers hear about every step of it.

    :meth:`run` blocks; call it from a worker thread in a GUI. :meth:`stop` may be called from
    any thread: it ends the current child (and its whole process tree) and skips the rest.
    """

    def __init__(self, record: SessionRecord, observers: Iterable[SessionObserver],
                 sample_rate_hz: float) -> None:
        self.record = record
        self.observers = list(observers)
        self.sample_rate_hz = sample_rate_hz
        self._stop = threading.Event()
        self._current: ChildProcess | None = None

    def stop(self) -> None:
        """End the current run and the queue."""
        self._stop.set()
        if self._current is not None:
            self._current.request_stop()

    def run(self) -> SessionRecord:
        """Run every planned run; return the filled record."""
        self.record.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.record.environment = capture_host()
        self.record.status = "running"
        gpu = GpuContext.open()
        self.record.environment["gpu"] = gpu.to_dict()
        self._notify("session_started", self.record)
        try:
            with self._session_scope():
                for run in self.record.runs:
                    if self._stop.is_set():
                        run.status, run.error = "stopped", "session stopped before this run"
                        continue
                    self._run_one(run, gpu)
        finally:
            gpu.close()
        self.record.status = "stopped" if self._stop.is_set() else "finished"
        self._notify("session_finished", self.record)
        return self.record

    def _session_scope(self) -> AbstractContextManager[Any]:
        """Resources that live as long as the session (entered after the environment is known)."""
        return nullcontext()

    def _run_one(self, run: RunResult, gpu: GpuContext) -> None:
        raise NotImplementedError

    def _run_child(self, run: RunResult, child: ChildProcess, gpu: GpuContext,
                   require_done: bool = True) -> None:
        """Start ``child`` for ``run``, sample its tree until it ends, record how it ended."""
        run.status, run.started_at = "running", protocol.now()
        run.pid = child.start()
        self._current = child
        if self._stop.is_set():  # stop() came between the loop's check and now
            child.request_stop()
        self._notify("run_started", run)
        sampler = self._start_sampler(run, run.pid, gpu)
        outcome = child.wait()
        self._current = None
        self._finish_sampling(run, sampler)
        apply_outcome(run, outcome, require_done)
        self._notify("run_finished", run)

    def _start_sampler(self, run: RunResult, pid: int, gpu: GpuContext) -> RunSampler:
        sampler = RunSampler(
            pid, self.sample_rate_hz, gpu,
            on_sample=lambda t, values: self._notify("run_sample", run, t, values),
        )
        sampler.start()
        return sampler

    def _finish_sampling(self, run: RunResult, sampler: RunSampler) -> None:
        sampler.stop()
        run.ended_at = protocol.now()
        run.series = sampler.to_dict()
        run.resources = run.series.pop("summary")

    def _notify(self, method: str, *args: Any) -> None:
        for observer in self.observers:
            getattr(observer, method)(*args)


def apply_event(run: RunResult, event: protocol.Event) -> None:
    """Keep an event from a run's child: steps, phases, info, counters, errors, the log."""
    kind, t = event["k"], float(event["t"])
    if kind == "steps":
        run.steps.append(event.get("end", []), event.get("dur", []))
    else:
        run.events.append(event)
    if kind == "phase_start":
        run.phases.append(PhaseSpan(str(event.get("phase")), t))
    elif kind == "phase_end":
        close_phase(run, str(event.get("phase")), t)
    elif kind == "info" and isinstance(event.get("info"), dict):
        run.info.update(event["info"])
    elif kind == "counters" and isinstance(event.get("values"), dict):
        run.counters = dict(event["values"])
    elif kind == "error":
        run.error = str(event.get("message"))


def close_phase(run: RunResult, name: str, t: float) -> None:
    """End the latest open span called ``name``."""
    for span in reversed(run.phases):
        if span.name == name and span.end is None:
            span.end = t
            return
