"""The comparison's side-by-side text table, its notes and verdicts (``fwprof run``, ``fwprof show``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fwprof.catalog import FRAMEWORK_LABELS
from fwprof.numbers import sig
from fwprof.report.sections import ComparisonSection, GroupRow, RunRow, Throughput
from fwprof.report.verdict_lines import render_verdicts
from fwprof.report.workload_fields import parameters_text

HEADERS = (
    "workload", "task", "mode", "framework", "precision", "params", "runs", "samples/s [95% CI]",
    "wall-clock/s", "p50 ms", "p99 ms", "1st step s", "CPU %", "peak RSS",
)
#: Columns from this one on hold numbers (right-aligned).
FIRST_NUMBER_COLUMN = 5
GPU_HEADER = "GPU busy %"


def render_comparison(section: ComparisonSection) -> list[str]:
    """The per-configuration table, its notes, and one verdict per comparison."""
    groups = section.groups
    with_gpu = any(group.gpu_busy_percent is not None or group.gpu_busy_too_few_samples
                   for group in groups)
    rows = [group_row(group, with_gpu) for group in groups]
    parts = [render_table((*HEADERS, GPU_HEADER) if with_gpu else HEADERS, rows)]
    measured = "CPU % and GPU busy % are" if with_gpu else "CPU % is"
    parts.append(f"({measured} the mean over the measure phase; 100 % CPU = one core)")
    slowed = section.measure_sample_rates()
    if slowed:
        rates = "/".join(f"{rate:g}" for rate in slowed)
        parts.append(f"(runs that used every core were sampled at {rates} Hz while measured, "
                     "so that sampling does not slow them; --busy-measure-rate)")
    parts += _run_flags(section.runs)
    parts += _loader_lines(groups)
    parts += render_verdicts(section)
    parts += _failures(section.runs)
    return parts


def environment_line(env: Mapping[str, Any]) -> str:
    versions = ", ".join(
        f"{FRAMEWORK_LABELS.get(name, name)} {info.get('version', '?')}"
        for name, info in sorted(env.get("frameworks", {}).items())
    )
    cores = env.get("cores_available", "?")
    gpu = env.get("gpu", {})
    gpus = ", ".join(d.get("name", "?") for d in gpu.get("devices", [])) or "no GPU"
    return f"{env.get('cpu_model', '?')} ({cores} cores), {gpus}; {versions or 'no framework ran'}"


def group_row(group: GroupRow, with_gpu: bool = False) -> list[str]:
    """One table row for a configuration of one framework: the workload label (with a
    reference model's size), its precision and trainable parameters, then the figures."""
    tput = group.throughput
    gpu = group.gpu_busy_percent
    few = "too few samples" if group.gpu_busy_too_few_samples else "-"
    gpu_cell = [few if gpu is None else f"{gpu:.0f}"] if with_gpu else []
    return [
        group.workload, group.task, group.mode,
        FRAMEWORK_LABELS.get(group.framework, group.framework),
        str(group.fields.precision or "-"), parameters_text(group.parameters),
        f"{group.runs_ok}/{group.runs}",
        _throughput_text(tput) if tput else str(group.status or "failed"),
        "-" if group.wall_throughput is None else sig(group.wall_throughput),
        _num(group.step_ms_p50, 3), _num(group.step_ms_p99, 3),
        _num(group.first_step_s, 2), _num(group.mean_cpu_percent, None),
        _bytes(group.peak_rss_bytes), *gpu_cell,
    ]


def render_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain aligned columns: text left, numbers right."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
              for i, h in enumerate(headers)]
    numeric = [i >= FIRST_NUMBER_COLUMN for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric, strict=False)
        ).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _throughput_text(tput: Throughput) -> str:
    if not tput.ci95:
        return f"{sig(tput.median)} [one process]"
    low, high = tput.ci95
    return f"{sig(tput.median)} [{sig(low)}-{sig(high)}]"


def _run_flags(runs: Sequence[RunRow]) -> list[str]:
    """Lines naming runs left out for interference and runs whose wall clock disagrees."""
    lines = []
    interfered = [r for r in runs if r.interfered]
    if interfered:
        most = max(float(r.other_load_cores or 0.0) for r in interfered)
        lines.append(f"({len(interfered)} run(s) left out of the figures and verdicts: other "
                     f"processes used up to {most:.1f} cores while they were measured: "
                     f"{', '.join(r.label for r in interfered)})")
    gaps = [r for r in runs if r.wall_flag and r.wall_gap is not None]
    if gaps:
        worst = max(gaps, key=lambda r: abs(float(r.wall_gap or 0.0)))
        lines.append(f"(wall-clock throughput differs from the median-step figure by more than "
                     f"10 % in {len(gaps)} run(s), up to {worst.wall_gap:+.0%} in "
                     f"{worst.label}: steps were not all alike)")
    return lines


def _loader_lines(groups: Sequence[GroupRow]) -> list[str]:
    """``--data pipeline``: each input pipeline's own throughput, measured before training."""
    lines = []
    for group in groups:
        loader = group.loader
        if isinstance(loader, Mapping) and isinstance(loader.get("samples_per_s"), (int, float)):
            name = FRAMEWORK_LABELS.get(group.framework, group.framework)
            lines.append(f"(input pipeline alone, {group.workload} {group.mode}, {name}: "
                         f"{sig(loader['samples_per_s'])} samples/s with {loader.get('workers')} "
                         f"worker(s): {loader.get('kind')})")
    return lines


def _failures(runs: Sequence[RunRow]) -> list[str]:
    failed = [r for r in runs if r.status != "ok"]
    if not failed:
        return []
    lines = ["", "Runs that did not complete:"]
    for run in failed:
        lines.append(f"  {run.label}: {run.status}: {run.error}")
    return lines


def _num(value: float | None, digits: int | None) -> str:
    """A figure to ``digits`` significant digits (None: as a whole number); ``-`` when missing."""
    if value is None:
        return "-"
    return f"{value:.0f}" if digits is None else f"{value:.{digits}g}"


def _bytes(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 2**20:.0f} MiB"
