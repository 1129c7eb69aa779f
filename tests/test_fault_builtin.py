"""Faults in built-in runs (``fwprof run``), injected into a real child running real PyTorch.

The child imports a stand-in ``torch`` package (first on PYTHONPATH) that loads the real torch in
its place and, in the session's first child only, wraps the step recorder so that the 20th
measured step is followed by the fault: nothing in fwprof knows about it. Each fault ends with
the run failed and the reason recorded, its phases and the 20 steps sent before the fault kept
(in the saved snapshot too), no process left behind, and the next run (the second repeat)
completing normally.
"""

from __future__ import annotations

import signal
import textwrap
from pathlib import Path

import psutil
import pytest
from test_fault_tools import left_behind, tree

from fwprof.config import PhaseTimeouts, SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.observer import SessionObserver
from fwprof.outputs.snapshot import save_snapshot
from fwprof.protocol import Event
from fwprof.results import RunResult
from fwprof.scenarios.registry import builtin_session
from fwprof.snapshot import load_snapshot

pytest.importorskip("torch")

FAULT_STEP, STEPS = 20, 40
STAND_IN = '''
import importlib, os, sys

_folder = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != _folder]
del sys.modules["torch"]
sys.modules["torch"] = importlib.import_module("torch")
_marker = os.environ["FWPROF_TEST_FAULT_MARKER"]
if not os.path.exists(_marker):
    open(_marker, "w").close()
    from fwprof.child.emitter import StepRecorder

    _record, _steps = StepRecorder.record, []

    def _fault():
{fault}

    def record(self, start, end):
        _record(self, start, end)
        _steps.append(end)
        if len(_steps) == {step}:
            self.flush()
            _fault()

    StepRecorder.record = record
'''
FAULTS = {
    "raise": 'raise RuntimeError("injected fault")',
    "segfault": "import ctypes; ctypes.string_at(0)",
    "hang": "import time; time.sleep(600)",
    "killed": "import time; time.sleep(600)",
}


class Killer(SessionObserver):
    """Kills the first run's child from outside once it has sent its steps; keeps every pid seen."""

    def __init__(self, kill: bool) -> None:
        self.kill = kill
        self.pids: set[int] = set()

    def run_event(self, run: RunResult, event: Event) -> None:
        if run.pid is not None:
            self.pids.update(tree(run.pid))
        if self.kill and len(run.steps) >= FAULT_STEP and run.pid is not None:
            self.kill = False
            psutil.Process(run.pid).send_signal(signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fault", "error"),
    [
        ("raise", "RuntimeError: injected fault"),
        ("segfault", "killed by SIGSEGV (signal 11)"),
        ("hang", "timeout: phase 'measure' took longer than 8 s"),
        ("killed", "killed by SIGKILL (signal 9)"),
    ],
)
def test_a_fault_in_a_real_child_fails_that_run_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     fault: str, error: str) -> None:
    package = tmp_path / "stand_in" / "torch"
    package.mkdir(parents=True)
    body = textwrap.indent(FAULTS[fault], " " * 8)
    (package / "__init__.py").write_text(STAND_IN.format(fault=body, step=FAULT_STEP))
    monkeypatch.setenv("PYTHONPATH", str(package.parent))
    monkeypatch.setenv("FWPROF_TEST_FAULT_MARKER", str(tmp_path / "fault-injected"))
    config = SessionConfig(frameworks=("torch",), modes=("eager",), repeats=2, max_repeats=2, steps=STEPS,
                           warmup=0, batch_size=8,
                           timeouts=PhaseTimeouts(measure_s=8.0 if fault == "hang" else 1800.0))
    observer = Killer(kill=fault == "killed")
    autosave = SessionAutosave(tmp_path / "recovery")
    record = builtin_session(config, observers=(observer,), autosave=autosave).run()

    first, second = load_snapshot(save_snapshot(record, tmp_path / "s.fwprof")).runs
    assert first.status == "failed" and first.error is not None and error in first.error
    assert [p.name for p in first.phases] == ["import", "build", "first_step", "warmup", "measure"]
    assert all(p.end is not None for p in first.phases) and len(first.steps) == FAULT_STEP
    assert first.resources["samples"] > 0
    assert second.status == "ok" and len(second.steps) >= STEPS, (second.error, second.stderr_tail[-800:])
    assert observer.pids and not left_behind(sorted(observer.pids))
    autosaved = load_snapshot(autosave.path)  # the autosave holds the final state too
    assert [run.status for run in autosaved.runs] == ["failed", "ok"]
    autosave.discard()
    assert list((tmp_path / "recovery").iterdir()) == []
