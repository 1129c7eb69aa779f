"""The deploy section of the summary document: one :class:`FormatRow` per (framework, workload,
format), JSON only through :meth:`DeploySection.to_json` (the ``deploy`` list).

Every figure comes from the stage runs' phases, steps and ``info``, so a snapshot reproduces
the table exactly. A row's ``status`` is ``ok`` when every stage succeeded, ``unavailable``
when the format cannot run here (``error`` holds the exact reason), ``failed`` when a stage
failed (``failed_stage`` and ``error`` say which and why), else the stages' ``stopped``,
``skipped``, ``running`` or ``pending``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.deploy_formats import FORMATS, PARITY_TOLERANCE, STAGES, UNAVAILABLE_KEY
from fwprof.results import RunResult
from fwprof.scenarios.deploy.section import (
    DeploySection,
    FormatRow,
    Latency,
    Parity,
    StageBrief,
    Throughput,
)
from fwprof.specs.deploy import DeploySpec
from fwprof.stats.bootstrap import throughput_estimate
from fwprof.stats.steps import step_stats

FormatKey = tuple[str, str, str, str]  # framework, workload, format, device


def deploy_summary(runs: list[RunResult]) -> DeploySection:
    """One row per format of the session's deploy runs, in the order they were planned."""
    by_key: dict[FormatKey, dict[str, RunResult]] = defaultdict(dict)
    for run in runs:
        if isinstance(run.spec, DeploySpec):
            by_key[run.spec.format_key][run.spec.stage] = run
    return DeploySection(tuple(format_row(key, stages) for key, stages in by_key.items()))


def format_row(key: FormatKey, stages: dict[str, RunResult]) -> FormatRow:
    """The figures of one format (``None`` where a stage did not produce them)."""
    framework, workload, name, device = key
    info = FORMATS.get((framework, name))
    export, load = stages.get("export"), stages.get("load")
    latency, throughput = stages.get("latency"), stages.get("throughput")
    status, failed_stage, error = _status(stages)
    return FormatRow(
        framework=framework, framework_label=FRAMEWORK_LABELS.get(framework, framework),
        workload=workload, format=name, device=device,
        format_label=info.label if info else name,
        exporter=info.exporter if info else None, runtime_label=info.runtime if info else None,
        status=status, failed_stage=failed_stage, error=error,
        threads=_spec(next(iter(stages.values()))).threads if stages else None,
        export_s=_phase(export, "export"),
        artifact_bytes=_info(export, "artifact_bytes"),
        warnings=tuple(_info(export, "warnings") or ()),
        warning_count=_info(export, "warning_count") or 0,
        versions=_info(export, "exporter") or {},
        runtime=_info(load, "runtime") or _info(latency, "runtime"),
        import_s=_phase(load, "import"),
        load_s=_phase(load, "load"),
        first_inference_s=_phase(load, "first_inference"),
        parity=Parity.from_json(_info(load, "parity")),
        parity_tolerance=PARITY_TOLERANCE,
        latency_ms=_latency(latency),
        throughput=_throughput(throughput),
        peak_rss_bytes=_peak_rss(latency),
        stages={stage: _stage_brief(run) for stage, run in stages.items()},
    )


def _status(stages: dict[str, RunResult]) -> tuple[str, str | None, str | None]:
    """(status, failed stage, error) of a format from its stages, in stage order."""
    ordered = [stages[s] for s in STAGES if s in stages]
    for run in ordered:
        if run.info.get(UNAVAILABLE_KEY):
            return "unavailable", None, str(run.info[UNAVAILABLE_KEY])
    for run in ordered:
        if run.status in ("failed", "stopped"):
            return run.status, _spec(run).stage, run.error
    for status in ("running", "pending", "skipped"):
        blocked = next((run for run in ordered if run.status == status), None)
        if blocked is not None:
            return status, None, blocked.error
    return ("ok", None, None) if len(ordered) == len(STAGES) else ("incomplete", None, None)


def _spec(run: RunResult) -> DeploySpec:
    spec = run.spec
    assert isinstance(spec, DeploySpec)
    return spec


def _phase(run: RunResult | None, name: str) -> float | None:
    span = None if run is None else run.phase(name)
    return None if span is None else span.duration


def _info(run: RunResult | None, key: str) -> Any:
    return None if run is None else run.info.get(key)


def _latency(run: RunResult | None) -> Latency | None:
    if run is None or run.status != "ok":
        return None
    stats = step_stats(run.step_durations)
    if stats is None:
        return None
    return Latency(p50=stats.p50_ms, p90=stats.p90_ms, p99=stats.p99_ms, mean=stats.mean_ms,
                   iqr=stats.iqr_ms, count=stats.count, noisy=stats.noisy, batch_size=1)


def _throughput(run: RunResult | None) -> Throughput | None:
    if run is None or run.status != "ok" or not run.step_durations.size:
        return None
    batch = _spec(run).batch_size
    estimate = throughput_estimate([run.step_durations], batch)
    return Throughput(median=estimate.value, low=estimate.low, high=estimate.high, batch_size=batch,
                      batches=int(run.step_durations.size), unit="samples/s")


def _peak_rss(run: RunResult | None) -> float | None:
    value = None if run is None else run.resources.get("rss_bytes_peak")
    return float(value) if isinstance(value, (int, float)) else None


def _stage_brief(run: RunResult) -> StageBrief:
    return StageBrief(run_id=run.run_id, status=run.status, error=run.error,
                      phases_s={span.name: span.duration for span in run.phases})
