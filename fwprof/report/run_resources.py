"""Memory and GPU activity per run: process memory next to the framework allocator's figures
(the child's ``memory`` events), GPU busy % next to what the SMs did (NVML GPM), both GPU
figures averaged over the measure phase (start-up would dilute them; the whole run for a run
without one).

A figure that was not measured is None with the reason in a note: the allocator has none on a
CPU, GPM none before Hopper or without a GPU. Runs with neither a ``memory`` event nor a
sampled GPU are left out.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from fwprof.child.allocator import MEMORY_EVENT
from fwprof.report.columns import aligned
from fwprof.report.windows import measure_window
from fwprof.results import RunResult

#: NVML GPM figures of a run's sampling summary (``resources['gpu']``), mean over the run.
GPM_FIGURES = ("sm_active_percent", "sm_occupancy_percent", "tensor_active_percent", "dram_bw_percent")


def run_resources(runs: list[RunResult]) -> list[dict[str, Any]]:
    """One row per run that has allocator events or a sampled GPU."""
    rows = [_row(run) for run in runs]
    return [row for row in rows if row["allocator"] is not None or row["gpu"] is not None]


def allocator_figures(run: RunResult) -> dict[str, Any] | None:
    """Peaks over the run's ``memory`` events, how many there were, or the child's note."""
    events = [e for e in run.events if e.get("k") == MEMORY_EVENT]
    if not events:
        return None
    readings = [e for e in events if not e.get("note")]
    notes = [str(e["note"]) for e in events if e.get("note")]
    return {"source": str(events[0].get("source") or ""), "readings": len(readings),
            "allocated_bytes_peak": _peak(readings, "allocated_bytes"),
            "reserved_bytes_peak": _peak(readings, "reserved_bytes"),
            "peak_allocated_bytes": _peak(readings, "peak_allocated_bytes"),
            "note": notes[-1] if notes else ""}


def gpu_activity(run: RunResult) -> tuple[dict[str, Any] | None, str]:
    """Busy % and the GPM means over the measure phase (over the whole run where it has none),
    and why GPM figures are missing (if they are)."""
    resources = run.resources if isinstance(run.resources, dict) else {}
    gpu = resources.get("gpu")
    if not isinstance(gpu, dict) or not gpu.get("available"):
        return None, ""
    figures = {"busy_percent": gpu.get("busy_percent_mean"),
               **{name: gpu.get(f"{name}_mean") for name in GPM_FIGURES}}
    figures.update(_measure_means(run, list(figures)))
    unavailable = resources.get("unavailable") or {}
    reason = "" if figures["sm_active_percent"] is not None else str(
        unavailable.get("gpu_sm_active_percent") or "not measured")
    return figures, reason


def _measure_means(run: RunResult, names: list[str]) -> dict[str, float | None]:
    """Means of ``gpu_<name>`` over the measure phase ({} without a measure phase or series)."""
    window = measure_window(run)
    if window is None:
        return {}
    start, end, store = window
    means: dict[str, float | None] = {}
    for name in names:
        t, values = store.series("gpu_" + name)
        inside = values[(t >= start) & (t <= end) & np.isfinite(values)]
        means[name] = float(inside.mean()) if inside.size else None
    return means


def _row(run: RunResult) -> dict[str, Any]:
    gpu, gpu_note = gpu_activity(run)
    resources = run.resources if isinstance(run.resources, dict) else {}
    sampled_gpu = resources.get("gpu")
    sampled_gpu = sampled_gpu if isinstance(sampled_gpu, dict) else {}
    return {"run_id": run.run_id, "label": _label(run), "rss_bytes_peak": resources.get("rss_bytes_peak"),
            "gpu_proc_mem_bytes_peak": sampled_gpu.get("proc_mem_bytes_peak"),
            "allocator": allocator_figures(run), "gpu": gpu, "gpu_note": gpu_note}


def _label(run: RunResult) -> str:
    if run.is_script:
        return run.run_id
    spec = run.run_spec
    return " ".join([spec.framework, spec.workload, spec.task, spec.mode, spec.device])


def _peak(events: list[dict[str, Any]], key: str) -> int | None:
    values = [v for e in events if isinstance(v := e.get(key), (int, float)) and not isinstance(v, bool)
              and math.isfinite(v)]
    return int(max(values)) if values else None


#: The heading of the notes alone, when no run had a figure to show (CPU runs).
NOT_MEASURED_HEADING = "Framework allocator memory and GPU activity: not measured"


def has_figures(row: dict[str, Any]) -> bool:
    """Whether a row has something for the table: allocator readings or a sampled GPU."""
    allocator = row["allocator"] or {}
    return bool(allocator.get("readings")) or row["gpu"] is not None


def render_run_resources(rows: list[dict[str, Any]]) -> list[str]:
    """The text table (memory, then GPU activity where a GPU was sampled) and its notes; only
    the notes when no run had a figure (peak RSS is in the comparison's table already)."""
    if not rows:
        return []
    notes = [f"  {note}" for note in resource_notes(rows)]
    if not any(has_figures(row) for row in rows):
        return [NOT_MEASURED_HEADING, *notes]
    with_gpu = any(row["gpu"] is not None for row in rows)
    cells = [resource_cells(row, with_gpu) for row in rows]
    table = aligned(resource_headers(with_gpu), cells, numeric_from=1)
    return ["Memory and GPU activity per run (framework allocator; NVML GPM)", *table, *notes]


def resource_headers(with_gpu: bool) -> list[str]:
    """Column names: memory, then GPU activity where a GPU was sampled."""
    headers = ["run", "peak RSS", "GPU proc mem", "alloc peak", "reserved peak"]
    return headers + (["GPU busy %", "SM active %", "SM occ %", "tensor %", "DRAM bw %"] if with_gpu else [])


def resource_cells(row: dict[str, Any], with_gpu: bool) -> list[str]:
    """One row's cells as text ('-' where not measured)."""
    allocator = row["allocator"] or {}
    cells = [f"{row['run_id']} {row['label']}", _mib(row["rss_bytes_peak"]),
             _mib(row["gpu_proc_mem_bytes_peak"]), _mib(allocator.get("allocated_bytes_peak")),
             _mib(allocator.get("reserved_bytes_peak"))]
    if with_gpu:
        gpu = row["gpu"] or {}
        cells += [_percent(gpu.get(name)) for name in ("busy_percent", *GPM_FIGURES)]
    return cells


def resource_notes(rows: list[dict[str, Any]]) -> list[str]:
    """Why figures are missing, once per reason: ``r001, r002: not available: ...``."""
    notes: dict[str, list[str]] = {}
    for row in rows:
        for note in ((row["allocator"] or {}).get("note"), row["gpu_note"]):
            if note:
                notes.setdefault(str(note), []).append(row["run_id"])
    return [f"{', '.join(ids)}: {note}" for note, ids in notes.items()]


def _mib(value: Any) -> str:
    return "-" if not isinstance(value, (int, float)) else f"{value / 2**20:,.0f} MiB"


def _percent(value: Any) -> str:
    return "-" if not isinstance(value, (int, float)) else f"{value:.0f}"
