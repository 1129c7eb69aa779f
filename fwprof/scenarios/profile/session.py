"""Parent side of script runs: run (or attach to) each script in turn, sample it, keep events.

A :class:`ScriptSession` is a :class:`~fwprof.launch.queue.RunQueue`, like a comparison's
``Session``: same observers, same sampler, same ``SessionRecord`` and snapshot, so views can
show several scripts (e.g. ``train_torch.py`` and ``train_tf.py``) side by side. Scripts have no
per-phase timeouts: they run as long as they run, until they exit or :meth:`stop` ends their
whole process tree. An attached process is sampled until it exits or :meth:`stop`, and never
killed: fwprof did not start it.
"""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from fwprof import protocol
from fwprof.config import PhaseTimeouts
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.child_process import EVENT_FD_PLACEHOLDER, LineHandler
from fwprof.launch.observer import SessionObserver
from fwprof.launch.outcome import describe_exit
from fwprof.launch.queue import RunQueue, apply_event
from fwprof.results import RunResult, SessionRecord, StepLog
from fwprof.sampling.nvml import GpuContext
from fwprof.scenarios.profile.attach import wait_for_exit
from fwprof.scenarios.profile.recorder import BACKWARD
from fwprof.scenarios.profile.script_child import ChunkHandler, ScriptChild
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec

#: The child's entry point, started as a file (see :mod:`fwprof.scenarios.profile.bootstrap`).
BOOTSTRAP = str(Path(__file__).resolve().with_name("bootstrap.py"))
NO_TIMEOUTS = PhaseTimeouts(*(math.inf,) * 6)
MANUAL = "manual"
#: ``run.info`` key: steps by process (pid -> kind -> count), for runs whose workers step too.
BY_PROCESS = "steps_by_process"

#: ``(run, stream name, line)`` for each line the script prints.
OutputHandler = Callable[[RunResult, str, str], None]


class ScriptSession(RunQueue):
    """Runs each :class:`ScriptSpec` in turn (see the module docstring).

    ``on_output(run, stream, line)`` receives the script's stdout and stderr lines as they
    come (from reader threads); the last 16,000 characters are kept in the run either way.
    ``on_chunk(stream, data)`` receives the same output as it comes, in chunks, with ``\r``
    redraws of progress bars (see :mod:`~fwprof.scenarios.profile.script_child`); ``terminal``
    names the streams that get a pseudo-terminal, each with the fd of the terminal it mirrors;
    with ``own_stdin``, scripts read fwprof's stdin (a terminal, a pipe), else nothing.
    """

    def __init__(self, specs: Sequence[ScriptSpec], observers: Iterable[SessionObserver] = (),
                 sample_rate_hz: float = 10.0, on_output: OutputHandler | None = None,
                 autosave: SessionAutosave | None = None, on_chunk: ChunkHandler | None = None,
                 terminal: Mapping[str, int] | None = None, own_stdin: bool = False) -> None:
        config = ScriptSessionConfig(sample_rate_hz=sample_rate_hz)
        config.validate()
        for spec in specs:
            spec.validate()
        record = SessionRecord(config=config)
        record.runs = [RunResult(run_id=f"r{index + 1:03d}", spec=resolved(spec))
                       for index, spec in enumerate(specs)]
        super().__init__(record, observers, sample_rate_hz, autosave)
        self._on_output = on_output
        self._on_chunk = on_chunk
        self._terminal = dict(terminal or {})
        self._stdin = None if own_stdin else subprocess.DEVNULL
        self._child: ScriptChild | None = None

    def interrupt(self, grace_s: float) -> bool:
        """Ctrl-C: pass SIGINT to the running script, stop it if it still runs ``grace_s`` s
        later, and run nothing after it. False when no script was running (then it stops)."""
        self._stop.set()
        child = self._child
        if child is not None and child.interrupt(grace_s):
            return True
        self.stop()
        return False

    def resize(self) -> None:
        """fwprof's terminal changed size: pass it on to the running script's ptys."""
        child = self._child
        if child is not None:
            child.resize()

    def _guard_python(self) -> str | None:
        """The first script's interpreter (attaching starts nothing: no guard)."""
        specs = [run.script_spec for run in self.record.runs]
        return next((spec.python for spec in specs if not spec.pid and spec.python), None)

    def _run_one(self, run: RunResult, gpu: GpuContext) -> None:
        spec = run.script_spec
        self._child = None
        if spec.pid:
            self._attach(run, spec.pid, gpu)
            return
        self._child = self._make_child(run, spec)
        self._run_child(run, self._child, gpu, require_done=False)

    def _run_ended(self, run: RunResult) -> None:
        if self._child is not None and self._child.interrupted:
            record_interrupt(run, self._child)
        self._settled(run)
        super()._run_ended(run)

    def _settled(self, run: RunResult) -> None:
        """Called once ``run``'s outcome is final, before the autosave and observers hear of it."""

    def _make_child(self, run: RunResult, spec: ScriptSpec) -> ScriptChild:
        target = ["--module", spec.module] if spec.module else ["--script", spec.script]
        argv = [spec.python, BOOTSTRAP, "--event-fd", EVENT_FD_PLACEHOLDER, *target, "--",
                *spec.args]
        env = spec.environment()
        env.setdefault("PYTHONUNBUFFERED", "1")  # output arrives as the script prints it
        return ScriptChild(argv, env, NO_TIMEOUTS, on_event=lambda e: self._on_event(run, e),
                           on_line=self._line_handler(run), cwd=spec.cwd or None,
                           terminal=self._terminal, on_chunk=self._on_chunk, stdin=self._stdin)

    def _on_event(self, run: RunResult, event: protocol.Event) -> None:
        kind = event["k"]
        if kind == "steps" and not _accept_steps(run, event):
            return
        frameworks = _merged_frameworks(run, event)
        apply_event(run, event)
        if kind == "steps":
            count_by_process(run, event)
        if frameworks is not None:
            run.info["frameworks"] = frameworks
            known = self.record.environment.setdefault("frameworks", {})
            for name, info in frameworks.items():
                known.setdefault(name, info)
        self._notify("run_event", run, event)

    def _attach(self, run: RunResult, pid: int, gpu: GpuContext) -> None:
        run.status, run.started_at, run.pid = "running", protocol.now(), pid
        self._notify("run_started", run)
        sampler = self._start_sampler(run, pid, gpu)
        if self.autosave is not None:
            self.autosave.run_started(self.record, run, sampler)
        ended = wait_for_exit(pid, self._stop, run.info, on_tick=lambda: self._tick(run, sampler))
        self._finish_sampling(run, sampler)
        run.status = "ok" if ended else "stopped"
        run.error = None if ended else "stopped by user (the process was left running)"
        self._run_ended(run)

    def _line_handler(self, run: RunResult) -> LineHandler | None:
        handler = self._on_output
        if handler is None:
            return None
        return lambda stream, line: handler(run, stream, line)


def resolved(spec: ScriptSpec) -> ScriptSpec:
    """The spec with the interpreter and folder made explicit (recorded with the run)."""
    if spec.pid:
        return spec
    return replace(spec, python=spec.python or sys.executable,
                   cwd=str(Path(spec.cwd or ".").resolve()))


def record_interrupt(run: RunResult, child: ScriptChild) -> None:
    """A run ended after Ctrl-C is stopped by the user, with the exit status it had."""
    run.info["interrupt"] = {"grace_s": child.grace_s, "escalated": bool(child.escalated)}
    run.status = "stopped"
    if child.escalated:
        run.error = f"stopped by user: {child.escalated}, ended with SIGTERM, then SIGKILL"
    elif run.exit_code is not None and run.exit_code < 0:
        run.error = f"stopped by user (Ctrl-C): {describe_exit(run.exit_code)}"
    else:
        run.error = f"stopped by user (Ctrl-C): the script exited with code {run.exit_code}"


def count_by_process(run: RunResult, event: protocol.Event) -> None:
    """Count the block's steps for the process that made them (``info["steps_by_process"]``:
    pid -> kind -> steps); with several processes, keep the run's steps in time order."""
    pid = event.get("pid")
    if not isinstance(pid, int):
        return
    counts = run.info.setdefault(BY_PROCESS, {}).setdefault(str(pid), {})
    kind = protocol.step_kind(event)
    counts[kind] = counts.get(kind, 0) + len(event.get("end") or [])
    if len(run.info[BY_PROCESS]) > 1:
        run.steps = _in_time_order(run.steps)
        run.other_steps = {name: _in_time_order(log) for name, log in run.other_steps.items()}


def _in_time_order(log: StepLog) -> StepLog:
    ends = log.ends
    if ends.size < 2 or bool(np.all(ends[1:] >= ends[:-1])):
        return log
    order = np.argsort(ends, kind="stable")
    return StepLog(ends[order], log.durations[order])


def _accept_steps(run: RunResult, event: protocol.Event) -> bool:
    """Manual steps (``fwprof.step()``) replace automatic ones, which are then ignored; backward
    passes count only until any other source reports a step (then they are dropped)."""
    source = str(event.get("src", "auto"))
    sources = run.info.setdefault("step_sources", [])
    if run.info.get("step_source") == MANUAL and source != MANUAL:
        return False
    if source == BACKWARD and any(known != BACKWARD for known in sources):
        return False
    replaced = source == MANUAL and run.info.get("step_source") != MANUAL
    if replaced or (source != BACKWARD and BACKWARD in sources):
        run.steps, run.other_steps = StepLog(), {}
        sources.clear()
        run.info.pop(BY_PROCESS, None)
    run.info["step_source"] = {MANUAL: MANUAL, BACKWARD: "backward"}.get(source, "auto")
    if source not in sources:
        sources.append(source)
    return True


def _merged_frameworks(run: RunResult, event: protocol.Event) -> dict[str, object] | None:
    info = event.get("info")
    if event["k"] != "info" or not isinstance(info, dict) or not isinstance(info.get("frameworks"), dict):
        return None
    return {**run.info.get("frameworks", {}), **info["frameworks"]}
