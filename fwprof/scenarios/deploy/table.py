"""The deploy table that ``fwprof run --task deploy`` and ``fwprof show`` print."""

from __future__ import annotations

from collections.abc import Sequence

from fwprof.scenarios.deploy.cells import (
    diff_text,
    failed_where,
    figure,
    latency_figures,
    problems,
    short_error,
    size_text,
    throughput_text,
)
from fwprof.scenarios.deploy.section import DEFAULT_TOLERANCE, DeploySection, FormatRow

HEADERS = ("workload", "framework", "format", "status", "size", "export s", "load s", "1st inf ms",
           "max |diff|", "p50 ms", "p90 ms", "p99 ms", "samples/s [95% CI]", "warn")
TEXT_COLUMNS = 4


def render_deploy(section: DeploySection) -> list[str]:
    """The table, a line on how it was measured, and why any format did not complete."""
    rows = section.rows
    if not rows:
        return []
    lines = ["Deployment (export, load in a fresh process, latency at batch 1, throughput):",
             aligned(HEADERS, [deploy_row(row) for row in rows]), measured_line(rows)]
    failed = problems(rows)
    if failed:
        lines += ["", "Formats that did not complete:"]
        lines += [f"  {row.name}: {row.status}{failed_where(row)}: {short_error(row.error)}"
                  for row in failed]
    return lines


def deploy_row(row: FormatRow) -> list[str]:
    """The cells of one format."""
    first_ms = None if row.first_inference_s is None else row.first_inference_s * 1e3
    return [
        row.workload, row.framework_label or row.framework, row.format, row.status,
        size_text(row.artifact_bytes), figure(row.export_s), figure(row.load_s), figure(first_ms),
        diff_text(row.max_abs_diff), *(figure(v) for v in latency_figures(row)),
        throughput_text(row.throughput), str(row.warning_count or 0) if row.export_s else "-",
    ]


def measured_line(rows: Sequence[FormatRow]) -> str:
    """How the figures were taken (queries, threads, tolerance)."""
    queries = next((r.latency_ms.count for r in rows if r.latency_ms), None)
    threads = next((r.threads for r in rows if r.threads), None)
    tolerance = rows[0].parity_tolerance if rows else DEFAULT_TOLERANCE
    return (f"(latency: {queries or '-'} single-stream queries at batch 1; throughput: batches of "
            f"the size after @; {threads or '-'} threads everywhere; max |diff|: vs the eager model, "
            f"failing beyond {tolerance:g} relative; sizes on disk)")


def aligned(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain columns: the first :data:`TEXT_COLUMNS` left-aligned, numbers right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i < TEXT_COLUMNS else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])
