"""The parent side of a convergence study: each (framework, workload, seed) is one child run."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict

from fwprof import protocol
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.child_env import child_environment
from fwprof.launch.child_process import ChildProcess
from fwprof.launch.observer import SessionObserver
from fwprof.launch.queue import RunQueue, apply_event
from fwprof.results import RunResult, SessionRecord
from fwprof.sampling.nvml import GpuContext
from fwprof.scenarios.converge.config import ConvergeConfig, session_for_converge
from fwprof.scenarios.converge.plan import plan_converge_runs

CHILD_MODULE = "fwprof.scenarios.converge.child"


class ConvergeSession(RunQueue):
    """Runs a :class:`ConvergeConfig`; stop, timeouts, sampling and autosave work as for any run."""

    def __init__(self, config: ConvergeConfig, observers: tuple[SessionObserver, ...] = (),
                 python: str = sys.executable, autosave: SessionAutosave | None = None) -> None:
        config.validate()
        self.config = config
        self.python = python
        record = SessionRecord(config=session_for_converge(config))
        record.runs = plan_converge_runs(config)
        super().__init__(record, observers, config.session.sample_rate_hz, autosave)
        self._installed: dict[str, str | None] = {}

    @contextmanager
    def _session_scope(self) -> Iterator[None]:
        self._installed = self.record.environment.get("installed", {})
        self.record.environment["converge"] = self.config.describe()
        yield

    def _guard_python(self) -> str:
        return self.python

    def _run_one(self, run: RunResult, gpu: GpuContext) -> None:
        framework = run.run_spec.framework
        if not self._installed.get(framework):
            extra = "torch" if framework == "torch" else "tensorflow"
            run.status = "skipped"
            run.error = f"{framework} is not installed here (pip install 'fwprof[{extra}]')"
            self._run_ended(run)
            return
        self._run_child(run, self._make_child(run), gpu)

    def _make_child(self, run: RunResult) -> ChildProcess:
        spec = run.run_spec
        argv = [self.python, "-m", CHILD_MODULE, "--event-fd", "{event_fd}",
                "--spec", json.dumps(asdict(spec)), "--plan", json.dumps(asdict(self.config.plan))]
        return ChildProcess(argv, child_environment(spec), self.config.session.timeouts,
                            on_event=lambda event: self._on_event(run, event))

    def _on_event(self, run: RunResult, event: protocol.Event) -> None:
        apply_event(run, event)
        info = event.get("info")
        framework = run.run_spec.framework
        if event["k"] == "info" and isinstance(info, dict) and info.get("framework") == framework:
            self.record.environment.setdefault("frameworks", {}).setdefault(framework, info)
        self._notify("run_event", run, event)
