"""The comparison's part of the ``fwprof.summary/1`` document: per run, per configuration, per pair.

Everything the CLI table, ``--json`` and later views show is computed here from the raw
step times, so a snapshot reproduces exactly the figures printed when it was recorded.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from fwprof.report.comparison import compare_config, comparison_order, pair_policy
from fwprof.report.interference import DEFAULT_SHARE
from fwprof.report.run_figures import RunFigures, is_measured, run_figures
from fwprof.report.sections import (
    ComparisonSection,
    GroupRow,
    NoiseFloor,
    RunRow,
    StepTimes,
    Throughput,
    Verdict,
)
from fwprof.report.windows import measure_resources
from fwprof.report.workload_fields import common_parameters, loader_fields, runs_fields, spec_fields
from fwprof.results import RunResult, SessionRecord
from fwprof.stats.center import median
from fwprof.stats.noise_floor import pooled_spread
from fwprof.stats.pair_policy import PairPolicy
from fwprof.stats.run_level import geometric_estimate
from fwprof.stats.steps import step_stats

PARAM_FIELDS = (
    "device", "batch_size", "steps", "warmup", "threads", "interop_threads", "precision",
    "seed", "channels_last",
)

#: framework, workload label (``resnet50/tiny``: size included), task, mode, device
GroupKey = tuple[str, str, str, str, str]


def comparison_sections(record: SessionRecord, runs: list[RunResult]) -> ComparisonSection:
    """The comparison's part of the summary: per run, per configuration, per framework pair."""
    groups = _group_runs(runs)
    figures = _figures(record, runs)
    policy = pair_policy(record.config)
    return ComparisonSection(
        runs=tuple(run_summary(run, figures.get(run.run_id)) for run in runs),
        groups=tuple(group_summary(key, group, figures, policy.level) for key, group in groups.items()),
        comparisons=tuple(comparisons(groups, figures, policy, record.adaptive)),
        noise_floor=_session_noise_floor(groups, figures),
        adaptive=record.adaptive,
    )


def run_summary(run: RunResult, figures: RunFigures | None = None) -> RunRow:
    """One built-in run's figures: throughput by median step and by wall clock, other load."""
    spec = run.run_spec
    stats = step_stats(run.step_durations) if run.status == "ok" else None
    return RunRow(
        workload=spec.workload_label, task=spec.task, mode=spec.mode, device=spec.device,
        run_id=run.run_id, framework=spec.framework, repeat=spec.repeat, fields=spec_fields(spec),
        status=run.status, error=run.error,
        params={name: getattr(spec, name) for name in PARAM_FIELDS},
        throughput=None if figures is None else figures.throughput,
        wall_throughput=None if figures is None else figures.wall_throughput,
        wall_gap=None if figures is None else figures.wall_gap,
        wall_flag=None if figures is None else figures.wall_flag,
        other_load_cores=None if figures is None else figures.other_load_cores,
        interfered=None if figures is None else figures.interfered,
        model_parameters=None if figures is None else figures.parameters,
        warmup=run.info.get("warmup"),
        step_ms=None if stats is None else StepTimes(
            stats.p50_ms, stats.p90_ms, stats.p99_ms, stats.iqr_ms, stats.mean_ms, stats.count),
        noisy=None if stats is None else stats.noisy,
        phases_s=run.phase_durations(),
        counters=run.counters,
        compile_cache=run.info.get("compile_cache"),
        measure_sample_rate_hz=run.info.get("measure_sample_rate_hz"),  # None: the session's
        resources=run.resources,
        measure_resources=measure_resources(run),
    )


def group_summary(key: GroupKey, runs: list[RunResult], figures: dict[str, RunFigures] | None = None,
                  level: float = PairPolicy().level) -> GroupRow:
    """A configuration of one framework over its fresh processes; its throughput interval
    comes from the spread between processes (runs with interference left out). ``workload``
    is the label (size included); ``model``, ``size``, ``seq_len``, ``precision`` and
    ``parameters`` (counted at run time) spell it out."""
    framework, workload, task, mode, device = key
    figures = figures if figures is not None else _figures_of(runs)
    ok = [run for run in runs if is_measured(run)]
    clean = [run for run in ok if not figures[run.run_id].interfered]
    first_steps = [d for d in (r.phase_durations()["first_step"] for r in ok) if d is not None]
    windows = [measure_resources(r) for r in ok]
    return GroupRow(
        framework=framework, workload=workload, task=task, mode=mode, device=device,
        fields=runs_fields(runs),
        parameters=common_parameters([figures[r.run_id].parameters for r in ok]),
        loader=loader_fields(ok),
        runs=len(runs), runs_ok=len(ok), runs_clean=len(clean),
        status=_group_status(runs, ok),
        errors=tuple(sorted({str(run.error) for run in runs if run.status != "ok"})),
        throughput=_throughput([figures[r.run_id] for r in clean or ok], level) if ok else None,
        wall_throughput=_median_of([figures[r.run_id].wall_throughput for r in clean or ok]),
        wall_flags=sum(figures[r.run_id].wall_flag for r in ok),
        step_ms_p50=median([float(np.median(r.step_durations)) * 1e3 for r in ok]),
        step_ms_p99=median([float(np.percentile(r.step_durations, 99)) * 1e3 for r in ok]),
        first_step_s=median(first_steps),
        noisy=any(bool(s.noisy) for s in (step_stats(r.step_durations) for r in ok) if s),
        mean_cpu_percent=_median_of([w.get("cpu_percent_mean") for w in windows]),
        peak_rss_bytes=_max([r.resources.get("rss_bytes_peak") for r in ok]),
        gpu_busy_percent=_median_of([w.get("gpu_busy_percent_mean") for w in windows]),
        gpu_busy_too_few_samples=any("gpu_busy_too_few_samples" in w for w in windows),
    )


def comparisons(groups: dict[GroupKey, list[RunResult]], figures: dict[str, RunFigures],
                policy: PairPolicy, adaptive: dict[str, Any] | None = None) -> list[Verdict]:
    """TensorFlow / PyTorch ratio, interval and decision per configuration, graph modes first."""
    stopped = {tuple(c.get("config", ())): c.get("stopped_by")
               for c in (adaptive or {}).get("configs", []) if isinstance(c, dict)}
    configs = sorted({key[1:] for key in groups})
    entries = [compare_config(cfg, groups.get(("torch", *cfg), []),
                              groups.get(("tensorflow", *cfg), []), figures, policy,
                              stopped.get(cfg))
               for cfg in configs]
    return sorted(entries, key=comparison_order)


def _figures(record: SessionRecord, runs: list[RunResult]) -> dict[str, RunFigures]:
    cores = record.environment.get("cores_available")
    share = getattr(record.config, "interference_share", DEFAULT_SHARE)
    return {run.run_id: run_figures(run, cores if isinstance(cores, int) else None, share)
            for run in runs if is_measured(run)}


def _figures_of(runs: list[RunResult]) -> dict[str, RunFigures]:
    return {run.run_id: run_figures(run, None) for run in runs if is_measured(run)}


def _session_noise_floor(groups: dict[GroupKey, list[RunResult]],
                         figures: dict[str, RunFigures]) -> NoiseFloor | None:
    """This machine's run-to-run spread, pooled over every configuration's clean runs."""
    floor = pooled_spread([[figures[r.run_id].throughput for r in runs
                            if r.run_id in figures and not figures[r.run_id].interfered]
                           for runs in groups.values()])
    return None if floor is None else NoiseFloor(floor.spread, floor.dof)


def _group_status(runs: list[RunResult], ok: list[RunResult]) -> str:
    """ok when a run measured steps, else the runs' common status (skipped, failed, ...); of
    mixed ones, failed before stopped before the rest (a stop is not a failure)."""
    if ok:
        return "ok"
    statuses = {run.status for run in runs}
    if len(statuses) == 1:
        return statuses.pop()
    return next((s for s in ("failed", "stopped") if s in statuses), "failed")


def _group_runs(runs: list[RunResult]) -> dict[GroupKey, list[RunResult]]:
    groups: dict[GroupKey, list[RunResult]] = defaultdict(list)
    for run in runs:
        s = run.run_spec
        groups[(s.framework, s.workload_label, s.task, s.mode, s.device)].append(run)
    return dict(groups)


def _throughput(figures: list[RunFigures], level: float) -> Throughput:
    """Geometric mean over processes of their median-step throughput, with its interval."""
    est = geometric_estimate([f.throughput for f in figures], level)
    interval = est.interval()
    return Throughput(est.value, None if interval is None else (interval[0], interval[1]), est.n,
                      est.spread, level)


def _median_of(values: list[Any]) -> float | None:
    return median([float(v) for v in values if isinstance(v, (int, float))])


def _max(values: list[Any]) -> float | None:
    numbers = [float(v) for v in values if isinstance(v, (int, float))]
    return max(numbers) if numbers else None
