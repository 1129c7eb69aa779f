"""Script runs' section of the summary, typed: every script run and every script verdict.

Built once by :meth:`fwprof.scenarios.profile.scenario.ProfileScenario.summarize` (the rows by
:func:`fwprof.scenarios.profile.report.script_summary` and
:func:`fwprof.scenarios.profile.script_verdict.script_comparisons`); the text report, the HTML
and Markdown exports and the app's Results tab read these objects. They become JSON only at the
edge (``--json``, the snapshot's stored summary): :meth:`ProfileSection.to_json` writes the
``scripts`` and ``script_comparison`` keys exactly as they always were, and
:meth:`ProfileSection.from_json` reads them back (keys an older fwprof did not write read as
their defaults).

The step times of a run (:class:`fwprof.report.sections.StepTimes`) and the pairs a verdict
rests on (:class:`fwprof.report.sections.PairCounts`) are the built-in comparison's own types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from fwprof.report.sections import PairCounts, StepTimes, Verdict

JsonDict = dict[str, Any]

#: ``step_times.clock`` of a CPU run (see :mod:`fwprof.scenarios.profile.step_clock`).
HOST_CLOCK = "host"


@dataclass(frozen=True)
class StepPercentiles:
    """Step times in milliseconds of evaluation or prediction steps (the first left out)."""

    p50: float
    p90: float
    p99: float
    mean: float

    def to_json(self) -> JsonDict:
        return {"p50": self.p50, "p90": self.p90, "p99": self.p99, "mean": self.mean}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> StepPercentiles | None:
        if not data:
            return None
        return cls(data["p50"], data["p90"], data["p99"], data["mean"])


@dataclass(frozen=True)
class GpuStepTimes(StepPercentiles):
    """GPU step times in milliseconds, timed by CUDA events, and how many steps they cover."""

    count: int = 0

    def to_json(self) -> JsonDict:
        return {**super().to_json(), "count": self.count}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> GpuStepTimes | None:
        if not data:
            return None
        return cls(data["p50"], data["p90"], data["p99"], data["mean"], data.get("count", 0))


@dataclass(frozen=True)
class StepClock:
    """Which clock a run's step times come from (``cuda-events``, ``host-side`` or ``host``)
    and, on ``cuda-events``, the GPU step times."""

    clock: str = HOST_CLOCK
    gpu_step_ms: GpuStepTimes | None = None

    def to_json(self) -> JsonDict:
        return {"clock": self.clock,
                "gpu_step_ms": None if self.gpu_step_ms is None else self.gpu_step_ms.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> StepClock:
        if not data:
            return cls()
        return cls(str(data.get("clock") or HOST_CLOCK), GpuStepTimes.from_json(data.get("gpu_step_ms")))


@dataclass(frozen=True)
class KindSteps:
    """Steps of one kind other than training (``eval``, ``predict``): count, first step,
    rate and step times (the first step left out of both)."""

    steps: int
    first_step_s: float | None = None
    steps_per_s: float | None = None
    step_ms: StepPercentiles | None = None

    def to_json(self) -> JsonDict:
        return {"steps": self.steps, "first_step_s": self.first_step_s,
                "steps_per_s": self.steps_per_s,
                "step_ms": None if self.step_ms is None else self.step_ms.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> KindSteps:
        return cls(int(data.get("steps") or 0), data.get("first_step_s"), data.get("steps_per_s"),
                   StepPercentiles.from_json(data.get("step_ms")))


@dataclass(frozen=True)
class StepRate:
    """Steps per second over time: bin centres (seconds since the script started) and rates."""

    t: tuple[float, ...] = ()
    steps_per_s: tuple[float, ...] = ()

    def to_json(self) -> JsonDict:
        return {"t": list(self.t), "steps_per_s": list(self.steps_per_s)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> StepRate:
        data = data or {}
        return cls(tuple(data.get("t") or ()), tuple(data.get("steps_per_s") or ()))


@dataclass(frozen=True)
class ScriptPhase:
    """One phase of a script run: its name, start (seconds since the run started) and length
    (None while it had not ended)."""

    name: str
    start_s: float | None
    duration_s: float | None

    def to_json(self) -> JsonDict:
        return {"name": self.name, "start_s": self.start_s, "duration_s": self.duration_s}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScriptPhase:
        return cls(str(data.get("name")), data.get("start_s"), data.get("duration_s"))


@dataclass(frozen=True)
class ScriptRow:
    """One script run (or attached process): what ran, how it ended, its steps by kind, step
    times and rate over time, phases, log lines and resources.

    ``frameworks``, ``attached``, ``steps_by_process`` and ``resources`` are the run's own
    records, kept as they are stored.
    """

    run_id: str
    label: str
    kind: str = "script"
    argv: tuple[str, ...] = ()
    python: str | None = None
    cwd: str | None = None
    pid: int | None = None
    status: str = "ok"
    error: str | None = None
    exit_code: int | None = None
    traceback: str | None = None
    duration_s: float | None = None
    frameworks: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    attached: Mapping[str, Any] | None = None
    step_source: str | None = None
    step_sources: tuple[str, ...] = ()
    steps: int = 0
    step_marker: str | None = None
    first_step_s: float | None = None
    steps_per_s: float | None = None
    other_steps: Mapping[str, KindSteps] = field(default_factory=dict)
    step_ms: StepTimes | None = None
    step_times: StepClock = field(default_factory=StepClock)
    step_rate: StepRate = field(default_factory=StepRate)
    phases: tuple[ScriptPhase, ...] = ()
    steps_by_process: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    log: tuple[str, ...] = ()
    resources: Mapping[str, Any] = field(default_factory=dict)

    @property
    def command(self) -> str:
        """The command line as run (``train.py --epochs 2``), else the label."""
        return " ".join(str(a) for a in self.argv) or self.label

    @property
    def peak_rss_bytes(self) -> float | None:
        """The run's peak resident memory (None when not sampled)."""
        peak = self.resources.get("rss_bytes_peak")
        return peak if isinstance(peak, (int, float)) else None

    def to_json(self) -> JsonDict:
        return {
            "run_id": self.run_id, "label": self.label, "kind": self.kind, "argv": list(self.argv),
            "python": self.python, "cwd": self.cwd, "pid": self.pid,
            "status": self.status, "error": self.error, "exit_code": self.exit_code,
            "traceback": self.traceback, "duration_s": self.duration_s,
            "frameworks": self.frameworks, "attached": self.attached,
            "step_source": self.step_source, "step_sources": list(self.step_sources),
            "steps": self.steps, "step_marker": self.step_marker,
            "first_step_s": self.first_step_s, "steps_per_s": self.steps_per_s,
            "other_steps": {kind: figures.to_json() for kind, figures in self.other_steps.items()},
            "step_ms": None if self.step_ms is None else self.step_ms.to_json(),
            "step_times": self.step_times.to_json(), "step_rate": self.step_rate.to_json(),
            "phases": [phase.to_json() for phase in self.phases],
            "steps_by_process": self.steps_by_process, "log": list(self.log),
            "resources": self.resources,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScriptRow:
        return cls(
            run_id=str(data.get("run_id", "")), label=str(data.get("label", "")),
            kind=str(data.get("kind") or "script"), argv=tuple(data.get("argv") or ()),
            python=data.get("python"), cwd=data.get("cwd"), pid=data.get("pid"),
            status=str(data.get("status", "ok")), error=data.get("error"),
            exit_code=data.get("exit_code"), traceback=data.get("traceback"),
            duration_s=data.get("duration_s"), frameworks=data.get("frameworks") or {},
            attached=data.get("attached"), step_source=data.get("step_source"),
            step_sources=tuple(data.get("step_sources") or ()), steps=int(data.get("steps") or 0),
            step_marker=data.get("step_marker"), first_step_s=data.get("first_step_s"),
            steps_per_s=data.get("steps_per_s"),
            other_steps={kind: KindSteps.from_json(figures)
                         for kind, figures in (data.get("other_steps") or {}).items()},
            step_ms=StepTimes.from_json(data.get("step_ms")),
            step_times=StepClock.from_json(data.get("step_times")),
            step_rate=StepRate.from_json(data.get("step_rate")),
            phases=tuple(ScriptPhase.from_json(p) for p in data.get("phases") or ()),
            steps_by_process=data.get("steps_by_process") or {},
            log=tuple(str(line) for line in data.get("log") or ()),
            resources=data.get("resources") or {},
        )


@dataclass(frozen=True)
class RateEstimate:
    """A script's steady rate over its runs: geometric mean, its interval and the run count."""

    steps_per_s: float
    ci95: tuple[float, float] | None
    runs: int

    def to_json(self) -> JsonDict:
        return {"steps_per_s": self.steps_per_s,
                "ci95": None if self.ci95 is None else list(self.ci95), "runs": self.runs}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> RateEstimate | None:
        if not isinstance(data, Mapping):
            return None
        ci = data.get("ci95")
        return cls(data.get("steps_per_s", float("nan")), None if not ci else (ci[0], ci[1]),
                   int(data.get("runs") or 0))


@dataclass(frozen=True)
class ScriptVerdict:
    """One script compared with the first (the baseline), in the built-in comparison's words.

    ``ratio`` and ``ci95`` are the script's steady rate over the baseline's; ``decision`` is
    ``faster``, ``equivalent``, ``undecided`` or ``none`` (no pair to decide on); ``slower``
    names the slower script of a ``faster`` decision; ``threshold`` is set (``decided``) once
    a decision was computed. ``rates`` are each script's steady rate per run (None: no steady
    steps), ``rate`` each script's estimate over its runs.
    """

    baseline: str
    script: str
    ratio: float | None = None
    ci95: tuple[float, float] | None = None
    decision: str = "none"
    slower: str | None = None
    reason: str | None = None
    margin: float | None = None
    level_nominal: float = 0.95
    pairs: PairCounts = field(default_factory=lambda: PairCounts(0, 0, {}, None))
    stopped_by: str | None = None
    rates: Mapping[str, tuple[float | None, ...]] = field(default_factory=dict)
    rate: Mapping[str, RateEstimate | None] = field(default_factory=dict)
    threshold: float | None = None
    decided: bool = False
    verdict: str = ""

    @property
    def pair_name(self) -> str:
        """'b.py vs a.py'."""
        return f"{self.script} vs {self.baseline}"

    def as_verdict(self) -> Verdict:
        """The built-in comparison's verdict with this one's pairs and stop reason (what its
        detail line, :func:`fwprof.report.verdict_lines.detail_text`, reads)."""
        return Verdict(workload="", task="", mode="", device="", ratio=self.ratio, ci95=self.ci95,
                       decision=self.decision, reason=self.reason, margin=self.margin or 0.0,
                       level_nominal=self.level_nominal, stopped_by=self.stopped_by,
                       pairs=self.pairs, threshold=self.threshold, decided=self.decided,
                       verdict=self.verdict)

    def to_json(self) -> JsonDict:
        entry: JsonDict = {
            "baseline": self.baseline, "script": self.script, "ratio": self.ratio,
            "ci95": None if self.ci95 is None else list(self.ci95), "decision": self.decision,
            "slower": self.slower, "reason": self.reason, "margin": self.margin,
            "level_nominal": self.level_nominal, **self.pairs.to_json(),
            "stopped_by": self.stopped_by,
            "rates": {label: list(values) for label, values in self.rates.items()},
            "rate": {label: None if estimate is None else estimate.to_json()
                     for label, estimate in self.rate.items()},
        }
        if self.decided:
            entry["threshold"] = self.threshold
        entry["verdict"] = self.verdict
        return entry

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScriptVerdict:
        ci = data.get("ci95")
        return cls(
            baseline=str(data.get("baseline", "")), script=str(data.get("script", "")),
            ratio=data.get("ratio"), ci95=None if not ci else (ci[0], ci[1]),
            decision=data.get("decision") or "none", slower=data.get("slower"),
            reason=data.get("reason"), margin=data.get("margin"),
            level_nominal=data.get("level_nominal") or 0.95,
            pairs=PairCounts.from_json(data) or PairCounts(0, 0, {}, None),
            stopped_by=data.get("stopped_by"),
            rates={str(label): tuple(values) for label, values in (data.get("rates") or {}).items()
                   if isinstance(values, list)},
            rate={str(label): RateEstimate.from_json(estimate)
                  for label, estimate in (data.get("rate") or {}).items()},
            threshold=data.get("threshold"), decided="threshold" in data,
            verdict=str(data.get("verdict") or ""),
        )


@dataclass(frozen=True)
class ProfileSection:
    """The script runs' keys of the summary: ``scripts`` (one row a run) and
    ``script_comparison`` (one verdict per script after the first)."""

    scripts: tuple[ScriptRow, ...] = ()
    comparisons: tuple[ScriptVerdict, ...] = ()

    def has_runs(self) -> bool:
        return bool(self.scripts)

    def without_tracebacks(self) -> ProfileSection:
        """The section with the scripts' tracebacks left out (for a console that printed them)."""
        return replace(self, scripts=tuple(replace(s, traceback=None) for s in self.scripts))

    def to_json(self) -> JsonDict:
        return {"scripts": [script.to_json() for script in self.scripts],
                "script_comparison": [entry.to_json() for entry in self.comparisons]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProfileSection:
        """The section of a stored summary (keys missing in older documents read as empty)."""
        return cls(scripts=tuple(ScriptRow.from_json(s) for s in data.get("scripts") or ()),
                   comparisons=tuple(ScriptVerdict.from_json(c)
                                     for c in data.get("script_comparison") or ()))

