"""The Deploy tab's rows as plain text and numbers (no Qt): one per (framework, format).

Reads the summary document's typed deploy section (:class:`fwprof.scenarios.deploy.section.DeploySection`);
the cells' text comes from :mod:`fwprof.scenarios.deploy.cells`, as the text table's does.
"""

from __future__ import annotations

from dataclasses import dataclass

from fwprof.scenarios.deploy.cells import (
    MISSING,
    diff_text,
    figure,
    latency_figures,
    size_text,
    throughput_text,
)
from fwprof.scenarios.deploy.section import DeploySection, FormatRow, Parity

DEPLOY_HEADERS = ("Framework", "Format", "Status", "Size", "Export s", "Load s", "p50 ms",
                  "p90 ms", "p99 ms", "samples/s [95% CI]", "max |diff|", "Reason")
REASON_CHARS = 140


@dataclass(frozen=True)
class DeployCell:
    """One table cell: what it shows and how it sorts (a number where there is one)."""

    text: str
    sort: float | str
    numeric: bool = False


@dataclass(frozen=True)
class DeployRow:
    """One format of one framework for one workload."""

    framework: str
    framework_label: str
    format: str
    format_label: str
    status: str
    reason: str  # the first line of the error, shortened ("" when ok)
    full_reason: str  # the whole error, for the tooltip
    p50_ms: float | None
    cells: tuple[DeployCell, ...]


def deploy_rows(section: DeploySection) -> dict[str, list[DeployRow]]:
    """The section's formats as rows grouped by workload, in the order they were planned."""
    return {workload: [deploy_row(row) for row in rows]
            for workload, rows in section.by_workload().items()}


def deploy_row(row: FormatRow) -> DeployRow:
    """The cells of one format."""
    full = row.error or ""
    reason = _first_line(full)
    if row.failed_stage and row.status == "failed":
        reason = f"at {row.failed_stage}: {reason}"
    tput = row.throughput
    cells = (
        DeployCell(row.framework_label or row.framework, row.framework),
        DeployCell(row.format_label or row.format, row.format),
        DeployCell(row.status, row.status),
        _number(row.artifact_bytes, size_text(row.artifact_bytes)),
        _number(row.export_s, figure(row.export_s)),
        _number(row.load_s, figure(row.load_s)),
        *(_number(v, figure(v)) for v in latency_figures(row)),
        _number(None if tput is None else tput.median, throughput_text(tput, cutoff=100)),
        _parity(row.parity),
        DeployCell(reason, reason),
    )
    p50 = latency_figures(row)[0]
    return DeployRow(
        framework=row.framework, framework_label=cells[0].text, format=row.format,
        format_label=cells[1].text, status=row.status, reason=reason, full_reason=full,
        p50_ms=None if p50 is None else float(p50), cells=cells)


def _number(value: float | None, text: str) -> DeployCell:
    """A numeric cell sorting by ``value`` (missing figures sort first, as -1)."""
    if value is None:
        return DeployCell(MISSING, -1.0, numeric=True)
    return DeployCell(text, float(value), numeric=True)


def _parity(parity: Parity | None) -> DeployCell:
    if parity is None or parity.max_abs_diff is None:
        return DeployCell(MISSING, -1.0, numeric=True)
    mark = "" if parity.ok else " ✗"
    return DeployCell(f"{diff_text(parity.max_abs_diff)}{mark}", float(parity.max_abs_diff), numeric=True)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1] + "…"
