"""The comparison's Markdown: the per-configuration table, then the runs that did not complete.

One row per configuration (workload with a reference model's size, task, mode, device), its
precision and trainable parameters, with both frameworks side by side: throughput at the median
step with its 95 % CI (``(noisy)`` where a run's IQR exceeds 10 % of its median step), p50 / p99
step times, the TensorFlow / PyTorch throughput ratio with its CI, and the verdict.
"""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.render.fmt import DASH, framework_label, ratio_ci, sig, value_ci
from fwprof.render.markdown import escape, table_line
from fwprof.report.sections import ComparisonSection, RunRow, Verdict
from fwprof.report.verdict_lines import detail_text
from fwprof.report.workload_fields import pair_parameters_text

FRAMEWORK_ORDER = ("torch", "tensorflow")


def markdown_lines(section: ComparisonSection) -> list[str]:
    """The table and the failed runs; no lines for a session without built-in runs."""
    if not (section.comparisons or section.runs):
        return []
    return comparison_table(section) + failure_lines(section.runs)


def comparison_table(section: ComparisonSection) -> list[str]:
    """Header, alignment row and one row per configuration."""
    header = ["configuration", "precision", "parameters"]
    for fw in FRAMEWORK_ORDER:
        label = framework_label(fw)
        header += [f"{label} samples/s [95% CI]", f"{label} p50 / p99 ms"]
    header += ["TF / PyTorch [95% CI]", "verdict"]
    rows = [_row(comp, section) for comp in section.comparisons]
    align = ["---", "---"] + ["---:"] * (len(header) - 3) + ["---"]
    return [table_line(header), table_line(align), *(table_line(row) for row in rows)]


def failure_lines(runs: Sequence[RunRow]) -> list[str]:
    """A bullet per built-in run that did not complete, with its error (none: no lines)."""
    failed = [r for r in runs if r.status != "ok"]
    if not failed:
        return []
    lines = ["", "Runs that did not complete:", ""]
    for run in failed:
        name = f"{run.framework} {run.workload} {run.task} {run.mode}"
        lines.append(f"- {escape(name)} #{run.repeat + 1}: "
                     f"{escape(run.status)}: {escape(str(run.error))}")
    return lines


def _row(comp: Verdict, section: ComparisonSection) -> list[str]:
    cells = [escape(comp.config_name), escape(comp.fields.precision or DASH),
             escape(pair_parameters_text(comp.parameters))]
    for fw in FRAMEWORK_ORDER:
        group = section.group(fw, comp.config)
        if group is None:
            cells += ["not run", DASH]
            continue
        tput = group.throughput
        noisy = " (noisy)" if group.noisy else ""
        cells.append(value_ci(tput.median, tput.ci95) + noisy if tput else group.status or "failed")
        cells.append(f"{sig(group.step_ms_p50)} / {sig(group.step_ms_p99)}")
    cells.append(ratio_ci(comp.ratio, comp.ci95))
    details = [comp.verdict, detail_text(comp), *comp.notes]
    cells.append(escape(" · ".join(d for d in details if d)))
    return cells
