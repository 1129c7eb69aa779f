"""What a run produced: its spec, status, events, step times, samples and summaries.

These are the data objects that the session fills, the snapshot stores and the views render.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from fwprof.config import RunSpec, SessionConfig
from fwprof.specs.deploy import DeploySpec
from fwprof.specs.script import ScriptSessionConfig, ScriptSpec

#: What a run runs: a built-in (framework, workload, task, mode) or a user's script.
AnySpec = RunSpec | ScriptSpec

#: Run statuses. ``skipped``: never started (framework missing); ``stopped``: the user stopped it.
STATUSES: tuple[str, ...] = ("pending", "running", "ok", "failed", "stopped", "skipped")
#: Statuses of a run that has ended: nothing about it changes any more.
ENDED_STATUSES: frozenset[str] = frozenset({"ok", "failed", "stopped", "skipped"})


@dataclass
class PhaseSpan:
    """A phase of a run on the monotonic clock; ``end`` is None while it runs."""

    name: str
    start: float
    end: float | None = None

    @property
    def duration(self) -> float | None:
        return None if self.end is None else self.end - self.start


class StepLog:
    """Measured steps, appended block by block, read as arrays (concatenated once per read)."""

    def __init__(self, ends: np.ndarray | None = None, durations: np.ndarray | None = None):
        self._ends: list[np.ndarray] = [] if ends is None else [np.asarray(ends, dtype=float)]
        self._durations: list[np.ndarray] = (
            [] if durations is None else [np.asarray(durations, dtype=float)]
        )

    def append(self, ends: list[float], durations: list[float]) -> None:
        self._ends.append(np.asarray(ends, dtype=float))
        self._durations.append(np.asarray(durations, dtype=float))

    @property
    def ends(self) -> np.ndarray:
        self._ends = [_joined(self._ends)]
        return self._ends[0]

    @property
    def durations(self) -> np.ndarray:
        self._durations = [_joined(self._durations)]
        return self._durations[0]

    def __len__(self) -> int:
        return sum(len(chunk) for chunk in self._ends)


def _joined(chunks: list[np.ndarray]) -> np.ndarray:
    if not chunks:
        return np.empty(0)
    return chunks[0] if len(chunks) == 1 else np.concatenate(chunks)


@dataclass
class RunResult:
    """Everything recorded about one child run (built-in or script, see :attr:`spec`)."""

    run_id: str
    spec: AnySpec
    status: str = "pending"
    error: str | None = None
    exit_code: int | None = None
    pid: int | None = None
    started_at: float | None = None  # monotonic
    ended_at: float | None = None
    info: dict[str, Any] = field(default_factory=dict)
    phases: list[PhaseSpan] = field(default_factory=list)
    steps: StepLog = field(default_factory=lambda: StepLog())  # training steps
    #: A script's evaluation and prediction steps by kind (``eval``, ``predict``): counted apart,
    #: never in the headline figures (:data:`fwprof.protocol.STEP_KINDS`).
    other_steps: dict[str, StepLog] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # every event but step blocks
    stdout_tail: str = ""
    stderr_tail: str = ""
    series: dict[str, Any] = field(default_factory=dict)  # sampled time series (store dict)
    resources: dict[str, Any] = field(default_factory=dict)  # resource summary
    #: The scenario the run belongs to (a name in :mod:`fwprof.scenarios.registry`); a run made
    #: without one gets it from its spec and info (:func:`legacy_scenario`).
    scenario: str = ""

    def __post_init__(self) -> None:
        if not self.scenario:
            self.scenario = legacy_scenario(self.spec, self.info)

    @property
    def is_script(self) -> bool:
        """True for a run of a user's script (``fwprof profile``)."""
        return isinstance(self.spec, ScriptSpec)

    @property
    def run_spec(self) -> RunSpec:
        """The spec of a built-in run; TypeError for a script run."""
        if not isinstance(self.spec, RunSpec):
            raise TypeError(f"run {self.run_id} is a script run, not a built-in run")
        return self.spec

    @property
    def script_spec(self) -> ScriptSpec:
        """The spec of a script run; TypeError for a built-in run."""
        if not isinstance(self.spec, ScriptSpec):
            raise TypeError(f"run {self.run_id} is a built-in run, not a script run")
        return self.spec

    def detached(self) -> RunResult:
        """A copy that later changes to this run do not reach (events are never changed once
        stored, so the list is copied, not each event)."""
        return replace(
            self, info=copy.deepcopy(self.info), phases=[replace(p) for p in self.phases],
            steps=StepLog(self.step_ends.copy(), self.step_durations.copy()),
            other_steps={kind: StepLog(log.ends.copy(), log.durations.copy())
                         for kind, log in self.other_steps.items()},
            counters=dict(self.counters), events=list(self.events),
            series=copy.deepcopy(self.series), resources=copy.deepcopy(self.resources),
        )

    def phase(self, name: str) -> PhaseSpan | None:
        """The first span with this name, if the run reached it."""
        return next((p for p in self.phases if p.name == name), None)

    def phase_durations(self) -> dict[str, float | None]:
        """Seconds per built-in phase (None where the phase did not complete)."""
        from fwprof.protocol import PHASES

        durations: dict[str, float | None] = {}
        for name in PHASES:
            span = self.phase(name)
            durations[name] = None if span is None else span.duration
        return durations

    @property
    def step_durations(self) -> np.ndarray:
        return self.steps.durations

    @property
    def step_ends(self) -> np.ndarray:
        return self.steps.ends


@dataclass
class SessionRecord:
    """A whole session: what was asked, where it ran, and every run."""

    config: SessionConfig | ScriptSessionConfig
    environment: dict[str, Any] = field(default_factory=dict)
    runs: list[RunResult] = field(default_factory=list)
    created: str = ""  # ISO 8601 wall-clock time of the start
    status: str = "pending"  # pending | running | finished | stopped
    #: How many ABBA pairs each configuration got and what stopped adding more
    #: (:mod:`fwprof.scenarios.compare.rounds`): ``{"policy": {...}, "configs": [...], ...}``.
    adaptive: dict[str, Any] = field(default_factory=dict)


def legacy_scenario(spec: AnySpec, info: dict[str, Any]) -> str:
    """The scenario of a run recorded before runs named theirs (snapshots of schema 1-3 keep
    opening): a script's spec, a deploy spec, a distributed group or a convergence plan in the
    run's info, else the comparison."""
    if isinstance(spec, ScriptSpec):
        return "profile"
    if isinstance(spec, DeploySpec):
        return "deploy"
    for key in ("distributed", "converge"):
        if isinstance(info.get(key), dict):
            return key
    return "compare"
