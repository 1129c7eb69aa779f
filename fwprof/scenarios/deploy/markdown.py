"""Markdown: the deployment table (``--task deploy``), one row per workload, framework, format."""

from __future__ import annotations

from typing import Any

from fwprof.render.fmt import DASH, seconds, sig, throughput_ci
from fwprof.render.markdown import escape, table_line
from fwprof.scenarios.deploy.table import format_name, short_error, size_text

HEADER = ["workload", "framework", "format", "status", "size", "export", "load", "first inference",
          "max abs diff", "p50 / p90 / p99 ms (batch 1)", "samples/s [95% CI]"]


def deploy_table(summary: dict[str, Any]) -> list[str]:
    """A blank line, the table, then why any format did not complete; no lines without deploy rows."""
    rows = summary.get("deploy") or []
    if not rows:
        return []
    align = ["---"] * 4 + ["---:"] * (len(HEADER) - 4)
    lines = ["", table_line(HEADER), table_line(align), *(table_line(_cells(row)) for row in rows)]
    failed = [row for row in rows if row.get("status") != "ok"]
    if failed:
        lines += ["", "Formats that did not complete:", ""]
        lines += [f"- {escape(format_name(row))}: {escape(str(row.get('status')))}: "
                  f"{escape(short_error(row.get('error')))}" for row in failed]
    return lines


def _cells(row: dict[str, Any]) -> list[str]:
    latency, parity, tput = row.get("latency_ms") or {}, row.get("parity") or {}, row.get("throughput")
    diff = parity.get("max_abs_diff")
    batch = f" @{tput['batch_size']}" if tput else ""
    return [
        escape(str(row.get("workload"))), escape(str(row.get("framework_label"))),
        escape(str(row.get("format"))), escape(str(row.get("status"))),
        size_text(row.get("artifact_bytes")) if row.get("artifact_bytes") is not None else DASH,
        seconds(row.get("export_s")), seconds(row.get("load_s")), seconds(row.get("first_inference_s")),
        DASH if diff is None else f"{diff:.1e}",
        f"{sig(latency.get('p50'))} / {sig(latency.get('p90'))} / {sig(latency.get('p99'))}",
        throughput_ci(tput) + batch,
    ]
