"""The comparison's Markdown: the per-configuration table, then the runs that did not complete.

One row per configuration (workload with a reference model's size, task, mode, device), its
precision and trainable parameters, with both frameworks side by side: throughput at the median
step with its 95 % CI (``(noisy)`` where a run's IQR exceeds 10 % of its median step), p50 / p99
step times, the TensorFlow / PyTorch throughput ratio with its CI, and the verdict.
"""

from __future__ import annotations

from typing import Any

from fwprof.render.fmt import DASH, config_name, framework_label, ratio_ci, sig, throughput_ci
from fwprof.render.markdown import escape, table_line
from fwprof.report.verdict_lines import detail_text
from fwprof.report.workload_fields import pair_parameters_text

FRAMEWORK_ORDER = ("torch", "tensorflow")


def markdown_lines(summary: dict[str, Any]) -> list[str]:
    """The table and the failed runs; no lines for a session without built-in runs."""
    if not (summary.get("comparisons") or summary.get("runs")):
        return []
    return comparison_table(summary) + failure_lines(summary.get("runs") or [])


def comparison_table(summary: dict[str, Any]) -> list[str]:
    """Header, alignment row and one row per configuration."""
    header = ["configuration", "precision", "parameters"]
    for fw in FRAMEWORK_ORDER:
        label = framework_label(fw)
        header += [f"{label} samples/s [95% CI]", f"{label} p50 / p99 ms"]
    header += ["TF / PyTorch [95% CI]", "verdict"]
    groups = {_key(g): g for g in summary.get("groups") or []}
    rows = [_row(comp, groups) for comp in summary.get("comparisons") or []]
    align = ["---", "---"] + ["---:"] * (len(header) - 3) + ["---"]
    return [table_line(header), table_line(align), *(table_line(row) for row in rows)]


def failure_lines(runs: list[dict[str, Any]]) -> list[str]:
    """A bullet per built-in run that did not complete, with its error (none: no lines)."""
    failed = [r for r in runs if r.get("status") not in ("ok", None)]
    if not failed:
        return []
    lines = ["", "Runs that did not complete:", ""]
    for run in failed:
        name = f"{run.get('framework')} {run.get('workload')} {run.get('task')} {run.get('mode')}"
        lines.append(f"- {escape(name)} #{int(run.get('repeat') or 0) + 1}: "
                     f"{escape(str(run.get('status')))}: {escape(str(run.get('error')))}")
    return lines


def _row(comp: dict[str, Any], groups: dict[tuple[Any, ...], dict[str, Any]]) -> list[str]:
    cells = [escape(config_name(comp)), escape(str(comp.get("precision") or DASH)),
             escape(pair_parameters_text(comp.get("parameters") or {}))]
    for fw in FRAMEWORK_ORDER:
        group = groups.get((fw, *_config(comp)))
        if group is None:
            cells += ["not run", DASH]
            continue
        tput = group.get("throughput")
        noisy = " (noisy)" if group.get("noisy") else ""
        cells.append(throughput_ci(tput) + noisy if tput else str(group.get("status") or "failed"))
        cells.append(f"{sig(group.get('step_ms_p50'))} / {sig(group.get('step_ms_p99'))}")
    cells.append(ratio_ci(comp.get("ratio"), comp.get("ci95")))
    details = [str(comp.get("verdict", "")), detail_text(comp), *(comp.get("notes") or [])]
    cells.append(escape(" · ".join(d for d in details if d)))
    return cells


def _key(group: dict[str, Any]) -> tuple[Any, ...]:
    return (group.get("framework"), *_config(group))


def _config(entry: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(entry.get(k) for k in ("workload", "task", "mode", "device"))
