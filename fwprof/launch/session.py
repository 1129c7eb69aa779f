"""A session: runs every planned child in turn, samples it, and keeps what it reports."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from fwprof import protocol
from fwprof.catalog import FRAMEWORK_LABELS, FRAMEWORKS
from fwprof.config import RunSpec, SessionConfig
from fwprof.launch.autosave import SessionAutosave
from fwprof.launch.child_env import child_environment
from fwprof.launch.child_process import ChildProcess
from fwprof.launch.interpreter import (
    InterpreterError,
    InterpreterInfo,
    is_own_interpreter,
    probe_interpreter,
)
from fwprof.launch.observer import SessionObserver
from fwprof.launch.pacing import MEASURE_PHASE, measure_rate_hz
from fwprof.launch.plan import plan_runs
from fwprof.launch.queue import RunQueue, apply_event
from fwprof.launch.run_kind import AdaptivePlanner, AdaptivePlannerFactory, RunKind
from fwprof.results import RunResult, SessionRecord
from fwprof.sampling.nvml import GpuContext
from fwprof.workloads.pipeline import image_spec, jpeg_folder
from fwprof.workloads.pipeline.jpegs import write_jpegs

#: The scenario of the matrix runs (``run.scenario``).
MATRIX_SCENARIO = "compare"


class Session(RunQueue):
    """Runs a :class:`SessionConfig` to completion; observers hear about every step of it.

    The comparison matrix is planned here; ``kinds`` add other scenarios' runs after it
    (deploy), and ``adaptive`` adds pairs while comparisons are undecided (see
    :mod:`fwprof.launch.run_kind`; :func:`fwprof.scenarios.registry.builtin_session` picks them).
    :meth:`run` blocks; call it from a worker thread in a GUI. :meth:`stop` may be called from
    any thread: it ends the current child (and its whole process tree) and skips the rest.
    """

    def __init__(
        self,
        config: SessionConfig,
        observers: tuple[SessionObserver, ...] = (),
        python: str = sys.executable,
        autosave: SessionAutosave | None = None,
        interpreter: InterpreterInfo | None = None,
        kinds: Sequence[RunKind] = (),
        adaptive: AdaptivePlannerFactory | None = None,
    ) -> None:
        """``python``: the interpreter of the children. Another than this process's is probed
        (or described by ``interpreter``, a probe already made): the session records its Python
        and framework versions, and skips runs of a framework it lacks. InterpreterError if it
        cannot run fwprof's children."""
        config.validate()
        self.config = config
        self.python = python
        if interpreter is None and not is_own_interpreter(python):
            interpreter = probe_interpreter(python)
        if interpreter is not None and not interpreter.usable:
            raise InterpreterError(interpreter.error)
        #: The probed interpreter of the children; None when it is this process's.
        self.interpreter = interpreter
        self._kinds = tuple(kinds)
        self._adaptive = adaptive
        specs = [(MATRIX_SCENARIO, spec) for spec in plan_runs(config)]
        specs += [(kind.scenario, spec) for kind in self._kinds for spec in kind.plan(config)]
        record = SessionRecord(config=config)
        record.runs = [
            RunResult(run_id=f"r{index + 1:03d}", spec=spec, scenario=scenario)
            for index, (scenario, spec) in enumerate(specs)
        ]
        super().__init__(record, observers, config.sample_rate_hz, autosave)
        self._compiled_keys: set[tuple[Any, ...]] = set()
        self._installed: dict[str, str | None] = {}
        self._cache_dir = ""
        self._rounds: AdaptivePlanner | None = None  # set once the machine's cores are known

    @contextmanager
    def _session_scope(self) -> Iterator[None]:
        environment = self.record.environment
        if self.interpreter is not None:  # what the children will see, not this process
            environment["installed"] = {name: self.interpreter.frameworks.get(name)
                                        for name in FRAMEWORKS}
            environment["python"] = self.interpreter.version
            environment["python_executable"] = self.interpreter.executable or self.python
        self._installed = environment["installed"]
        cores = environment.get("cores_available")
        if self._adaptive is not None:
            self._rounds = self._adaptive(self.config, cores if isinstance(cores, int) else None)
            self.record.adaptive = self._rounds.notes()
        self._cache_dir = tempfile.mkdtemp(prefix="fwprof-inductor-")
        try:
            with ExitStack() as stack:
                for kind in self._kinds:
                    stack.enter_context(kind.open())
                yield
        finally:
            shutil.rmtree(self._cache_dir, ignore_errors=True)

    def _guard_python(self) -> str:
        return self.python

    def _run_one(self, run: RunResult, gpu: GpuContext) -> None:
        spec = run.run_spec
        missing = self._missing_framework(spec.framework)
        if missing:
            run.status, run.error = "skipped", missing
            self._run_ended(run)
            return
        kind = self._kind_of(spec)
        if kind is not None:
            self._run_kind(run, kind, gpu)
            return
        run.spec = spec = replace(spec, compile_cache_dir=self._cache_dir,
                                  data_dir=self._data_dir(spec))
        run.info["compile_cache"] = self._compile_cache_state(spec)
        self._run_child(run, self._make_child(run, spec), gpu)

    def _run_ended(self, run: RunResult) -> None:
        super()._run_ended(run)
        if self._rounds is not None and self._is_matrix(run) and not any(
                self._is_matrix(r) and r.status == "pending" for r in self.record.runs):
            self._add_round(self._rounds)

    def _add_round(self, rounds: AdaptivePlanner) -> None:
        """One more pair for every configuration still undecided, before other kinds' runs."""
        specs = rounds.next_round(self.record.runs, stopping=self._stop.is_set())
        self.record.adaptive = rounds.notes()
        if not specs:
            return
        runs = self.record.runs
        first = len(runs)
        added = [RunResult(run_id=f"r{first + index + 1:03d}", spec=spec, scenario=MATRIX_SCENARIO)
                 for index, spec in enumerate(specs)]
        position = next((i for i, r in enumerate(runs) if not self._is_matrix(r)), len(runs))
        runs[position:position] = added
        self._notify("runs_added", added)

    def _data_dir(self, spec: RunSpec) -> str:
        """``--data pipeline``: the session's JPEGs for this workload and size, written by
        the first run that needs them (the same files for both frameworks)."""
        if spec.data != "pipeline":
            return ""
        folder = jpeg_folder(self._cache_dir, spec.workload, spec.size)
        image_size, classes = image_spec(spec.workload, spec.size)
        write_jpegs(Path(folder), image_size, classes, spec.seed)
        return folder

    def _run_kind(self, run: RunResult, kind: RunKind, gpu: GpuContext) -> None:
        """Another scenario's run: skipped when its kind says why, else started as prepared."""
        blocker = kind.prepare(self.record.runs, run)
        if blocker:
            run.status, run.error = "skipped", blocker
            self._run_ended(run)
            return
        self._run_child(run, self._make_child(run, run.run_spec, kind.child_module), gpu)

    def _kind_of(self, spec: RunSpec) -> RunKind | None:
        return next((kind for kind in self._kinds if kind.owns(spec)), None)

    def _is_matrix(self, run: RunResult) -> bool:
        """A run of the comparison matrix (not another kind's)."""
        return run.scenario == MATRIX_SCENARIO

    def _make_child(self, run: RunResult, spec: RunSpec, module: str = "fwprof.child") -> ChildProcess:
        spec_json = json.dumps(asdict(spec))
        argv = [self.python, "-m", module, "--event-fd", "{event_fd}", "--spec", spec_json]
        # A neutral working directory: `python -m` puts it first on sys.path, so a folder
        # that happens to hold another `fwprof/` must not shadow the one on PYTHONPATH.
        return ChildProcess(
            argv, child_environment(spec), self.config.timeouts,
            on_event=lambda event: self._on_event(run, event), cwd=self._cache_dir,
        )

    def _on_event(self, run: RunResult, event: protocol.Event) -> None:
        apply_event(run, event)
        self._pace_sampling(run, event)
        info, framework = event.get("info"), run.run_spec.framework
        if event["k"] == "info" and isinstance(info, dict) and info.get("framework") == framework:
            self.record.environment.setdefault("frameworks", {}).setdefault(
                run.run_spec.framework, event["info"]
            )
        self._notify("run_event", run, event)

    def _pace_sampling(self, run: RunResult, event: protocol.Event) -> None:
        """Slow the sampler while a run that fills every core is measured (see
        :mod:`fwprof.launch.pacing`)."""
        if self._sampler is None or event.get("phase") != MEASURE_PHASE:
            return
        rate = measure_rate_hz(run.run_spec, self.config)
        if rate is None:
            return
        if event["k"] == "phase_start":
            self._sampler.set_rate(rate)
            run.info["measure_sample_rate_hz"] = rate
        elif event["k"] == "phase_end":
            self._sampler.set_rate(self.config.sample_rate_hz)

    def _compile_cache_state(self, spec: RunSpec) -> str | None:
        if spec.framework != "torch" or spec.mode != "compiled":
            return None
        key = (*spec.config_key, spec.batch_size, spec.channels_last, spec.precision)
        state = "warm" if key in self._compiled_keys else "cold"
        self._compiled_keys.add(key)
        return state

    def _missing_framework(self, framework: str) -> str | None:
        if self._installed.get(framework):
            return None
        if self.interpreter is not None:
            return (f"{FRAMEWORK_LABELS.get(framework, framework)} is not installed in "
                    f"{self.python} (choose another interpreter, or install it there)")
        extra = "torch" if framework == "torch" else "tensorflow"
        return f"{framework} is not installed here (pip install 'fwprof[{extra}]')"

