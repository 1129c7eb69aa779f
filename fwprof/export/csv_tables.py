"""CSV: the sampled time series, the summary table and every step, as three files.

``PATH`` (e.g. ``out.csv``) holds one row per sample of every run: ``run_id``, ``run``
(its label), ``t_s`` (seconds since the session began), then one column per run-level
metric (names and units as in :mod:`fwprof.sampling.metrics`; bytes, %, W, ...). A cell is
empty where the metric was not measured. Per-process series stay in the snapshot and trace.

``PATH-summary.csv`` holds one row per configuration and framework (the table of
``fwprof show``) with the TensorFlow / PyTorch ratio and verdict of its configuration; its
``workload`` is the label (``resnet50/tiny``), and the last columns spell it out: ``model``,
``size`` and ``seq_len`` (empty: a built-in workload; the model's own), ``precision`` and
``parameters`` (trainable, counted at run time).
``PATH-steps.csv`` holds every measured step: ``run_id``, ``step``, ``end_s``, ``duration_ms``.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from fwprof.export.base import companion_path, write_text
from fwprof.export.timeline import run_label, run_samples, session_origin
from fwprof.outputs.summary import build_summary
from fwprof.report.sections import ComparisonSection, GroupRow, Verdict
from fwprof.results import SessionRecord

#: Metrics listed first, in this order; any others follow alphabetically.
LEADING_METRICS = (
    "cpu_percent", "cpu_share_percent", "rss_bytes", "uss_bytes", "threads",
    "gpu_busy_percent", "gpu_sm_active_percent", "gpu_sm_occupancy_percent", "gpu_tensor_active_percent",
    "gpu_dram_bw_percent", "gpu_mem_used_bytes", "gpu_proc_mem_bytes", "gpu_power_w", "gpu_energy_j",
    "sys_cpu_percent", "sys_mem_used_bytes",
)
SUMMARY_COLUMNS = (
    "workload", "task", "mode", "device", "framework", "runs", "runs_ok",
    "throughput_samples_per_s", "throughput_ci95_low", "throughput_ci95_high",
    "step_ms_p50", "step_ms_p99", "first_step_s", "mean_cpu_percent", "peak_rss_bytes",
    "gpu_busy_percent", "noisy", "tf_over_torch_ratio", "ratio_ci95_low", "ratio_ci95_high",
    "verdict", "errors", "wall_clock_samples_per_s", "decision", "winner", "pairs",
    "noise_floor", "margin", "model", "size", "seq_len", "precision", "parameters",
)


def write_csv(record: SessionRecord, path: Path) -> list[Path]:
    """Write the samples, summary and steps files; returns their paths."""
    return [
        write_text(path, samples_csv(record)),
        write_text(companion_path(path, "summary"), summary_csv(build_summary(record).comparison)),
        write_text(companion_path(path, "steps"), steps_csv(record)),
    ]


def samples_csv(record: SessionRecord) -> str:
    """One row per sample, one column per metric (see the module docstring)."""
    origin = session_origin(record)
    per_run = [(run, run_samples(run)) for run in record.runs]
    metrics = metric_order(name for _, samples in per_run for name in samples.columns)
    rows: list[list[str]] = []
    for run, samples in per_run:
        label = run_label(run)
        columns = [samples.columns.get(name) for name in metrics]
        for i, t in enumerate(samples.t.tolist()):
            cells = [_number(None if col is None else float(col[i])) for col in columns]
            rows.append([_text(run.run_id), _text(label), _number(t - origin), *cells])
    return _render(["run_id", "run", "t_s", *metrics], rows)


def summary_csv(section: ComparisonSection) -> str:
    """One row per (configuration, framework) of the comparison."""
    comparisons = {c.config: c for c in section.comparisons}
    rows = [_summary_row(group, comparisons.get(group.config)) for group in section.groups]
    return _render(list(SUMMARY_COLUMNS), rows)


def steps_csv(record: SessionRecord) -> str:
    """Every measured step of every run."""
    origin = session_origin(record)
    rows: list[list[str]] = []
    for run in record.runs:
        ends = (run.step_ends - origin).tolist()
        durations = (run.step_durations * 1e3).tolist()
        rows += [[_text(run.run_id), str(i + 1), _number(e), _number(d)]
                 for i, (e, d) in enumerate(zip(ends, durations, strict=True))]
    return _render(["run_id", "step", "end_s", "duration_ms"], rows)


def metric_order(names: Iterable[str]) -> list[str]:
    """Unique metric names: :data:`LEADING_METRICS` first, then the rest sorted."""
    unique = set(names)
    return [m for m in LEADING_METRICS if m in unique] + sorted(unique - set(LEADING_METRICS))


def _summary_row(group: GroupRow, comparison: Verdict | None) -> list[str]:
    tput = group.throughput
    low, high = (tput.ci95 if tput else None) or (None, None)
    r_low, r_high = (comparison.ci95 if comparison else None) or (None, None)
    pairs = comparison.pairs if comparison else None
    fields = group.fields
    values: list[Any] = [
        group.workload, group.task, group.mode, group.device, group.framework, group.runs,
        group.runs_ok, tput.median if tput else None, low, high, group.step_ms_p50,
        group.step_ms_p99, group.first_step_s, group.mean_cpu_percent, group.peak_rss_bytes,
        group.gpu_busy_percent, group.noisy, comparison.ratio if comparison else None, r_low, r_high,
        comparison.verdict if comparison else None, "; ".join(group.errors), group.wall_throughput,
        comparison.decision if comparison else None, comparison.winner if comparison else None,
        pairs.pairs if pairs else None, pairs.noise_floor if pairs else None,
        comparison.margin if comparison else None, fields.model, fields.size, fields.seq_len,
        fields.precision, group.parameters,
    ]
    return [_cell(v) for v in values]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, np.floating)):
        return _number(float(value))
    return _text(str(value))


def _text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (``=``, ``+``, ``@`` get a ``'``)."""
    return "'" + value if value[:1] in ("=", "+", "@", "\t", "\r") else value


def _number(value: float | None) -> str:
    """A number for a spreadsheet: integers without ``.0``, empty for NaN or None."""
    if value is None or not math.isfinite(value):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 6))


def _render(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()
