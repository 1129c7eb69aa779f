"""The Deploy tab's rows as plain text and numbers (no Qt): one per (framework, format).

Reads the summary document's ``deploy`` list (:func:`fwprof.scenarios.deploy.summary.deploy_summary`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fwprof.numbers import sig

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


def deploy_rows(entries: list[dict[str, Any]]) -> dict[str, list[DeployRow]]:
    """The summary's deploy entries as rows grouped by workload, in the order they were planned."""
    grouped: dict[str, list[DeployRow]] = {}
    for entry in entries:
        grouped.setdefault(str(entry.get("workload", "?")), []).append(deploy_row(entry))
    return grouped


def deploy_row(entry: dict[str, Any]) -> DeployRow:
    """The cells of one ``deploy`` entry."""
    status = str(entry.get("status") or "?")
    full = str(entry.get("error") or "")
    stage = entry.get("failed_stage")
    reason = _first_line(full)
    if stage and status == "failed":
        reason = f"at {stage}: {reason}"
    latency = entry.get("latency_ms") or {}
    size = entry.get("artifact_bytes")
    cells = (
        DeployCell(str(entry.get("framework_label") or entry.get("framework", "?")),
                   str(entry.get("framework", ""))),
        DeployCell(str(entry.get("format_label") or entry.get("format", "?")),
                   str(entry.get("format", ""))),
        DeployCell(status, status),
        _number(size, lambda v: size_text(v)),
        _number(entry.get("export_s"), lambda v: f"{v:.3g}"),
        _number(entry.get("load_s"), lambda v: f"{v:.3g}"),
        *(_number(latency.get(p), lambda v: f"{v:.3g}") for p in ("p50", "p90", "p99")),
        _throughput(entry.get("throughput")),
        _parity(entry.get("parity")),
        DeployCell(reason, reason),
    )
    return DeployRow(
        framework=str(entry.get("framework", "")),
        framework_label=cells[0].text, format=str(entry.get("format", "")),
        format_label=cells[1].text, status=status, reason=reason, full_reason=full,
        p50_ms=_float(latency.get("p50")), cells=cells)


def size_text(size: float) -> str:
    """'2.96 MiB', '41 KiB'."""
    if size >= 2**20:
        return f"{size / 2**20:.3g} MiB"
    return f"{max(size, 1) / 1024:.0f} KiB"


def _number(value: Any, fmt: Any) -> DeployCell:
    number = _float(value)
    if number is None:
        return DeployCell("-", -1.0, numeric=True)
    return DeployCell(fmt(number), number, numeric=True)


def _throughput(tput: Any) -> DeployCell:
    if not isinstance(tput, dict) or _float(tput.get("median")) is None:
        return DeployCell("-", -1.0, numeric=True)
    median = float(tput["median"])
    low, high = (tput.get("ci95") or [median, median])[:2]
    batch = tput.get("batch_size")
    at = f" @{batch}" if batch else ""
    text = f"{sig(median, cutoff=100)} [{sig(float(low), cutoff=100)}-{sig(float(high), cutoff=100)}]{at}"
    return DeployCell(text, median, numeric=True)


def _parity(parity: Any) -> DeployCell:
    if not isinstance(parity, dict) or _float(parity.get("max_abs_diff")) is None:
        return DeployCell("-", -1.0, numeric=True)
    diff = float(parity["max_abs_diff"])
    mark = "" if parity.get("ok", True) else " ✗"
    return DeployCell(f"{diff:.1e}{mark}", diff, numeric=True)


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= REASON_CHARS else line[: REASON_CHARS - 1] + "…"
