"""Script runs (``fwprof profile``) in the summary document and the text report.

Step figures skip the first step, whose duration runs from the script's start (imports, model
building, tracing) to its end: it is reported on its own as ``first_step_s``, as the first
step of a built-in run is never folded into its averages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from fwprof.numbers import sig
from fwprof.report.sections import StepTimes
from fwprof.results import RunResult
from fwprof.scenarios.profile.section import KindSteps, ScriptPhase, ScriptRow, StepRate
from fwprof.scenarios.profile.step_clock import step_times, step_times_text
from fwprof.scenarios.profile.step_kinds import other_kinds, step_marker, train_rate
from fwprof.stats.steps import step_stats

#: The step-rate curve has at most this many points.
RATE_POINTS = 120


def script_summary(run: RunResult) -> ScriptRow:
    """One script run's figures."""
    spec = run.script_spec
    durations, ends = run.step_durations, run.step_ends
    return ScriptRow(
        run_id=run.run_id, label=spec.label, kind=spec.kind, argv=tuple(spec.argv),
        python=spec.python, cwd=spec.cwd, pid=run.pid,
        status=run.status, error=run.error, exit_code=run.exit_code,
        traceback=_traceback(run),
        duration_s=_span(run.started_at, run.ended_at),
        frameworks=run.info.get("frameworks", {}),
        attached=run.info.get("attached"),
        step_source=run.info.get("step_source"),
        step_sources=tuple(run.info.get("step_sources", [])),
        steps=int(durations.size),
        step_marker=step_marker(run),
        first_step_s=float(durations[0]) if durations.size else None,
        steps_per_s=train_rate(run),
        other_steps=other_kinds(run),
        step_ms=_step_ms(durations[1:]),
        step_times=step_times(run),
        step_rate=step_rate_series(ends, run.started_at),
        phases=_phases(run),
        steps_by_process=run.info.get("steps_by_process") or {},
        log=tuple(str(e.get("message")) for e in run.events if e.get("k") == "log"),
        resources=run.resources,
    )


def step_rate_series(ends: np.ndarray, origin: float | None, points: int = RATE_POINTS) -> StepRate:
    """Steps per second over time: ``t`` (bin centres, seconds since ``origin``) and rates."""
    if ends.size < 2:
        return StepRate()
    start = float(ends[0]) if origin is None else float(origin)
    last = float(ends.max())
    if last <= start:
        return StepRate()
    width = max(1.0, (last - start) / points)
    edges = np.arange(start, last + width, width)
    counts, _ = np.histogram(ends, bins=edges)
    centres = (edges[:-1] + edges[1:]) / 2 - start
    return StepRate(tuple(round(float(t), 3) for t in centres),
                    tuple(float(c) / width for c in counts))


def render_scripts(scripts: Sequence[ScriptRow]) -> list[str]:
    """Text lines for the script runs of a summary (none: no lines)."""
    lines: list[str] = []
    for script in scripts:
        lines += ["", _headline(script), *_details(script)]
    return ["Script runs:", *lines] if lines else []


def _headline(script: ScriptRow) -> str:
    code = script.exit_code
    exit_text = f", exit {code}" if code is not None else ""
    return f"  {script.run_id} {script.command}: {script.status}{exit_text}, {_seconds(script.duration_s)}"


def _details(script: ScriptRow) -> list[str]:
    rows = [("steps", _steps_text(script))]
    if script.other_steps:
        rows.append(("other", _other_steps_text(script.other_steps)))
    if script.frameworks:
        rows.append(("frameworks", ", ".join(
            f"{name} {info.get('version') or '?'}" for name, info in sorted(script.frameworks.items()))))
    if len(script.steps_by_process) > 1:
        rows.append(("processes", _processes_text(script.steps_by_process)))
    if script.attached:
        attached = script.attached
        rows.append(("attached", " ".join(attached.get("cmdline") or [attached.get("name", "?")])))
    if script.phases:
        rows.append(("phases", _phases_text(script.phases)))
    rows.append(("resources", _resources_text(script.resources)))
    if script.error:
        rows.append(("error", str(script.error)))
    lines = [f"    {name:<11}{text}" for name, text in rows]
    lines += [f"    {note}" for note in script.log]
    if script.traceback:
        lines += ["    " + line for line in str(script.traceback).rstrip().splitlines()[-12:]]
    return lines


def _processes_text(by_process: Mapping[str, Mapping[str, int]]) -> str:
    """Steps by the process that made them: ``pid 123: 20 train; pid 456: 20 train``."""
    return "; ".join(f"pid {pid}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items())
                     for pid, counts in sorted(by_process.items(), key=lambda item: int(item[0])))


def _steps_text(script: ScriptRow) -> str:
    count = script.steps
    if not count:
        return "none detected (call fwprof.step() in the script's loop)"
    sources = ", ".join(script.step_sources) or "?"
    marker = script.step_marker
    parts = [f"{count} train" + (f" = {marker}" if marker else "") + f" ({sources})"]
    if script.steps_per_s is not None:
        parts.append(f"{sig(script.steps_per_s)} steps/s")
    if script.step_ms:
        ms = script.step_ms
        parts.append(f"step p50 {sig(ms.p50)} ms, p90 {sig(ms.p90)} ms")
    if clock := step_times_text(script.step_times):
        parts.append(clock)
    if script.first_step_s is not None:
        parts.append(f"first step {_seconds(script.first_step_s)}")
    return "; ".join(parts)


def _other_steps_text(others: Mapping[str, KindSteps]) -> str:
    """``eval 6 (150 steps/s, p50 4 ms); predict 2 (...)``: counted apart from training."""
    parts = []
    for kind, figures in others.items():
        rate = figures.steps_per_s
        details = [] if rate is None else [f"{sig(rate)} steps/s"]
        if figures.step_ms:
            details.append(f"p50 {sig(figures.step_ms.p50)} ms")
        parts.append(f"{kind} {figures.steps}" + (f" ({', '.join(details)})" if details else ""))
    return "; ".join(parts)


def _phases_text(phases: Sequence[ScriptPhase]) -> str:
    totals: dict[str, list[float]] = {}
    for span in phases:
        if span.duration_s is not None:
            totals.setdefault(span.name, []).append(float(span.duration_s))
    return "; ".join(
        f"{name} {_seconds(sum(values))}" + (f" (x{len(values)})" if len(values) > 1 else "")
        for name, values in totals.items())


def _resources_text(resources: Mapping[str, Any]) -> str:
    cpu, rss = resources.get("cpu_percent_mean"), resources.get("rss_bytes_peak")
    busy = (resources.get("gpu") or {}).get("busy_percent_mean")
    return ", ".join([
        "CPU -" if cpu is None else f"CPU {cpu:.0f}% mean",
        "peak RSS -" if rss is None else f"peak RSS {rss / 2**20:.0f} MiB",
        "GPU busy -" if busy is None else f"GPU busy {busy:.0f}%",
    ])


def _traceback(run: RunResult) -> str | None:
    errors = [e for e in run.events if e.get("k") == "error" and e.get("traceback")]
    return str(errors[-1]["traceback"]) if errors else None


def _phases(run: RunResult) -> tuple[ScriptPhase, ...]:
    origin = run.started_at if run.started_at is not None else 0.0
    return tuple(ScriptPhase(p.name, p.start - origin, p.duration) for p in run.phases)


def _step_ms(durations: np.ndarray) -> StepTimes | None:
    stats = step_stats(durations)
    if stats is None:
        return None
    return StepTimes(stats.p50_ms, stats.p90_ms, stats.p99_ms, stats.iqr_ms, stats.mean_ms, stats.count)


def _span(start: float | None, end: float | None) -> float | None:
    return None if start is None or end is None else end - start


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"

