"""The deploy table that ``fwprof run --task deploy`` and ``fwprof show`` print."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fwprof.numbers import sig

HEADERS = ("workload", "framework", "format", "status", "size", "export s", "load s", "1st inf ms",
           "max |diff|", "p50 ms", "p90 ms", "p99 ms", "samples/s [95% CI]", "warn")
TEXT_COLUMNS = 4


def render_deploy(rows: list[dict[str, Any]]) -> list[str]:
    """The table, a line on how it was measured, and why any format did not complete."""
    if not rows:
        return []
    lines = ["Deployment (export, load in a fresh process, latency at batch 1, throughput):",
             aligned(HEADERS, [deploy_row(row) for row in rows]), measured_line(rows)]
    problems = [row for row in rows if row.get("status") != "ok"]
    if problems:
        lines += ["", "Formats that did not complete:"]
        for row in problems:
            where = f" at {row['failed_stage']}" if row.get("failed_stage") else ""
            lines.append(f"  {format_name(row)}: {row.get('status')}{where}: {short_error(row.get('error'))}")
    return lines


def deploy_row(row: dict[str, Any]) -> list[str]:
    """The cells of one format."""
    latency, tput, parity = row.get("latency_ms") or {}, row.get("throughput"), row.get("parity") or {}
    return [
        str(row.get("workload")), str(row.get("framework_label") or row.get("framework")),
        str(row.get("format")), str(row.get("status")), size_text(row.get("artifact_bytes")),
        _num(row.get("export_s"), 3), _num(row.get("load_s"), 3),
        _num(_ms(row.get("first_inference_s")), 3), _sci(parity.get("max_abs_diff")),
        _num(latency.get("p50"), 3), _num(latency.get("p90"), 3), _num(latency.get("p99"), 3),
        throughput_text(tput), str(row.get("warning_count") or 0) if row.get("export_s") else "-",
    ]


def measured_line(rows: list[dict[str, Any]]) -> str:
    """How the figures were taken (queries, threads, tolerance)."""
    queries = next((r["latency_ms"]["count"] for r in rows if r.get("latency_ms")), None)
    threads = next((r.get("threads") for r in rows if r.get("threads")), None)
    tolerance = rows[0].get("parity_tolerance", 1e-4)
    return (f"(latency: {queries or '-'} single-stream queries at batch 1; throughput: batches of "
            f"the size after @; {threads or '-'} threads everywhere; max |diff|: vs the eager model, "
            f"failing beyond {tolerance:g} relative; sizes on disk)")


def short_error(error: Any, limit: int = 400) -> str:
    """An error on one line, cut to ``limit`` characters (converters' messages run long)."""
    flat = " ".join(str(error).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def format_name(row: dict[str, Any]) -> str:
    """E.g. ``mlp PyTorch onnx``."""
    return f"{row.get('workload')} {row.get('framework_label') or row.get('framework')} {row.get('format')}"


def size_text(value: Any) -> str:
    """Bytes as ``812 KiB`` or ``1.04 MiB``."""
    if not isinstance(value, (int, float)):
        return "-"
    if value < 2**20:
        return f"{value / 2**10:.0f} KiB"
    return f"{value / 2**20:.3g} MiB"


def throughput_text(tput: dict[str, Any] | None) -> str:
    """``57,281 [56,016-58,619] @128``."""
    if not tput:
        return "-"
    low, high = tput.get("ci95") or (None, None)
    median, low, high = (sig(v, missing="-") for v in (tput.get("median"), low, high))
    return f"{median} [{low}-{high}] @{tput.get('batch_size')}"


def aligned(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Plain columns: the first :data:`TEXT_COLUMNS` left-aligned, numbers right-aligned."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) if i < TEXT_COLUMNS else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _ms(seconds: Any) -> float | None:
    return float(seconds) * 1e3 if isinstance(seconds, (int, float)) else None


def _num(value: Any, digits: int) -> str:
    return f"{value:.{digits}g}" if isinstance(value, (int, float)) else "-"


def _sci(value: Any) -> str:
    return f"{value:.1e}" if isinstance(value, (int, float)) else "-"

