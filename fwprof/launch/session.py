"""A session: runs every planned child in turn, samples it, and keeps what it reports."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import threading
from dataclasses import asdict, replace
from datetime import datetime, timezone
from typing import Any

from fwprof import protocol
from fwprof.config import RunSpec, SessionConfig
from fwprof.environment import capture_host
from fwprof.launch.child_env import child_environment
from fwprof.launch.child_process import ChildOutcome, ChildProcess
from fwprof.launch.observer import SessionObserver
from fwprof.launch.outcome import apply_outcome
from fwprof.launch.plan import plan_runs
from fwprof.results import PhaseSpan, RunResult, SessionRecord
from fwprof.sampling.nvml import GpuContext
from fwprof.sampling.sampler import RunSampler


class Session:
    """Runs a :class:`SessionConfig` to completion; observers hear about every step of it.

    :meth:`run` blocks; call it from a worker thread in a GUI. :meth:`stop` may be called from
    any thread: it ends the current child (and its whole process tree) and skips the rest.
    """

    def __init__(
        self,
        config: SessionConfig,
        observers: tuple[SessionObserver, ...] = (),
        python: str = sys.executable,
    ) -> None:
        config.validate()
        self.config = config
        self.observers = list(observers)
        self.python = python
        self.record = SessionRecord(config=config)
        self.record.runs = [
            RunResult(run_id=f"r{index + 1:03d}", spec=spec)
            for index, spec in enumerate(plan_runs(config))
        ]
        self._stop = threading.Event()
        self._current: ChildProcess | None = None
        self._compiled_keys: set[tuple[Any, ...]] = set()
        self._installed: dict[str, str | None] = {}

    def stop(self) -> None:
        """End the current run and the queue."""
        self._stop.set()
        if self._current is not None:
            self._current.request_stop()

    def run(self) -> SessionRecord:
        """Run every planned child; return the filled record."""
        self.record.created = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.record.environment = capture_host()
        self._installed = self.record.environment["installed"]
        self.record.status = "running"
        gpu = GpuContext.open()
        self.record.environment["gpu"] = gpu.to_dict()
        cache_dir = tempfile.mkdtemp(prefix="fwprof-inductor-")
        self._notify("session_started", self.record)
        try:
            for run in self.record.runs:
                if self._stop.is_set():
                    run.status, run.error = "stopped", "session stopped before this run"
                    continue
                self._run_one(run, gpu, cache_dir)
        finally:
            gpu.close()
            shutil.rmtree(cache_dir, ignore_errors=True)
        self.record.status = "stopped" if self._stop.is_set() else "finished"
        self._notify("session_finished", self.record)
        return self.record

    def _run_one(self, run: RunResult, gpu: GpuContext, cache_dir: str) -> None:
        missing = self._missing_framework(run.spec.framework)
        if missing:
            run.status, run.error = "skipped", missing
            self._notify("run_finished", run)
            return
        run.spec = replace(run.spec, compile_cache_dir=cache_dir)
        run.info["compile_cache"] = self._compile_cache_state(run.spec)
        child = self._make_child(run)
        run.status, run.started_at = "running", protocol.now()
        run.pid = child.start()
        self._current = child
        self._notify("run_started", run)
        sampler = RunSampler(
            run.pid, self.config.sample_rate_hz, gpu,
            on_sample=lambda t, values: self._notify("run_sample", run, t, values),
        )
        sampler.start()
        outcome: ChildOutcome = child.wait()
        sampler.stop()
        self._current = None
        run.ended_at = protocol.now()
        run.series = sampler.to_dict()
        run.resources = run.series.pop("summary")
        apply_outcome(run, outcome)
        self._notify("run_finished", run)

    def _make_child(self, run: RunResult) -> ChildProcess:
        spec_json = json.dumps(asdict(run.spec))
        argv = [self.python, "-m", "fwprof.child", "--event-fd", "{event_fd}", "--spec", spec_json]
        return ChildProcess(
            argv, child_environment(run.spec), self.config.timeouts,
            on_event=lambda event: self._on_event(run, event),
        )

    def _on_event(self, run: RunResult, event: protocol.Event) -> None:
        kind, t = event["k"], float(event["t"])
        if kind == "steps":
            run.steps.append(event.get("end", []), event.get("dur", []))
        else:
            run.events.append(event)
        if kind == "phase_start":
            run.phases.append(PhaseSpan(str(event.get("phase")), t))
        elif kind == "phase_end":
            _close_phase(run, str(event.get("phase")), t)
        elif kind == "info" and isinstance(event.get("info"), dict):
            run.info.update(event["info"])
            self.record.environment.setdefault("frameworks", {}).setdefault(
                run.spec.framework, event["info"]
            )
        elif kind == "counters" and isinstance(event.get("values"), dict):
            run.counters = dict(event["values"])
        elif kind == "error":
            run.error = str(event.get("message"))
        self._notify("run_event", run, event)

    def _compile_cache_state(self, spec: RunSpec) -> str | None:
        if spec.framework != "torch" or spec.mode != "compiled":
            return None
        key = (spec.workload, spec.task, spec.device, spec.batch_size, spec.channels_last)
        state = "warm" if key in self._compiled_keys else "cold"
        self._compiled_keys.add(key)
        return state

    def _missing_framework(self, framework: str) -> str | None:
        if self._installed.get(framework):
            return None
        extra = "torch" if framework == "torch" else "tensorflow"
        return f"{framework} is not installed here (pip install 'fwprof[{extra}]')"

    def _notify(self, method: str, *args: Any) -> None:
        for observer in self.observers:
            getattr(observer, method)(*args)


def _close_phase(run: RunResult, name: str, t: float) -> None:
    for span in reversed(run.phases):
        if span.name == name and span.end is None:
            span.end = t
            return

