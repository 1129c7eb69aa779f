"""Running a session's runs one after another: the loop, stopping, sampling and observers.

:class:`RunQueue` is shared by built-in comparisons (:class:`fwprof.launch.session.Session`)
and script runs (:class:`fwprof.scenarios.profile.session.ScriptSession`); a subclass says how one run
starts (:meth:`RunQueue._run_one`), usually through :meth:`RunQueue._run_child`.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timezone
from typing import Any

from fwprof import protocol
from fwprof.environment import capture_host
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.child_process import ChildProcess
from fwprof.launch.guard import ProcessGuard
from fwprof.launch.observer import SessionObserver
from fwprof.launch.outcome import apply_outcome
from fwprof.results import PhaseSpan, RunResult, SessionRecord, StepLog
from fwprof.sampling.nvml import GpuContext
from fwprof.sampling.sampler import RunSampler


class RunQueue:
    """Runs ``record.runs`` in order, sampling each; observers hear about every step of it.

    :meth:`run` blocks; call it from a worker thread in a GUI. :meth:`stop` may be called from
    any thread: it ends the current child (and its whole process tree) and skips the rest.

    With an ``autosave``, the session is written to the recovery folder as it runs (see
    :mod:`fwprof.launch.autosave`). A :class:`~fwprof.launch.guard.ProcessGuard` ends the runs'
    processes if this process dies. ``open_gpu`` opens NVML (tests pass a fake one).
    """

    def __init__(self, record: SessionRecord, observers: Iterable[SessionObserver],
                 sample_rate_hz: float, autosave: SessionAutosave | None = None) -> None:
        self.record = record
        self.observers = list(observers)
        self.sample_rate_hz = sample_rate_hz
        self.autosave = autosave
        self.open_gpu: Callable[[], GpuContext] = GpuContext.open
        self._stop = threading.Event()
        self._current: ChildProcess | None = None
        self._sampler: RunSampler | None = None  # the current run's
        self._guard: ProcessGuard | None = None

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
        gpu = self.open_gpu()
        self.record.environment["gpu"] = gpu.to_dict()
        if self.autosave is not None:
            self.autosave.begin(self.record)
        self._notify("session_started", self.record)
        try:
            with self._session_scope(), ProcessGuard(self._guard_python()) as self._guard:
                for run in self.record.runs:
                    if self._stop.is_set():
                        run.status, run.error = "stopped", "session stopped before this run"
                        continue
                    self._run_one(run, gpu)
            self.record.status = "stopped" if self._stop.is_set() else "finished"
        finally:
            gpu.close()
            if self.autosave is not None:  # also when something above failed: keep what we have
                self.autosave.end(self.record)
        self._notify("session_finished", self.record)
        return self.record

    def _guard_python(self) -> str | None:
        """The interpreter that runs the process guard (None: none; a frozen app's executable
        is not a Python interpreter, so subclasses name the one their children use)."""
        return None if getattr(sys, "frozen", False) else sys.executable

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
        if self._guard is not None:
            self._guard.watch(run.pid, child.token)
        self._current = child
        if self._stop.is_set():  # stop() came between the loop's check and now
            child.request_stop()
        self._notify("run_started", run)
        sampler = self._sampler = self._start_sampler(run, run.pid, gpu)
        if self.autosave is not None:
            self.autosave.run_started(self.record, run, sampler)
        outcome = child.wait(on_tick=lambda: self._tick(run, sampler))
        if self._guard is not None:
            self._guard.release(run.pid, child.token)
        self._current = self._sampler = None
        self._finish_sampling(run, sampler)
        apply_outcome(run, outcome, require_done)
        self._run_ended(run)

    def _tick(self, run: RunResult, sampler: RunSampler | None) -> None:
        """Called often from this thread while ``run`` runs: the autosave's chance to copy it."""
        if self.autosave is not None:
            self.autosave.tick(self.record, run, sampler)

    def _run_ended(self, run: RunResult) -> None:
        """Autosave, then tell the observers (every way a run ends comes here)."""
        if self.autosave is not None:
            self.autosave.run_ended(self.record)
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
        step_log(run, protocol.step_kind(event)).append(event.get("end", []), event.get("dur", []))
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


def step_log(run: RunResult, kind: str) -> StepLog:
    """Where a run keeps steps of ``kind``: training steps in ``run.steps``, others apart."""
    if kind == protocol.TRAIN:
        return run.steps
    return run.other_steps.setdefault(kind, StepLog())


def close_phase(run: RunResult, name: str, t: float) -> None:
    """End the latest open span called ``name``."""
    for span in reversed(run.phases):
        if span.name == name and span.end is None:
            span.end = t
            return
