"""The distributed scenario's section of the summary, typed: one entry per scaling
configuration, its points by world size, each point's ranks and the launches behind them.

Built once by :func:`fwprof.scenarios.distributed.scaling.scaling_summary`; the text report,
the HTML and Markdown exports and the app's Scaling tab read these objects (through the cells
of :mod:`fwprof.scenarios.distributed.cells`). They become JSON only at the edge:
:meth:`DistributedSection.to_json` writes the ``scaling`` key of ``fwprof.summary/1`` exactly
as it always was, and :meth:`DistributedSection.from_json` reads it back (keys missing in an
older document read as the defaults).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

JsonDict = dict[str, Any]

UNIT = "samples/s"


@dataclass(frozen=True)
class ScalingThroughput:
    """Global samples/s of one world size over its launches, with the bootstrap 95 % CI."""

    median: float
    ci95: tuple[float, float] | None = None
    unit: str = UNIT

    def to_json(self) -> JsonDict:
        return {"median": self.median, "ci95": None if self.ci95 is None else list(self.ci95),
                "unit": self.unit}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> ScalingThroughput | None:
        if not data:
            return None
        ci = data.get("ci95")
        return cls(data["median"], None if not ci else (ci[0], ci[1]), data.get("unit", UNIT))


@dataclass(frozen=True)
class RankFigures:
    """One rank of one world size: the median of its figures over the launches.

    ``rank`` and ``node_rank`` are what the launcher reported (None when it did not).
    """

    rank: int | None = None
    node_rank: int | None = None
    step_ms_p50: float | None = None
    compute_ms_p50: float | None = None
    comm_ms: float | None = None
    cpu_percent_mean: float | None = None
    rss_bytes_peak: float | None = None

    def to_json(self) -> JsonDict:
        return {"rank": self.rank, "node_rank": self.node_rank, "step_ms_p50": self.step_ms_p50,
                "compute_ms_p50": self.compute_ms_p50, "comm_ms": self.comm_ms,
                "cpu_percent_mean": self.cpu_percent_mean, "rss_bytes_peak": self.rss_bytes_peak}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RankFigures:
        return cls(data.get("rank"), data.get("node_rank"), data.get("step_ms_p50"),
                   data.get("compute_ms_p50"), data.get("comm_ms"), data.get("cpu_percent_mean"),
                   data.get("rss_bytes_peak"))


@dataclass(frozen=True)
class ScalingPoint:
    """Every launch of one world size: throughput, step, communication and per-rank figures.

    ``speedup`` and ``efficiency`` are against ``baseline_world_size`` (the smallest world size
    with a throughput); all three are None when this point or every point has no throughput.
    """

    workers: int = 0
    world_size: int = 0
    runs: int = 0
    runs_ok: int = 0
    errors: tuple[str, ...] = ()
    global_batch: int = 0
    per_worker_batch: int = 0
    threads_per_worker: int = 0
    resource_units: float = 0.0
    throughput: ScalingThroughput | None = None
    step_ms_p50: float | None = None
    noisy: bool = False
    compute_ms_p50: float | None = None
    comm_ms: float | None = None
    imbalance_pct: float | None = None
    cpu_percent_mean: float | None = None
    ranks: tuple[RankFigures, ...] = ()
    speedup: float | None = None
    efficiency: float | None = None
    baseline_world_size: int | None = None

    def to_json(self) -> JsonDict:
        entry: JsonDict = {
            "workers": self.workers, "world_size": self.world_size, "runs": self.runs,
            "runs_ok": self.runs_ok, "errors": list(self.errors), "global_batch": self.global_batch,
            "per_worker_batch": self.per_worker_batch, "threads_per_worker": self.threads_per_worker,
            "resource_units": self.resource_units,
            "throughput": None if self.throughput is None else self.throughput.to_json(),
            "step_ms_p50": self.step_ms_p50, "noisy": self.noisy, "compute_ms_p50": self.compute_ms_p50,
            "comm_ms": self.comm_ms, "imbalance_pct": self.imbalance_pct,
            "cpu_percent_mean": self.cpu_percent_mean, "ranks": [rank.to_json() for rank in self.ranks],
            "speedup": self.speedup, "efficiency": self.efficiency,
        }
        if self.baseline_world_size is not None:  # only once measured against a baseline
            entry["baseline_world_size"] = self.baseline_world_size
        return entry

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScalingPoint:
        return cls(
            workers=data.get("workers", 0), world_size=data.get("world_size", 0),
            runs=data.get("runs", 0), runs_ok=data.get("runs_ok", 0),
            errors=tuple(str(e) for e in data.get("errors") or ()),
            global_batch=data.get("global_batch", 0), per_worker_batch=data.get("per_worker_batch", 0),
            threads_per_worker=data.get("threads_per_worker", 0),
            resource_units=data.get("resource_units", 0.0),
            throughput=ScalingThroughput.from_json(data.get("throughput")),
            step_ms_p50=data.get("step_ms_p50"), noisy=bool(data.get("noisy")),
            compute_ms_p50=data.get("compute_ms_p50"), comm_ms=data.get("comm_ms"),
            imbalance_pct=data.get("imbalance_pct"), cpu_percent_mean=data.get("cpu_percent_mean"),
            ranks=tuple(RankFigures.from_json(r) for r in data.get("ranks") or ()),
            speedup=data.get("speedup"), efficiency=data.get("efficiency"),
            baseline_world_size=data.get("baseline_world_size"),
        )


@dataclass(frozen=True)
class LaunchBrief:
    """One launch in a few fields (the failing rank is named in ``error``)."""

    run_id: str = ""
    framework: str = ""
    workload: str = ""
    workers: int = 0
    world_size: int = 0
    repeat: int = 0
    status: str = "ok"
    error: str | None = None
    node: str | None = None

    @property
    def label(self) -> str:
        """``torch mlp x2 #1 [node1]`` (the node only in a merged session)."""
        node = f" [{self.node}]" if self.node else ""
        return f"{self.framework} {self.workload} x{self.world_size} #{int(self.repeat or 0) + 1}{node}"

    def to_json(self) -> JsonDict:
        return {"run_id": self.run_id, "framework": self.framework, "workload": self.workload,
                "workers": self.workers, "world_size": self.world_size, "repeat": self.repeat,
                "status": self.status, "error": self.error, "node": self.node}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LaunchBrief:
        return cls(data.get("run_id", ""), data.get("framework", ""), data.get("workload", ""),
                   data.get("workers", 0), data.get("world_size", 0), data.get("repeat", 0),
                   data.get("status", "ok"), data.get("error"), data.get("node"))


@dataclass(frozen=True)
class ScalingChart:
    """Columns of a throughput-vs-workers chart; ``ideal`` scales the baseline by resources."""

    world_size: tuple[int, ...]
    throughput: tuple[float | None, ...]
    ideal: tuple[float | None, ...]

    def to_json(self) -> JsonDict:
        return {"world_size": list(self.world_size), "throughput": list(self.throughput),
                "ideal": list(self.ideal)}


@dataclass(frozen=True)
class ScalingEntry:
    """One (framework, workload, mode, device, nodes): its points by world size and its launches."""

    framework: str = ""
    workload: str = ""
    mode: str = ""
    device: str = ""
    nodes: int = 1
    points: tuple[ScalingPoint, ...] = ()
    runs: tuple[LaunchBrief, ...] = ()

    @property
    def chart(self) -> ScalingChart:
        """The chart's columns, from the points (the baseline: the first with a throughput)."""
        base = next((p for p in self.points if p.throughput), None)
        ideal: tuple[float | None, ...] = (None,) * len(self.points)
        if base is not None and base.throughput is not None:
            per_unit = base.throughput.median / base.resource_units
            ideal = tuple(per_unit * p.resource_units for p in self.points)
        return ScalingChart(tuple(p.world_size for p in self.points),
                            tuple(p.throughput.median if p.throughput else None for p in self.points),
                            ideal)

    def to_json(self) -> JsonDict:
        return {"framework": self.framework, "workload": self.workload, "mode": self.mode,
                "device": self.device, "nodes": self.nodes,
                "points": [point.to_json() for point in self.points], "chart": self.chart.to_json(),
                "runs": [run.to_json() for run in self.runs]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ScalingEntry:
        return cls(data.get("framework", ""), data.get("workload", ""), data.get("mode", ""),
                   data.get("device", ""), data.get("nodes", 1),
                   tuple(ScalingPoint.from_json(p) for p in data.get("points") or ()),
                   tuple(LaunchBrief.from_json(r) for r in data.get("runs") or ()))


@dataclass(frozen=True)
class DistributedSection:
    """The distributed scenario's key of the summary: ``scaling``, an entry per configuration."""

    scaling: tuple[ScalingEntry, ...] = ()

    def has_runs(self) -> bool:
        return bool(self.scaling)

    def to_json(self) -> JsonDict:
        return {"scaling": [entry.to_json() for entry in self.scaling]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DistributedSection:
        """The section of a stored summary (no ``scaling`` key: no entries)."""
        return cls(tuple(ScalingEntry.from_json(e) for e in data.get("scaling") or ()))
