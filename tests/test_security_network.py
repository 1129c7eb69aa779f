"""fwprof opens no listening network socket: not itself, not its guard, not a run's child."""

from __future__ import annotations

import os
from pathlib import Path

import psutil
import pytest
from test_fault_tools import FAULT_SCRIPT, tree

from fwprof.config import SessionConfig
from fwprof.environment import installed_frameworks
from fwprof.launch.observer import SessionObserver
from fwprof.protocol import Event
from fwprof.results import RunResult
from fwprof.scenarios.profile.session import ScriptSession
from fwprof.scenarios.registry import builtin_session
from fwprof.specs.script import ScriptSpec


class SocketWatch(SessionObserver):
    """Lists the listening inet sockets of this process and all its descendants, per phase."""

    def __init__(self) -> None:
        self.checks: list[str] = []
        self.listening: list[str] = []

    def _look(self, where: str) -> None:
        self.checks.append(where)
        for pid in tree(os.getpid()):
            try:
                connections = psutil.Process(pid).net_connections(kind="inet")
            except psutil.Error:
                continue
            self.listening += [f"{where}: pid {pid} {c.laddr}" for c in connections
                               if c.status == psutil.CONN_LISTEN]

    def run_event(self, run: RunResult, event: Event) -> None:
        if event["k"] == "phase_start" or (event["k"] == "steps" and len(run.steps) < 50):
            self._look(f"{run.spec.label} {event['k']} {event.get('phase', '')}")

    def run_finished(self, run: RunResult) -> None:
        self._look(f"{run.spec.label} finished")


@pytest.mark.slow
def test_no_listening_socket_during_real_framework_runs(tmp_path: Path) -> None:
    frameworks = tuple(name for name, version in installed_frameworks().items() if version)
    if not frameworks:
        pytest.skip("no framework installed")
    watch = SocketWatch()
    config = SessionConfig(frameworks=frameworks, modes=("graph",), repeats=1, max_repeats=1, steps=100,
                           warmup=2, batch_size=8)
    record = builtin_session(config, observers=(watch,)).run()
    assert [run.status for run in record.runs] == ["ok"] * len(frameworks)
    assert len(watch.checks) > 10 and watch.listening == []


def test_no_listening_socket_during_a_script_run(tmp_path: Path) -> None:
    watch = SocketWatch()
    spec = ScriptSpec(script=str(FAULT_SCRIPT), args=("ok", str(tmp_path / "pids")))
    record = ScriptSession([spec], observers=(watch,)).run()
    assert record.runs[0].status == "ok" and watch.checks and watch.listening == []
