"""The parent side of a scaling study: each launch is one run of a :class:`SessionRecord`.

A launch's child is the launcher (:mod:`fwprof.scenarios.distributed.launcher`); every rank descends from
it, so the run's sampler covers all ranks (their own series are under ``process_series``, by
pid, and each rank's pid is in ``run.info['ranks']``). Timeouts, stop, the process guard and
the autosave work as for any run. A run's ``info['distributed']`` holds its :class:`GroupSpec`,
which is also how summaries tell distributed runs from ordinary ones.
"""

from __future__ import annotations

import sys
import time
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
from fwprof.scenarios.distributed.config import DistributedConfig, session_for_distributed
from fwprof.scenarios.distributed.group import GROUP_KEY, GroupSpec, plan_groups

LAUNCHER_MODULE = "fwprof.scenarios.distributed.launcher"


class DistributedSession(RunQueue):
    """Runs a :class:`DistributedConfig`: one child (a launcher) per planned launch."""

    def __init__(self, config: DistributedConfig, observers: tuple[SessionObserver, ...] = (),
                 python: str = sys.executable, autosave: SessionAutosave | None = None) -> None:
        config.validate()
        self.config = config
        self.python = python
        record = SessionRecord(config=session_for_distributed(config.session))
        record.runs = [planned_run(index, group) for index, group in enumerate(plan_groups(config))]
        super().__init__(record, observers, config.session.sample_rate_hz, autosave)
        self._installed: dict[str, str | None] = {}

    @contextmanager
    def _session_scope(self) -> Iterator[None]:
        env = self.record.environment
        self._installed = env.get("installed", {})
        env["distributed"] = self.config.describe()
        env["clock"] = {"wall": time.time(), "monotonic": protocol.now()}
        yield

    def _guard_python(self) -> str:
        return self.python

    def _run_one(self, run: RunResult, gpu: GpuContext) -> None:
        group = GroupSpec.from_dict(run.info[GROUP_KEY])
        reason = self._skip_reason(group, gpu)
        if reason:
            run.status, run.error = "skipped", reason
            self._run_ended(run)
            return
        self._run_child(run, self._make_child(run, group), gpu)

    def _make_child(self, run: RunResult, group: GroupSpec) -> ChildProcess:
        argv = [self.python, "-m", LAUNCHER_MODULE, "--event-fd", "{event_fd}", "--group",
                group.to_json()]
        return ChildProcess(argv, child_environment(group.rank_spec()), self.config.session.timeouts,
                            on_event=lambda event: self._on_event(run, event))

    def _on_event(self, run: RunResult, event: protocol.Event) -> None:
        apply_event(run, event)
        info = event.get("info")
        if event["k"] == "info" and isinstance(info, dict) and "framework" in info:
            self.record.environment.setdefault("frameworks", {}).setdefault(run.run_spec.framework, info)
        self._notify("run_event", run, event)

    def _skip_reason(self, group: GroupSpec, gpu: GpuContext) -> str | None:
        if not self._installed.get(group.framework):
            extra = "torch" if group.framework == "torch" else "tensorflow"
            return f"{group.framework} is not installed here (pip install 'fwprof[{extra}]')"
        if group.device == "cuda" and gpu.available and len(gpu.devices) < group.workers:
            return f"{group.workers} workers need {group.workers} GPUs; this node has {len(gpu.devices)}"
        return None


def planned_run(index: int, group: GroupSpec) -> RunResult:
    """The record of one launch before it runs."""
    return RunResult(run_id=f"r{index + 1:03d}", spec=group.run_spec(), info={GROUP_KEY: asdict(group)})

