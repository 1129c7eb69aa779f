"""The deploy scenario's section of the summary, typed: one :class:`FormatRow` per format.

Built once by :func:`fwprof.scenarios.deploy.summary.deploy_summary`; the text table, the HTML
and Markdown sections and the app's Deploy tab read these objects. They become JSON only at the
edge (the snapshot's stored summary, ``--json``): :meth:`DeploySection.to_json` writes the
``deploy`` list exactly as it always was, and :meth:`DeploySection.from_json` reads it back
(keys an older document lacks read as their defaults).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]
#: The scenario's name, the key of its section in the summary document.
SCENARIO_NAME = "deploy"
#: Its one key in the ``fwprof.summary/1`` document.
SUMMARY_KEY = "deploy"
#: The relative difference beyond which a format fails parity, where a document names none.
DEFAULT_TOLERANCE = 1e-4


@dataclass(frozen=True)
class Parity:
    """The load stage's check of the artifact's outputs against the eager model's."""

    max_abs_diff: float | None = None
    max_rel_diff: float | None = None
    max_abs_reference: float | None = None
    tolerance_rel: float | None = None
    ok: bool = True
    problem: str | None = None  # a shape mismatch or NaN outputs
    against: str | None = None  # ``eager torch``

    def to_json(self) -> JsonDict:
        return {"max_abs_diff": self.max_abs_diff, "max_rel_diff": self.max_rel_diff,
                "max_abs_reference": self.max_abs_reference, "tolerance_rel": self.tolerance_rel,
                "ok": self.ok, "problem": self.problem, "against": self.against}

    @classmethod
    def from_json(cls, data: Any) -> Parity | None:
        """The check as the child reported it (None when the load stage reported none)."""
        if not isinstance(data, Mapping):
            return None
        return cls(data.get("max_abs_diff"), data.get("max_rel_diff"), data.get("max_abs_reference"),
                   data.get("tolerance_rel"), data.get("ok", True), data.get("problem"),
                   data.get("against"))


@dataclass(frozen=True)
class Latency:
    """Single-stream query times at batch 1, in milliseconds."""

    p50: float
    p90: float
    p99: float
    mean: float
    iqr: float
    count: int
    noisy: bool
    batch_size: int = 1

    def to_json(self) -> JsonDict:
        return {"p50": self.p50, "p90": self.p90, "p99": self.p99, "mean": self.mean,
                "iqr": self.iqr, "count": self.count, "noisy": self.noisy,
                "batch_size": self.batch_size}

    @classmethod
    def from_json(cls, data: Any) -> Latency | None:
        if not isinstance(data, Mapping) or data.get("p50") is None:
            return None
        return cls(data["p50"], data.get("p90", data["p50"]), data.get("p99", data["p50"]),
                   data.get("mean", data["p50"]), data.get("iqr", 0.0), data.get("count", 0),
                   data.get("noisy", False), data.get("batch_size", 1))


@dataclass(frozen=True)
class Throughput:
    """Offline batches: samples/s at the median batch time with its 95 % CI."""

    median: float
    low: float | None
    high: float | None
    batch_size: int
    batches: int
    unit: str = "samples/s"

    @property
    def ci95(self) -> tuple[float | None, float | None]:
        """(low, high) of the 95 % CI."""
        return (self.low, self.high)

    def to_json(self) -> JsonDict:
        return {"median": self.median, "ci95": [self.low, self.high], "unit": self.unit,
                "batch_size": self.batch_size, "batches": self.batches}

    @classmethod
    def from_json(cls, data: Any) -> Throughput | None:
        if not isinstance(data, Mapping) or data.get("median") is None:
            return None
        low, high = [*(data.get("ci95") or ()), None, None][:2]
        return cls(data["median"], low, high, data.get("batch_size", 0), data.get("batches", 0),
                   data.get("unit", "samples/s"))


@dataclass(frozen=True)
class StageBrief:
    """One stage run of a format: its id, how it ended and its phase durations in seconds."""

    run_id: str
    status: str
    error: str | None = None
    phases_s: Mapping[str, float | None] = field(default_factory=dict)

    def to_json(self) -> JsonDict:
        return {"run_id": self.run_id, "status": self.status, "error": self.error,
                "phases_s": dict(self.phases_s)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> StageBrief:
        return cls(str(data.get("run_id", "")), str(data.get("status", "")), data.get("error"),
                   dict(data.get("phases_s") or {}))


@dataclass(frozen=True)
class FormatRow:
    """One (framework, workload, format, device): its status and every figure its stages gave
    (``None`` where a stage did not produce one).

    ``status`` is ``ok`` when every stage succeeded, ``unavailable`` when the format cannot run
    here (``error`` holds the exact reason), ``failed`` or ``stopped`` with ``failed_stage``,
    else the stages' ``skipped``, ``running``, ``pending`` or ``incomplete``.
    """

    framework: str
    framework_label: str
    workload: str
    format: str
    device: str
    format_label: str
    exporter: str | None = None
    runtime_label: str | None = None
    status: str = "pending"
    failed_stage: str | None = None
    error: str | None = None
    threads: int | None = None
    export_s: float | None = None
    artifact_bytes: int | None = None
    warnings: tuple[str, ...] = ()
    warning_count: int = 0
    #: The exporter's package versions, as the export stage reported them.
    versions: Mapping[str, Any] = field(default_factory=dict)
    #: The runtime (name, version, threads), as the load or latency stage reported it.
    runtime: Mapping[str, Any] | None = None
    import_s: float | None = None
    load_s: float | None = None
    first_inference_s: float | None = None
    parity: Parity | None = None
    parity_tolerance: float = DEFAULT_TOLERANCE
    latency_ms: Latency | None = None
    throughput: Throughput | None = None
    peak_rss_bytes: float | None = None
    stages: Mapping[str, StageBrief] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """E.g. ``mlp PyTorch onnx``."""
        return f"{self.workload} {self.framework_label or self.framework} {self.format}"

    @property
    def ok(self) -> bool:
        """Whether every stage of the format succeeded."""
        return self.status == "ok"

    @property
    def max_abs_diff(self) -> float | None:
        """The parity check's max |artifact - eager| (None without a check)."""
        return None if self.parity is None else self.parity.max_abs_diff

    def to_json(self) -> JsonDict:
        return {
            "framework": self.framework, "framework_label": self.framework_label,
            "workload": self.workload, "format": self.format, "device": self.device,
            "format_label": self.format_label, "exporter": self.exporter,
            "runtime_label": self.runtime_label, "status": self.status,
            "failed_stage": self.failed_stage, "error": self.error, "threads": self.threads,
            "export_s": self.export_s, "artifact_bytes": self.artifact_bytes,
            "warnings": list(self.warnings), "warning_count": self.warning_count,
            "versions": dict(self.versions),
            "runtime": None if self.runtime is None else dict(self.runtime),
            "import_s": self.import_s, "load_s": self.load_s,
            "first_inference_s": self.first_inference_s,
            "parity": None if self.parity is None else self.parity.to_json(),
            "parity_tolerance": self.parity_tolerance,
            "latency_ms": None if self.latency_ms is None else self.latency_ms.to_json(),
            "throughput": None if self.throughput is None else self.throughput.to_json(),
            "peak_rss_bytes": self.peak_rss_bytes,
            "stages": {stage: brief.to_json() for stage, brief in self.stages.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> FormatRow:
        """A stored ``deploy`` entry (keys an older document lacks read as their defaults)."""
        framework, name = str(data.get("framework", "")), str(data.get("format", ""))
        runtime = data.get("runtime")
        return cls(
            framework=framework, framework_label=str(data.get("framework_label") or framework),
            workload=str(data.get("workload", "")), format=name, device=str(data.get("device", "")),
            format_label=str(data.get("format_label") or name), exporter=data.get("exporter"),
            runtime_label=data.get("runtime_label"), status=str(data.get("status") or "pending"),
            failed_stage=data.get("failed_stage"), error=data.get("error"),
            threads=data.get("threads"), export_s=data.get("export_s"),
            artifact_bytes=data.get("artifact_bytes"),
            warnings=tuple(str(w) for w in data.get("warnings") or ()),
            warning_count=data.get("warning_count") or 0, versions=dict(data.get("versions") or {}),
            runtime=dict(runtime) if isinstance(runtime, Mapping) else None,
            import_s=data.get("import_s"), load_s=data.get("load_s"),
            first_inference_s=data.get("first_inference_s"),
            parity=Parity.from_json(data.get("parity")),
            parity_tolerance=data.get("parity_tolerance", DEFAULT_TOLERANCE),
            latency_ms=Latency.from_json(data.get("latency_ms")),
            throughput=Throughput.from_json(data.get("throughput")),
            peak_rss_bytes=data.get("peak_rss_bytes"),
            stages={str(stage): StageBrief.from_json(brief)
                    for stage, brief in (data.get("stages") or {}).items()
                    if isinstance(brief, Mapping)},
        )


@dataclass(frozen=True)
class DeploySection:
    """The deploy scenario's key of the summary: ``deploy``, one row per format in the order
    the formats were planned."""

    rows: tuple[FormatRow, ...] = ()

    def has_runs(self) -> bool:
        return bool(self.rows)

    def by_workload(self) -> dict[str, list[FormatRow]]:
        """The rows grouped by workload, each group and the rows in it in planned order."""
        grouped: dict[str, list[FormatRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.workload, []).append(row)
        return grouped

    def to_json(self) -> JsonDict:
        return {SUMMARY_KEY: [row.to_json() for row in self.rows]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeploySection:
        """The section of a stored summary (no rows when it has no ``deploy`` list)."""
        entries = data.get(SUMMARY_KEY)
        return cls(tuple(FormatRow.from_json(e) for e in entries or () if isinstance(e, Mapping)))
