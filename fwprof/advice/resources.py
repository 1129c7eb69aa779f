"""Rules about resources during the measure phase: an idle GPU, memory that keeps growing."""

from __future__ import annotations

import numpy as np

from fwprof.advice.base import AdviceContext, Finding, scope_of
from fwprof.report.sections import GroupRow
from fwprof.results import RunResult
from fwprof.sampling.store import TimeSeriesStore

GPU_BUSY_MIN = 50.0
#: Growth over the measure phase that counts as a leak: this much, and this share of the start.
GROWTH_MIN_BYTES = 16 * 2**20
GROWTH_MIN_SHARE = 0.05
#: The growth must be steady: a straight line must explain this share of the RSS variance.
GROWTH_MIN_R2 = 0.6
MIN_SAMPLES = 5


class GpuIdleRule:
    """The GPU was busy less than half of the measured time."""

    name = "gpu-underused"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for group in context.groups():
            busy = group.gpu_busy_percent
            if group.device == "cuda" and busy is not None and busy < GPU_BUSY_MIN:
                findings.append(Finding(
                    self.name, "tip", f"the GPU was busy only {busy:.0f} % of the measured time",
                    f"{scope_of(group, False)}: GPU busy {busy:.0f} % during measure, CPU "
                    f"{group.mean_cpu_percent or 0:.0f} %",
                    "The GPU waits for the host: input-bound or launch-bound. Try a larger batch, "
                    "fewer small kernels (torch.compile mode='reduce-overhead' / CUDA graphs, XLA), "
                    "and keep data on the device.", scope_of(group)))
        return findings


class MemoryGrowthRule:
    """Resident memory rose steadily through the measure phase: a leak across steps."""

    name = "memory-growth"

    def check(self, context: AdviceContext) -> list[Finding]:
        findings = []
        for group in context.groups():
            growths = [(run, g) for run in context.runs_of(group) if (g := rss_growth(run)) is not None]
            leaking = [(run, g) for run, g in growths if _is_leak(g)]
            if leaking:
                run, worst = max(leaking, key=lambda item: item[1]["bytes"])
                findings.append(self._finding(group, run, worst, len(leaking), len(growths)))
        return findings

    def _finding(self, group: GroupRow, run: RunResult, growth: dict[str, float], leaking: int,
                 total: int) -> Finding:
        per_step = growth["bytes"] / max(len(run.steps), 1)
        return Finding(
            self.name, "warning",
            f"memory grew {growth['bytes'] / 2**20:.0f} MiB during the measured steps",
            f"{scope_of(group, False)}: RSS {growth['start'] / 2**20:.0f} -> "
            f"{(growth['start'] + growth['bytes']) / 2**20:.0f} MiB over {growth['seconds']:.1f} s "
            f"({growth['slope'] / 2**20:.2f} MiB/s, about {per_step / 1024:.0f} KiB per step, "
            f"r² {growth['r2']:.2f}) in {leaking} of {total} run(s); worst {run.run_id}",
            "Something is kept from every step: tensors that hold their autograd graph (sum losses "
            "with loss.item(), not loss), lists of outputs, or in TensorFlow new tf.functions or "
            "variables created inside the loop.", scope_of(group))


def rss_growth(run: RunResult) -> dict[str, float] | None:
    """Straight-line fit of the run's RSS over its measure phase: slope (bytes/s), growth over
    the phase, RSS at its start, seconds and r²; None without enough samples."""
    span = run.phase("measure")
    series = run.series.get("series") if isinstance(run.series, dict) else None
    if span is None or span.end is None or not isinstance(series, dict):
        return None
    try:
        t, rss = TimeSeriesStore.from_dict(series).series("rss_bytes")
    except (KeyError, TypeError, ValueError):
        return None
    inside = (t >= span.start) & (t <= span.end) & np.isfinite(rss)
    t, rss = t[inside], rss[inside]
    if t.size < MIN_SAMPLES or np.ptp(t) <= 0:
        return None
    slope, intercept = np.polyfit(t - t[0], rss, 1)
    fitted = intercept + slope * (t - t[0])
    variance = float(np.var(rss))
    r2 = 1.0 - float(np.var(rss - fitted)) / variance if variance > 0 else 0.0
    seconds = float(span.end - span.start)
    return {"slope": float(slope), "bytes": float(slope) * seconds, "start": float(intercept),
            "seconds": seconds, "r2": r2}


def _is_leak(growth: dict[str, float]) -> bool:
    enough = growth["bytes"] >= max(GROWTH_MIN_BYTES, GROWTH_MIN_SHARE * growth["start"])
    return enough and growth["r2"] >= GROWTH_MIN_R2
