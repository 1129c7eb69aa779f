"""Markdown: the deployment table (``--task deploy``), one row per workload, framework, format."""

from __future__ import annotations

from fwprof.render.fmt import DASH, seconds, sig, value_ci
from fwprof.render.markdown import escape, table_line
from fwprof.scenarios.deploy.cells import diff_text, latency_figures, problems, short_error, size_text
from fwprof.scenarios.deploy.section import DeploySection, FormatRow

HEADER = ["workload", "framework", "format", "status", "size", "export", "load", "first inference",
          "max abs diff", "p50 / p90 / p99 ms (batch 1)", "samples/s [95% CI]"]


def deploy_table(section: DeploySection) -> list[str]:
    """A blank line, the table, then why any format did not complete; no lines without deploy rows."""
    rows = section.rows
    if not rows:
        return []
    align = ["---"] * 4 + ["---:"] * (len(HEADER) - 4)
    lines = ["", table_line(HEADER), table_line(align), *(table_line(_cells(row)) for row in rows)]
    failed = problems(rows)
    if failed:
        lines += ["", "Formats that did not complete:", ""]
        lines += [f"- {escape(row.name)}: {escape(row.status)}: {escape(short_error(row.error))}"
                  for row in failed]
    return lines


def _cells(row: FormatRow) -> list[str]:
    tput = row.throughput
    throughput = DASH if tput is None else f"{value_ci(tput.median, tput.ci95)} @{tput.batch_size}"
    return [
        escape(row.workload), escape(row.framework_label), escape(row.format), escape(row.status),
        size_text(row.artifact_bytes, DASH),
        seconds(row.export_s), seconds(row.load_s), seconds(row.first_inference_s),
        diff_text(row.max_abs_diff, DASH),
        " / ".join(sig(v) for v in latency_figures(row)),
        throughput,
    ]
