"""Markdown: the per-configuration comparison table, ready to paste into an issue or PR.

One row per configuration (workload with a reference model's size, task, mode, device), its
precision and trainable parameters, with both frameworks side by side:
throughput at the median step with its 95 % CI (``(noisy)`` where a run's IQR exceeds 10 % of
its median step), p50 / p99 step times, the TensorFlow / PyTorch throughput ratio with its
CI, and the verdict. A line about the machine comes first; runs that did not complete, and
script runs, are listed after the table. Every text cell is escaped (``|``, ``\\``,
backticks, ``*``, ``_``, ``<``, newlines), so odd error messages cannot break the table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fwprof.export.base import write_text
from fwprof.export.fmt import DASH, config_name, framework_label, ratio_ci, sig, throughput_ci
from fwprof.export.markdown_deploy import deploy_table
from fwprof.export.markdown_extras import converge_lines, effort_lines, recommendation_lines
from fwprof.outputs.summary import build_summary
from fwprof.report.table import environment_line
from fwprof.report.verdict_lines import detail_text
from fwprof.report.workload_fields import pair_parameters_text
from fwprof.results import SessionRecord

FRAMEWORK_ORDER = ("torch", "tensorflow")
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")


def write_markdown(record: SessionRecord, path: Path) -> list[Path]:
    """Write the markdown table to ``path``."""
    return [write_text(path, render_markdown(build_summary(record)))]


def render_markdown(summary: dict[str, Any]) -> str:
    """The whole markdown text for a ``fwprof.summary/1`` document."""
    lines = [f"**fwprof** {escape(summary.get('created') or '')}: "
             f"{escape(environment_line(summary.get('environment') or {}))}", ""]
    if summary.get("comparisons") or not (summary.get("scripts") or summary.get("deploy")
                                           or summary.get("converge")):
        lines += comparison_table(summary)
    lines += script_table(summary)
    lines += deploy_table(summary, escape)
    lines += converge_lines(summary, escape)
    lines += _failures(summary.get("runs") or [])
    lines += recommendation_lines(summary, escape)
    if summary.get("comparisons") or summary.get("converge"):
        lines += effort_lines(escape)
    return "\n".join(lines) + "\n"


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
    return [_line(header), _line(align), *(_line(row) for row in rows)]


def script_table(summary: dict[str, Any]) -> list[str]:
    """Script runs (``fwprof profile``): command, status, steps/s and step times; none: no lines."""
    scripts = summary.get("scripts") or []
    if not scripts:
        return []
    header = ["script", "status", "steps", "steps/s", "p50 / p99 ms", "first step s"]
    rows = []
    for script in scripts:
        command = " ".join(str(a) for a in script.get("argv") or []) or str(script.get("label", ""))
        ms = script.get("step_ms") or {}
        rows.append([escape(command), escape(str(script.get("status"))), str(script.get("steps", DASH)),
                     sig(script.get("steps_per_s")), f"{sig(ms.get('p50'))} / {sig(ms.get('p99'))}",
                     sig(script.get("first_step_s"))])
    align = ["---", "---"] + ["---:"] * 4
    return ["", _line(header), _line(align), *(_line(row) for row in rows)]


def escape(text: str) -> str:
    """Text safe inside a markdown table cell."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", flat)


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


def _failures(runs: list[dict[str, Any]]) -> list[str]:
    failed = [r for r in runs if r.get("status") not in ("ok", None)]
    if not failed:
        return []
    lines = ["", "Runs that did not complete:", ""]
    for run in failed:
        name = f"{run.get('framework')} {run.get('workload')} {run.get('task')} {run.get('mode')}"
        lines.append(f"- {escape(name)} #{int(run.get('repeat') or 0) + 1}: "
                     f"{escape(str(run.get('status')))}: {escape(str(run.get('error')))}")
    return lines


def _key(group: dict[str, Any]) -> tuple[Any, ...]:
    return (group.get("framework"), *_config(group))


def _config(entry: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(entry.get(k) for k in ("workload", "task", "mode", "device"))


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"
