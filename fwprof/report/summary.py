"""The ``fwprof.summary/1`` document: per run, per configuration, and per framework pair.

Everything the CLI table, ``--json`` and later views show is computed here from the raw
step times, so a snapshot reproduces exactly the figures printed when it was recorded.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from fwprof.advice.base import AdviceContext
from fwprof.advice.registry import recommend
from fwprof.converge.plan import is_converge_run
from fwprof.converge.summary import converge_summary
from fwprof.deploy.spec import is_deploy_run
from fwprof.deploy.summary import deploy_summary
from fwprof.distributed.scaling import is_distributed, scaling_summary
from fwprof.effort.startup import startup_rows
from fwprof.report.scripts import script_summary
from fwprof.report.windows import measure_resources
from fwprof.results import RunResult, SessionRecord
from fwprof.stats.bootstrap import Estimate, ratio_estimate, throughput_estimate
from fwprof.stats.steps import step_stats
from fwprof.stats.verdict import verdict
from fwprof.trace.operators import operators_summary

SUMMARY_SCHEMA = "fwprof.summary/1"
PARAM_FIELDS = (
    "device", "batch_size", "steps", "warmup", "threads", "interop_threads", "precision",
    "seed", "channels_last",
)

GroupKey = tuple[str, str, str, str, str]  # framework, workload, task, mode, device


def build_summary(record: SessionRecord) -> dict[str, Any]:
    """The whole summary document for a session (script runs are listed under ``scripts``)."""
    builtin = [run for run in record.runs
               if not run.is_script and not is_distributed(run) and not is_deploy_run(run.spec)
               and not is_converge_run(run)]
    groups = _group_runs(builtin)
    summary = {
        "schema": SUMMARY_SCHEMA,
        "created": record.created,
        "status": record.status,
        "environment": record.environment,
        "runs": [run_summary(run) for run in builtin],
        "groups": [group_summary(key, runs) for key, runs in groups.items()],
        "comparisons": comparisons(groups),
        "scripts": [script_summary(run) for run in record.runs if run.is_script],
        "scaling": scaling_summary(record.runs, record.environment.get("cores_available")),
        "deploy": deploy_summary(record.runs),
        "converge": converge_summary(record.runs),
        "operators": operators_summary(builtin),
        "startup": startup_rows(builtin + [run for run in record.runs if is_converge_run(run)]),
    }
    context = AdviceContext(summary, builtin, [run for run in record.runs if is_converge_run(run)])
    summary["recommendations"] = [f.to_dict() for f in recommend(context)]
    return summary


def run_summary(run: RunResult) -> dict[str, Any]:
    """One built-in run's figures; throughput CI is over its own steps."""
    spec = run.run_spec
    stats = step_stats(run.step_durations) if run.status == "ok" else None
    return {
        "run_id": run.run_id, "framework": spec.framework, "workload": spec.workload,
        "task": spec.task, "mode": spec.mode, "repeat": spec.repeat,
        "status": run.status, "error": run.error,
        "params": {name: getattr(spec, name) for name in PARAM_FIELDS},
        "throughput": _throughput([run]) if stats else None,
        "step_ms": None if stats is None else {
            "p50": stats.p50_ms, "p90": stats.p90_ms, "p99": stats.p99_ms,
            "iqr": stats.iqr_ms, "mean": stats.mean_ms, "count": stats.count,
        },
        "noisy": None if stats is None else stats.noisy,
        "phases_s": run.phase_durations(),
        "counters": run.counters,
        "compile_cache": run.info.get("compile_cache"),
        "measure_sample_rate_hz": run.info.get("measure_sample_rate_hz"),  # None: the session's
        "resources": run.resources,
        "measure_resources": measure_resources(run),
    }


def group_summary(key: GroupKey, runs: list[RunResult]) -> dict[str, Any]:
    """A configuration of one framework over its repeats."""
    framework, workload, task, mode, device = key
    ok = [run for run in runs if run.status == "ok" and run.step_durations.size]
    first_steps = [d for d in (r.phase_durations()["first_step"] for r in ok) if d is not None]
    windows = [measure_resources(r) for r in ok]
    return {
        "framework": framework, "workload": workload, "task": task, "mode": mode,
        "device": device, "runs": len(runs), "runs_ok": len(ok),
        "errors": sorted({str(run.error) for run in runs if run.status != "ok"}),
        "throughput": _throughput(ok) if ok else None,
        "step_ms_p50": _median([float(np.median(r.step_durations)) * 1e3 for r in ok]),
        "step_ms_p99": _median([float(np.percentile(r.step_durations, 99)) * 1e3 for r in ok]),
        "first_step_s": _median(first_steps),
        "noisy": any(bool(s.noisy) for s in (step_stats(r.step_durations) for r in ok) if s),
        "mean_cpu_percent": _median_of([w.get("cpu_percent_mean") for w in windows]),
        "peak_rss_bytes": _max([r.resources.get("rss_bytes_peak") for r in ok]),
        "gpu_busy_percent": _median_of([w.get("gpu_busy_percent_mean") for w in windows]),
    }


def comparisons(groups: dict[GroupKey, list[RunResult]]) -> list[dict[str, Any]]:
    """TensorFlow / PyTorch throughput ratio with CI and verdict per configuration."""
    configs = sorted({key[1:] for key in groups})
    return [_compare(cfg, groups.get(("torch", *cfg), []), groups.get(("tensorflow", *cfg), []))
            for cfg in configs]


def _compare(cfg: tuple[str, ...], torch_runs: list[RunResult],
             tf_runs: list[RunResult]) -> dict[str, Any]:
    workload, task, mode, device = cfg
    entry: dict[str, Any] = {"workload": workload, "task": task, "mode": mode, "device": device,
                             "ratio": None, "ci95": None}
    ok_torch, ok_tf = _ok_durations(torch_runs), _ok_durations(tf_runs)
    if not ok_torch or not ok_tf:
        entry["verdict"] = _missing_side(torch_runs, tf_runs, ok_torch, ok_tf)
        return entry
    ratio = ratio_estimate(ok_tf, tf_runs[0].run_spec.batch_size, ok_torch,
                           torch_runs[0].run_spec.batch_size)
    entry.update(ratio=ratio.value, ci95=[ratio.low, ratio.high], verdict=verdict(ratio))
    return entry


def _missing_side(torch_runs: list[RunResult], tf_runs: list[RunResult],
                  ok_torch: list[np.ndarray], ok_tf: list[np.ndarray]) -> str:
    reasons = []
    for name, runs, ok in (("torch", torch_runs, ok_torch), ("tensorflow", tf_runs, ok_tf)):
        if not runs:
            reasons.append(f"{name} not run")
        elif not ok:
            errors = sorted({str(r.error) for r in runs if r.error})
            reasons.append(f"{name} {runs[0].status}: {errors[0] if errors else 'no steps'}")
    return "no comparison: " + "; ".join(reasons)


def _group_runs(runs: list[RunResult]) -> dict[GroupKey, list[RunResult]]:
    groups: dict[GroupKey, list[RunResult]] = defaultdict(list)
    for run in runs:
        s = run.run_spec
        groups[(s.framework, s.workload, s.task, s.mode, s.device)].append(run)
    return dict(groups)


def _ok_durations(runs: list[RunResult]) -> list[np.ndarray]:
    return [r.step_durations for r in runs if r.status == "ok" and r.step_durations.size]


def _throughput(runs: list[RunResult]) -> dict[str, Any]:
    est: Estimate = throughput_estimate([r.step_durations for r in runs], runs[0].run_spec.batch_size)
    return {"median": est.value, "ci95": [est.low, est.high], "unit": "samples/s"}


def _median(values: list[float]) -> float | None:
    return float(np.median(values)) if values else None


def _median_of(values: list[Any]) -> float | None:
    return _median([float(v) for v in values if isinstance(v, (int, float))])


def _max(values: list[Any]) -> float | None:
    numbers = [float(v) for v in values if isinstance(v, (int, float))]
    return max(numbers) if numbers else None
