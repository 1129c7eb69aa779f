"""The comparison's section of the summary, typed: every run, every configuration, every verdict.

Built once by :mod:`fwprof.report.summary`; the text report, the HTML and Markdown exports, the
CSV tables, the recommendations and the app read these objects. They become JSON only at the
edge (the snapshot's stored summary, ``--json``): :meth:`ComparisonSection.to_json` writes the
``fwprof.summary/1`` keys exactly as they always were, and :meth:`ComparisonSection.from_json`
reads them back (an older fwprof's summary included).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]
#: A configuration of the comparison: workload label (size included), task, mode, device.
ConfigKey = tuple[str, str, str, str]

UNIT = "samples/s"


@dataclass(frozen=True)
class WorkloadFields:
    """What spells out a run's model next to its figures: name, size, precision, data."""

    model: str | None = None
    size: str | None = None
    seq_len: int | None = None
    precision: str | None = None
    data: str | None = None
    model_file: str | None = None

    def to_json(self) -> JsonDict:
        return {"model": self.model, "size": self.size, "seq_len": self.seq_len,
                "precision": self.precision, "data": self.data, "model_file": self.model_file}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> WorkloadFields:
        return cls(data.get("model"), data.get("size"), data.get("seq_len"), data.get("precision"),
                   data.get("data"), data.get("model_file"))


@dataclass(frozen=True)
class Configured:
    """Where a row sits in the matrix: workload label, task, mode, device."""

    workload: str
    task: str
    mode: str
    device: str

    @property
    def config(self) -> ConfigKey:
        """The configuration this row belongs to (what pairs TensorFlow with PyTorch)."""
        return (self.workload, self.task, self.mode, self.device)

    @property
    def config_name(self) -> str:
        """``mlp train eager (cpu)``."""
        return f"{self.workload} {self.task} {self.mode} ({self.device})"


@dataclass(frozen=True)
class StepTimes:
    """One run's step times in milliseconds."""

    p50: float
    p90: float
    p99: float
    iqr: float
    mean: float
    count: int

    def to_json(self) -> JsonDict:
        return {"p50": self.p50, "p90": self.p90, "p99": self.p99, "iqr": self.iqr,
                "mean": self.mean, "count": self.count}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> StepTimes | None:
        if not data:
            return None
        return cls(data["p50"], data["p90"], data["p99"], data["iqr"], data["mean"], data["count"])


@dataclass(frozen=True)
class RunRow(Configured):
    """One built-in run: its throughput by median step and by wall clock, load and resources."""

    run_id: str = ""
    framework: str = ""
    repeat: int = 0
    fields: WorkloadFields = field(default_factory=WorkloadFields)
    status: str = "ok"
    error: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    throughput: float | None = None
    wall_throughput: float | None = None
    wall_gap: float | None = None
    wall_flag: bool | None = None
    other_load_cores: float | None = None
    interfered: bool | None = None
    model_parameters: int | None = None
    warmup: Any = None
    step_ms: StepTimes | None = None
    noisy: bool | None = None
    phases_s: Mapping[str, float | None] = field(default_factory=dict)
    counters: Mapping[str, Any] = field(default_factory=dict)
    compile_cache: Any = None
    measure_sample_rate_hz: float | None = None
    resources: Mapping[str, Any] = field(default_factory=dict)
    measure_resources: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """``torch mlp train eager #2``."""
        return f"{self.framework} {self.workload} {self.task} {self.mode} #{self.repeat + 1}"

    def to_json(self) -> JsonDict:
        return {
            "run_id": self.run_id, "framework": self.framework, "workload": self.workload,
            "task": self.task, "mode": self.mode, "repeat": self.repeat, **self.fields.to_json(),
            "status": self.status, "error": self.error, "params": dict(self.params),
            "throughput": None if self.throughput is None else {"median": self.throughput, "unit": UNIT},
            "wall_throughput": self.wall_throughput, "wall_gap": self.wall_gap,
            "wall_flag": self.wall_flag, "other_load_cores": self.other_load_cores,
            "interfered": self.interfered, "model_parameters": self.model_parameters,
            "warmup": self.warmup, "step_ms": None if self.step_ms is None else self.step_ms.to_json(),
            "noisy": self.noisy, "phases_s": dict(self.phases_s), "counters": self.counters,
            "compile_cache": self.compile_cache, "measure_sample_rate_hz": self.measure_sample_rate_hz,
            "resources": self.resources, "measure_resources": self.measure_resources,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunRow:
        tput = data.get("throughput")
        return cls(
            workload=data.get("workload", ""), task=data.get("task", ""), mode=data.get("mode", ""),
            device=str((data.get("params") or {}).get("device", "")), run_id=data.get("run_id", ""),
            framework=data.get("framework", ""), repeat=int(data.get("repeat") or 0),
            fields=WorkloadFields.from_json(data), status=data.get("status", "ok"),
            error=data.get("error"), params=data.get("params") or {},
            throughput=tput.get("median") if isinstance(tput, Mapping) else None,
            wall_throughput=data.get("wall_throughput"), wall_gap=data.get("wall_gap"),
            wall_flag=data.get("wall_flag"), other_load_cores=data.get("other_load_cores"),
            interfered=data.get("interfered"), model_parameters=data.get("model_parameters"),
            warmup=data.get("warmup"), step_ms=StepTimes.from_json(data.get("step_ms")),
            noisy=data.get("noisy"), phases_s=data.get("phases_s") or {},
            counters=data.get("counters") or {}, compile_cache=data.get("compile_cache"),
            measure_sample_rate_hz=data.get("measure_sample_rate_hz"),
            resources=data.get("resources") or {}, measure_resources=data.get("measure_resources") or {},
        )


@dataclass(frozen=True)
class Throughput:
    """A configuration's throughput over its fresh processes, with its interval."""

    median: float
    ci95: tuple[float, float] | None
    processes: int
    spread: float | None
    level_nominal: float

    def to_json(self) -> JsonDict:
        return {"median": self.median, "ci95": None if self.ci95 is None else list(self.ci95),
                "unit": UNIT, "processes": self.processes, "spread": self.spread,
                "level_nominal": self.level_nominal}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Throughput | None:
        if not data:
            return None
        ci = data.get("ci95")
        return cls(data["median"], None if not ci else (ci[0], ci[1]), data.get("processes", 0),
                   data.get("spread"), data.get("level_nominal", 0.95))


@dataclass(frozen=True)
class GroupRow(Configured):
    """A configuration of one framework over its fresh processes."""

    framework: str = ""
    fields: WorkloadFields = field(default_factory=WorkloadFields)
    parameters: int | None = None
    loader: Mapping[str, Any] | None = None
    runs: int = 0
    runs_ok: int = 0
    runs_clean: int = 0
    status: str = "ok"
    errors: tuple[str, ...] = ()
    throughput: Throughput | None = None
    wall_throughput: float | None = None
    wall_flags: int = 0
    step_ms_p50: float | None = None
    step_ms_p99: float | None = None
    first_step_s: float | None = None
    noisy: bool = False
    mean_cpu_percent: float | None = None
    peak_rss_bytes: float | None = None
    gpu_busy_percent: float | None = None
    gpu_busy_too_few_samples: bool = False

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """framework, workload, task, mode, device."""
        return (self.framework, *self.config)

    def to_json(self) -> JsonDict:
        return {
            "framework": self.framework, "workload": self.workload, "task": self.task,
            "mode": self.mode, "device": self.device, **self.fields.to_json(),
            "parameters": self.parameters, "loader": self.loader, "runs": self.runs,
            "runs_ok": self.runs_ok, "runs_clean": self.runs_clean, "status": self.status,
            "errors": list(self.errors),
            "throughput": None if self.throughput is None else self.throughput.to_json(),
            "wall_throughput": self.wall_throughput, "wall_flags": self.wall_flags,
            "step_ms_p50": self.step_ms_p50, "step_ms_p99": self.step_ms_p99,
            "first_step_s": self.first_step_s, "noisy": self.noisy,
            "mean_cpu_percent": self.mean_cpu_percent, "peak_rss_bytes": self.peak_rss_bytes,
            "gpu_busy_percent": self.gpu_busy_percent,
            "gpu_busy_too_few_samples": self.gpu_busy_too_few_samples,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> GroupRow:
        return cls(
            workload=data.get("workload", ""), task=data.get("task", ""), mode=data.get("mode", ""),
            device=data.get("device", ""), framework=data.get("framework", ""),
            fields=WorkloadFields.from_json(data), parameters=data.get("parameters"),
            loader=data.get("loader"), runs=data.get("runs", 0), runs_ok=data.get("runs_ok", 0),
            runs_clean=data.get("runs_clean", 0), status=data.get("status", "ok"),
            errors=tuple(data.get("errors") or ()),
            throughput=Throughput.from_json(data.get("throughput")),
            wall_throughput=data.get("wall_throughput"), wall_flags=data.get("wall_flags", 0),
            step_ms_p50=data.get("step_ms_p50"), step_ms_p99=data.get("step_ms_p99"),
            first_step_s=data.get("first_step_s"), noisy=bool(data.get("noisy")),
            mean_cpu_percent=data.get("mean_cpu_percent"), peak_rss_bytes=data.get("peak_rss_bytes"),
            gpu_busy_percent=data.get("gpu_busy_percent"),
            gpu_busy_too_few_samples=bool(data.get("gpu_busy_too_few_samples")),
        )


@dataclass(frozen=True)
class PairCounts:
    """The pairs a verdict rests on: usable, run, left out (by reason), and the noise floor."""

    pairs: int
    pairs_run: int
    left_out: Mapping[str, int]
    noise_floor: float | None

    def to_json(self) -> JsonDict:
        return {"pairs": self.pairs, "pairs_run": self.pairs_run, "left_out": dict(self.left_out),
                "noise_floor": self.noise_floor}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PairCounts | None:
        if not isinstance(data.get("pairs_run"), int):
            return None
        return cls(data.get("pairs", 0), data["pairs_run"], data.get("left_out") or {},
                   data.get("noise_floor"))


@dataclass(frozen=True)
class Verdict(Configured):
    """One configuration's TensorFlow / PyTorch comparison: ratio, interval, decision, words.

    ``ratio`` and ``ci95`` are TensorFlow over PyTorch throughput; ``decision`` is ``faster``,
    ``equivalent``, ``undecided`` or ``none`` (no comparison: a side missing, models differ);
    ``threshold`` is set once a decision was computed; ``pairs`` once both sides ran.
    """

    fields: WorkloadFields = field(default_factory=WorkloadFields)
    ratio: float | None = None
    ci95: tuple[float, float] | None = None
    decision: str = "none"
    winner: str | None = None
    reason: str | None = None
    margin: float = 0.0
    level_nominal: float = 0.95
    stopped_by: str | None = None
    parameters: Mapping[str, int | None] = field(default_factory=dict)
    coverage: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    pairs: PairCounts | None = None
    threshold: float | None = None
    decided: bool = False
    verdict: str = ""

    def to_json(self) -> JsonDict:
        entry: JsonDict = {
            "workload": self.workload, "task": self.task, "mode": self.mode, "device": self.device,
            **self.fields.to_json(), "ratio": self.ratio,
            "ci95": None if self.ci95 is None else list(self.ci95), "decision": self.decision,
            "winner": self.winner, "reason": self.reason, "margin": self.margin,
            "level_nominal": self.level_nominal, "stopped_by": self.stopped_by,
            "parameters": dict(self.parameters), "coverage": dict(self.coverage),
            "notes": list(self.notes),
        }
        if self.pairs is not None:
            entry.update(self.pairs.to_json())
        if self.decided:
            entry["threshold"] = self.threshold
        entry["verdict"] = self.verdict
        return entry

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Verdict:
        ci = data.get("ci95")
        return cls(
            workload=data.get("workload", ""), task=data.get("task", ""), mode=data.get("mode", ""),
            device=data.get("device", ""), fields=WorkloadFields.from_json(data),
            ratio=data.get("ratio"), ci95=None if not ci else (ci[0], ci[1]),
            decision=data.get("decision") or "none", winner=data.get("winner"),
            reason=data.get("reason"), margin=data.get("margin") or 0.0,
            level_nominal=data.get("level_nominal") or 0.95, stopped_by=data.get("stopped_by"),
            parameters=data.get("parameters") or {}, coverage=data.get("coverage") or {},
            notes=tuple(str(n) for n in data.get("notes") or ()), pairs=PairCounts.from_json(data),
            threshold=data.get("threshold"), decided="threshold" in data,
            verdict=str(data.get("verdict") or ""),
        )


@dataclass(frozen=True)
class NoiseFloor:
    """This machine's run-to-run spread, pooled over every configuration's clean runs."""

    spread: float
    dof: int

    def to_json(self) -> JsonDict:
        return {"spread": self.spread, "dof": self.dof}

    @classmethod
    def from_json(cls, data: Any) -> NoiseFloor | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("spread"), (int, float)):
            return None
        return cls(float(data["spread"]), int(data.get("dof") or 0))


@dataclass(frozen=True)
class ComparisonSection:
    """The comparison's keys of the summary: ``runs``, ``groups``, ``comparisons``,
    ``noise_floor`` and ``adaptive`` (the rounds the session added while undecided)."""

    runs: tuple[RunRow, ...] = ()
    groups: tuple[GroupRow, ...] = ()
    comparisons: tuple[Verdict, ...] = ()
    noise_floor: NoiseFloor | None = None
    adaptive: Mapping[str, Any] | None = None

    def has_runs(self) -> bool:
        return bool(self.runs)

    def measure_sample_rates(self) -> list[float]:
        """The slower rates runs were sampled at while measured (empty: every run kept the
        session's rate)."""
        return sorted({run.measure_sample_rate_hz for run in self.runs if run.measure_sample_rate_hz})

    def group(self, framework: str, config: ConfigKey) -> GroupRow | None:
        """The row of one framework in one configuration, if it ran."""
        return next((g for g in self.groups if g.framework == framework and g.config == config), None)

    def to_json(self) -> JsonDict:
        return {
            "runs": [run.to_json() for run in self.runs],
            "groups": [group.to_json() for group in self.groups],
            "comparisons": [comp.to_json() for comp in self.comparisons],
            "noise_floor": None if self.noise_floor is None else self.noise_floor.to_json(),
            "adaptive": self.adaptive,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ComparisonSection:
        """The section of a stored summary (keys missing in older documents read as empty)."""
        return cls(
            runs=tuple(RunRow.from_json(r) for r in data.get("runs") or ()),
            groups=tuple(GroupRow.from_json(g) for g in data.get("groups") or ()),
            comparisons=tuple(Verdict.from_json(c) for c in data.get("comparisons") or ()),
            noise_floor=NoiseFloor.from_json(data.get("noise_floor")),
            adaptive=data.get("adaptive"),
        )
