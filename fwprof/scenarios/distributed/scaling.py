"""The scaling figures of distributed runs: throughput vs workers, efficiency, communication.

Definitions (also in ``docs/distributed.md``):

- *Global throughput*: global batch / the group's step time (each step's slowest rank), with
  the bootstrap 95 % CI over repeats and steps that ordinary runs get; ``noisy`` when a launch's
  step times have IQR/median > 10 %.
- *Speedup*: throughput / the baseline's (the smallest world size measured, normally 1).
- *Efficiency*: speedup / the growth of the resources used: GPUs on CUDA (one per rank); on the
  CPU the cores in use, ``min(world * threads per worker, cores)``. Splitting a fixed set of
  cores over more workers keeps the resources equal, so ideal scaling there is *no loss*.
- *Communication*: per rank, median step time minus median compute-only step time
  (the same steps without the gradient all-reduce); the point reports the median over ranks.
- *Imbalance*: (slowest - fastest) / median of the ranks' compute-only step times, in %, over
  every rank of the world size (each rank's median over the launches; all nodes once merged).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import numpy as np

from fwprof.results import RunResult
from fwprof.scenarios.distributed.group import GROUP_KEY
from fwprof.scenarios.distributed.section import (
    LaunchBrief,
    RankFigures,
    ScalingEntry,
    ScalingPoint,
    ScalingThroughput,
)
from fwprof.stats.bootstrap import throughput_estimate
from fwprof.stats.center import median
from fwprof.stats.steps import step_stats

ScalingKey = tuple[str, str, str, str, int]  # framework, workload, mode, device, nodes


def is_distributed(run: RunResult) -> bool:
    """Whether ``run`` is one launch of a distributed group."""
    return not run.is_script and isinstance(run.info.get(GROUP_KEY), dict)


def scaling_summary(runs: list[RunResult], cores: int | None = None) -> list[ScalingEntry]:
    """One entry per (framework, workload, mode, device, nodes), points by world size."""
    by_key: dict[ScalingKey, list[RunResult]] = defaultdict(list)
    for run in runs:
        if is_distributed(run):
            by_key[_key(run)].append(run)
    return [_entry(key, members, cores) for key, members in sorted(by_key.items())]


def _key(run: RunResult) -> ScalingKey:
    spec, group = run.run_spec, run.info[GROUP_KEY]
    return (spec.framework, spec.workload_label, spec.mode, spec.device, len(group.get("hosts", [1])))


def _entry(key: ScalingKey, runs: list[RunResult], cores: int | None) -> ScalingEntry:
    framework, workload, mode, device, nodes = key
    by_world: dict[int, list[RunResult]] = defaultdict(list)
    for run in runs:
        by_world[_world(run)].append(run)
    points = with_relative([point_summary(members, cores) for _, members in sorted(by_world.items())])
    return ScalingEntry(framework, workload, mode, device, nodes, tuple(points),
                        tuple(run_brief(run) for run in runs))


def point_summary(runs: list[RunResult], cores: int | None = None) -> ScalingPoint:
    """Every launch of one world size: throughput, step, communication and per-rank figures
    (speedup and efficiency come with :func:`with_relative`)."""
    group = runs[0].info[GROUP_KEY]
    ok = [r for r in runs if r.status == "ok" and r.step_durations.size]
    ranks = _rank_table(ok)
    threads, world = int(group["threads"]), _world(runs[0])
    computes = _numbers(q.compute_ms_p50 for q in ranks)
    return ScalingPoint(
        workers=int(group["workers"]), world_size=world, runs=len(runs), runs_ok=len(ok),
        errors=tuple(sorted({str(r.error) for r in runs if r.status != "ok"})),
        global_batch=int(group["global_batch"]), per_worker_batch=int(group["global_batch"]) // world,
        threads_per_worker=threads, resource_units=_units(group, world, threads, cores),
        throughput=_throughput(ok, int(group["global_batch"])),
        step_ms_p50=median([float(np.median(r.step_durations)) * 1e3 for r in ok]),
        noisy=any(bool(stats.noisy) for stats in map(step_stats, (r.step_durations for r in ok)) if stats),
        compute_ms_p50=median(computes), comm_ms=median(_numbers(q.comm_ms for q in ranks)),
        imbalance_pct=imbalance_pct(computes),
        cpu_percent_mean=median(_numbers(r.resources.get("cpu_percent_mean") for r in ok)),
        ranks=tuple(ranks),
    )


def run_brief(run: RunResult) -> LaunchBrief:
    """One launch in a few fields (the failing rank is named in ``error``)."""
    group = run.info[GROUP_KEY]
    return LaunchBrief(run.run_id, run.run_spec.framework, run.run_spec.workload_label, group["workers"],
                       _world(run), run.run_spec.repeat, run.status, run.error, run.info.get("node"))


def rank_figures(rank: dict[str, Any], run: RunResult) -> RankFigures:
    """One rank of one launch: step, compute-only and communication medians, CPU %, peak RSS."""
    step = _median_ms(rank.get("step_dur"))
    compute = _median_ms(rank.get("compute_dur"))
    return RankFigures(
        rank=rank.get("rank"), node_rank=rank.get("node_rank"), step_ms_p50=step, compute_ms_p50=compute,
        comm_ms=None if step is None or compute is None else step - compute,
        cpu_percent_mean=process_mean(run.series, rank.get("pid"), "cpu_percent"),
        rss_bytes_peak=process_peak(run.series, rank.get("pid"), "rss_bytes"),
    )


def process_mean(series: dict[str, Any], pid: Any, metric: str) -> float | None:
    """Mean of a process's sampled ``metric`` (from the run's ``process_series``)."""
    values = _process_values(series, pid, metric)
    return float(np.mean(values)) if values.size else None


def process_peak(series: dict[str, Any], pid: Any, metric: str) -> float | None:
    values = _process_values(series, pid, metric)
    return float(np.max(values)) if values.size else None


def _process_values(series: dict[str, Any], pid: Any, metric: str) -> np.ndarray:
    columns = series.get("process_series", {}).get("columns", {})
    raw = columns.get(f"pid{pid}_{metric}", []) if pid is not None else []
    values: np.ndarray = np.array([v for v in raw if isinstance(v, (int, float))], dtype=float)
    finite: np.ndarray = values[np.isfinite(values)]
    return finite


def _rank_table(runs: list[RunResult]) -> list[RankFigures]:
    """Per (node, rank): the median of each figure over the launches."""
    collected: dict[tuple[Any, Any], list[RankFigures]] = defaultdict(list)
    for run in runs:
        for rank in run.info.get("ranks", []):
            figures = rank_figures(rank, run)
            collected[(figures.node_rank, figures.rank)].append(figures)
    return [_merge_rank(items) for _, items in sorted(collected.items(), key=lambda kv: str(kv[0]))]


def _merge_rank(items: list[RankFigures]) -> RankFigures:
    return RankFigures(
        rank=items[0].rank, node_rank=items[0].node_rank,
        step_ms_p50=median(_numbers(i.step_ms_p50 for i in items)),
        compute_ms_p50=median(_numbers(i.compute_ms_p50 for i in items)),
        comm_ms=median(_numbers(i.comm_ms for i in items)),
        cpu_percent_mean=median(_numbers(i.cpu_percent_mean for i in items)),
        rss_bytes_peak=median(_numbers(i.rss_bytes_peak for i in items)),
    )


def imbalance_pct(computes: list[float]) -> float | None:
    """(slowest - fastest) / median of the ranks' compute-only step times, in %."""
    if not computes:
        return None
    return (max(computes) - min(computes)) / float(np.median(computes)) * 100.0


def with_relative(points: list[ScalingPoint]) -> list[ScalingPoint]:
    """The points with speedup and efficiency against the smallest world size measured (the
    first with a throughput); a point without a throughput keeps None."""
    base = next((p for p in points if p.throughput), None)
    return points if base is None else [_relative(point, base) for point in points]


def _relative(point: ScalingPoint, base: ScalingPoint) -> ScalingPoint:
    if point.throughput is None or base.throughput is None:
        return point
    speedup = point.throughput.median / base.throughput.median
    return replace(point, speedup=speedup, efficiency=speedup / (point.resource_units / base.resource_units),
                   baseline_world_size=base.world_size)


def _units(group: dict[str, Any], world: int, threads: int, cores: int | None) -> float:
    if group.get("device") == "cuda":
        return float(world)
    used = world * threads
    nodes = len(group.get("hosts", [1]))
    return float(min(used, cores * nodes) if cores else used)


def _world(run: RunResult) -> int:
    group = run.info[GROUP_KEY]
    return int(group["workers"]) * len(group.get("hosts", [1]))


def _throughput(runs: list[RunResult], batch: int) -> ScalingThroughput | None:
    if not runs:
        return None
    est = throughput_estimate([r.step_durations for r in runs], batch)
    return ScalingThroughput(est.value, (est.low, est.high))


def _median_ms(values: Any) -> float | None:
    if not isinstance(values, list) or not values:
        return None
    return float(np.median(np.asarray(values, dtype=float))) * 1e3


def _numbers(values: Iterable[Any]) -> list[float]:
    return [float(v) for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]

